"""What script a string is in, and which characters count as parts of a word.

The boundary rule depends on the script at each edge of a match (see DESIGN.md):
- Latin and Cyrillic need a word boundary: the neighbour must not be a letter or mark of an
  alphabetic script ("Gol" does not match inside "Golan"). Digits and punctuation are
  boundaries, so "#KhalkhinGol85" and "ОХУ-ын" work; kana and kanji are boundaries too
  ("Khalkhin Golの戦い").
- Katakana needs a katakana boundary: ウランバートル must not match inside a longer katakana
  word, but may be followed by kanji or hiragana (ウランバートル市, ウランバートルで).
- Kanji and hiragana have no boundary rule: Japanese has no spaces.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

import regex

from steppe_names.diskcache import bmp_table

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Script = Literal["Latn", "Cyrl", "Jpan", "Mong", "Zyyy"]

_LATIN = regex.compile(r"\p{Script=Latin}")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_MONGOLIAN = regex.compile(r"\p{Script=Mongolian}")
_JAPANESE = regex.compile(r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]")


_ONLY_LATIN: frozenset[Script] = frozenset({"Latn"})
_NO_SCRIPT: frozenset[Script] = frozenset({"Zyyy"})


def scripts_of(text: str) -> frozenset[Script]:
    """The scripts of the letters in `text` ("Zyyy" alone when it has none).

    >>> sorted(scripts_of("Улан-Батор"))
    ['Cyrl']
    >>> sorted(scripts_of("ウランバートル市"))
    ['Jpan']
    >>> sorted(scripts_of("Khalkhin Gol")), sorted(scripts_of("1939"))
    (['Latn'], ['Zyyy'])
    """
    if text.isascii():  # (the compiler asks for millions of forms, half of them ASCII)
        return _ONLY_LATIN if text.lower() != text.upper() else _NO_SCRIPT  # a letter, or none
    return _scripts_of(text)


@lru_cache(maxsize=1 << 16)
def _scripts_of(text: str) -> frozenset[Script]:
    found: set[Script] = set()  # a frozenset is returned: results are cached
    if _LATIN.search(text):
        found.add("Latn")
    if _CYRILLIC.search(text):
        found.add("Cyrl")
    if _JAPANESE.search(text):
        found.add("Jpan")
    if _MONGOLIAN.search(text):
        found.add("Mong")
    return frozenset(found or {"Zyyy"})


def one_script(text: str) -> str:
    """The one script of `text`'s letters, or "" for none or several.

    >>> one_script("ᠮᠣᠩᠭᠣᠯ"), one_script("Монгол"), one_script("1939"), one_script("UB-д")
    ('Mong', 'Cyrl', '', '')
    """
    scripts = scripts_of(text)
    return next(iter(scripts)) if len(scripts) == 1 and "Zyyy" not in scripts else ""


# ISO 15924 codes used by transliteration scheme ids, as `scripts_of` names them.
SCHEME_SCRIPTS: dict[str, str] = {"Cyrl": "Cyrl", "Mong": "Mong", "Latn": "Latn",
                                  "Hrkt": "Jpan", "Kana": "Jpan", "Hira": "Jpan"}

# What each language's terms may be written in.
LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    "en": frozenset({"Latn"}),
    "ru": frozenset({"Cyrl"}),
    "mn": frozenset({"Cyrl", "Mong"}),
    "ja": frozenset({"Jpan"}),
}


# Edge classes: how a match's edge character constrains its neighbour.
EDGE_NONE = 0  # kanji, hiragana, punctuation: anything may touch it
EDGE_WORD = 1  # an alphabetic letter or digit: the neighbour must not be a word letter
EDGE_KATAKANA = 2  # katakana: the neighbour must not be katakana

# Letters and marks of alphabetic scripts: what continues a word (`regex` set syntax, V1).
WORD_CONTINUES = r"\p{L}\p{M}--[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]"
_WORD_LETTER = regex.compile(rf"[[{WORD_CONTINUES}]_]", regex.V1)
_KATAKANA = regex.compile(r"[\p{Script=Katakana}ー]")


@cache
def is_word_letter(ch: str) -> bool:
    """True for letters and marks of alphabetic scripts (and `_`): what a Latin or Cyrillic
    name must not touch."""
    return _WORD_LETTER.match(ch) is not None


@cache
def is_mark(ch: str) -> bool:
    """A combining mark: it belongs to the character before it, so no match may end before it."""
    return unicodedata.category(ch)[0] == "M"


@cache
def is_katakana(ch: str) -> bool:
    return _KATAKANA.match(ch) is not None


@cache
def edge_class(ch: str) -> int:
    """The boundary rule that a term's first or last character imposes on its neighbour.

    An apostrophe is part of its word: romanizations end in one ("Sibir'", GOST 7.79 B
    "Abe`"; every apostrophe folds to U+0027), and such a key must not match the start of
    "Abe's"."""
    if is_katakana(ch):
        return EDGE_KATAKANA
    if is_word_letter(ch) or ch.isdigit() or ch == "'":
        return EDGE_WORD
    return EDGE_NONE


def edge_ok(rule: int, neighbour: str, *, after: bool = False) -> bool:
    """May `neighbour` (a character, or "" at the text's edge) touch an edge of class `rule`?
    (`after`: the neighbour follows the match; a combining mark never may.)"""
    if not neighbour:
        return True
    if after and is_mark(neighbour):
        return False
    if rule == EDGE_NONE:
        return True
    if rule == EDGE_WORD:
        return not is_word_letter(neighbour)
    return not is_katakana(neighbour)


@cache
def edge_refusals() -> npt.NDArray[np.uint8]:
    """`edge_ok` as a NumPy table over the BMP: bit `2 * rule + after` of a code point's
    byte is set where `edge_ok(rule, ch, after=after)` is False (a test checks every code
    point). Kept in the cache folder (`diskcache.bmp_table`)."""
    import numpy as np

    return bmp_table("edge-refusals", _make_edge_refusals, np.uint8, (0x10000,))


def _make_edge_refusals() -> npt.NDArray[np.uint8]:
    """`edge_refusals`, made from one pass of each pattern over the BMP (~30 ms)."""
    import numpy as np

    every = "".join(map(chr, range(0x10000)))

    def where(pattern: regex.Pattern[str]) -> npt.NDArray[np.bool_]:
        found = np.zeros(0x10000, dtype=bool)
        found[[m.start() for m in pattern.finditer(every)]] = True
        return found

    word, katakana = where(_WORD_LETTER), where(_KATAKANA)
    # `is_mark` asks Python's Unicode database, which may be older than `regex`'s
    mark = np.fromiter((unicodedata.category(ch)[0] == "M" for ch in every), dtype=bool,
                       count=0x10000)
    refused = {(EDGE_NONE, False): np.zeros(0x10000, dtype=bool), (EDGE_NONE, True): mark,
               (EDGE_WORD, False): word, (EDGE_WORD, True): word | mark,
               (EDGE_KATAKANA, False): katakana, (EDGE_KATAKANA, True): katakana | mark}
    table = np.zeros(0x10000, dtype=np.uint8)
    for (rule, after), refuses in refused.items():
        table |= refuses.astype(np.uint8) << (2 * rule + after)
    return table


TAG_BREAKS = regex.compile(r"[\s\-]+")  # what splits a phrase into a hashtag's words
_NOT_IN_TAGS = regex.compile(r"[^\w\p{M}]+")  # what ends a hashtag: ' . ・ and the like


def hashtag(name: str) -> str:
    """`name` as a hashtag writes it: a space, hyphen, apostrophe or dot ends a hashtag, so
    the words are joined, each capitalised where the script has capitals, and the rest
    dropped (how "#KhalkhinGol" and "#УланБатор" are written; normalize puts a name after
    "#" so).

    >>> hashtag("Battles of Khalkhin Gol"), hashtag("Халхин-Гол"), hashtag("ハルハ河")
    ('BattlesOfKhalkhinGol', 'ХалхинГол', 'ハルハ河')
    >>> hashtag("Mongolian People's Republic"), hashtag("ウラジーミル・プーチン")
    ('MongolianPeoplesRepublic', 'ウラジーミルプーチン')
    """
    words = [_NOT_IN_TAGS.sub("", w) for w in TAG_BREAKS.split(name)]
    words = [w for w in words if w]
    return "".join(words[:1] + [w[:1].upper() + w[1:] for w in words[1:]])
