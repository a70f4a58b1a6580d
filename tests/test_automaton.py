"""The scan's automaton over keys written in an alphabet of their own (automaton.py): every
occurrence of every key is found, at its offsets in UTF-16 units, whether a unit is one byte
or two, and never from the middle of a two-byte unit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names.automaton import Automaton
from tests.conftest import deadline

# 300 kanji: more distinct units than one byte can number, so some take two
KANJI = [chr(0x4E00 + i) for i in range(300)]


def units_before(text: str, at: int) -> int:
    return len(text[:at].encode("utf-16-le", "surrogatepass")) // 2


def every_occurrence(keys: list[str], text: str) -> list[tuple[int, int, int]]:
    """The naive search: every place of every key, in UTF-16 units."""
    found = []
    for number, key in enumerate(keys):
        at = text.find(key)
        while at >= 0:
            start = units_before(text, at)
            found.append((start, start + len(key.encode("utf-16-le", "surrogatepass")) // 2,
                          number))
            at = text.find(key, at + 1)
    return sorted(found)


def in_codes(automaton: Automaton, text: str) -> np.ndarray:
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    return np.frombuffer(automaton.codes, dtype=np.uint16).take(units)


def both_ways(automaton: Automaton, text: str) -> list[tuple[int, int, int]]:
    by_str = sorted(tuple(f) for f in automaton.find_str(text))
    codes = in_codes(automaton, text)
    by_codes = sorted(tuple(f) for f in automaton.find_codes(codes).tolist())
    by_list = sorted(tuple(f) for f in automaton.find_codes_list(codes.astype(">u2")))
    assert by_str == by_codes == by_list
    return by_str


def test_units_in_no_key_are_byte_one_and_the_frequent_ones_one_byte() -> None:
    automaton = Automaton.build(["Ulan", "Ula", "Bator", *KANJI])
    codes = automaton.codes
    # by how often the keys hold them (a 3 times, U and l twice), then by code point
    assert [codes[ord(c)] for c in "aUlBnort"] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert codes[ord("Ж")] == 1 and codes[0x20] == 1  # in no key
    assert automaton.leads == 1  # 308 distinct units: 253 one byte, 55 two
    assert sum(1 for c in codes if c > 255) == 308 - 253
    assert all(c & 0xFF for c in codes)  # no zero byte in a code (a lead byte is >= 2)
    first_lead = 256 - automaton.leads
    assert all(c & 0xFF < first_lead for c in codes)  # no trail byte is a lead


def test_a_key_is_not_found_from_the_trail_byte_of_a_two_byte_unit() -> None:
    keys = ["a", "aa", *KANJI]  # "a" is the most frequent: byte 2
    automaton = Automaton.build(keys)
    a = automaton.codes[ord("a")]
    wide = [k for k in KANJI if automaton.codes[ord(k)] > 255]
    trail_a = next(k for k in wide if automaton.codes[ord(k)] & 0xFF == a)
    text = f"{trail_a}a{trail_a}"
    assert both_ways(automaton, text) == every_occurrence(keys, text)
    assert (0, 1, 0) not in both_ways(automaton, trail_a)  # a kanji, not an "a"
    long = text * 2000  # counted the other way (`automaton._SHORT_DATA`)
    assert both_ways(automaton, long) == every_occurrence(keys, long)


def test_offsets_are_utf16_units_with_astral_characters() -> None:
    keys = ["𠮷野家", "Bator", "野"]
    automaton = Automaton.build(keys)
    text = "in 𠮷野家 and Bator 😀 野"
    assert both_ways(automaton, text) == every_occurrence(keys, text)
    assert both_ways(automaton, text)[0] == (3, 7, 0)  # 𠮷 is two units


def test_offsets_in_a_long_text_with_two_byte_and_astral_characters() -> None:
    keys = ["𠮷野家", "Bator", "野", *KANJI]
    automaton = Automaton.build(keys)
    assert automaton.leads
    text = "in 𠮷野家 and Bator 😀 野" + "".join(KANJI[240:300]) + "\n"
    long = text * 300  # past `automaton._SHORT_DATA`: lead bytes found once, then bisected
    assert both_ways(automaton, long) == every_occurrence(keys, long)


def test_a_long_text_with_a_letter_beyond_the_bmp_scans_in_linear_time() -> None:
    """Such a text takes the str way; its offsets were once counted anew from the text's
    start for each match (800k characters: 25 s instead of 0.2)."""
    normalizer = Normalizer()
    line = "Путин прилетел в Улан-Батор; ウランバートルで会談。Khalkhin Gol 東京 北京 大統領.\n"
    text = "𝐀 " + line * 10_000  # 800k characters, 60,000 mentions
    with deadline(10):
        found = normalizer.annotate(text)
    assert found == [m._replace(start=m.start + 2, end=m.end + 2)
                     for m in normalizer.annotate(line * 10_000)]


def test_serialized_and_loaded_it_finds_the_same() -> None:
    keys = ["Ulan Bator", "Улан-Батор", *KANJI[:280]]
    automaton = Automaton.build(keys)
    again = Automaton.load(memoryview(automaton.serialize()))
    assert again.codes == automaton.codes and again.leads == automaton.leads
    text = "Ulan Bator, Улан-Батор, " + "".join(KANJI[250:280])
    assert both_ways(again, text) == both_ways(automaton, text) == every_occurrence(keys, text)


def test_an_automaton_without_keys_finds_nothing() -> None:
    automaton = Automaton.build([])
    assert both_ways(automaton, "anything") == []


letters = st.sampled_from(["a", "b", "Б", "ж", "\ue061", " ", "-", "𠮷", *KANJI[:12]])
words = st.text(letters, min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=12, unique=True), st.text(letters, max_size=60),
       st.integers(0, 290))
def test_every_occurrence_is_found_both_ways(keys: list[str], text: str, filler: int) -> None:
    # `filler` kanji of one key each push the keys' own units into two bytes or not
    keys = keys + [k for k in KANJI[12:12 + filler] if k not in keys]
    automaton = Automaton.build(keys)
    assert both_ways(automaton, text) == every_occurrence(keys, text)


def test_too_many_distinct_units_is_a_clear_error() -> None:
    from steppe_names.automaton import _alphabet

    with pytest.raises(ValueError, match="16,383"):
        _alphabet(np.ones(0x10000, dtype=np.int64))
