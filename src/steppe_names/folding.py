"""Folding: make text and glossary forms comparable, one code point for one code point.

Because every code point folds to exactly one code point, an offset into the folded text is
the offset into the original, and mentions never drift.

>>> fold("Khürelsükh’s visit to ＴＯＫＹＯ")
"khurelsukh's visit to tokyo"
>>> fold("Улан–Батор, Королёв")
'улан-батор, королев'
>>> len(fold("Straße İzmir")) == len("Straße İzmir")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from steppe_names._data import rule_table

# Code point ranges whose folding we compute; everything else folds to itself. They cover
# Latin, Greek, Cyrillic (with its supplements), general punctuation and the width forms.
_RANGES = ((0x0000, 0x058F), (0x1C80, 0x1C8F), (0x1D00, 0x1FFF), (0x2000, 0x206F),
           (0x2100, 0x214F), (0x2C60, 0x2C7F), (0x2DE0, 0x2DFF), (0x3000, 0x3000),
           (0xA640, 0xA69F), (0xA720, 0xA7FF), (0xFB00, 0xFB06), (0xFE30, 0xFE6F),
           (0xFF00, 0xFFEF))


def _single(s: str, fallback: str) -> str:
    return s if len(s) == 1 else fallback


def _fold_char(ch: str, strip_scripts: tuple[str, ...], fullwidth: bool) -> str:
    code = ord(ch)
    if fullwidth and 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    folded = _single(ch.casefold(), _single(ch.lower(), ch))
    name = unicodedata.name(ch, "")
    if name.startswith(strip_scripts):
        decomposed = unicodedata.normalize("NFD", folded)
        base = decomposed[0]
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            folded = _single(base.casefold(), base)
    return folded


@cache
def fold_table() -> dict[int, int]:
    """Every code point whose fold differs from itself (for `str.translate` and for `explain`).

    Built from `rules/folding.toml` over the Latin, Greek, Cyrillic, punctuation and width
    ranges; outside them a code point folds to its simple lower case.
    """
    rules = rule_table("folding.toml")["fold"]
    strip_scripts = tuple(rules.get("strip_marks_scripts", ()))
    fullwidth = bool(rules.get("fullwidth_ascii", False))
    table: dict[int, int] = {}
    for low, high in _RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if unicodedata.category(ch) == "Cs":
                continue
            folded = _fold_char(ch, strip_scripts, fullwidth)
            if folded != ch:
                table[code] = ord(folded)
    for target, members in rules.get("classes", {}).items():
        for member in members:
            table[ord(member)] = ord(target)
    for source, target in rules.get("map", {}).items():
        table[ord(source)] = ord(target)
    for code, target in list(table.items()):
        table[code] = table.get(target, target)
    return table


@cache
def _post_lower() -> tuple[re.Pattern[str], dict[str, str]]:
    """What is left to do after `str.lower()`: a sparse map over lower-case code points.

    `lower()` runs in C at memory speed; for every code point but U+0130 (İ, replaced by I
    first) it yields one code point, and `fold(c) == post(lower(c))` (checked in the tests).
    """
    table = fold_table()
    post: dict[str, str] = {}
    for code, target in table.items():
        lowered = chr(code).lower()
        if len(lowered) == 1 and lowered != chr(target):
            post[lowered] = chr(target)
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(post)) + "]")
    return pattern, post


def fold(text: str) -> str:
    """Fold `text` for matching: case, Latin diacritics, ё, dashes, quotes, widths, spaces."""
    if "\u0130" in text:
        text = text.replace("\u0130", "I")
    pattern, post = _post_lower()
    lowered = text.lower()
    return pattern.sub(lambda m: post[m.group()], lowered)
