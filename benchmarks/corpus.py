"""A deterministic mixed en/ru/mn/ja corpus for the benchmarks, cached on disk.

Lines are paragraphs of varying length (headlines of a few words up to paragraphs of a dozen
sentences), each in one language: English, Russian, Mongolian (Cyrillic) or Japanese (no
spaces). About 1.5% of the tokens are names drawn from the glossary under test, in the
surface forms the compiler makes for them (`steppe_names.compile.generate_forms`, the function
`build_index` compiles): inflected Russian cases, Mongolian suffixed forms, name patterns and
initials, hyphen/space variants, half-width katakana, romanized variants, Japanese names with a
particle attached. About 0.3% are look-alike traps: a name in lower case, glued to a suffix of
the same alphabet ("Tohian", "ステムランド"), a Japanese place with a demonym suffix (日本人),
a name with one letter changed.

The corpus for a glossary of N entries depends on N, the size, the seed, this generator and
the compiler's rules, and nothing else; it is written once to
``$STEPPE_BENCH_CACHE`` (default: ``<tmp>/steppe-names-bench``) and read back on later runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from steppe_names.compile import generate_forms, index_fingerprint
from steppe_names.glossary import Glossary
from steppe_names.model import Entry
from steppe_names.scripts import scripts_of

CORPUS_SEED = 1939
NAME_RATE = 0.015  # names per token
TRAP_RATE = 0.003  # look-alikes per token
SAMPLED_ENTRIES = 6000  # entries whose forms the corpus mentions (all of them when fewer)
LANGUAGE_WEIGHTS = {"en": 0.35, "ru": 0.25, "mn": 0.2, "ja": 0.2}  # share of lines


def default_megabytes() -> float:
    """STEPPE_BENCH_MB, else 0.2 in smoke mode, else 20."""
    from benchmarks.glossaries import smoke

    explicit = os.environ.get("STEPPE_BENCH_MB")
    if explicit:
        return float(explicit)
    return 0.2 if smoke() else 20.0


def cache_root() -> Path:
    """Where generated corpora (and the worker results) live: $STEPPE_BENCH_CACHE, else a
    fixed folder under the system temp folder, so that repeated runs reuse them."""
    explicit = os.environ.get("STEPPE_BENCH_CACHE")
    root = Path(explicit) if explicit else Path(tempfile.gettempdir()) / "steppe-names-bench"
    root.mkdir(parents=True, exist_ok=True)
    return root


# --- prose ------------------------------------------------------------------------------------

_EN = [
    "the delegation arrived in the capital on", "talks continued late into the evening",
    "according to officials familiar with the matter", "the ministry said in a statement",
    "a spokesman declined to comment", "the agreement covers trade and energy",
    "local residents gathered near the station", "the new railway line will connect",
    "prices of coal and copper rose again", "the committee approved the budget for next year",
    "several journalists were waiting outside", "after a long winter the roads reopened",
    "the company reported higher profits", "observers expect the vote to be close",
    "the museum opened a new exhibition about", "herders moved their animals to summer pastures",
    "the visit was the first in a decade", "a joint statement was signed by",
    "flights were delayed because of dust storms", "the report was published on Tuesday",
    "negotiations on the border crossing resumed", "students protested in front of parliament",
    "the governor met with farmers from", "a new bridge over the river was completed",
    "the festival attracted thousands of visitors", "inflation slowed for the third month",
    "the ambassador presented his credentials to", "the court postponed the hearing until",
    "mining exports account for most of the revenue", "the historian argued in her book that",
    "troops withdrew from the area in", "the archive holds letters written by",
    "the project is financed by a consortium led by", "rescuers reached the village by helicopter",
    "the minister promised to review the contract", "the election results were announced by",
    "an exhibition of photographs from", "the orchestra performed works by",
    "the weather service warned of heavy snow in", "scientists found fossils near",
]
_RU = [
    "делегация прибыла в столицу в понедельник", "переговоры продолжались до позднего вечера",
    "как сообщили в министерстве", "представитель компании отказался от комментариев",
    "соглашение охватывает торговлю и энергетику", "жители собрались у здания вокзала",
    "новая железная дорога свяжет", "цены на уголь и медь снова выросли",
    "комитет утвердил бюджет на следующий год", "журналисты ждали у входа",
    "после долгой зимы дороги открыли", "компания сообщила о росте прибыли",
    "наблюдатели ожидают напряжённого голосования", "музей открыл новую выставку о",
    "визит стал первым за десять лет", "совместное заявление подписали",
    "рейсы задержали из-за пыльной бури", "доклад опубликован во вторник",
    "возобновились переговоры о пункте пропуска", "студенты протестовали у здания парламента",
    "губернатор встретился с фермерами из", "строительство моста через реку завершено",
    "фестиваль посетили тысячи гостей", "инфляция замедлилась третий месяц подряд",
    "посол вручил верительные грамоты", "суд отложил слушание до",
    "экспорт угля даёт большую часть доходов", "историк утверждает в своей книге что",
    "войска покинули район в", "в архиве хранятся письма которые написал",
    "проект финансирует консорциум во главе с", "спасатели добрались до села на вертолёте",
    "министр пообещал пересмотреть контракт", "итоги выборов объявила",
    "синоптики предупредили о сильном снегопаде в", "учёные нашли окаменелости возле",
]
_MN = [
    "төлөөлөгчид даваа гарагт нийслэлд ирэв", "хэлэлцээ орой болтол үргэлжилсэн",
    "яамны мэдэгдэлд дурдсанаар", "компанийн төлөөлөгч тайлбар өгөхөөс татгалзав",
    "гэрээнд худалдаа болон эрчим хүч хамаарна",
    "оршин суугчид галт тэрэгний буудлын өмнө цугларав",
    "шинэ төмөр зам холбоно", "нүүрс болон зэсийн үнэ дахин өсөв",
    "хороо ирэх оны төсвийг баталлаа", "сэтгүүлчид үүдэнд хүлээж байв",
    "урт өвлийн дараа замууд нээгдэв", "компани ашиг нэмэгдсэнийг мэдээлэв",
    "музей шинэ үзэсгэлэн нээлээ", "малчид зуны бэлчээр рүү нүүв",
    "айлчлал арван жилд анх удаа болов", "хамтарсан мэдэгдэлд гарын үсэг зурав",
    "шороон шуурганы улмаас нислэг хойшлогдов", "тайлан мягмар гарагт нийтлэгдэв",
    "оюутнууд их хурлын өмнө жагсав", "голын гүүр баригдаж дууслаа",
    "наадамд олон мянган зочин ирэв", "инфляци гурав дахь сартаа буурав",
    "элчин сайд итгэмжлэх жуух бичгээ өргөн барив", "шүүх хэргийн хэлэлцүүлгийг хойшлуулав",
    "уул уурхайн экспорт орлогын ихэнхийг бүрдүүлдэг", "түүхч номондоо бичсэнээр",
    "аврагчид тосгонд нисдэг тэргээр хүрэв", "сайд гэрээг дахин хянана гэж амлав",
    "сонгуулийн дүнг зарлав", "цаг уурын алба их цас орохыг анхааруулав",
]
# Japanese prose: chunks written together without spaces (no kanji a synthetic name may use).
_JA = [
    "代表団は月曜日に首都に到着した", "協議は夜遅くまで続いた", "関係者によると",
    "政府は声明で", "報道官はコメントを控えた", "合意は貿易とエネルギーを対象とする",
    "住民が駅前に集まった", "新しい鉄道が結ぶ", "石炭と銅の価格が再び上昇した",
    "委員会は来年度の予算を承認した", "記者たちが入口で待っていた", "長い冬の後に道路が再開した",
    "企業は増益を発表した", "博物館は新しい展示を開いた", "遊牧民は夏の牧草地へ移動した",
    "訪問は十年ぶりとなった", "共同声明に署名した", "砂嵐のため便が遅れた",
    "報告書は火曜日に公表された", "国境の検問所をめぐる交渉が再開した", "学生が国会前で抗議した",
    "川に新しい橋が完成した", "祭りには数千人が訪れた", "物価上昇は三か月連続で鈍化した",
    "大使は信任状を提出した", "裁判所は審理を延期した", "鉱業輸出が歳入の大半を占める",
    "歴史家は著書の中で", "救助隊はヘリコプターで村に到着した", "大臣は契約の見直しを約束した",
    "選挙結果が発表された", "気象庁は大雪に警戒を呼びかけた", "ニュースによれば",
    "エネルギー分野のプロジェクトについて", "インフラ整備の計画が",
]
_EN_WORDS = [tuple(p.split()) for p in _EN]
_RU_WORDS = [tuple(p.split()) for p in _RU]
_MN_WORDS = [tuple(p.split()) for p in _MN]
_JA_PARTICLES = ["の", "は", "で", "と", "が", "に", "から", "を", "へ", "では"]
_JA_TRAP_SUFFIXES = ["ランド", "ニア", "スタン", "ライン"]
_LATIN_TRAP_SUFFIXES = ["ian", "ville", "ism", "ese"]
_CYRILLIC_TRAP_SUFFIXES = ["овщина", "ство", "изм"]
_DEMONYMS = ["人", "語", "製"]


def prose_vocabulary() -> list[str]:
    """Every word of the prose (the glossary generator keeps synthetic names out of it)."""
    words = [w for bank in (_EN, _RU, _MN) for phrase in bank for w in phrase.split()]
    return words + _JA + _JA_PARTICLES


# --- names ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NamePool:
    """The surface forms of the sampled entries, by the prose they may appear in."""

    latin: tuple[tuple[str, ...], ...]
    russian: tuple[tuple[str, ...], ...]
    mongolian: tuple[tuple[str, ...], ...]
    japanese: tuple[tuple[str, ...], ...]
    japanese_places: tuple[str, ...]


def name_pool(glossary: Glossary, seed: int = CORPUS_SEED) -> NamePool:
    rng = random.Random(f"steppe-names-bench-pool-{seed}")
    entries: Sequence[Entry] = list(glossary)
    if len(entries) > SAMPLED_ENTRIES:
        entries = rng.sample(list(entries), SAMPLED_ENTRIES)
    latin: list[tuple[str, ...]] = []
    russian: list[tuple[str, ...]] = []
    mongolian: list[tuple[str, ...]] = []
    japanese: list[tuple[str, ...]] = []
    japanese_places: list[str] = []
    for entry in entries:
        by: dict[str, list[str]] = {"latin": [], "ru": [], "mn": [], "ja": []}
        for form in generate_forms(entry):
            if form.block:
                continue
            scripts = scripts_of(form.text)
            if scripts == {"Latn"}:
                by["latin"].append(form.text)
            elif scripts == {"Cyrl"}:
                by["mn" if form.lang == "mn" else "ru"].append(form.text)
            elif scripts == {"Jpan"}:
                by["ja"].append(form.text)
                if entry.kind == "place" and not form.role:
                    japanese_places.append(form.text)
        for bucket, forms in ((latin, by["latin"]), (russian, by["ru"]),
                              (mongolian, by["mn"]), (japanese, by["ja"])):
            if forms:
                bucket.append(tuple(dict.fromkeys(forms)))
    return NamePool(tuple(latin), tuple(russian), tuple(mongolian), tuple(japanese),
                    tuple(dict.fromkeys(japanese_places)))


# --- lines ------------------------------------------------------------------------------------

@dataclass
class _Counts:
    tokens: int = 0
    names: int = 0
    traps: int = 0


class _Writer:
    def __init__(self, pool: NamePool, rng: random.Random) -> None:
        self.pool = pool
        self.rng = rng
        self.counts = _Counts()
        self._countdown = int(rng.expovariate(NAME_RATE + TRAP_RATE))

    def _pick(self, groups: Sequence[tuple[str, ...]]) -> str:
        forms = groups[int(self.rng.random() * len(groups))]
        return forms[int(self.rng.random() * len(forms))]

    def _specials(self, tokens: int) -> list[int]:
        """Of the next `tokens` prose tokens, the (sorted) positions before which a name (>= 0)
        or a trap (encoded as -1 - position) goes; the gaps are geometric, so the choice
        costs one random draw per special token, not one per token."""
        out: list[int] = []
        counts = self.counts
        counts.tokens += tokens
        position = self._countdown
        while position < tokens:
            if self.rng.random() < NAME_RATE / (NAME_RATE + TRAP_RATE):
                out.append(position)
                counts.names += 1
            else:
                out.append(-1 - position)
                counts.traps += 1
            counts.tokens += 1
            position += 1 + int(self.rng.expovariate(NAME_RATE + TRAP_RATE))
        self._countdown = position - tokens
        return out

    def _name(self, own: Sequence[tuple[str, ...]], foreign_share: float) -> str:
        """A name for alphabetic prose: mostly in the prose's alphabet, sometimes in Latin."""
        groups = own
        if own is not self.pool.latin and self.rng.random() < foreign_share:
            groups = self.pool.latin
        return self._pick(groups) if groups else ""

    def _trap(self, own: Sequence[tuple[str, ...]], suffixes: Sequence[str]) -> str:
        """A look-alike: a name in lower case, glued to a suffix, or with a letter changed."""
        form = self._name(own, 0.0)
        if not form:
            return ""
        kind = self.rng.random()
        if kind < 0.4:
            return form.lower()
        if kind < 0.8:
            return form + self.rng.choice(suffixes)
        i = self.rng.randrange(len(form))
        return form[:i] + ("x" if form[i] != "x" else "y") + form[i + 1:]

    def alphabetic_sentence(self, bank: Sequence[tuple[str, ...]],
                            own: Sequence[tuple[str, ...]], foreign_share: float,
                            suffixes: Sequence[str]) -> str:
        words: list[str] = []
        for _ in range(self.rng.randint(1, 4)):
            phrase = bank[int(self.rng.random() * len(bank))]
            specials = self._specials(len(phrase))
            if not specials:
                words.extend(phrase)
                continue
            last = 0
            for code in specials:
                position = code if code >= 0 else -1 - code
                words.extend(phrase[last:position])
                last = position
                words.append(self._name(own, foreign_share) if code >= 0
                             else self._trap(own, suffixes))
            words.extend(phrase[last:])
        sentence = " ".join(w for w in words if w)
        return sentence[:1].upper() + sentence[1:] + self.rng.choice((".", ".", ".", "!", "?"))

    def japanese_sentence(self) -> str:
        parts: list[str] = []
        pool = self.pool
        for _ in range(self.rng.randint(1, 4)):
            chunk = _JA[int(self.rng.random() * len(_JA))]
            # a chunk counts as one token per three characters; names go before the chunk
            for code in self._specials(max(1, len(chunk) // 3)):
                if not pool.japanese:
                    continue
                if code >= 0:
                    name = (self._pick(pool.latin) if pool.latin and self.rng.random() < 0.05
                            else self._pick(pool.japanese))
                    parts.append(name + self.rng.choice(_JA_PARTICLES))
                elif pool.japanese_places and self.rng.random() < 0.5:
                    parts.append(self.rng.choice(pool.japanese_places)
                                 + self.rng.choice(_DEMONYMS))
                else:
                    parts.append(self._pick(pool.japanese) + self.rng.choice(_JA_TRAP_SUFFIXES))
            parts.append(chunk)
        return "".join(parts) + "。"

    def line(self, lang: str) -> str:
        rng = self.rng
        headline = rng.random() < 0.15
        sentences = 1 if headline else min(15, int(rng.expovariate(1 / 4)) + 1)
        if lang == "ja":
            return "".join(self.japanese_sentence() for _ in range(sentences))
        bank, own, foreign, suffixes = {
            "en": (_EN_WORDS, self.pool.latin, 0.0, _LATIN_TRAP_SUFFIXES),
            "ru": (_RU_WORDS, self.pool.russian, 0.15, _CYRILLIC_TRAP_SUFFIXES),
            "mn": (_MN_WORDS, self.pool.mongolian, 0.1, _CYRILLIC_TRAP_SUFFIXES),
        }[lang]
        return " ".join(self.alphabetic_sentence(bank, own, foreign, suffixes)
                        for _ in range(sentences))


def generate(glossary: Glossary, megabytes: float, seed: int = CORPUS_SEED) -> tuple[str, dict[
        str, int]]:
    """The corpus text (about `megabytes` MB of UTF-8) and its counts."""
    rng = random.Random(f"steppe-names-bench-corpus-{seed}")
    writer = _Writer(name_pool(glossary, seed), rng)
    langs = list(LANGUAGE_WEIGHTS)
    weights = list(LANGUAGE_WEIGHTS.values())
    target = int(megabytes * 1_000_000)
    lines: list[str] = []
    size = 0
    by_lang = dict.fromkeys(langs, 0)
    while size < target:
        lang = rng.choices(langs, weights)[0]
        line = writer.line(lang)
        length = len(line.encode("utf-8")) + 1
        size += length
        by_lang[lang] += length
        lines.append(line)
    counts = {"bytes": size, "lines": len(lines), "tokens": writer.counts.tokens,
              "names": writer.counts.names, "traps": writer.counts.traps,
              **{f"bytes_{k}": v for k, v in by_lang.items()}}
    return "\n".join(lines) + "\n", counts


@cache
def _sources_digest() -> str:
    """A hash of what the corpus's names depend on: this generator, the glossary generator,
    and the library's form generators (compiler, morphology, transliteration, rule tables)."""
    import steppe_names

    here = Path(__file__).parent
    library = Path(steppe_names.__file__).parent
    files = [here / "corpus.py", here / "glossaries.py", library / "compile.py"]
    for folder in ("morph", "translit", "rules"):
        files += sorted(p for p in (library / folder).rglob("*")
                        if p.is_file() and p.suffix in (".py", ".toml"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_path(size: int, megabytes: float | None = None, seed: int = CORPUS_SEED) -> Path:
    """The cached file of the corpus for the `size`-entry synthetic glossary."""
    megabytes = default_megabytes() if megabytes is None else megabytes
    key = hashlib.sha256(json.dumps(
        [size, megabytes, seed, _sources_digest(), index_fingerprint(Glossary([]))]).encode())
    return cache_root() / f"corpus-{size}-{megabytes:g}MB-{key.hexdigest()[:16]}.txt"


def corpus_for(size: int, megabytes: float | None = None,
               seed: int = CORPUS_SEED) -> tuple[str, dict[str, int]]:
    """The corpus for the `size`-entry synthetic glossary, from the cache when it is there."""
    from benchmarks.glossaries import synthetic_glossary

    path = corpus_path(size, megabytes, seed)
    stats_path = path.with_suffix(".json")
    try:
        text = path.read_text(encoding="utf-8")
        counts: dict[str, int] = json.loads(stats_path.read_text(encoding="utf-8"))
        return text, counts
    except (OSError, ValueError):
        pass
    megabytes = default_megabytes() if megabytes is None else megabytes
    text, counts = generate(synthetic_glossary(size), megabytes, seed)
    for stale in path.parent.glob(f"corpus-{size}-{megabytes:g}MB-*"):
        stale.unlink(missing_ok=True)  # made by an earlier version of the generator
    _write_atomic(stats_path, json.dumps(counts).encode())
    _write_atomic(path, text.encode("utf-8"))
    return text, counts


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def monolingual(lang: str, megabytes: float, seed: int = CORPUS_SEED) -> str:
    """About `megabytes` MB of prose in one language (ru or mn), with the bundled glossary's
    names: the input of the transliteration benchmarks."""
    from benchmarks.glossaries import bundled_entries

    rng = random.Random(f"steppe-names-bench-{lang}-{seed}")
    writer = _Writer(name_pool(Glossary(bundled_entries()), seed), rng)
    lines: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        line = writer.line(lang)
        size += len(line.encode("utf-8")) + 1
        lines.append(line)
    return "\n".join(lines) + "\n"
