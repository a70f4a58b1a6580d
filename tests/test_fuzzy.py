"""Spellings that appear in no glossary file and no rule makes exactly are still found by the
skeleton key, reported as fuzzy, and never preferred over an exact match."""

from __future__ import annotations

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
