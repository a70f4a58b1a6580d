"""Carry the capitalisation of a word over to its inflected form."""

from __future__ import annotations


def match_case(original: str, inflected: str) -> str:
    """Give `inflected` the capitalisation of `original`.

    >>> match_case("Улан-Батор", "улан-батора")
    'Улан-Батора'
    >>> match_case("СССР", "ссср")
    'СССР'
    """
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return inflected.upper()
    out = []
    for i, ch in enumerate(inflected):
        upper = i < len(original) and original[i].isupper()
        out.append(ch.upper() if upper else ch.lower())
    return "".join(out)
