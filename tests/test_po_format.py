"""The .po layout: variant lines a translator can type, and files GNU gettext and polib agree on."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names.glossary import GlossaryError, po_format
from steppe_names.glossary.po_format import (
    VariantError,
    dumps,
    format_variant,
    format_variants,
    loads,
    parse_variant,
)
from steppe_names.model import USAGES, Term

# Text that makes .po files and line-based formats break: quotes, backslashes, bars, tabs,
# line breaks of every kind, combining marks, right-to-left text, emoji, ideographic space.
NASTY = st.text(alphabet=st.sampled_from(
    [*"aZя文 \"'\\|\t\n\r:#", "\u0301", "\u05d0", "\u0627", "\u200f", "\U0001f600",
     "\u2028", "\x85", "\x0b", "\u3000", "\x07", "\x00"]),
    max_size=12)
TERM_TEXT = st.text(alphabet=st.sampled_from([*"Аяz-'\"\\|.()", "\u0301", "\U0001f600"]),
                    min_size=1, max_size=10).filter(lambda s: s == s.strip())


@st.composite
def variants(draw: st.DrawFn) -> Term:
    return Term(text=draw(TERM_TEXT), lang="ru",
                status=draw(st.sampled_from(["admitted", "deprecated"])),
                usage=tuple(draw(st.lists(st.sampled_from(USAGES), unique=True, max_size=2))),
                note=draw(NASTY), source=draw(NASTY), ambiguous=draw(st.booleans()),
                inflect=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(variants())
def test_every_variant_reads_back_from_its_line(term: Term) -> None:
    line = format_variant(term)
    assert "\n" not in line and "\r" not in line
    assert po_format.term_content(parse_variant(line, "ru")) == po_format.term_content(term)


def test_variant_lines_as_a_translator_types_them() -> None:
    term = parse_variant("  Урга|Historic |note:до 1924 года  ", "ru")
    assert (term.text, term.status, term.usage, term.note) == ("Урга", "admitted", ("historic",),
                                                               "до 1924 года")
    term = parse_variant("Улан Батор | deprecated | no-inflect", "ru")
    assert (term.status, term.inflect) == ("deprecated", False)
    escaped = parse_variant(r"A \| B \\ C | note: line one\nline two", "ru")
    assert (escaped.text, escaped.note) == ("A | B \\ C", "line one\nline two")
    for bad, message in [("| historic", "needs the form"),
                         ("Урга || historic", "empty field"),
                         ("Урга | admitted | deprecated", "both admitted and deprecated"),
                         ("Урга | hist", "unknown field 'hist'")]:
        with pytest.raises(VariantError, match=message):
            parse_variant(bad, "ru")


def test_variants_are_listed_admitted_first() -> None:
    terms = [Term("B", "ru", "deprecated"), Term("A", "ru", "admitted", note="n")]
    assert format_variants(terms) == "A | note: n\nB | deprecated"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(NASTY, NASTY, NASTY), min_size=1, max_size=4))
def test_polib_reads_back_every_string_we_write(messages: list[tuple[str, str, str]]) -> None:
    po = po_format.new_catalog([], "ru", reference=lambda e: "", date="2025-01-01 00:00+0000")
    for number, (msgid, msgstr, comment) in enumerate(messages):
        po.append(polib.POEntry(msgctxt=f"e{number}", msgid=msgid or "x", msgstr=msgstr,
                                tcomment=po_format.comment_text(comment)))
    again = loads(dumps(po))
    assert [(m.msgctxt, m.msgid, m.msgstr) for m in again] == \
        [(m.msgctxt, m.msgid, m.msgstr) for m in po]
    assert all(po_format.same_comment(a.tcomment, b.tcomment) for a, b in zip(again, po,
                                                                            strict=True))


def _sample_catalog() -> polib.POFile:
    po = po_format.new_catalog([], "ru", reference=lambda e: "", date="2025-01-01 00:00+0000")
    po.append(polib.POEntry(msgctxt="a", msgid="Line one\nline two", msgstr="Строка\n",
                            tcomment="translator\n\nnote", comment="context",
                            occurrences=[("glossaries/places.toml", "")]))
    po.append(polib.POEntry(msgctxt="b", msgid='Quote " and \\ and \t tab',
                            msgstr="a very long translation " * 6, flags=["fuzzy"],
                            previous_msgid="Old\nsource"))
    po.append(polib.POEntry(msgctxt="c", msgid="Gone", msgstr="Ушёл", obsolete=True,
                            tcomment="kept"))
    return po


def test_files_are_written_as_gnu_gettext_writes_them() -> None:
    text = dumps(_sample_catalog())
    assert 'msgid ""\n"Line one\\n"\n"line two"\nmsgstr "Строка\\n"\n' in text
    assert '#| msgid ""\n#| "Old\\n"\n#| "source"\n' in text
    assert "\n# kept\n#~ msgctxt \"c\"\n#~ msgid \"Gone\"\n#~ msgstr \"Ушёл\"\n" in text
    assert "\n#\n" in text  # an empty comment line is a bare '#'
    assert text.endswith('#~ msgstr "Ушёл"\n')


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
def test_msgcat_no_wrap_leaves_our_files_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "sample.po"
    path.write_text(dumps(_sample_catalog()), encoding="utf-8")
    result = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == path.read_text(encoding="utf-8")


def test_a_syntax_error_names_the_line() -> None:
    with pytest.raises(GlossaryError) as error:
        loads('msgid ""\nmsgstr ""\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "unterminated\n',
              "ru.po")
    assert str(error.value).startswith("ru.po:")
    assert "not a valid .po file" in str(error.value)


CATALOG = ('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
           '\nmsgctxt "ulaanbaatar"\nmsgid "Ulaanbaatar"\nmsgstr "Улан-Батор"\n')


@pytest.mark.parametrize(("edit", "line", "said"), [
    (("charset=UTF-8", "charset=ISO-8859-1"), 4, "declares charset=ISO-8859-1"),
    (('msgstr "Улан-Батор"\n', ""), 7, "a message without msgstr"),
    (('msgstr "Улан-Батор"\n', 'msgstr "Улан-Батор"\n\nmsgctxt "x"\nmsgid "X"\n'), 11,
     "a message without msgstr"),
    (("Улан-Батор", "Улан\\q-Батор"), 8, "the escape '\\q' is not read here"),
    (("Улан-Батор", "\\101лан-Батор"), 8, "the escape '\\1' is not read here"),
])
def test_what_polib_would_misread_is_an_error_with_its_line(edit: tuple[str, str], line: int,
                                                            said: str) -> None:
    """polib takes these silently (a wrong charset then makes a garbled .mo; \\q loses its
    backslash, \\101 stays four characters; a message without msgstr vanishes); GNU
    msgfmt refuses or reads them otherwise."""
    assert loads(CATALOG, "ru.po")  # as written, it reads
    with pytest.raises(GlossaryError) as error:
        loads(CATALOG.replace(*edit), "ru.po")
    assert f"ru.po:{line}: " in str(error.value) and said in str(error.value)


def test_the_escapes_gettext_writes_read_back() -> None:
    text = CATALOG.replace("Улан-Батор", 'Улан \\"Батор\\" \\\\q\\t')
    assert [m.msgstr for m in loads(text, "ru.po")] == ['Улан "Батор" \\q\t']


def test_header_keeps_the_translators_fields() -> None:
    fields = dict(po_format.header_fields("ja", "2025-01-01 00:00+0000", [
        ("Last-Translator", "Sato <sato@example.jp>"), ("X-Generator", "Poedit 3.4"),
        ("Language", "en"), ("Plural-Forms", "nplurals=2; plural=(n != 1);")]))
    assert fields["Last-Translator"] == "Sato <sato@example.jp>"
    assert fields["X-Generator"] == "Poedit 3.4"
    assert fields["Language"] == "ja"  # ours: fixed by the folder the catalog is for
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"
    assert list(fields)[:3] == ["Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date"]
