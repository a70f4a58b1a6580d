"""The yardsticks `annotate` is measured against, over the same surface forms.

- flashtext: `KeywordProcessor.extract_keywords(text, span_info=True)` with every original
  form of every key of the Index (case-insensitive; Latin and Cyrillic letters made non-word
  boundaries so that names do not match inside Cyrillic words).
- ahocorasick_rs over `text.casefold()` with the Index's folded keys:
  * LeftmostLongest, raw: the matches as the automaton gives them, no boundary check;
  * LeftmostLongest + boundary filter (fast but wrong: when the longest candidate fails its
    boundary test the shorter valid match is lost, see DESIGN.md);
  * Standard (overlapping) + boundary filter + leftmost-longest choice of the valid matches:
    the DESIGN's yardstick, the same semantics as the scan's exact pass without the
    capitalisation, ambiguity and fuzzy rules.

Boundaries: a key edge that is a letter or digit must not touch a letter, digit or `_` of an
alphabetic script; a katakana edge must not touch katakana; kana and kanji need nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

import ahocorasick_rs

from steppe_names.compile import Index, generate_forms
from steppe_names.folding import fold, mark

NONE, WORD, KATAKANA = 0, 1, 2


@cache
def is_japanese(ch: str) -> bool:
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xFF66 <= code <= 0xFF9F or 0x31F0 <= code <= 0x31FF)


@cache
def is_word(ch: str) -> bool:
    return (ch.isalnum() or ch == "_" or unicodedata.category(ch) == "Mn") and not is_japanese(ch)


@cache
def is_katakana(ch: str) -> bool:
    code = ord(ch)
    return 0x30A0 <= code <= 0x30FF or 0xFF66 <= code <= 0xFF9F or 0x31F0 <= code <= 0x31FF


def edge_class(ch: str) -> int:
    if is_katakana(ch):
        return KATAKANA
    return WORD if is_word(ch) else NONE


def key_edges(keys: Iterable[str]) -> list[tuple[int, int]]:
    return [(edge_class(k[0]), edge_class(k[-1])) for k in keys]


def _ok(rule: int, neighbour: str) -> bool:
    if rule == WORD:
        return not is_word(neighbour)
    return rule == NONE or not is_katakana(neighbour)


class Yardsticks:
    """The yardstick matchers for one Index, built once."""

    def __init__(self, index: Index) -> None:
        self.keys = index.keys
        self.edges = key_edges(self.keys)
        self._index = index
        self._forms: dict[str, str] | None = None
        self._flashtext: Any = None
        self._leftmost_longest: Any = None
        self._standard: Any = None

    @property
    def forms(self) -> dict[str, str]:
        """Every original form -> its key's position (flashtext's clean name). The Index keeps
        no form texts, so they are made again by the compiler, as `explain` does."""
        if self._forms is None:
            forms: dict[str, str] = {}
            positions = self._index.key_index
            for entry in self._index.entries:
                for form in generate_forms(entry):
                    position = positions.get(mark(fold(form.text)))
                    if position is not None:
                        forms.setdefault(form.text, str(position))
            self._forms = forms
        return self._forms

    @property
    def flashtext(self) -> Any:
        if self._flashtext is None:
            from flashtext import KeywordProcessor

            processor = KeywordProcessor(case_sensitive=False)
            letters = {chr(c) for c in range(0x00C0, 0x0530) if chr(c).isalpha()}
            processor.set_non_word_boundaries(processor.non_word_boundaries | letters)
            for form, name in self.forms.items():
                processor.add_keyword(form, name)
            self._flashtext = processor
        return self._flashtext

    @property
    def leftmost_longest(self) -> Any:
        if self._leftmost_longest is None:
            self._leftmost_longest = ahocorasick_rs.AhoCorasick(
                self.keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        return self._leftmost_longest

    @property
    def standard(self) -> Any:
        if self._standard is None:
            self._standard = ahocorasick_rs.AhoCorasick(
                self.keys, matchkind=ahocorasick_rs.MatchKind.Standard)
        return self._standard

    # --- the scans ---------------------------------------------------------------------------

    def flashtext_scan(self, text: str) -> list[tuple[str, int, int]]:
        found: list[tuple[str, int, int]] = self.flashtext.extract_keywords(text, span_info=True)
        return found

    def raw_scan(self, text: str) -> list[tuple[int, int, int]]:
        """ahocorasick_rs LeftmostLongest over the casefolded text, nothing else."""
        found: list[tuple[int, int, int]] = self.leftmost_longest.find_matches_as_indexes(
            text.casefold())
        return found

    def leftmost_longest_filtered(self, text: str) -> list[tuple[int, int, int]]:
        """LeftmostLongest, then drop the matches that fail a boundary (loses shorter valid
        matches hidden under a failing longest one)."""
        folded = text.casefold()
        matches = self.leftmost_longest.find_matches_as_indexes(folded)
        return self._valid(matches, folded)

    def standard_filtered(self, text: str) -> list[tuple[int, int, int]]:
        """Every (overlapping) match, the boundary filter, then leftmost-longest of the valid
        ones: the DESIGN's yardstick."""
        folded = text.casefold()
        matches = self.standard.find_matches_as_indexes(folded, overlapping=True)
        valid = self._valid(matches, folded)
        valid.sort(key=lambda m: (m[1], -m[2]))
        chosen: list[tuple[int, int, int]] = []
        last_end = 0
        for match in valid:
            if match[1] >= last_end:
                chosen.append(match)
                last_end = match[2]
        return chosen

    def _valid(self, matches: list[tuple[int, int, int]],
               folded: str) -> list[tuple[int, int, int]]:
        edges = self.edges
        length = len(folded)
        valid = []
        for match in matches:
            key, start, end = match
            left, right = edges[key]
            if left and start > 0 and not _ok(left, folded[start - 1]):
                continue
            if right and end < length and not _ok(right, folded[end]):
                continue
            valid.append(match)
        return valid
