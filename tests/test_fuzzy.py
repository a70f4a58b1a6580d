"""Spellings that appear in no glossary file and no rule makes exactly are still found by the
skeleton key, reported as fuzzy, and never preferred over an exact match."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names.skeleton import skeleton


def test_near_misses_are_found_as_fuzzy(normalizer: Normalizer) -> None:
    text = "Talks near Chalkhin Gol, in Toukio, with Ukhnagiin Khurelsukhh."
    found = [(m.text, m.entry_id, m.how) for m in normalizer.annotate(text)]
    assert found == [("Chalkhin Gol", "khalkhin-gol", "fuzzy"),
                     ("Toukio", "tokyo", "fuzzy"),
                     ("Ukhnagiin Khurelsukhh", "ukhnaagiin-khurelsukh", "fuzzy")]


def test_exact_matches_win_and_fuzzy_can_be_turned_off(normalizer: Normalizer) -> None:
    mentions = normalizer.annotate("Khalkhin Gol and Khalkhin Goll")
    assert [m.how for m in mentions] == ["preferred", "fuzzy"]
    from steppe_names.scan import scan

    assert [m.how for m in scan(normalizer.index, "Khalkhin Goll", fuzzy=False)] == []


def test_fuzzy_needs_a_capital_and_a_whole_word(normalizer: Normalizer) -> None:
    assert normalizer.annotate("the tohkyoh express") == []
    assert normalizer.annotate("Tohkyohs") == []


def test_listed_non_mentions_stay_non_mentions(normalizer: Normalizer) -> None:
    assert normalizer.annotate("Mongolia Weekly reported") == []


def test_skeleton_merges_the_spelling_classes() -> None:
    assert skeleton("Khalkhyn-Gol") == skeleton("Halhin Gol") == skeleton("Xalxin gol")
    assert skeleton("Tōkyō") == skeleton("Toukyou") == skeleton("Tokio".replace("i", "y"))
    assert skeleton("Ulaanbaatar") != skeleton("Ulan Bator")  # different vowels: a listed term


def test_fuzzy_lookup_can_be_switched_off_everywhere(normalizer: Normalizer,
                                                     tmp_path: object) -> None:
    from steppe_names.cli import main

    exact = Normalizer(normalizer.index, fuzzy=False)
    text = "Talks near Chalkhin Gol and Khalkhin Gol."
    assert [m.how for m in normalizer.annotate(text)] == ["fuzzy", "preferred"]
    assert [m.how for m in exact.annotate(text)] == ["preferred"]
    assert [m.how for m in exact.annotate_stream([text[:12], text[12:]])] == ["preferred"]
    assert exact.normalize(text) == text
    assert main(["annotate", "--no-fuzzy", "/dev/null"]) == 1  # empty input, but accepted


_PIECES = st.sampled_from(["Khalkhin", "Gol", "McDonald", "ÉLAN", "aB", "Ǆx", "ǅa", "é", "E\u0301",
                           "\u0301A", "Ωmega", "Улан", "ß", "ẞ", "Ḱ", "1", " ", "-", "_", "\n",
                           "ウラン", "ǉ", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.data())
def test_capitalised_words_are_found_alike_by_numpy_and_by_re(text: str,
                                                              data: st.DataObject) -> None:
    """The fuzzy pass looks for capitalised Latin words in a long text with NumPy and in a
    short one with `re`: the same words, from any starting point (the character before it
    still counts)."""
    from steppe_names import folding, scan

    min_start = data.draw(st.integers(0, len(text)))
    expected = [(m.start(), m.end()) for m in scan._CAPITALISED_WORD.finditer(text, min_start)]
    assert list(scan._capitalised_words(text, min_start, None)) == expected
    units = folding.utf16_units(text, 0)
    assert units is not None
    assert list(scan._capitalised_words(text, min_start, units)) == expected


@pytest.mark.parametrize("vector_min", [0, 10**9])
def test_fuzzy_names_in_a_long_text(normalizer: Normalizer, vector_min: int,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from steppe_names import folding

    monkeypatch.setattr(folding, "VECTOR_MIN", vector_min)
    folding.use_vector()
    line = "Talks near Chalkhin Gol, in Toukio, with Ukhnagiin Khurelsukhh.\n"
    found = normalizer.annotate(line * 200 + "xToukio Toukio")
    assert [m.how for m in found].count("fuzzy") == 601
    assert (found[-1].start, found[-1].end) == (len(line) * 200 + 8, len(line) * 200 + 14)
