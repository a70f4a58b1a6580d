"""The translators' workflow: export, update, import and compile the gettext catalogs.

A `Source` is a glossary and where its files live (the bundled glossary's files are inside
the package); `export` and `update` write `locales/<lang>/LC_MESSAGES/steppe_names.po` and
`locales/steppe_names.pot`; `read_catalogs` + `apply_translations` turn a translator's catalog
into changed entries, and `commit` validates them and writes them back into the TOML files
(`edit`). Everything that can fail is checked before the first byte is written.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import polib

from steppe_names.folding import fold
from steppe_names.glossary import (
    Glossary,
    GlossaryError,
    Problem,
    edit,
    po_format,
    term_text_problem,
    validate_entries,
)
from steppe_names.glossary.po_format import CATALOG_LANGUAGES, DOMAIN, Translation
from steppe_names.model import LANGUAGES, Entry, Term
from steppe_names.paths import inside, language_code

TEMPLATE_NAME = f"{DOMAIN}.pot"
SYNCED_SUFFIX = ".synced.json"
SYNCED_KEPT = 8  # texts of one message a synced record keeps (the latest)
SYNCED_ABOUT = ("steppe-names: what the glossary has said in each message of the catalog "
                "beside this file (hashes). Keep it with the catalog: it tells a translator's "
                "edit from a later glossary change. Written by po export and po update.")
_STATUS_ORDER = ("preferred", "admitted", "deprecated")


# --- where things are -------------------------------------------------------------------------

def package_folder() -> Path:
    """The installed package's folder (holds glossaries/ and locales/)."""
    return Path(str(resources.files("steppe_names")))


def bundled_locales() -> Path:
    """The catalogs shipped with the package."""
    return package_folder() / "locales"


def catalog_path(folder: str | Path, lang: str) -> Path:
    """locales/<lang>/LC_MESSAGES/steppe_names.po, never outside `folder` (ValueError)."""
    return inside(folder, language_code(lang), "LC_MESSAGES", f"{DOMAIN}.po")


def synced_path(catalog: str | Path) -> Path:
    """steppe_names.po -> steppe_names.synced.json, beside it (see `read_synced`)."""
    return Path(catalog).with_suffix(SYNCED_SUFFIX)


def _glossary_files(source: Source, locales: Path) -> list[str]:
    """The glossary's files as the catalogs' `#:` references name them: a synced record is
    for the glossary it was written for (catalogs exported from a translator's own copy of
    the glossary are not)."""
    return sorted({source.reference(e, locales) for e in source.glossary})


def read_synced(catalog: str | Path, source: Source) -> dict[str, list[str]] | None:
    """What the glossary has said in each message of this catalog, as export and update
    wrote it (`po_format.message_digest`, the last `SYNCED_KEPT` of each), kept in a record
    beside the catalog. A message that says one of those was not edited by a translator
    (every copy of the catalog, sent out at any time, had the glossary's text), so

    - `po export` and `po update` bring a maintainer's later edit of the TOML into it (they
      refused, or kept the old text), and
    - `po import` does not take it back into the glossary (a catalog older than the
      glossary reverted the maintainer's edit).

    None when there is no record (a catalog from elsewhere, or made before records), it
    cannot be read, or it is another glossary's: then every message that differs from the
    glossary counts as the translator's."""
    try:
        data = json.loads(synced_path(catalog).read_text(encoding="utf-8"))
        if data["glossary"] != _glossary_files(source, _locales_of(catalog)):
            return None
        return {str(c): [str(d) for d in said] for c, said in data["messages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _locales_of(catalog: str | Path) -> Path:
    """locales/<lang>/LC_MESSAGES/steppe_names.po -> locales."""
    return Path(catalog).parent.parent.parent


def _synced_record(catalog: Path, fresh: polib.POFile, before: Mapping[str, list[str]] | None,
                   source: Source) -> PlannedFile:
    """The record beside `catalog` with what the glossary says now (`fresh`) added."""
    said = {c: list(d) for c, d in (before or {}).items()}
    for message in fresh:
        digests = said.setdefault(message.msgctxt or "", [])
        digest = po_format.message_digest(message)
        if digest in digests:
            digests.remove(digest)
        digests.append(digest)
        del digests[:-SYNCED_KEPT]
    lines = [f" {json.dumps(c, ensure_ascii=False)}: {json.dumps(d)}"
             for c, d in sorted(said.items())]  # a line a message: diffs stay small
    files = json.dumps(_glossary_files(source, _locales_of(catalog)), ensure_ascii=False)
    text = (f'{{"about": {json.dumps(SYNCED_ABOUT)},\n"glossary": {files},\n"messages": {{\n'
            + ",\n".join(lines) + "\n}}\n")
    return _planned(synced_path(catalog), text.encode("utf-8"))


def compiled_path(folder: str | Path, lang: str) -> Path:
    """locales/<lang>/LC_MESSAGES/steppe_names.mo, never outside `folder` (ValueError)."""
    return inside(folder, language_code(lang), "LC_MESSAGES", f"{DOMAIN}.mo")


@dataclass
class Source:
    """A glossary and the folder its entries' `file` names are relative to."""

    glossary: Glossary
    root: Path
    bundled: bool

    def resolve(self, file: str) -> Path:
        path = Path(file)
        return path if path.is_absolute() else self.root / path

    def default_locales(self) -> Path:
        return bundled_locales() if self.bundled else Path("locales")

    def reference(self, entry: Entry, locales: Path) -> str:
        """The `#:` reference of an entry: its glossary file, relative to the folder that
        holds the locales folder (for the bundled glossary: glossaries/<name>.toml). No line
        number: an import that edits the file must not change every reference after it."""
        if self.bundled or not entry.file:
            return entry.file
        path = self.resolve(entry.file).resolve()
        try:
            shown = os.path.relpath(path, locales.resolve().parent)
        except ValueError:  # another drive (Windows)
            shown = str(path)
        return Path(shown).as_posix()


def load_source(paths: Sequence[str | Path] | None = None) -> Source:
    """The bundled glossary (paths None or empty) or the TOML files and folders given."""
    from steppe_names.api import load_glossary

    if not paths:
        return Source(load_glossary(), package_folder(), bundled=True)
    return Source(load_glossary(list(paths)), Path("."), bundled=False)


def parse_languages(value: str | None) -> list[str]:
    """`ru,mn,ja` -> ["ru", "mn", "ja"]; ValueError naming a language that has no catalog."""
    if not value:
        return list(CATALOG_LANGUAGES)
    langs = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [lang for lang in langs if lang not in CATALOG_LANGUAGES]
    if unknown or not langs:
        raise ValueError(f"no catalog language {', '.join(map(repr, unknown)) or repr(value)}"
                         f" (choose from {','.join(CATALOG_LANGUAGES)})")
    return list(dict.fromkeys(langs))


# --- export and update ------------------------------------------------------------------------

@dataclass
class PlannedFile:
    path: Path
    data: bytes
    changed: bool


@dataclass
class ExportReport:
    files: list[PlannedFile] = field(default_factory=list)
    pending: list[Problem] = field(default_factory=list)  # update: catalog edits not imported

    @property
    def changed(self) -> list[Path]:
        return [f.path for f in self.files if f.changed]


def _stamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime(po_format.DATE_FORMAT)
    return po_format.now_stamp()


def _read_existing(path: Path) -> tuple[polib.POFile, str] | None:
    if not path.exists():
        return None
    return po_format.read(path)


def plan_export(source: Source, langs: Sequence[str], out: Path, *, update: bool = False,
                force: bool = False) -> ExportReport:
    """What `po export` (update=False) or `po update` (True) would write; raises GlossaryError
    listing every problem (an export that would overwrite translations the glossary does not
    have, unless force; an unreadable catalog)."""
    entries = sorted(source.glossary, key=lambda e: e.id)

    def reference(entry: Entry) -> str:
        return source.reference(entry, out)

    report = ExportReport()
    problems: list[Problem] = []
    unreadable = False  # a catalog that cannot be read (then no import can help)
    template_path = out / TEMPLATE_NAME
    existing_template = template_path.read_text(encoding="utf-8") if template_path.exists() \
        else None
    date = _stamp()
    if existing_template is not None:
        old_date = _header_date(existing_template)
        if old_date:
            candidate = po_format.dumps(po_format.new_catalog(entries, None, reference=reference,
                                                              date=old_date))
            if candidate == existing_template:
                date = old_date
    template_text = po_format.dumps(po_format.new_catalog(entries, None, reference=reference,
                                                          date=date))
    report.files.append(PlannedFile(template_path, template_text.encode("utf-8"),
                                    template_text != existing_template))
    for lang in langs:
        path = catalog_path(out, lang)
        fresh = po_format.new_catalog(entries, lang, reference=reference, date=date)
        try:
            existing = _read_existing(path)
        except GlossaryError as error:
            problems.extend(error.problems)
            unreadable = True
            continue
        old_synced = read_synced(path, source)
        record = _synced_record(path, fresh, old_synced, source)
        if existing is None:
            text = po_format.dumps(fresh)
            report.files += [PlannedFile(path, text.encode("utf-8"), True), record]
            continue
        old, old_text = existing
        twice = po_format.repeated_messages(old, old_text, str(path))
        if twice:  # (a merge would keep one of them and drop the other quietly)
            problems.extend(twice)
            unreadable = True
            continue
        merged, conflicts = po_format.merge(old, fresh, keep_translations=update, lang=lang,
                                            synced=old_synced)
        for conflict in conflicts:
            entry_id = conflict.context.removesuffix(po_format.VARIANTS)
            what = "variants" if conflict.context.endswith(po_format.VARIANTS) else "translation"
            problem = Problem(str(path), conflict.line, entry_id,
                              f"the catalog's {what} {conflict.catalog!r} differs from the "
                              f"glossary's {conflict.glossary!r}")
            if update:
                report.pending.append(problem)
            elif not force:
                problems.append(problem)
        text = _as_saved(po_format.dumps(merged), old_text)
        report.files += [PlannedFile(path, text.encode("utf-8"), text != old_text), record]
    if problems:
        if unreadable:  # a conflict waits for the import, which needs a readable catalog
            advice = ("fix the catalog where it is said above (a .po editor opens it, or the "
                      "file's history has it), then run this again")
        else:
            advice = ("import these catalogs first (`steppe-names po import`) to keep the "
                      "translators' work, or pass --force to overwrite it with the glossary's "
                      "terms")
        problems.append(Problem(str(out), 0, "", f"nothing was written: {advice}"))
        raise GlossaryError(problems)
    return report


def _as_saved(text: str, saved: str) -> str:
    """`text` with the line ends and the byte order mark the catalog was saved with (an
    editor on Windows writes CRLF: an export that wrote LF changed every line)."""
    if "\r\n" in saved:
        text = text.replace("\n", "\r\n")
    if saved.startswith("\ufeff"):
        text = "\ufeff" + text
    return text


def _planned(path: Path, data: bytes) -> PlannedFile:
    """A file to write if its bytes differ from what is there."""
    try:
        changed = path.read_bytes() != data
    except OSError:
        changed = True
    return PlannedFile(path, data, changed)


def _header_date(text: str) -> str:
    for line in text.split("\n")[:40]:
        if line.startswith('"POT-Creation-Date:'):
            return line[len('"POT-Creation-Date:'):].strip().removesuffix('\\n"').strip()
    return ""


def write_planned(files: Iterable[PlannedFile]) -> list[Path]:
    """Write the files that changed, each atomically; returns them."""
    written = []
    for planned in files:
        if planned.changed:
            planned.path.parent.mkdir(parents=True, exist_ok=True)
            edit.atomic_write(planned.path, planned.data)
            written.append(planned.path)
    return written


# --- compile ----------------------------------------------------------------------------------

def mo_bytes(po: polib.POFile) -> bytes:
    """The compiled catalog (translated, non-fuzzy messages), as msgfmt would make it."""
    data: bytes = po.to_binary()
    return data


def plan_compile(folder: Path, langs: Sequence[str],
                 entries: Sequence[Entry] | None = None) -> list[PlannedFile]:
    """The .mo file of each catalog in `folder`; raises GlossaryError if a catalog is missing
    or unreadable. msgfmt leaves a fuzzy message out, so that gettext gives the English for
    it; with the glossary's `entries`, the glossary's approved term goes in its place (a
    translator's suggestion is not the term yet, and the term is what programs must get)."""
    planned: list[PlannedFile] = []
    problems: list[Problem] = []
    ordered = sorted(entries, key=lambda e: e.id) if entries is not None else None
    for lang in langs:
        path = catalog_path(folder, lang)
        try:
            po, _ = po_format.read(path)
            po_format.catalog_language(po, str(path))
        except GlossaryError as error:
            problems.extend(error.problems)
            continue
        if ordered is not None:
            approved = {m.msgctxt: m.msgstr for m in
                        po_format.new_catalog(ordered, lang, reference=lambda e: "", date="")}
            for message in po:
                if ("fuzzy" in message.flags and not message.obsolete
                        and approved.get(message.msgctxt)):
                    message.msgstr = approved[message.msgctxt]
                    message.flags = [f for f in message.flags if f != "fuzzy"]
        target = compiled_path(folder, lang)
        data = mo_bytes(po)
        changed = not target.exists() or target.read_bytes() != data
        planned.append(PlannedFile(target, data, changed))
    if problems:
        raise GlossaryError(problems)
    return planned


# --- import -----------------------------------------------------------------------------------

@dataclass
class ImportReport:
    """What an import found and did."""

    changes: list[tuple[Entry, Entry]] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    untranslated: dict[str, int] = field(default_factory=dict)  # by catalog file
    fuzzy: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    planned: list[tuple[Path, str, str]] = field(default_factory=list)


def read_catalogs(paths: Sequence[str | Path], source: Source | None = None
                  ) -> tuple[list[Translation], list[Problem]]:
    """Every Translation in the catalogs, and every problem of form found on the way (with
    the glossary's `source`, each knows what that glossary has said in it: `read_synced`)."""
    found: list[Translation] = []
    problems: list[Problem] = []
    languages: dict[str, str] = {}
    for raw in paths:
        shown = str(raw)
        try:
            po, text = po_format.read(raw, shown)
            lang = po_format.catalog_language(po, shown)
        except GlossaryError as error:
            problems.extend(error.problems)
            continue
        if lang in languages:
            problems.append(Problem(shown, 1, "", f"a second catalog for {lang!r} "
                                    f"(the first is {languages[lang]})"))
            continue
        languages[lang] = shown
        units, unit_problems = po_format.translations(po, text, shown, lang)
        synced = None
        if source is not None:
            # beside the file, else the project's own catalog's (a copy sent back by mail)
            synced = read_synced(raw, source)
            if synced is None:
                synced = read_synced(catalog_path(source.default_locales(), lang), source)
        for unit in units:
            unit.synced = synced
        found.extend(units)
        problems.extend(unit_problems)
    return found, problems


def _ordered(terms: Iterable[Term]) -> list[Term]:
    terms = list(terms)
    return [t for status in _STATUS_ORDER for t in terms if t.status == status]


def with_language(entry: Entry, lang: str, terms: Sequence[Term]) -> Entry:
    """`entry` with `terms` as its terms in `lang`; the other languages' as they were."""
    others = [t for t in entry.terms if t.lang != lang]
    merged = [t for code in LANGUAGES for t in (terms if code == lang else
                                                 [x for x in others if x.lang == code])]
    merged += [t for t in others if t.lang not in LANGUAGES]
    return dataclasses.replace(entry, terms=tuple(merged))


def _read_variant_lines(entry: Entry, unit: Translation, old_terms: Sequence[Term],
                        problems: list[Problem]) -> list[Term]:
    """The terms of the variants message (a '| preferred' line included), each located at
    its catalog line. A line exactly as the export wrote it gives back the glossary's term
    unchanged, whatever characters its note holds."""
    known = {po_format.format_variant(t): t for t in old_terms}
    terms: list[Term] = []
    for line_number, raw in unit.variant_lines:
        line = raw.strip()
        term = known.get(line)
        if term is None:
            try:
                term = po_format.parse_variant(line, unit.lang)
            except po_format.VariantError as error:
                problems.append(Problem(unit.file, line_number, entry.id, str(error)))
                continue
            message = term_text_problem(term.text)
            if message:
                problems.append(Problem(unit.file, line_number, entry.id, message))
                continue
        terms.append(dataclasses.replace(term, file=unit.file, line=line_number))
    return terms


def _apply_one(entry: Entry, unit: Translation, include_fuzzy: bool,
               report: ImportReport, problems: list[Problem]) -> Entry:
    """The entry with one catalog's terms for one language applied (or as it was)."""
    lang = unit.lang
    if unit.fuzzy_lines and not include_fuzzy:
        report.fuzzy[unit.file] = report.fuzzy.get(unit.file, 0) + 1
        report.warnings.append(Problem(unit.file, unit.fuzzy_lines[0], entry.id,
                                       f"fuzzy [{lang}]: not applied (review it and clear the "
                                       f"fuzzy mark, or import with --include-fuzzy)"))
        return entry
    count = len(problems)
    if unit.variants_comment.strip():
        problems.append(Problem(unit.file, unit.variants_line, entry.id,
                                "a translator comment on the '|variants' message cannot be "
                                "kept in the glossary: move it to the main message "
                                f"(msgctxt {entry.id!r}) or into a variant's 'note:' field"))
    if unit.msgid and unit.msgid != entry.canonical:
        report.warnings.append(Problem(unit.file, unit.line, entry.id,
                                       f"msgid {unit.msgid!r} is not the glossary's English "
                                       f"{entry.canonical!r} (the catalog is older than the "
                                       f"glossary: run `steppe-names po update`); "
                                       f"applied by entry id"))
    old_terms = [t for t in entry.terms_in(lang) if not t.how]
    old_preferred = next((t for t in old_terms if t.status == "preferred"), None)

    # the preferred term: the main message's msgstr (empty: untranslated, keep the glossary's)
    translated = bool(unit.preferred)
    preferred_text = old_preferred.text if old_preferred else None
    if unit.preferred == "":
        report.untranslated[unit.file] = report.untranslated.get(unit.file, 0) + 1
    elif unit.preferred is not None:
        message = term_text_problem(unit.preferred)
        if message:
            problems.append(Problem(unit.file, unit.preferred_line, entry.id, message))
        preferred_text = unit.preferred

    # the other terms, and the preferred term's flags line, from the variants message (an
    # untranslated main message leaves the glossary's language as it is)
    if unit.variants is None or (unit.preferred == "" and old_preferred is not None):
        listed = None
        variants = [t for t in old_terms if t.status != "preferred"]
        known = {po_format.format_variant(t) for t in old_terms}
        if unit.variants is not None and any(line.strip() not in known
                                             for _, line in unit.variant_lines):
            report.warnings.append(Problem(unit.file, unit.variants_line, entry.id,
                                           f"variants [{lang}]: not applied, as the main "
                                           f"message is empty (untranslated): write the "
                                           f"preferred term there too"))
    else:
        listed = _read_variant_lines(entry, unit, old_terms, problems)
        variants = [t for t in listed if t.status != "preferred"]
    flag_lines = [t for t in listed or () if t.status == "preferred"]
    if len(flag_lines) > 1:
        problems.append(Problem(unit.file, flag_lines[1].line, entry.id,
                                "only one line may be marked '| preferred'"))
    elif flag_lines and flag_lines[0].text != preferred_text:
        problems.append(Problem(unit.file, flag_lines[0].line, entry.id,
                                f"the line marked '| preferred' is for {flag_lines[0].text!r}, "
                                f"but the preferred term (the main message) is "
                                f"{preferred_text!r}: make them the same"))
    seen: dict[str, int] = {}
    for term in variants:
        if term.text == preferred_text:
            problems.append(Problem(unit.file, term.line, entry.id,
                                    f"variant {term.text!r} is also the preferred term"))
        elif term.text in seen:
            where = ("twice in this line's string" if seen[term.text] == term.line
                     else f"twice (also at line {seen[term.text]})")
            problems.append(Problem(unit.file, term.line, entry.id,
                                    f"variant {term.text!r} is listed {where}"))
        seen.setdefault(term.text, term.line)
    if preferred_text is None:
        if variants:
            problems.append(Problem(unit.file, unit.variants_line, entry.id,
                                    f"variants but no preferred term in {lang!r}: write the "
                                    f"preferred term in the main message first"))
        return entry
    if len(problems) > count:
        return entry

    # its flags: the '| preferred' line, none without one; a catalog that has no variants
    # message at all says nothing about them, and the glossary's (for that text) stay
    if flag_lines:
        base: Term | None = flag_lines[0]
    elif listed is not None and translated:
        base = None
    else:
        base = next((t for t in old_terms if t.text == preferred_text), None)
    # its note: the translator comment, unless it reads as the glossary's note already
    old_note = old_preferred.note if old_preferred else ""
    note = old_note
    if translated and unit.comment is not None and not po_format.same_comment(unit.comment,
                                                                             old_note):
        note = po_format.comment_text(unit.comment)
    preferred = Term(text=preferred_text, lang=lang, status="preferred",
                     usage=base.usage if base else (), note=note,
                     source=base.source if base else "",
                     ambiguous=base.ambiguous if base else False,
                     inflect=base.inflect if base else True,
                     reading=base.reading if base else "",
                     file=unit.file, line=unit.preferred_line or unit.line)
    new_terms = _ordered([preferred, *variants])
    if ([po_format.term_content(t) for t in _ordered(old_terms)]
            == [po_format.term_content(t) for t in new_terms]):
        return entry
    parts = entry.name_parts(lang)
    if parts is not None and old_preferred is not None and preferred_text != old_preferred.text:
        key = parts.given if parts.style == "mongolian" else parts.family
        if key and key not in preferred_text:
            report.warnings.append(Problem(unit.file, unit.preferred_line, entry.id,
                                           f"the name parts in [{entry.id}.{lang}] still say "
                                           f"{key!r}: ask a linguist to update `name`"))
    return with_language(entry, lang, new_terms)


def apply_translations(entries: Sequence[Entry], units: Sequence[Translation], *,
                       include_fuzzy: bool = False,
                       report: ImportReport | None = None) -> tuple[list[Entry], list[Problem]]:
    """The entries with the catalogs' translations applied, and every problem (unknown ids,
    unreadable variant lines, a variant that belongs to another entry, a term in the wrong
    script). Entries the catalogs do not change are returned as they were."""
    report = report if report is not None else ImportReport()
    by_id = {e.id: e for e in entries}
    problems: list[Problem] = []
    for unit in units:
        entry = by_id.get(unit.entry_id)
        if entry is None:
            problems.append(Problem(unit.file, unit.line, unit.entry_id,
                                    "unknown entry id (msgctxt): no glossary entry has it; "
                                    "was the catalog made from another glossary?"))
            continue
        known = unit.synced
        if (known is not None and not unit.fuzzy_lines and unit.said
                and all(d in known.get(c, ()) for c, d in unit.said.items())):
            # not edited since the catalog last agreed with the glossary: nothing of the
            # translator's to bring in; if the glossary changed since, it stays as it is
            if _apply_one(entry, unit, include_fuzzy, ImportReport(), []) is not entry:
                report.warnings.append(Problem(
                    unit.file, unit.line, entry.id,
                    f"[{unit.lang}] not applied: unchanged since the catalog's last sync, and "
                    f"the glossary has changed since (the catalog is older; `steppe-names po "
                    f"update` brings the glossary's terms into it)"))
            continue
        by_id[entry.id] = _apply_one(entry, unit, include_fuzzy, report, problems)
    result = list(by_id.values())
    originals = {e.id: e for e in entries}
    changed = [e for e in result if e is not originals[e.id]]
    if changed:
        # The entries were valid before, so every problem comes from the catalogs; a form
        # claimed twice is reported where the catalog added it.
        claimed = _claimed_twice(result, changed, originals)
        problems.extend(claimed)
        problems.extend(p for p in validate_entries(result)
                        if not (claimed and _ALREADY_BELONGS in p.message))
    return result, problems


_ALREADY_BELONGS = "already belongs to entry"


def _claimed_twice(result: Sequence[Entry], changed: Sequence[Entry],
                   originals: dict[str, Entry]) -> list[Problem]:
    owners: dict[str, list[tuple[Entry, Term]]] = {}
    for entry in result:
        for term in entry.terms:
            owners.setdefault(fold(term.text), []).append((entry, term))
    problems: list[Problem] = []
    for entry in changed:
        before = {(t.lang, t.text) for t in originals[entry.id].terms}
        for term in entry.terms:
            if (term.lang, term.text) in before:
                continue
            for other, other_term in owners.get(fold(term.text), []):
                if other.id != entry.id and not (term.ambiguous and other_term.ambiguous):
                    problems.append(Problem(
                        term.file, term.line, entry.id,
                        f"variant {term.text!r} {_ALREADY_BELONGS} {other.id!r} "
                        f"({other_term.file}:{other_term.line}); mark both terms ambiguous "
                        f"if the form really names both"))
                    break
    return problems


def describe(old: Entry, new: Entry) -> list[str]:
    """What changed in an entry, one line per change, for reports and --dry-run."""
    lines: list[str] = []
    for name in ("kind", "notes", "sources", "priority", "not_mentions"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            lines.append(f"{old.id}: {name} {before!r} -> {after!r}")
    for lang in LANGUAGES:
        before_terms = {t.text: t for t in old.terms_in(lang) if not t.how}
        after_terms = {t.text: t for t in new.terms_in(lang) if not t.how}
        prefix = f"{old.id} [{lang}]:"
        for text, term in after_terms.items():
            if text not in before_terms:
                lines.append(f"{prefix} + {term.status} {text!r}")
            else:
                was = before_terms[text]
                if was.status != term.status:
                    lines.append(f"{prefix} {text!r} {was.status} -> {term.status}")
                if po_format.term_content(dataclasses.replace(was, status=term.status)) \
                        != po_format.term_content(term):
                    lines.append(f"{prefix} {text!r} usage/note/flags changed")
        for text, term in before_terms.items():
            if text not in after_terms:
                lines.append(f"{prefix} - {term.status} {text!r}")
        if old.name_parts(lang) != new.name_parts(lang):
            lines.append(f"{prefix} name parts changed")
        before_order = [t.text for t in before_terms.values()]
        after_order = [t.text for t in after_terms.values()]
        if (set(before_order) == set(after_order) and before_order != after_order
                and not any(line.startswith(prefix) for line in lines)):
            lines.append(f"{prefix} variants reordered")
    return lines


def commit(source: Source, new_entries: Sequence[Entry], problems: list[Problem],
           report: ImportReport, *, dry_run: bool) -> ImportReport:
    """Validate the proposed entries, then (unless dry_run) write the changed ones back into
    their TOML files. Raises GlossaryError with every problem; nothing is written then."""
    if problems:
        raise GlossaryError(problems)
    originals = {e.id: e for e in source.glossary}
    report.changes = [(originals[e.id], e) for e in new_entries
                      if edit.entry_content(originals[e.id]) != edit.entry_content(e)]
    for old, new in report.changes:
        report.descriptions.extend(describe(old, new))
    if not report.changes:
        return report
    Glossary(new_entries)  # raises GlossaryError with every problem
    report.planned = edit.plan(report.changes, source.resolve)
    if not dry_run:
        report.written = edit.write(report.planned)
    return report


def import_catalogs(source: Source, paths: Sequence[str | Path], *, include_fuzzy: bool = False,
                    dry_run: bool = False) -> ImportReport:
    """Bring translators' catalogs into the glossary files (see the module docstring)."""
    report = ImportReport()
    units, problems = read_catalogs(paths, source)
    entries, apply_problems = apply_translations(list(source.glossary), units,
                                                 include_fuzzy=include_fuzzy, report=report)
    return commit(source, entries, problems + apply_problems, report, dry_run=dry_run)


# --- catalogs as a glossary source (load_glossary, Normalizer) -------------------------------

def find_catalogs(folder: str | Path) -> list[Path]:
    """The catalogs under a locales folder: <lang>/LC_MESSAGES/*.po."""
    return sorted(Path(folder).glob("*/LC_MESSAGES/*.po"))


def is_catalog_path(path: str | Path) -> bool:
    """A .po file, or a folder holding <lang>/LC_MESSAGES/*.po catalogs."""
    path = Path(path)
    if path.suffix == ".po":
        return True
    return path.is_dir() and bool(find_catalogs(path)) and not any(path.glob("*.toml"))


def apply_catalog_files(entries: Sequence[Entry], paths: Sequence[str | Path], *,
                        include_fuzzy: bool = False) -> list[Entry]:
    """The entries with the catalogs (files or locales folders) applied over them; raises
    GlossaryError listing every problem."""
    files: list[str | Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(find_catalogs(path) if path.is_dir() else [raw])
    units, problems = read_catalogs(files)
    result, apply_problems = apply_translations(entries, units, include_fuzzy=include_fuzzy)
    problems += apply_problems
    if problems:
        raise GlossaryError(problems)
    return result


__all__ = [
    "ExportReport",
    "ImportReport",
    "PlannedFile",
    "Source",
    "apply_catalog_files",
    "apply_translations",
    "bundled_locales",
    "catalog_path",
    "commit",
    "compiled_path",
    "describe",
    "find_catalogs",
    "import_catalogs",
    "is_catalog_path",
    "load_source",
    "parse_languages",
    "plan_compile",
    "plan_export",
    "read_catalogs",
    "write_planned",
]
