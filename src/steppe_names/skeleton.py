"""The skeleton key: a coarse, spelling-insensitive key for Latin-script names.

The rules are data (`rules/skeleton.toml`); this module applies them.

>>> skeleton("Khalkhyn-Gol") == skeleton("Halhin Gol") == skeleton("Chalchin Gol")
True
>>> skeleton("Tōkyō") == skeleton("Tohkyoh") == skeleton("Toukyou")
True
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from steppe_names._data import rule_table
from steppe_names.folding import fold

_DOUBLE = re.compile(r"(.)\1+")


@cache
def _rules() -> tuple[dict[int, None], tuple[tuple[str, str], ...], bool, int]:
    """(the characters to drop, as a `str.translate` table; the replacements in order; whether
    doubled letters collapse; the shortest skeleton the fuzzy pass uses)."""
    table = rule_table("skeleton.toml")
    remove = {ord(c): None for c in "".join(table["remove"])}
    pairs = tuple((a, b) for a, b in table["replace"])
    return remove, pairs, bool(table["collapse_doubles"]), int(table["min_length"])


def min_length() -> int:
    return _rules()[3]


def _first_of_run(match: re.Match[str]) -> str:
    return match.group(1)


@lru_cache(maxsize=1 << 16)  # the same names and first words recur: in every text, every entry
def skeleton(name: str) -> str:
    """The skeleton key of `name` (folded, separators dropped, spelling classes merged)."""
    remove, pairs, collapse, _ = _rules()
    key = fold(name).translate(remove)
    for old, new in pairs:
        key = key.replace(old, new)
    if collapse:
        # a function rather than the template "\1", which `re` expands in Python per match
        key = _DOUBLE.sub(_first_of_run, key)
    return key
