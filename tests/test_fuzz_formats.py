"""Fuzzing the import formats: .po catalogs, TBX v3 and v2, Weblate CSV and OmegaT TSV.

For each format a valid file (exported from a tiny glossary) is mutated line by line and byte
by byte, and arbitrary bytes are tried too; every input goes the way `steppe-names po import`
and `steppe-names glossary import` take it (read, merge, validate, plan the TOML edits, as
with --dry-run). Properties:

- the only exception is a GlossaryError, and each of its problems names a file;
- an import that succeeds plans glossary files that load again;
- the lossless round trips are lossless: TBX v3 and v2 for whole entries, CSV and TSV for the
  terms of their language, the spreadsheet-injection quoting for any text.

Each property runs 10,000 examples under the `slow` marker (part of the default run, so
`.ci/run` runs them) and 200 in the quick suite (`pytest -m "not slow"`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import re
import string
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steppe_names.glossary import Glossary, GlossaryError, catalogs, toml_format
from steppe_names.glossary import csv_format as csvf
from steppe_names.glossary import tbx_format as tbx
from steppe_names.glossary.edit import entry_content
from steppe_names.glossary.po_format import term_content
from steppe_names.model import USAGES, Entry, NameParts, Term

SEEDS = st.integers(0, 2**64 - 1)
RUNS = pytest.mark.parametrize("runs", [pytest.param(10_000, marks=pytest.mark.slow, id="slow"),
                                        pytest.param(200, id="quick")])


def run(runs: int, test: Callable[..., None], **strategies: st.SearchStrategy[Any]) -> None:
    """Run `test` as a hypothesis property with `runs` examples."""
    settings(max_examples=runs, deadline=None, database=None,
             suppress_health_check=list(HealthCheck))(given(**strategies)(test))()


GLOSSARY = """\
[ulaanbaatar]
kind = "place"
notes = "Capital of Mongolia."
[ulaanbaatar.en]
preferred = "Ulaanbaatar"
admitted = ["Ulan Bator"]
[ulaanbaatar.ru]
preferred = "Улан-Батор"
admitted = [{ text = "Урга", usage = ["historic"], note = "до 1924 года" }]
deprecated = ["Улан Батор"]
[ulaanbaatar.mn]
preferred = "Улаанбаатар"
[ulaanbaatar.ja]
preferred = "ウランバートル"

[tokyo]
kind = "place"
[tokyo.en]
preferred = "Tokyo"
[tokyo.ru]
preferred = "Токио"
[tokyo.ja]
preferred = { text = "東京", reading = "とうきょう" }

[zhukov]
kind = "person"
not_mentions = ["Zhukov Street"]
[zhukov.en]
preferred = "Georgy Zhukov"
[zhukov.ru]
preferred = "Георгий Жуков"
admitted = [{ text = "Жуков", usage = ["short"], inflect = false }]
name = { style = "russian", given = "Георгий", family = "Жуков" }
"""


@dataclasses.dataclass
class Project:
    """A tiny glossary, valid files of every format exported from it, and where to put the
    fuzzed file of each format."""

    root: Path
    glossary: Path
    source: catalogs.Source
    seeds: dict[str, bytes]
    targets: dict[str, Path]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("fuzz-formats")
    glossary = root / "glossary.toml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    source = catalogs.load_source([glossary])
    locales = root / "locales"
    catalogs.write_planned(catalogs.plan_export(source, ["ru"], locales).files)
    entries = sorted(source.glossary, key=lambda e: e.id)
    seeds = {
        "po": catalogs.catalog_path(locales, "ru").read_bytes(),
        "tbx": tbx.dumps(entries, version=3).encode(),
        "tbx2": tbx.dumps(entries, version=2).encode(),
        "csv": csvf.dumps_weblate(entries, "ru")[0].encode(),
        "tsv": csvf.dumps_omegat(entries, "ja")[0].encode(),
    }
    targets = {"po": root / "fuzz" / "ru" / "LC_MESSAGES" / "steppe_names.po",
               "tbx": root / "fuzz.tbx", "tbx2": root / "fuzz-v2.tbx", "csv": root / "fuzz.csv",
               "tsv": root / "fuzz.tsv"}
    targets["po"].parent.mkdir(parents=True)
    return Project(root, glossary, source, seeds, targets)


def import_file(project: Project, fmt: str, path: Path) -> catalogs.ImportReport:
    """Import a file as the CLI does (`po import` / `glossary import`), with --dry-run."""
    if fmt == "po":
        return catalogs.import_catalogs(project.source, [path], dry_run=True)
    report = catalogs.ImportReport()
    base = list(project.source.glossary)
    if fmt in ("tbx", "tbx2"):
        entries, problems = tbx.merge(base, tbx.load(path))
    else:
        lang = "ru" if fmt == "csv" else "ja"
        load = csvf.load_weblate if fmt == "csv" else csvf.load_omegat
        entries, problems = csvf.merge(base, load(path, lang), lang)
    return catalogs.commit(project.source, entries, problems, report, dry_run=True)


def check_import(project: Project, fmt: str, data: bytes) -> None:
    path = project.targets[fmt]
    path.unlink(missing_ok=True)  # (faster than truncating: no flush on close)
    path.write_bytes(data)
    try:
        report = import_file(project, fmt, path)
    except GlossaryError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file in (str(path), str(project.glossary)), problem
        return
    # what the import would write loads again, and is a valid glossary
    written = {p: new for p, _old, new in report.planned}
    entries = [e for p, text in written.items() for e in toml_format.loads(text, str(p))]
    if written:
        Glossary(entries)


# --- inputs: a valid file, mutated ------------------------------------------------------------

NASTY = ["", "\x00", "\r", "\n", "\r\n", "\t", " ", "  ", "\ufeff", "\u2028", "\x85", "\u0301",
         "\u202e", "\U0001f600", "\udcff", "\\", '"', "'", "|", "||", "&", "<", ">", "#", "=",
         "-", "@", "+", ":", ",", ";", "{", "}", "[", "]", "\\u", "\\uD800", "\\uZZ", "\\n",
         "\\|", "x" * 300, "Ж" * 250, "Токио", "東京", "とうきょう", "Ulaanbaatar", "tokyo",
         "zhukov", "ulaanbaatar", "atlantis", "9"]
PIECES = {
    "po": ['msgid "', 'msgstr "', 'msgctxt "', 'msgctxt "tokyo"', 'msgctxt "tokyo|variants"',
           'msgctxt "tokyo|x"', 'msgid_plural "x"', 'msgstr[0] "x"', "#, fuzzy", "#~ ", "#| ",
           "# ", "#. ", '"\\n"', '"', "\"Language: ja\\n\"", "\"Language: de\\n\"",
           "| historic", "| preferred", "| deprecated", "| admitted", "| reading: abc",
           "| reading: とうきょう", "| note: x", "| source: y", "| no-inflect", "| ambiguous",
           "| bogus", "Жуков | short", "Токио | deprecated"],
    "tbx": ["<", "</", "/>", "<term>", "</term>", "<termSec>", "</termSec>", "<langSec>",
            'xml:lang="ru"', 'xml:lang="de"', 'id="tokyo"', 'id=""', 'id="_9"', "&amp;",
            "&lt;", "&#0;", "&#x1F600;", "&#xD800;", "&xxe;", "<![CDATA[", "]]>", "<!--", "-->",
            "<?pi x?>", '<!DOCTYPE tbx SYSTEM "http://127.0.0.1:9/x.dtd">',
            '<!DOCTYPE tbx [<!ENTITY a "b">]>', '<?xml version="1.0" encoding="utf-7"?>',
            '<?xml version="1.0" encoding="UTF-16"?>', "preferredTerm-admn-sts",
            "deprecatedTerm-admn-sts", "goodTerm", '<termNote type="termType">shortForm',
            '<descrip type="subjectField">person</descrip>', "<note>steppe-names: ",
            '{"usage": 5}', '{"usage": ["historic", 1]}', '{"reading": "abc"}',
            '{"inflect": "no"}', '{"priority": true}', '{"priority": 1e400}',
            '{"not_mentions": "x"}', '{"not_mentions": ["\\ud800"]}',
            '{"name": {"style": "mongolian"}}', '{"name": {"style": 5}}', '{"name": []}',
            "[" * 50, "<hi>", "</hi>", "<ntig><termGrp>"],
    "csv": ['"', '""', ",", "\r\n", "\n", "'", "'=", "''", "=HYPERLINK()", "|admitted|1",
            "|deprecated|2", "|preferred", "True", "False", "fuzzy", "preferred",
            "admitted | historic", "deprecated | note: x", "reading: abc", "\\u0009",
            '"location","source","target"', '"context"', '"id"'],
    "tsv": ["\t", "\t\t", "|", " | ", "preferred", "admitted", "deprecated", "historic",
            "reading: とうきょう", "reading: x", "note: ", "#", "'", "'=", "tokyo | ",
            "\\u0009"],
}
PIECES["tbx2"] = PIECES["tbx"] + ["<tig>", "</tig>", "<langSet>", "<termEntry>", "martif"]


_PO_STRING = re.compile(r'^((?:#~ |#\| )?(?:msgctxt|msgid|msgstr)?\s*")(.*)("\s*)$')
_XML_LEAF = re.compile(r"^(\s*<(\w+)[^>]*>)([^<]*)(</\2>)$")


def _edit_value(fmt: str, lines: list[str], rnd: random.Random, text: Callable[[], str]) -> None:
    """Change one value the way an editor would, keeping the file's syntax: a .po string, an
    XML leaf element's text, a CSV or TSV cell."""
    new = "".join(text() for _ in range(rnd.randint(1, 3)))
    keep = rnd.random() < 0.5  # add to the value, or replace it
    if fmt == "po":
        found = [i for i, line in enumerate(lines) if _PO_STRING.match(line)]
        index = rnd.choice(found)
        head, value, tail = _PO_STRING.match(lines[index]).groups()  # type: ignore[union-attr]
        escaped = new.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        lines[index] = head + (value if keep else "") + escaped + tail
    elif fmt in ("tbx", "tbx2"):
        found = [i for i, line in enumerate(lines) if _XML_LEAF.match(line)]
        index = rnd.choice(found)
        head, _tag, value, tail = _XML_LEAF.match(lines[index]).groups()  # type: ignore[union-attr]
        escaped = new.replace("&", "&amp;").replace("<", "&lt;") if rnd.random() < 0.8 else new
        lines[index] = head + (value if keep else "") + escaped + tail
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO("\n".join(lines), newline="")))
        row = rnd.choice(rows) if rows else []
        if row:
            cell = rnd.randrange(len(row))
            row[cell] = (row[cell] if keep else "") + new
        out = io.StringIO()
        csv.writer(out, quoting=rnd.choice([csv.QUOTE_ALL, csv.QUOTE_MINIMAL]),
                   lineterminator="\r\n").writerows(rows)
        lines[:] = out.getvalue().split("\n")
    else:
        index = rnd.choice([i for i, line in enumerate(lines) if "\t" in line] or [0])
        cells = lines[index].split("\t")
        cell = rnd.randrange(len(cells))
        cells[cell] = (cells[cell] if keep else "") + new.replace("\t", "").replace("\n", "")
        lines[index] = "\t".join(cells)


@st.composite
def mutated(draw: st.DrawFn, fmt: str, seed: bytes) -> bytes:
    """The seed with a few edits: to values (keeping the syntax, so that most inputs reach the
    importer's checks of meaning), to lines, or to bytes; or arbitrary bytes. (The edits come
    from one seeded random generator, not from a draw each: ten times fewer draws.)"""
    rnd = random.Random(draw(SEEDS))
    how = rnd.randrange(10)
    if how == 0:
        return draw(st.binary(max_size=300))
    if how == 1:  # byte-level edits: flips, cuts, insertions
        data = bytearray(seed)
        for _ in range(rnd.randint(1, 4)):
            at = rnd.randint(0, len(data))
            op = rnd.randrange(3)
            if op == 0 and at < len(data):
                data[at] = rnd.randrange(256)
            elif op == 1:
                del data[at:at + rnd.randint(1, 40)]
            else:
                data[at:at] = rnd.randbytes(rnd.randint(1, 8))
        return bytes(data)
    lines = seed.decode("utf-8").split("\n")
    pieces = PIECES[fmt]

    def text() -> str:
        kind = rnd.randrange(3)
        if kind == 0:
            return rnd.choice(NASTY)
        if kind == 1:
            return rnd.choice(pieces)
        return "".join(rnd.choices(string.printable, k=rnd.randint(0, 6)))

    for _ in range(rnd.randint(1, 5)):
        index = rnd.randrange(len(lines))
        op = rnd.randrange(6) if how < 5 else 6
        line = lines[index]
        if op == 0:
            del lines[index]
        elif op == 1:
            lines.insert(index, line)
        elif op == 2:
            other = rnd.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif op == 3:
            lines.insert(index, "".join(text() for _ in range(rnd.randint(1, 4))))
        elif op in (4, 5):  # replace a stretch of the line (4) or insert into it (5)
            start = rnd.randint(0, len(line))
            end = rnd.randint(start, len(line)) if op == 4 else start
            lines[index] = (line[:start] + "".join(text() for _ in range(rnd.randint(0, 3)))
                            + line[end:])
        else:
            _edit_value(fmt, lines, rnd, text)
        if not lines:
            lines = [""]
    if rnd.random() < 0.1:
        lines = lines[:rnd.randint(0, len(lines))]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@RUNS
@pytest.mark.parametrize("fmt", ["po", "tbx", "tbx2", "csv", "tsv"])
def test_an_import_only_ever_raises_glossary_errors(project: Project, fmt: str,
                                                    runs: int) -> None:
    def body(data: bytes) -> None:
        check_import(project, fmt, data)

    run(runs, body, data=mutated(fmt, project.seeds[fmt]))


def test_the_seeds_import_unchanged(project: Project) -> None:
    for fmt, seed in project.seeds.items():
        path = project.targets[fmt]
        path.write_bytes(seed)
        report = import_file(project, fmt, path)
        assert report.changes == [], (fmt, report.descriptions)


# --- round trips ------------------------------------------------------------------------------

# Texts that break files: XML and CSV specials, quotes and the formula triggers at the start,
# bars and backslashes of the variant syntax, line breaks, right-to-left marks, emoji, and
# notes that look like the TBX export's own machine notes.
SPECIALS = [*"=+-@'\"&<>|\\,;#:", "\t", "\r", "\n", "\u2028", "\u0301", "\u200f",
            "\U0001f600", "\u3000", "]]>", "&amp;", "steppe-names: ", '{"a": 1}', " ", "''"]
LETTERS = {"en": "abcxyzKU", "ru": "абвгдёжУБ", "ja": "ウランバ東京"}


def _note(rnd: random.Random) -> str:
    return "".join(rnd.choice(SPECIALS) if rnd.random() < 0.6 else rnd.choice("aбв")
                   for _ in range(rnd.randint(0, 6)))


def _term_text(rnd: random.Random, lang: str) -> str:
    """A valid term: letters at both ends, anything but a control character (a line break,
    a tab) or a doubled space between, composed (NFC)."""
    middle = "".join(rnd.choice(SPECIALS) if rnd.random() < 0.5 else rnd.choice(LETTERS[lang])
                     for _ in range(rnd.randint(0, 4)))
    text = rnd.choice(LETTERS[lang]) + re.sub("[\r\n\t]", "", middle) + rnd.choice(LETTERS[lang])
    return unicodedata.normalize("NFC", re.sub(" +", " ", text))


def _language(rnd: random.Random, lang: str) -> list[Term]:
    texts = list(dict.fromkeys(_term_text(rnd, lang) for _ in range(rnd.randint(1, 3))))
    terms = [Term(text, lang, "preferred" if number == 0
                  else rnd.choice(["admitted", "deprecated"]),
                  usage=tuple(rnd.sample(USAGES, rnd.randint(0, 2))), note=_note(rnd),
                  source=_note(rnd), ambiguous=rnd.random() < 0.5, inflect=rnd.random() < 0.5,
                  reading=rnd.choice(["", "とうきょう", "カナ"]) if lang == "ja" else "")
             for number, text in enumerate(texts)]
    return [t for status in ("preferred", "admitted", "deprecated") for t in terms
            if t.status == status]


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    """One or two entries full of hostile text (generated from one seeded random generator:
    a draw for each character would make a property ten times slower)."""
    rnd = random.Random(draw(SEEDS))
    result = []
    for number in range(rnd.randint(1, 2)):
        terms = [t for lang in ("en", "ru", "ja") if lang == "en" or rnd.random() < 0.7
                 for t in _language(rnd, lang)]
        has_ru = any(t.lang == "ru" for t in terms)
        names = (("ru", NameParts("russian", given="Иван", family="Жуков")),) \
            if has_ru and rnd.random() < 0.5 else ()
        result.append(Entry(f"e{number}", rnd.choice(["place", "person"]), tuple(terms),
                            notes=_note(rnd),
                            sources=tuple(_note(rnd) for _ in range(rnd.randint(0, 2))),
                            priority=rnd.randint(-3, 3),
                            not_mentions=tuple(_note(rnd) for _ in range(rnd.randint(0, 2))),
                            names=names, file="g.toml", line=1))
    return result


@RUNS
def test_tbx_v3_and_v2_round_trips_are_lossless(runs: int) -> None:
    def body(generated: list[Entry], version: int) -> None:
        again = tbx.loads(tbx.dumps(generated, version=version).encode(), "g.tbx")
        assert [entry_content(e) for e in again] == [entry_content(e) for e in generated]

    run(runs, body, generated=entries(), version=st.sampled_from([3, 2]))


def _cells(fmt: str, text: str) -> list[str]:
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return [cell for line in text.split("\n") for cell in line.split("\t")]


@RUNS
def test_csv_and_tsv_round_trips_keep_their_languages_terms(runs: int) -> None:
    def body(generated: list[Entry], lang: str) -> None:
        for fmt in ("csv", "tsv"):
            dump = csvf.dumps_weblate if fmt == "csv" else csvf.dumps_omegat
            loads = csvf.loads_weblate if fmt == "csv" else csvf.loads_omegat
            text, dropped = dump(generated, lang)
            for cell in _cells(fmt, text):
                assert not cell.startswith(csvf.FORMULA_TRIGGERS), cell
            if fmt == "tsv" and len(dropped) > 1:  # terms with tabs or line breaks: said so
                assert "tsv cannot hold tabs or line breaks" in dropped[1]
                continue
            merged, problems = csvf.merge(generated, loads(text, lang, f"g.{fmt}"), lang)
            assert problems == []
            for before, after in zip(generated, merged, strict=True):
                assert [term_content(t) for t in after.terms_in(lang)] == \
                    [term_content(t) for t in before.terms_in(lang)], (fmt, before.id)

    run(runs, body, generated=entries(), lang=st.sampled_from(["ru", "ja"]))


@RUNS
def test_neutralised_cells_are_safe_and_restore_exactly(runs: int) -> None:
    def body(text: str) -> None:
        cell = csvf.neutralise(text)
        assert not cell.startswith(csvf.FORMULA_TRIGGERS)
        assert csvf.restore(cell) == text
        assert cell == text or cell == "'" + text

    run(runs, body, text=st.one_of(st.text(alphabet="=+-@'\t\r a", max_size=5),
                                   st.text(max_size=5)))


# --- what the fuzzing found, pinned -----------------------------------------------------------

def _tbx_term(term: str = "Токио", note: str = "", lang_note: str = "",
              concept_note: str = "") -> bytes:
    """The seed TBX with tokyo's Russian term (and notes) replaced."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="{tbx.NAMESPACE}">'
            f'<text><body><conceptEntry id="tokyo">{concept_note}<langSec xml:lang="ru">'
            f"{lang_note}<termSec><term>{term}</term><termNote type=\"administrativeStatus\">"
            f"preferredTerm-admn-sts</termNote>{note}</termSec></langSec></conceptEntry>"
            f"</body></text></tbx>\n").encode()


@pytest.mark.parametrize(("data", "message"), [
    # crashes (TypeError, RecursionError) on machine notes of the wrong shape
    (_tbx_term(note='<note>steppe-names: {"usage": 5}</note>'), "usage must be a list of"),
    (_tbx_term(note='<note>steppe-names: {"usage": ["historic", {}]}</note>'),
     "usage must be a list of"),
    (_tbx_term(concept_note='<note>steppe-names: {"not_mentions": 5}</note>'),
     "not_mentions must be a list of strings, not 5"),
    (_tbx_term(note="<note>steppe-names: " + "[" * 100_000 + "</note>"),
     "unreadable steppe-names: note"),
    (_tbx_term(lang_note='<note>steppe-names: {"name": {"style": "russian", '
                         '"family": {"a": 1}}}</note>'), "name parts must be an object of"),
    # imports that would have written a glossary that does not load again
    (_tbx_term(term=" Токио"), "term ' Токио' has leading or trailing spaces"),
    (_tbx_term(term="Ток  ио"), "has a doubled space"),
    (_tbx_term(term=""), "a term needs a non-empty text"),
    (_tbx_term(term="Т" * 201), "is 201 code points long (limit 200"),
    (_tbx_term(note='<note>steppe-names: {"reading": "abc"}</note>'), "must be kana"),
    (_tbx_term(note='<note>steppe-names: {"inflect": "no"}</note>'),
     "inflect must be true or false"),
    (_tbx_term(concept_note='<note>steppe-names: {"priority": true}</note>'),
     "priority must be an integer"),
    (_tbx_term(concept_note='<note>steppe-names: {"priority": 1e400}</note>'),
     "priority must be an integer"),
    (_tbx_term(concept_note='<note>steppe-names: {"not_mentions": ["\\ud800"]}</note>'),
     "not_mentions must be a list of strings"),
    (_tbx_term(lang_note='<note>steppe-names: {"name": {"style": "mongolian"}}</note>'),
     "a mongolian name needs its given part"),
    # encodings pyexpat cannot use (ValueError, LookupError)
    (b'<?xml version="1.0" encoding="utf-7"?>\n<tbx/>', "cannot read the XML"),
    (b'<?xml version="1.0" encoding="hex"?>\n<tbx/>', "cannot read the XML"),
])
def test_hostile_tbx_content_is_a_glossary_error(project: Project, data: bytes,
                                                 message: str) -> None:
    path = project.targets["tbx"]
    path.write_bytes(data)
    with pytest.raises(GlossaryError) as caught:
        import_file(project, "tbx", path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:")


def test_a_note_that_looks_like_a_machine_note_survives_tbx() -> None:
    entry = Entry("x", "place", (Term("X", "en", "preferred", note='steppe-names: {"a": 1}'),),
                  notes="steppe-names: hello")
    for version in (3, 2):
        again = tbx.loads(tbx.dumps([entry], version=version))
        assert (again[0].notes, again[0].terms[0].note) == ("steppe-names: hello",
                                                            'steppe-names: {"a": 1}')


@pytest.mark.parametrize(("fmt", "data", "message"), [
    # a cell over the csv module's 128 KiB limit: csv.Error
    ("csv", b'"context","target"\r\n"tokyo","' + b"x" * 200_000 + b'"\r\n',
     ":2: not a readable CSV file: field larger than field limit"),
    # an empty target row of an unknown entry: the problem named no file
    ("csv", b'"context","target"\r\n"atlantis",""\r\n', ":2: entry 'atlantis': unknown entry id"),
    # terms the glossary files cannot hold
    ("csv", '"context","target"\r\n"tokyo"," Токио"\r\n'.encode(), "leading or trailing spaces"),
    ("tsv", b"Tokyo\t\ttokyo | preferred\n", ":1: entry 'tokyo': a term needs a non-"),
    ("tsv", "Tokyo\t東京\ttokyo | preferred | reading: abc\n".encode(), "must be kana"),
    ("tsv", "Tokyo\t東京\ttokyo | preferred | note: \\uD800\n".encode(), "surrogate pair"),
])
def test_hostile_spreadsheets_are_glossary_errors(project: Project, fmt: str, data: bytes,
                                                  message: str) -> None:
    path = project.targets[fmt]
    path.write_bytes(data)
    with pytest.raises(GlossaryError) as caught:
        import_file(project, fmt, path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("Жуков | short | no-inflect", "Жуков | short | note: \\\\uD800",
     "is half of a UTF-16 surrogate pair"),
    ("Жуков | short | no-inflect", "Жуков | short | reading: abc",
     "the reading 'abc' must be kana"),
    ("Жуков | short | no-inflect", "Ж" * 201 + " | short", "201 code points long (limit 200"),
    ("Георгий Жуков", "Ж" * 201, "201 code points long (limit 200"),
])
def test_catalog_terms_the_glossary_files_cannot_hold_are_errors(project: Project, old: str,
                                                                 new: str, message: str) -> None:
    seed = project.seeds["po"].decode()
    data = seed.replace(f'msgstr "{old}"', f'msgstr "{new}"')
    assert data != seed
    path = project.targets["po"]
    path.write_bytes(data.encode())
    with pytest.raises(GlossaryError) as caught:
        import_file(project, "po", path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:")
