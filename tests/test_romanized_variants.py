"""The rules make the romanizations: spellings that no glossary file holds are found because a
transliteration scheme (or, failing that, the skeleton key) produces them."""

from __future__ import annotations

import pytest

from steppe_names import Normalizer, load_glossary
from steppe_names.cli import main
from steppe_names.folding import fold


def _glossary_text() -> str:
    """Every hand-written term of the bundled glossary, folded, one per line."""
    return "\n".join(fold(t.text) for e in load_glossary() for t in e.terms) + "\n"


# (spelling as a text writes it, entry, the rule that must have made it)
ROMANIZED = [
    ("Halhin-Gol", "khalkhin-gol", "translit:ru-Cyrl-Latn-iso9-1995"),
    ("Chalchin-Gol", "khalkhin-gol", "translit:ru-Cyrl-Latn-press-de-duden"),
    ("Khalkhine-Gol", "khalkhin-gol", "translit:ru-Cyrl-Latn-press-fr"),
    ("Oulan-Bator", "ulaanbaatar", "translit:ru-Cyrl-Latn-press-fr"),
    ("Rossija", "russia", "translit:ru-Cyrl-Latn-ungegn-1987"),
    ("Toukyou", "tokyo", "translit:ja-Hrkt-Latn-wapuro-ime"),
    ("Tohkyoh", "tokyo", "translit:ja-Hrkt-Latn-mofa-1989-oh"),
    ("Kantōgun", "kwantung-army", "translit:ja-Hrkt-Latn-hepburn-modified"),
    ("Abe Sinzô", "shinzo-abe", "translit:ja-Hrkt-Latn-kunrei-1954"),
    ("Токё", "tokyo", "translit:ja-Hrkt-Cyrl-polivanov"),
    ("Halh gol", "khalkhin-gol", "translit:mn-Cyrl-Latn-"),
]


@pytest.mark.parametrize(("spelling", "entry_id", "rule"), ROMANIZED)
def test_romanizations_no_glossary_lists_are_found(normalizer: Normalizer, spelling: str,
                                                   entry_id: str, rule: str) -> None:
    assert fold(spelling) + "\n" not in _glossary_text(), "the test must use an unlisted spelling"
    (mention,) = normalizer.annotate(f"Reports from {spelling}, yesterday.")
    assert (mention.text, mention.entry_id) == (spelling, entry_id)
    assert rule in mention.how


@pytest.mark.parametrize(("spelling", "entry_id"), [
    ("Khalkhyn-Goll", "khalkhin-gol"), ("Ulaanbaatarr", "ulaanbaatar"),
    ("Ukhnagiin Khurelsukhh", "ukhnaagiin-khurelsukh"), ("Chalkhin Gol", "khalkhin-gol"),
])
def test_near_misses_only_the_skeleton_key_catches(normalizer: Normalizer, spelling: str,
                                                   entry_id: str) -> None:
    assert fold(spelling) + "\n" not in _glossary_text()
    (mention,) = normalizer.annotate(f"Reports from {spelling}, yesterday.")
    assert (mention.text, mention.entry_id, mention.how) == (spelling, entry_id, "fuzzy")


def test_transliterate_command(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    import sys
    from io import BytesIO, TextIOWrapper

    sys.stdin = TextIOWrapper(BytesIO("Халхин-Гол".encode()), encoding="utf-8")
    try:
        assert main(["transliterate", "--scheme", "ru-Cyrl-Latn-bgnpcgn-1947", "-"]) == 0
    finally:
        sys.stdin = sys.__stdin__
    assert capsys.readouterr().out == "Khalkhin-Gol"


def test_unknown_scheme_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transliterate", "--scheme", "ru-bgn", "/dev/null"]) == 2
    assert "did you mean 'ru-Cyrl-Latn-bgnpcgn-1947'" in capsys.readouterr().err


def test_schemes_command_lists_every_scheme(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["schemes", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    ids = {s["id"] for s in listed}
    assert {"ru-Cyrl-Latn-bgnpcgn-1947", "mn-Cyrl-Latn-mns-2012", "mn-Latn-Cyrl-mns-2012",
            "ja-Hrkt-Latn-hepburn-modified", "mn-Mong-Latn-un-general-2013"} <= ids
    assert set(listed[0]) >= {"id", "language", "source_script", "target_script", "authority",
                              "year", "conforms_to", "reversible"}
