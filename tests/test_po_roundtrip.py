"""Round trips through the catalogs on generated glossaries: an export imported unchanged
changes nothing, and everything a catalog says reaches the glossary files."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from steppe_names.glossary import Glossary, GlossaryError, catalogs, po_format, toml_format
from steppe_names.glossary.edit import entry_content
from steppe_names.model import KINDS, USAGES, Entry, NameParts, Term

# Notes carry what breaks files: quotes, backslashes, newlines, tabs, combining marks,
# right-to-left text, emoji, unusual line separators.
NOTE = st.text(alphabet=st.sampled_from(
    [*"Note: \"'\\|\t\n\r#.", "\u0301", "\u05e9", "\u05dc", "\u200f", "\U0001f3c7",
     "\u2028", "\u3000", "ё"]), max_size=14)
SCRIPTS = {
    "en": "abcdeghiklmnoprstuxyzKU",
    "ru": "абвгдеёжзиклмнопрстухыюяБУ",
    "mn": "аангийлмноөрсүхэяУБ",
    "ja": "ウランバートルハ河東京の",
}
EXTRA = ["-", "'", '"', "\\", "|", ".", "(", ")", "\u0301", "\U0001f600"]


def term_text(lang: str) -> st.SearchStrategy[str]:
    letters = st.sampled_from(list(SCRIPTS[lang]))
    rest = st.lists(st.one_of(letters, st.sampled_from([*EXTRA, " "])), max_size=6)
    return st.builds(lambda first, tail: (first + "".join(tail)).strip(), letters, rest).filter(
        lambda s: "  " not in s)


KANA = st.text(alphabet=st.sampled_from(list("とうきょうまんしゅうカナ ")), min_size=1,
               max_size=6).filter(lambda s: s.strip() == s)


@st.composite
def language_terms(draw: st.DrawFn, lang: str) -> list[Term]:
    texts = draw(st.lists(term_text(lang), min_size=1, max_size=4, unique=True))
    terms = []
    for number, text in enumerate(texts):
        status = "preferred" if number == 0 else draw(st.sampled_from(["admitted",
                                                                       "deprecated"]))
        note = draw(NOTE)
        terms.append(Term(
            text, lang, status,  # type: ignore[arg-type]
            usage=tuple(draw(st.lists(st.sampled_from(USAGES), unique=True, max_size=2))),
            # the preferred term's note is shown as a translator comment: editors keep its
            # lines but not trailing blanks, so the glossary's notes there are written so
            note=po_format.comment_text(note) if status == "preferred" else note,
            source=draw(NOTE), inflect=draw(st.booleans()),
            reading=draw(KANA) if lang == "ja" and draw(st.booleans()) else ""))
    return [t for status in ("preferred", "admitted", "deprecated") for t in terms
            if t.status == status]


@st.composite
def glossaries(draw: st.DrawFn) -> list[Entry]:
    count = draw(st.integers(1, 3))
    entries = []
    for number in range(count):
        terms = draw(language_terms("en"))
        names: list[tuple[str, NameParts]] = []
        for lang in ("ru", "mn", "ja"):
            if draw(st.booleans()):
                terms += draw(language_terms(lang))
        kind = draw(st.sampled_from(KINDS))
        if kind == "person" and draw(st.booleans()):
            names.append(("en", NameParts("russian", given="Ivan", family=terms[0].text)))
        entries.append(Entry(
            id=f"entry-{number}", kind=kind, terms=tuple(terms),  # type: ignore[arg-type]
            notes=draw(NOTE), sources=tuple(draw(st.lists(NOTE, max_size=2))),
            priority=draw(st.integers(-2, 2)),
            not_mentions=tuple(draw(st.lists(NOTE.filter(bool), max_size=1))),
            names=tuple(names)))
    try:
        Glossary(entries)
    except GlossaryError:
        assume(False)
    return entries


def _write_glossary(folder: Path, entries: list[Entry]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "glossary.toml"
    path.write_text("# a linguist's comment\n" + toml_format.dumps(entries), encoding="utf-8")
    return path


def _export(glossary_file: Path, out: Path) -> list[Path]:
    source = catalogs.load_source([glossary_file])
    catalogs.write_planned(catalogs.plan_export(source, ["ru", "mn", "ja"], out).files)
    return [catalogs.catalog_path(out, lang) for lang in ("ru", "mn", "ja")]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                   HealthCheck.too_slow])
@given(glossaries())
def test_export_then_import_without_edits_changes_nothing(entries: list[Entry]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _write_glossary(Path(tmp) / "g", entries)
        before = path.read_bytes()
        files = _export(path, Path(tmp) / "locales")
        source = catalogs.load_source([path])
        report = catalogs.import_catalogs(source, files)
        assert report.changes == [], report.descriptions
        assert path.read_bytes() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                  HealthCheck.too_slow])
@given(glossaries(), st.data())
def test_import_brings_every_term_status_flag_and_note_of_a_catalog(
        entries: list[Entry], data: st.DataObject) -> None:
    # The translators' catalogs say something else about the same entries ...
    edited = []
    for entry in entries:
        terms = list(entry.terms_in("en"))
        for lang in ("ru", "mn", "ja"):
            if data.draw(st.booleans()):
                terms += data.draw(language_terms(lang))
        edited.append(dataclasses.replace(entry, terms=tuple(terms)))
    # ... and after the import the glossary says what they say (languages a catalog leaves
    # untranslated keep the glossary's terms).
    expected = []
    for old, new in zip(entries, edited, strict=True):
        terms = [t for lang in ("en", "ru", "mn", "ja")
                 for t in (new.terms_in(lang) or old.terms_in(lang))]
        expected.append(dataclasses.replace(old, terms=tuple(terms)))
    try:
        Glossary(expected)
    except GlossaryError:
        assume(False)
    with tempfile.TemporaryDirectory() as tmp:
        target = _write_glossary(Path(tmp) / "target", entries)
        files = _export(_write_glossary(Path(tmp) / "translators", edited),
                        Path(tmp) / "locales")
        catalogs.import_catalogs(catalogs.load_source([target]), files)
        result = {e.id: e for e in toml_format.load(target)}
        for entry in expected:
            assert entry_content(result[entry.id]) == entry_content(entry)
        assert target.read_text(encoding="utf-8").startswith("# a linguist's comment\n")
