"""Spreadsheet glossaries for one language: Weblate's CSV and OmegaT's TSV (both lossy, and
they say what they leave out)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from steppe_names import load_glossary
from steppe_names.glossary import csv_format
from tests.test_po_helpers import copy_glossary, steppe, tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    copy_glossary(tmp_path)
    return tmp_path


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_weblate_csv_has_weblates_columns_and_one_row_per_term(project: Path) -> None:
    result = steppe("glossary", "export", "--format", "csv", "--lang", "ru", "-o", "ru.csv",
                    "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "csv holds the ru terms with their status, usage, flags and notes; it leaves out " \
           "the English variants" in result.err
    text = (project / "ru.csv").read_bytes().decode("utf-8")
    assert text.startswith('"location","source","target","id","fuzzy","context",'
                           '"translator_comments","developer_comments"\r\n')
    rows = [r for r in read_csv(project / "ru.csv")
            if r["context"].partition("|")[0] == "ulaanbaatar"]
    assert [(r["source"], r["target"], r["context"], r["fuzzy"], r["translator_comments"],
             r["developer_comments"].split("\n")[0]) for r in rows] == [
        ("Ulaanbaatar", "Улан-Батор", "ulaanbaatar", "False", "", "preferred"),
        ("Ulaanbaatar", "Урга", "ulaanbaatar|admitted|1", "False", "до 1924 года",
         "admitted | historic")]
    assert rows[0]["location"] == "glossary/places.toml"
    assert "place: Capital and largest city of Mongolia." in rows[0]["developer_comments"]


def test_a_csv_round_trip_changes_nothing(project: Path) -> None:
    for lang in ("ru", "mn", "ja"):
        assert steppe("glossary", "export", "--lang", lang, "-o", f"{lang}.csv",
                      "--glossary", "glossary").code == 0
        before = tree(project / "glossary")
        result = steppe("glossary", "import", f"{lang}.csv", "--lang", lang,
                        "--glossary", "glossary")
        assert result.code == 0, result.err
        assert "0 entries changed" in result.out
        assert tree(project / "glossary") == before


def test_a_csv_edited_in_a_spreadsheet_comes_back(project: Path) -> None:
    assert steppe("glossary", "export", "--lang", "ru", "-o", "ru.csv",
                  "--glossary", "glossary").code == 0
    path = project / "ru.csv"
    rows = read_csv(path)
    for row in rows:
        if row["context"] == "ulaanbaatar|admitted|1":  # Урга: a new note
            row["translator_comments"] = "название до 1924 года"
        if row["context"] == "nomonhan|admitted|2":  # a spreadsheet that lost the flags
            row["developer_comments"] = ""
    rows.append({"source": "Ulaanbaatar", "target": "Улан Батор",
                 "context": "ulaanbaatar|deprecated|1", "developer_comments": "deprecated"})
    rows = [r for r in rows if r["context"] != "dornod|admitted|1"]  # a term removed
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=csv_format.WEBLATE_COLUMNS,
                            quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")

    result = steppe("glossary", "import", "ru.csv", "--lang", "ru", "--glossary", "glossary")
    assert result.code == 0, result.err
    glossary = load_glossary(project / "glossary")
    assert [(t.text, t.status, t.note) for t in glossary["ulaanbaatar"].terms_in("ru")] == [
        ("Улан-Батор", "preferred", ""), ("Урга", "admitted", "название до 1924 года"),
        ("Улан Батор", "deprecated", "")]
    assert "аймак Дорнод" not in [t.text for t in glossary["dornod"].terms_in("ru")]
    # English terms, notes and the other languages are untouched
    assert glossary["ulaanbaatar"].notes == "Capital and largest city of Mongolia."
    assert glossary["ulaanbaatar"].preferred("mn") == "Улаанбаатар"


def test_omegat_tsv_round_trip_and_layout(project: Path) -> None:
    result = steppe("glossary", "export", "--format", "tsv", "--lang", "ja", "-o", "ja.tsv",
                    "--glossary", "glossary")
    assert result.code == 0, result.err
    assert "tsv holds the ja terms" in result.err
    lines = (project / "ja.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("# steppe-names glossary, en -> ja.")
    assert "Tokyo\t東京\ttokyo | preferred | reading: とうきょう" in lines
    assert "Ulaanbaatar\t庫倫\tulaanbaatar | admitted | historic | " \
           "note: pre-1924 Chinese/Japanese name of Urga" in lines
    before = tree(project / "glossary")
    back = steppe("glossary", "import", "ja.tsv", "--lang", "ja", "--glossary", "glossary")
    assert back.code == 0, back.err
    assert tree(project / "glossary") == before


def test_spreadsheet_formats_need_one_language(project: Path) -> None:
    result = steppe("glossary", "export", "--format", "csv")
    assert result.code == 2
    assert "--format csv holds one language: give --lang ru, mn or ja" in result.err
    assert steppe("glossary", "export", "--format", "tsv", "--lang", "ru,mn").code == 2


def test_unknown_ids_in_a_spreadsheet_are_reported(project: Path) -> None:
    (project / "x.tsv").write_text("Atlantis\tАтлантида\tatlantis | preferred\n",
                                   encoding="utf-8")
    result = steppe("glossary", "import", "x.tsv", "--lang", "ru", "--glossary", "glossary")
    assert result.code == 2
    assert "x.tsv:1: entry 'atlantis': unknown entry id" in result.err
