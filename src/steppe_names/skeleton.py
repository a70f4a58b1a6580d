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
def _rules() -> tuple[str, tuple[tuple[str, str], ...], bool, int]:
    table = rule_table("skeleton.toml")
    remove = "".join(table["remove"])
    pairs = tuple((a, b) for a, b in table["replace"])
    return remove, pairs, bool(table["collapse_doubles"]), int(table["min_length"])


def min_length() -> int:
    return _rules()[3]


@lru_cache(maxsize=1 << 16)  # the same names and first words recur: in every text, every entry
def skeleton(name: str) -> str:
    """The skeleton key of `name` (folded, separators dropped, spelling classes merged)."""
    remove, pairs, collapse, _ = _rules()
    key = fold(name)
    key = key.translate({ord(c): None for c in remove})
    for old, new in pairs:
        key = key.replace(old, new)
    if collapse:
        key = _DOUBLE.sub(r"\1", key)
    return key
