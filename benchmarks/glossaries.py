"""Deterministic synthetic glossaries of N entries, for the benchmarks.

Every entry is a plain `steppe_names.model.Entry` with hand-written-style `Term`s in en, ru, mn
and ja (and `NameParts` for people), so it goes through the real compiler
(`steppe_names.compile.build_index`): inflection, name patterns, spelling variants, half-width
katakana and whatever variant generators are registered.

The names are invented from syllable tables of three origins, each written the way the four
languages write it:

- Mongolian: ``Tsagaandel`` / Цагандэл (ru) / Цагаандэл (mn) / ツァガーンデル (ja);
  people as patronymic in the genitive + given name (``Dorjiin Batsukh``);
- Russian: ``Vorodinsk`` / Вородинск / ヴォロディンスク; people as real given names
  and patronymics with invented family names (``Ivan Petrovich Zarubov``);
- Japanese: ``Kotaura`` / Котаура / 小田浦; people with kanji names (``Yukio Tanabe``).

Kinds: places (plain, two-word with a generic such as Gol/Lake/Province, Russian-style towns,
Japanese towns), persons (Mongolian, Russian, Japanese), organisations (with some abbreviations)
and events. Every stem is drawn so that no folded term or name part collides with another
entry's (the Glossary validates terms), with the bundled glossary or with the prose vocabulary
of the corpus: a synthetic name is a mention only where the corpus put it.

Sizes nest: the first entries of the 10k glossary are the 1k glossary, and so on. Each glossary
holds the bundled glossary's entries too (counted in N).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from steppe_names import load_glossary
from steppe_names.folding import fold
from steppe_names.glossary import Glossary
from steppe_names.model import Entry, Kind, NameParts, Status, Term

GLOSSARY_SEED = 20240611

#: The glossary sizes measured (STEPPE_BENCH_SMOKE=1: the smallest only).
FULL_SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)


def smoke() -> bool:
    """Smoke mode: tiny corpus, the 1k glossary only, one round (see docs/benchmarks.md)."""
    return os.environ.get("STEPPE_BENCH_SMOKE", "") not in ("", "0")


def sizes() -> tuple[int, ...]:
    """The glossary sizes to measure: STEPPE_BENCH_SIZES ("1000,10000"), else all three."""
    if smoke():
        return FULL_SIZES[:1]
    explicit = os.environ.get("STEPPE_BENCH_SIZES", "")
    if explicit.strip():
        return tuple(sorted({int(s) for s in explicit.split(",") if s.strip()}))
    return FULL_SIZES


# --- syllable tables ---------------------------------------------------------------------------
# kana rows are in a, i, u, e, o order.

_KANA_ROWS: dict[str, tuple[str, str, str, str, str]] = {
    "": ("ア", "イ", "ウ", "エ", "オ"),
    "b": ("バ", "ビ", "ブ", "ベ", "ボ"),
    "v": ("ヴァ", "ヴィ", "ヴ", "ヴェ", "ヴォ"),
    "g": ("ガ", "ギ", "グ", "ゲ", "ゴ"),
    "d": ("ダ", "ディ", "ドゥ", "デ", "ド"),
    "k": ("カ", "キ", "ク", "ケ", "コ"),
    "kh": ("ハ", "ヒ", "フ", "ヘ", "ホ"),
    "ts": ("ツァ", "ツィ", "ツ", "ツェ", "ツォ"),
    "ch": ("チャ", "チ", "チュ", "チェ", "チョ"),
    "s": ("サ", "シ", "ス", "セ", "ソ"),
    "sh": ("シャ", "シ", "シュ", "シェ", "ショ"),
    "t": ("タ", "ティ", "トゥ", "テ", "ト"),
    "m": ("マ", "ミ", "ム", "メ", "モ"),
    "n": ("ナ", "ニ", "ヌ", "ネ", "ノ"),
    "l": ("ラ", "リ", "ル", "レ", "ロ"),
    "r": ("ラ", "リ", "ル", "レ", "ロ"),
    "z": ("ザ", "ジ", "ズ", "ゼ", "ゾ"),
    "j": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"),
    "zh": ("ジャ", "ジ", "ジュ", "ジェ", "ジョ"),
    "p": ("パ", "ピ", "プ", "ペ", "ポ"),
    "f": ("ファ", "フィ", "フ", "フェ", "フォ"),
}


@dataclass(frozen=True)
class Spelled:
    """One name (or name part) as each language writes it."""

    en: str  # the usual English spelling (ASCII)
    en_alt: str  # another spelling people write (diacritics, or romanized from Russian)
    ru: str
    mn: str
    ja: str  # katakana, or kanji for Japanese names
    kana: str = ""  # katakana reading of a Japanese name

    def cap(self) -> Spelled:
        return Spelled(_cap(self.en), _cap(self.en_alt), _cap(self.ru), _cap(self.mn),
                       self.ja, self.kana)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def hiragana(katakana: str) -> str:
    """The hiragana spelling of a katakana reading (a term's `reading`)."""
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in katakana)


# Mongolian: onset (latin, cyrillic), vowels (ascii, MNS latin, mn, ru, kana column, long)
_MN_ONSETS = [("b", "б"), ("g", "г"), ("d", "д"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
              ("s", "с"), ("sh", "ш"), ("t", "т"), ("m", "м"), ("n", "н"), ("l", "л"),
              ("r", "р"), ("z", "з"), ("j", "ж")]
_MN_VOWELS = [("a", "a", "а", "а", 0), ("o", "o", "о", "о", 4), ("u", "u", "у", "у", 2),
              ("e", "e", "э", "э", 3), ("i", "i", "и", "и", 1), ("u", "ö", "ө", "у", 4),
              ("u", "ü", "ү", "у", 2)]
_MN_CODAS = [("n", "н", "ン"), ("l", "л", "ル"), ("r", "р", "ル"), ("g", "г", "グ"),
             ("d", "д", "ド"), ("s", "с", "ス"), ("t", "т", "ト"), ("kh", "х", "フ"),
             ("m", "м", "ム")]

# Russian: onsets (latin, cyrillic), vowels (latin, cyrillic, kana column), codas
_RU_ONSETS = [("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("zh", "ж"), ("z", "з"),
              ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("p", "п"), ("r", "р"),
              ("s", "с"), ("t", "т"), ("f", "ф"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
              ("sh", "ш")]
_RU_VOWELS = [("a", "а", 0), ("o", "о", 4), ("u", "у", 2), ("e", "е", 3), ("i", "и", 1)]
_RU_CODAS = [("n", "н", "ン"), ("l", "л", "ル"), ("r", "р", "ル"), ("s", "с", "ス"),
             ("k", "к", "ク"), ("t", "т", "ト"), ("m", "м", "ム")]
_RU_PLACE_SUFFIXES = [("sk", "ск", "スク"), ("ovo", "ово", "ヴォ"), ("ino", "ино", "ノ"),
                      ("ovka", "овка", "フカ"), ("ograd", "оград", "グラード"),
                      ("ovsk", "овск", "フスク")]
_RU_FAMILY_SUFFIXES = [("ov", "ов", "オフ", "ova", "ова", "オワ"),
                       ("ev", "ев", "エフ", "eva", "ева", "エワ"),
                       ("in", "ин", "イン", "ina", "ина", "イナ"),
                       ("sky", "ский", "スキー", "skaya", "ская", "スカヤ"),
                       ("enko", "енко", "エンコ", "enko", "енко", "エンコ")]
# Real given names and patronymics (pymorphy3 knows them, as in a real glossary).
_RU_GIVEN_MALE = [("Ivan", "Иван", "イワン"), ("Sergei", "Сергей", "セルゲイ"),
                  ("Alexei", "Алексей", "アレクセイ"), ("Dmitry", "Дмитрий", "ドミトリー"),
                  ("Nikolai", "Николай", "ニコライ"), ("Mikhail", "Михаил", "ミハイル"),
                  ("Andrei", "Андрей", "アンドレイ"), ("Pavel", "Павел", "パーヴェル"),
                  ("Oleg", "Олег", "オレグ"), ("Yuri", "Юрий", "ユーリー"),
                  ("Boris", "Борис", "ボリス"), ("Viktor", "Виктор", "ヴィクトル")]
_RU_GIVEN_FEMALE = [("Anna", "Анна", "アンナ"), ("Olga", "Ольга", "オリガ"),
                    ("Irina", "Ирина", "イリーナ"), ("Yelena", "Елена", "エレーナ"),
                    ("Tatiana", "Татьяна", "タチアナ"), ("Maria", "Мария", "マリア")]
_RU_PATRONYMICS = [("Ivanovich", "Иванович", "Ivanovna", "Ивановна"),
                   ("Petrovich", "Петрович", "Petrovna", "Петровна"),
                   ("Sergeyevich", "Сергеевич", "Sergeyevna", "Сергеевна"),
                   ("Nikolayevich", "Николаевич", "Nikolayevna", "Николаевна"),
                   ("Viktorovich", "Викторович", "Viktorovna", "Викторовна"),
                   ("Andreyevich", "Андреевич", "Andreyevna", "Андреевна")]

# Japanese: (kana, Hepburn, Hepburn with macrons, Polivanov Cyrillic, kanji)
_JA_UNITS = [
    ("カ", "ka", "ka", "ка", "加"), ("キ", "ki", "ki", "ки", "喜"),
    ("ク", "ku", "ku", "ку", "久"), ("コ", "ko", "ko", "ко", "古"),
    ("サ", "sa", "sa", "са", "佐"), ("シ", "shi", "shi", "си", "志"),
    ("ス", "su", "su", "су", "須"), ("セ", "se", "se", "сэ", "瀬"),
    ("ソ", "so", "so", "со", "曽"), ("タ", "ta", "ta", "та", "多"),
    ("チ", "chi", "chi", "ти", "智"), ("ツ", "tsu", "tsu", "цу", "津"),
    ("ト", "to", "to", "то", "戸"), ("ナ", "na", "na", "на", "奈"),
    ("ニ", "ni", "ni", "ни", "仁"), ("ノ", "no", "no", "но", "乃"),
    ("ハ", "ha", "ha", "ха", "葉"), ("ヒ", "hi", "hi", "хи", "比"),
    ("フ", "fu", "fu", "фу", "布"), ("ホ", "ho", "ho", "хо", "穂"),
    ("マ", "ma", "ma", "ма", "麻"), ("ミ", "mi", "mi", "ми", "美"),
    ("ム", "mu", "mu", "му", "牟"), ("モ", "mo", "mo", "мо", "茂"),
    ("ヤ", "ya", "ya", "я", "矢"), ("ユ", "yu", "yu", "ю", "由"),
    ("ヨ", "yo", "yo", "ё", "与"), ("ラ", "ra", "ra", "ра", "良"),
    ("リ", "ri", "ri", "ри", "里"), ("ル", "ru", "ru", "ру", "留"),
    ("ワ", "wa", "wa", "ва", "和"), ("ガ", "ga", "ga", "га", "賀"),
    ("ゴ", "go", "go", "го", "吾"), ("ザ", "za", "za", "дза", "座"),
    ("ジ", "ji", "ji", "дзи", "治"), ("ダ", "da", "da", "да", "陀"),
    ("バ", "ba", "ba", "ба", "馬"), ("ブ", "bu", "bu", "бу", "武"),
    ("ウラ", "ura", "ura", "ура", "浦"), ("コウ", "ko", "kō", "ко:", "幸"),
    ("トウ", "to", "tō", "то:", "藤"), ("ユウ", "yu", "yū", "ю:", "雄"),
    ("ショウ", "sho", "shō", "сё:", "庄"), ("ジョウ", "jo", "jō", "дзё:", "城"),
    ("リョウ", "ryo", "ryō", "рё:", "遼"),
]
#: Every kanji a synthetic Japanese name may use (the corpus keeps them out of its prose).
NAME_KANJI = frozenset(u[4] for u in _JA_UNITS)

_PLACE_GENERICS = [  # (en, ru, mn, ja): "Stem Gol", "Lake Stem" ...
    ("{} Gol", "{}-Гол", "{} гол", "{}・ゴル"), ("Lake {}", "озеро {}", "{} нуур", "{}湖"),
    ("{} Province", "{} аймак", "{} аймаг", "{}県"), ("{} Uul", "гора {}", "{} уул", "{}山"),
    ("Ikh {}", "Их-{}", "Их {}", "イフ・{}"), ("{} Valley", "долина {}", "{} хөндий", "{}渓谷"),
]
_ORG_GENERICS = [  # (en, ru, mn, ja)
    ("{} Group", "{} Груп", "{} Групп", "{}・グループ"),
    ("{} Bank", "{} Банк", "{} Банк", "{}銀行"),
    ("{} Mining", "{} Майнинг", "{} Майнинг", "{}・マイニング"),
    ("{} Energy", "{} Энерджи", "{} Энержи", "{}・エナジー"),
    ("{} Airlines", "{} Эйрлайнс", "{} Эйрлайнс", "{}航空"),
    ("{} University", "Университет {}", "{} их сургууль", "{}大学"),
]
_EVENT_GENERICS = [  # (en, ru, mn, ja)
    ("{} Treaty", "Договор {}", "{}ын гэрээ", "{}条約"),
    ("{} Conference", "Конференция {}", "{}ын бага хурал", "{}会議"),
    ("{} Summit", "Саммит {}", "{}ын дээд хэмжээний уулзалт", "{}首脳会議"),
    ("Battle of {}", "Битва при {}", "{}ын тулалдаан", "{}の戦い"),
]


# --- name makers -------------------------------------------------------------------------------

def _mongolian_word(rng: random.Random, syllables: int) -> Spelled:
    en, alt, ru, mn, ja = [], [], [], [], []
    for i in range(syllables):
        if i == 0 and rng.random() < 0.15:
            onset_l, onset_c = "", ""
        else:
            onset_l, onset_c = rng.choice(_MN_ONSETS)
        ascii_v, mns_v, mn_v, ru_v, column = rng.choice(_MN_VOWELS)
        long = rng.random() < 0.3
        kana = _KANA_ROWS[onset_l][column] + ("ー" if long else "")
        en.append(onset_l + ascii_v * (2 if long else 1))
        alt.append(onset_l + mns_v * (2 if long else 1))
        mn.append(onset_c + mn_v * (2 if long else 1))
        ru.append(onset_c + ru_v)
        ja.append(kana)
        if rng.random() < 0.4:
            coda_l, coda_c, coda_k = rng.choice(_MN_CODAS)
            for part, value in ((en, coda_l), (alt, coda_l), (mn, coda_c), (ru, coda_c),
                                (ja, coda_k)):
                part.append(value)
    return Spelled("".join(en), "".join(alt), "".join(ru), "".join(mn), "".join(ja)).cap()


def _russian_stem(rng: random.Random, syllables: int) -> tuple[str, str, str]:
    lat, cyr, kana = [], [], []
    for _ in range(syllables):
        onset_l, onset_c = rng.choice(_RU_ONSETS)
        vowel_l, vowel_c, column = rng.choice(_RU_VOWELS)
        lat.append(onset_l + vowel_l)
        cyr.append(onset_c + vowel_c)
        kana.append(_KANA_ROWS[onset_l][column])
        if rng.random() < 0.3:
            coda_l, coda_c, coda_k = rng.choice(_RU_CODAS)
            lat.append(coda_l)
            cyr.append(coda_c)
            kana.append(coda_k)
    return "".join(lat), "".join(cyr), "".join(kana)


def _japanese_word(rng: random.Random, units: int) -> Spelled:
    chosen = [rng.choice(_JA_UNITS) for _ in range(units)]
    kana = "".join(u[0] for u in chosen)
    en = "".join(u[1] for u in chosen)
    macron = "".join(u[2] for u in chosen)
    cyr = "".join(u[3] for u in chosen).replace(":", "")
    kanji = "".join(u[4] for u in chosen)
    return Spelled(en, macron, cyr, cyr, kanji, kana).cap()


# --- entries ----------------------------------------------------------------------------------

@dataclass
class _Draft:
    """An entry before its uniqueness check: its terms, name parts and the strings that must
    belong to it alone."""

    kind: Kind
    terms: list[Term]
    names: list[tuple[str, NameParts]]
    exclusive: list[str]


def _terms(en: str, ru: str, mn: str, ja: str, *, en_alt: str = "", en_alt_status: Status =
           "admitted", ja_alt: str = "", inflect_ru: bool = True, reading: str = "") -> list[Term]:
    terms = [Term(en, "en", "preferred"), Term(ru, "ru", "preferred", inflect=inflect_ru),
             Term(mn, "mn", "preferred"), Term(ja, "ja", "preferred", reading=reading)]
    if en_alt and fold(en_alt) != fold(en):
        terms.append(Term(en_alt, "en", en_alt_status))
    if ja_alt and ja_alt != ja:
        terms.append(Term(ja_alt, "ja", "admitted"))
    return terms


def _place(rng: random.Random) -> _Draft:
    origin = rng.random()
    if origin < 0.5:  # Mongolian
        word = _mongolian_word(rng, rng.choice((2, 2, 3)))
        if rng.random() < 0.35:
            en_t, ru_t, mn_t, ja_t = rng.choice(_PLACE_GENERICS)
            # Russian-derived English spelling ("Ulan Bator") as a deprecated variant
            ru_alt = en_t.format(_cap(_mn_ascii_from_ru(word)))
            return _Draft("place", _terms(en_t.format(word.en), ru_t.format(word.ru),
                                          mn_t.format(word.mn), ja_t.format(word.ja),
                                          en_alt=ru_alt, en_alt_status="deprecated"),
                          [], [word.en, word.ru, word.mn])
        return _Draft("place", _terms(word.en, word.ru, word.mn, word.ja, en_alt=word.en_alt),
                      [], [word.en, word.ru, word.mn, word.ja])
    if origin < 0.8:  # Russian
        lat, cyr, kana = _russian_stem(rng, rng.choice((2, 2, 3)))
        s_lat, s_cyr, s_kana = rng.choice(_RU_PLACE_SUFFIXES)
        en, ru, ja = _cap(lat + s_lat), _cap(cyr + s_cyr), kana + s_kana
        return _Draft("place", _terms(en, ru, ru, ja), [], [en, ru, ja])
    word = _japanese_word(rng, rng.choice((2, 2, 3)))  # Japanese
    return _Draft("place", _terms(word.en, word.ru, word.mn, word.ja, en_alt=word.en_alt,
                                  ja_alt=word.kana if rng.random() < 0.3 else "",
                                  reading=hiragana(word.kana)),
                  [], [word.en, word.ru, word.ja, word.kana])


def _mn_ascii_from_ru(word: Spelled) -> str:
    """The English spelling of a Mongolian name as romanized from its Russian form."""
    table = str.maketrans({"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e",
                           "ж": "zh", "з": "z", "и": "i", "л": "l", "м": "m", "н": "n",
                           "о": "o", "р": "r", "с": "s", "т": "t", "у": "u", "х": "kh",
                           "ц": "ts", "ч": "ch", "ш": "sh", "э": "e"})
    return word.ru.lower().translate(table)


def _genitive_mn(word: Spelled) -> Spelled:
    """The Mongolian patronymic (genitive) of a father's name, as each language writes it."""
    last = word.mn[-1]
    back = any(v in word.mn for v in "аоуя") and not any(v in word.mn for v in "эөүе")
    if last in "аэиоуөүяеёюы":
        mn, en, ru, ja = "гийн", "giin", "гийн", "ギーン"
    elif last == "н":
        mn, en, ru, ja = ("ы", "y", "ы", "イ") if back else ("ий", "ii", "ий", "イー")
    else:
        mn, en, ru, ja = ("ын", "yn", "ын", "イン") if back else ("ийн", "iin", "ийн", "イーン")
    return Spelled(word.en + en, word.en_alt + en, word.ru + ru, word.mn + mn, word.ja + ja)


def _person(rng: random.Random) -> _Draft:
    origin = rng.random()
    if origin < 0.4:  # Mongolian: patronymic (genitive) + given name
        father = _mongolian_word(rng, rng.choice((2, 3)))
        given = _mongolian_word(rng, rng.choice((2, 3)))
        patronymic = _genitive_mn(father)
        names = [(lang, NameParts("mongolian", given=getattr(given, lang),
                                  patronymic=getattr(patronymic, lang),
                                  father=getattr(father, lang)))
                 for lang in ("en", "ru", "mn", "ja")]
        return _Draft(
            "person",
            _terms(f"{patronymic.en} {given.en}", f"{patronymic.ru} {given.ru}",
                   f"{patronymic.mn} {given.mn}", f"{patronymic.ja}・{given.ja}",
                   en_alt=f"{patronymic.en_alt} {given.en_alt}"),
            names, [given.en, given.en_alt, given.ru, given.mn, given.ja])
    if origin < 0.75:  # Russian: real given name and patronymic, invented family name
        female = rng.random() < 0.3
        g_en, g_ru, g_ja = rng.choice(_RU_GIVEN_FEMALE if female else _RU_GIVEN_MALE)
        p_m_en, p_m_ru, p_f_en, p_f_ru = rng.choice(_RU_PATRONYMICS)
        p_en, p_ru = (p_f_en, p_f_ru) if female else (p_m_en, p_m_ru)
        lat, cyr, kana = _russian_stem(rng, rng.choice((2, 3)))
        m_en, m_ru, m_ja, f_en, f_ru, f_ja = rng.choice(_RU_FAMILY_SUFFIXES)
        if lat[-1] in "aeiou" and m_en[0] in "aeiou":
            lat, cyr = lat + "l", cyr + "л"
        fam_en = _cap(lat + (f_en if female else m_en))
        fam_ru = _cap(cyr + (f_ru if female else m_ru))
        fam_ja = kana + (f_ja if female else m_ja)
        names = [("en", NameParts("russian", given=g_en, patronymic=p_en, family=fam_en)),
                 ("ru", NameParts("russian", given=g_ru, patronymic=p_ru, family=fam_ru)),
                 ("mn", NameParts("russian", given=g_ru, family=fam_ru)),
                 ("ja", NameParts("russian", given=g_ja, family=fam_ja))]
        return _Draft("person", _terms(f"{g_en} {fam_en}", f"{g_ru} {fam_ru}",
                                       f"{g_ru} {fam_ru}", f"{g_ja}・{fam_ja}"),
                      names, [fam_en, fam_ru, fam_ja])
    family = _japanese_word(rng, rng.choice((2, 3)))  # Japanese
    given = _japanese_word(rng, rng.choice((2, 3)))
    names = [("en", NameParts("japanese", given=given.en, family=family.en)),
             ("ru", NameParts("japanese", given=given.ru, family=family.ru)),
             ("mn", NameParts("japanese", given=given.mn, family=family.mn)),
             ("ja", NameParts("japanese", given=given.ja, family=family.ja))]
    return _Draft("person", _terms(f"{given.en} {family.en}", f"{given.ru} {family.ru}",
                                   f"{given.mn} {family.mn}", f"{family.ja}{given.ja}",
                                   en_alt=f"{given.en_alt} {family.en_alt}", inflect_ru=False,
                                   reading=hiragana(f"{family.kana} {given.kana}")),
                  names, [family.en, family.en_alt, family.ru, family.ja])


def _org(rng: random.Random) -> _Draft:
    word = (_mongolian_word(rng, rng.choice((2, 3))) if rng.random() < 0.6
            else _japanese_word(rng, rng.choice((2, 3))))
    en_t, ru_t, mn_t, ja_t = rng.choice(_ORG_GENERICS)
    ja_name = word.kana or word.ja
    if not ja_t.startswith("{}・"):
        ja_name = word.ja
    terms = _terms(en_t.format(word.en), ru_t.format(word.ru), mn_t.format(word.mn),
                   ja_t.format(ja_name))
    exclusive = [en_t.format(word.en), ru_t.format(word.ru)]
    if rng.random() < 0.3:
        words = en_t.format(word.en).split()
        letters = "".join(w[0] for w in words) + word.en[1:3].upper()
        terms.append(Term(letters, "en", "admitted", usage=("abbreviation",)))
        exclusive.append(letters)
    return _Draft("org", terms, [], exclusive)


def _event(rng: random.Random) -> _Draft:
    word = _mongolian_word(rng, rng.choice((2, 3)))
    en_t, ru_t, mn_t, ja_t = rng.choice(_EVENT_GENERICS)
    terms = _terms(en_t.format(word.en), ru_t.format(word.ru), mn_t.format(word.mn),
                   ja_t.format(word.ja))
    return _Draft("event", terms, [], [en_t.format(word.en)])


_MAKERS: list[tuple[float, Callable[[random.Random], _Draft]]] = [
    (0.45, _place), (0.35, _person), (0.15, _org), (0.05, _event)]


def _drafts(rng: random.Random) -> Iterator[_Draft]:
    weights = [w for w, _ in _MAKERS]
    makers = [m for _, m in _MAKERS]
    while True:
        yield rng.choices(makers, weights)[0](rng)


@cache
def reserved_words() -> frozenset[str]:
    """Folded words that no synthetic name may be: the corpus's prose vocabulary."""
    from benchmarks.corpus import prose_vocabulary

    return frozenset(fold(w) for w in prose_vocabulary())


def synthetic_entries(count: int, seed: int = GLOSSARY_SEED,
                      taken: set[str] | None = None) -> list[Entry]:
    """`count` invented entries (deterministic for a seed; each count is a prefix of larger
    ones). `taken` holds folded strings already owned (the bundled glossary's terms)."""
    rng = random.Random(f"steppe-names-bench-glossary-{seed}")
    owned = set(taken or ()) | set(reserved_words())
    entries: list[Entry] = []
    drafts = _drafts(rng)
    while len(entries) < count:
        draft = next(drafts)
        keys = {fold(t.text) for t in draft.terms} | {fold(s) for s in draft.exclusive if s}
        if keys & owned:
            continue  # another entry (or the prose) has one of these: draw again
        owned |= keys
        number = len(entries)
        entries.append(Entry(id=f"syn-{draft.kind}-{number:06d}", kind=draft.kind,
                             terms=tuple(draft.terms), names=tuple(draft.names),
                             notes="synthetic benchmark entry"))
    return entries


@cache
def bundled_entries() -> tuple[Entry, ...]:
    return tuple(load_glossary())


@cache
def synthetic_glossary(size: int, seed: int = GLOSSARY_SEED) -> Glossary:
    """A glossary of `size` entries: the bundled ones plus invented ones."""
    bundled = bundled_entries()
    taken = {fold(t.text) for e in bundled for t in e.terms}
    for entry in bundled:
        for _lang, parts in entry.names:
            taken |= {fold(p) for p in (parts.given, parts.family) if p}
    entries = list(bundled) + synthetic_entries(max(0, size - len(bundled)), seed, taken)
    return Glossary(entries)
