"""The public API of steppe_names.translit, as a user calls it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from steppe_names.translit import (
    Scheme,
    SchemeError,
    SchemeInfo,
    UnknownSchemeError,
    get_scheme,
    schemes,
    transliterate,
)


def test_transliterate_by_id() -> None:
    assert transliterate("Сүхбаатар", "mn-Cyrl-Latn-mns-2012") == "Sükhbaatar"
    assert transliterate("Sükhbaatar", "mn-Latn-Cyrl-mns-2012") == "Сүхбаатар"
    assert transliterate("Юрий Гагарин", "ru-Cyrl-Latn-press-en") == "Yuri Gagarin"
    assert transliterate("Юрий Гагарин", "ru-Cyrl-Latn-bgnpcgn-1947") == "Yuriy Gagarin"


def test_case_follows_the_source() -> None:
    bgn = get_scheme("ru-Cyrl-Latn-bgnpcgn-1947")
    assert bgn("Шар") == "Shar"
    assert bgn("ШАР") == "SHAR"
    assert bgn("Ш") == "Sh"
    assert bgn("ЦИК России") == "TSIK Rossii"
    assert bgn("ЕЁ") == "YEYË"
    assert bgn("шЧ") == "sh·Ch"


def test_text_without_letters_of_the_scheme_is_unchanged() -> None:
    text = "2024-05-01, «OK» — 東京 🙂"
    for info in schemes():
        if info.source_script == "Cyrl":
            assert transliterate(text, info.id) == text


def test_schemes_lists_frozen_infos() -> None:
    infos = schemes()
    assert infos == sorted(infos, key=lambda i: i.id)
    assert len({i.id for i in infos}) == len(infos)
    info = next(i for i in infos if i.id == "ru-Cyrl-Latn-bgnpcgn-1947")
    assert info == SchemeInfo(
        id="ru-Cyrl-Latn-bgnpcgn-1947",
        name=info.name,
        language="ru",
        source_script="Cyrl",
        target_script="Latn",
        authority="BGN/PCGN",
        year=1947,
        source=info.source,
        conforms_to=("bgnpcgn-rus-Cyrl-Latn-1947",),
        reversible=False,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.year = 1948  # type: ignore[misc]


def test_get_scheme_compiles_once() -> None:
    first = get_scheme("ru-Cyrl-Latn-iso9-1995")
    assert isinstance(first, Scheme)
    assert get_scheme("ru-Cyrl-Latn-iso9-1995") is first
    assert first.info.reversible
    assert get_scheme("ru-Latn-Cyrl-iso9-1995").info.source_script == "Latn"


def test_unknown_scheme_suggests_close_ids() -> None:
    with pytest.raises(UnknownSchemeError) as caught:
        get_scheme("ru-Cyrl-Latn-bgnpcgn-1974")
    assert "ru-Cyrl-Latn-bgnpcgn-1947" in str(caught.value)
    assert "ru-Cyrl-Latn-bgnpcgn-1947" in caught.value.suggestions
    assert isinstance(caught.value, LookupError)


def test_scheme_error_is_a_value_error() -> None:
    assert issubclass(SchemeError, ValueError)


def test_scheme_files_are_package_resources() -> None:
    from importlib import resources

    folder = resources.files("steppe_names.translit").joinpath("schemes")
    names = {entry.name for entry in folder.iterdir() if entry.name.endswith(".toml")}
    assert "ru-Cyrl-Latn-bgnpcgn-1947.toml" in names
    assert "mn-Cyrl-Latn-mns-2012.toml" in names


def test_long_text_round_trip_through_iso9() -> None:
    text = "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 200
    there = transliterate(text, "ru-Cyrl-Latn-iso9-1995")
    assert transliterate(there, "ru-Latn-Cyrl-iso9-1995") == text


GOOD = """\
format = 1
id = "xx-Cyrl-Latn-good-1"
name = "good"
language = "xx"
source_script = "Cyrl"
target_script = "Latn"
authority = "tests"
year = 2024
source = "tests"
conforms_to = []
reversible = true
samples = [["ш", "sh"]]

[map]
"ш" = "sh"

[reverse]
id = "xx-Latn-Cyrl-good-1"
conforms_to = []
samples = [["sh", "ш"]]

[reverse.map]
"sh" = "ш"
"""


@pytest.fixture
def scheme_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the registry at a temporary folder of scheme files."""
    from steppe_names.translit import registry

    def clear() -> None:
        registry._file_names.cache_clear()
        registry._load_file.cache_clear()
        registry.scheme_specs.cache_clear()
        registry._compiled.clear()

    clear()
    monkeypatch.setattr(registry, "_folder", lambda: tmp_path)
    yield tmp_path
    monkeypatch.undo()
    clear()


def test_a_broken_file_does_not_break_the_others(scheme_folder: Path) -> None:
    (scheme_folder / "xx-Cyrl-Latn-good-1.toml").write_text(GOOD, encoding="utf-8")
    (scheme_folder / "xx-Cyrl-Latn-bad-1.toml").write_text('id = "xx"\n[map\n', encoding="utf-8")
    assert transliterate("Шш", "xx-Cyrl-Latn-good-1") == "Shsh"
    with pytest.raises(SchemeError, match=r"^schemes/xx-Cyrl-Latn-bad-1\.toml:2: invalid TOML"):
        schemes()
    # A reverse id is searched in every readable file ...
    assert transliterate("shsh", "xx-Latn-Cyrl-good-1") == "шш"
    # ... and when it is nowhere, the broken file is reported rather than hidden.
    with pytest.raises(SchemeError, match="bad-1"):
        get_scheme("xx-Latn-Cyrl-missing-1")


def test_reverse_id_is_found_in_its_forward_file(scheme_folder: Path) -> None:
    (scheme_folder / "xx-Cyrl-Latn-good-1.toml").write_text(GOOD, encoding="utf-8")
    assert transliterate("Shar", "xx-Latn-Cyrl-good-1") == "Шar"
    assert [info.id for info in schemes()] == ["xx-Cyrl-Latn-good-1", "xx-Latn-Cyrl-good-1"]
    with pytest.raises(UnknownSchemeError, match="xx-Latn-Cyrl-good-1"):
        get_scheme("xx-Latn-Cyrl-good-2")
