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

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

Script = Literal["Latn", "Cyrl", "Jpan", "Mong", "Zyyy"]

_LATIN = regex.compile(r"\p{Script=Latin}")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_MONGOLIAN = regex.compile(r"\p{Script=Mongolian}")
_JAPANESE = regex.compile(r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]")


@lru_cache(maxsize=1 << 16)
def scripts_of(text: str) -> frozenset[Script]:
    """The scripts of the letters in `text` ("Zyyy" alone when it has none).

    >>> sorted(scripts_of("Улан-Батор"))
    ['Cyrl']
    >>> sorted(scripts_of("ウランバートル市"))
    ['Jpan']
    """
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

_WORD_LETTER = regex.compile(
    r"[\p{L}\p{M}_--[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]]",
    regex.V1,
)
_KATAKANA = regex.compile(r"[\p{Script=Katakana}ー]")
_MARK = regex.compile(r"\p{M}")


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
    """The boundary rule that a term's first or last character imposes on its neighbour."""
    if is_katakana(ch):
        return EDGE_KATAKANA
    if is_word_letter(ch) or ch.isdigit():
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
def word_goes_on() -> npt.NDArray[np.bool_]:
    """`edge_ok` for a word edge, as a NumPy table over the BMP: True where the character
    forbids a match whose last character has a word edge to end right before it, that is
    `not edge_ok(EDGE_WORD, ch, after=True)` (a word letter or a combining mark; a test
    checks every code point). Made from one pass of each pattern over the BMP (~18 ms)."""
    import numpy as np

    every = "".join(map(chr, range(0x10000)))
    goes_on = np.zeros(0x10000, dtype=bool)
    for found in (_WORD_LETTER.finditer(every), _MARK.finditer(every)):
        goes_on[[m.start() for m in found]] = True
    return goes_on
