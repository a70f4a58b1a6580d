"""Resource limits: a hostile glossary is an error that names the problem and the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from steppe_names import GlossaryError, Normalizer, load_glossary
from steppe_names.compile import build_index


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "g.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_overlong_term_names_its_line_and_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, f'[x]\nkind = "place"\n[x.en]\npreferred = "{"A" * 500}"\n')
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    message = str(caught.value)
    assert f"{path}:4: entry 'x'" in message and "500 code points" in message
    assert "STEPPE_NAMES_MAX_TERM_LENGTH" in message


def test_a_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, f'[x]\nkind = "place"\n[x.en]\npreferred = "{"A" * 500}"\n')
    monkeypatch.setenv("STEPPE_NAMES_MAX_TERM_LENGTH", "1000")
    assert len(load_glossary(path)) == 1


def test_a_variant_explosion_is_an_error_naming_the_term(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[x]\nkind = "person"\n[x.ru]\npreferred = "Владимир Путин"\n'
                 '[x.en]\npreferred = "X"\n')
    glossary = load_glossary(path)
    monkeypatch.setenv("STEPPE_NAMES_MAX_FORMS_PER_TERM", "20")
    with pytest.raises(GlossaryError) as caught:
        build_index(glossary)
    message = str(caught.value)
    assert "term 'Владимир Путин' makes" in message and "too many" in message
    assert f"{path}:4: entry 'x'" in message


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f'[e{i}]\nkind = "place"\n[e{i}.en]\npreferred = "Name{i}"\n'
                   for i in range(12))
    monkeypatch.setenv("STEPPE_NAMES_MAX_ENTRIES", "10")
    with pytest.raises(GlossaryError, match="12 entries"):
        load_glossary(write(tmp_path, text))


def test_a_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "# " + "x" * 2000 + "\n")
    monkeypatch.setenv("STEPPE_NAMES_MAX_FILE_BYTES", "1000")
    with pytest.raises(GlossaryError, match="file too large"):
        load_glossary(path)


def test_a_bad_limit_value_is_reported(monkeypatch: pytest.MonkeyPatch,
                                       normalizer: Normalizer) -> None:
    from steppe_names.limits import Limits

    monkeypatch.setenv("STEPPE_NAMES_MAX_ENTRIES", "lots")
    with pytest.raises(ValueError, match="STEPPE_NAMES_MAX_ENTRIES must be a whole number"):
        Limits.current()
