"""The scan: one pass of an Index's automaton over a text, yielding Mentions.

1. The text is folded (one code point for one code point, so offsets never move). Text that
   is not in NFC (decomposed accents) is composed first, with a map back to the original
   offsets.
2. The automaton reports every key occurrence, overlapping ones included.
3. Each occurrence must pass the boundary rule of the script at each edge (`scripts.edge_ok`)
   and the capitalisation its form demands.
4. Of the valid occurrences, the leftmost-longest non-overlapping ones win. (Leftmost-longest
   *before* the boundary check would be wrong: when the longest candidate fails its boundary
   test, the shorter valid one must still be found.)
5. A blocking form (a demonym, a listed non-mention) consumes its span and yields nothing;
   a key shared by several entries is resolved by the document's language, the entries'
   priority and the terms' status, and the mention says it was ambiguous.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

import regex

from steppe_names.model import Mention
from steppe_names.scripts import edge_ok

if TYPE_CHECKING:
    from steppe_names.compile import Candidate, Index

_STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2}
_CLUSTER = regex.compile(r"\P{M}\p{M}*|\p{M}+")
_KANA_KANJI = regex.compile(r"[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_LATIN = regex.compile(r"\p{Script=Latin}")
_MONGOLIAN_CYRILLIC = regex.compile(r"[өүӨҮ]")


def guess_language(text: str) -> str:
    """A cheap guess at the language of a document, used only to resolve ambiguous names.

    >>> guess_language("Улаанбаатар хотод өнөөдөр"), guess_language("в Улан-Баторе")
    ('mn', 'ru')
    >>> guess_language("ウランバートルで会談"), guess_language("in Ulan Bator")
    ('ja', 'en')
    """
    sample = text[:20000]
    japanese = len(_KANA_KANJI.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if japanese and japanese * 2 >= cyrillic + latin:
        return "ja"
    if cyrillic > latin:
        return "mn" if _MONGOLIAN_CYRILLIC.search(sample) else "ru"
    return "en"


def _compose(text: str) -> tuple[str, list[int]]:
    """NFC-compose `text`; return it with, for each of its code points, the original offset
    (plus one final entry: the original length)."""
    out: list[str] = []
    origin: list[int] = []
    for match in _CLUSTER.finditer(text):
        composed = unicodedata.normalize("NFC", match.group())
        out.append(composed)
        origin.extend([match.start()] * len(composed))
    origin.append(len(text))
    return "".join(out), origin


def scan(index: Index, text: str, lang: str | None = None) -> list[Mention]:
    """Every mention of an entry of `index` in `text`, in order, not overlapping."""
    if not text:
        return []
    from steppe_names.folding import fold

    origin: list[int] | None = None
    work = text
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        work, origin = _compose(text)
    folded = fold(work)
    matcher: Any = index.matcher
    found = matcher.find_matches_as_indexes(folded, overlapping=True)
    valid: list[tuple[int, int, int, list[Candidate]]] = []
    length = len(work)
    edges = index.edges
    candidates = index.candidates
    for key, start, end in found:
        left, right = edges[key]
        if start > 0 and not edge_ok(left, work[start - 1]):
            continue
        if end < length and not edge_ok(right, work[end]):
            continue
        fitting = [c for c in candidates[key] if c.fits_case(work, start)]
        if fitting:
            valid.append((start, end, key, fitting))
    if not valid:
        return []
    valid.sort(key=lambda v: (v[0], -v[1]))
    mentions: list[Mention] = []
    doc_lang = lang
    last_end = 0
    for start, end, _key, fitting in valid:
        if start < last_end:
            continue
        last_end = end
        if fitting[0].entry < 0:
            continue  # a blocking form: not a mention
        entries = {c.entry for c in fitting}
        ambiguous = len(entries) > 1
        if ambiguous and doc_lang is None:
            doc_lang = guess_language(text)
        chosen = _choose(index, fitting, doc_lang) if ambiguous else fitting[0]
        entry = index.entries[chosen.entry]
        alternatives = tuple(sorted(index.entries[e].id for e in entries if e != chosen.entry))
        if origin is not None:
            o_start, o_end = origin[start], origin[end]
        else:
            o_start, o_end = start, end
        mentions.append(Mention(
            start=o_start, end=o_end, text=text[o_start:o_end], entry_id=entry.id,
            canonical=entry.canonical, lang=chosen.lang, how=chosen.how, status=chosen.status,
            ambiguous=ambiguous, alternatives=alternatives, case=chosen.case, role=chosen.role))
    return mentions


def _choose(index: Index, fitting: list[Candidate], doc_lang: str | None) -> Candidate:
    def rank(c: Candidate) -> tuple[int, int, int, int]:
        return (0 if c.lang == doc_lang else 1, -index.entries[c.entry].priority,
                _STATUS_RANK.get(c.status, 3), c.entry)

    return min((c for c in fitting if c.entry >= 0), key=rank)
