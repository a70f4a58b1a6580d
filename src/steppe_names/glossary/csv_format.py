"""The glossary as a spreadsheet for one target language: Weblate's CSV and OmegaT's TSV.

Both are lossy, and say so (`dumps_*` return the list of what they leave out):

- CSV in Weblate's (Translate Toolkit's) column layout: `location, source, target, id, fuzzy,
  context, translator_comments, developer_comments`; one row per term of the target language
  (and an empty-target row for entries without one). `context` is the entry id for the
  preferred term and `<id>|admitted|<n>` / `<id>|deprecated|<n>` for the others;
  `translator_comments` is the term's note; the first line of `developer_comments` is the
  term's status and flags in the .po variant-line syntax (`admitted | historic`), the rest
  is the entry's kind and notes, for the translator to read.
- TSV in OmegaT's glossary layout: `source<TAB>target<TAB>comment`, one row per term, the
  comment being `<entry id> | <status> | <flags...> | note: ...`.

Spreadsheet (formula) injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return is one a spreadsheet may run as a formula (`=HYPERLINK(...)`,
`+cmd|' /C calc'!A0`), so both exports prefix it with a single quote `'`, as OWASP
recommends (the CSV also quotes every cell). To keep that lossless, a cell that already
starts with `'` followed by one of those characters or by another `'` gets a `'` too, and an
import removes exactly one leading `'` where it is followed by one of them (`neutralise`,
`restore`).

>>> neutralise("=1+1"), neutralise("'=1"), neutralise("'s-Hertogenbosch"), neutralise("a-b")
("'=1+1", "''=1", "'s-Hertogenbosch", 'a-b')
>>> restore("''=1"), restore("'s-Hertogenbosch")
("'=1", "'s-Hertogenbosch")

Kept: every term of the target language with its status, usage, flags, note and source.
Left out: the English variants (only the canonical English is the source), the entry's kind,
notes, sources, priority and not_mentions, and name parts. Importing keeps all of those from
the glossary: it only replaces the target language's terms of the entries in the file.

>>> from steppe_names.model import Entry, Term
>>> entry = Entry("ulaanbaatar", "place", (Term("Ulaanbaatar", "en", "preferred"),
...                                        Term("Улан-Батор", "ru", "preferred"),
...                                        Term("Урга", "ru", "admitted", usage=("historic",))))
>>> text, dropped = dumps_omegat([entry], "ru")
>>> for line in text.splitlines()[1:]:
...     print(line.split(chr(9)))
['Ulaanbaatar', 'Улан-Батор', 'ulaanbaatar | preferred']
['Ulaanbaatar', 'Урга', 'ulaanbaatar | admitted | historic']
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from steppe_names.glossary import GlossaryError, Problem, read_source, term_text_problem
from steppe_names.glossary.po_format import VariantError, format_variant, parse_variant
from steppe_names.limits import Limits
from steppe_names.model import LANGUAGES, Entry, Term

WEBLATE_COLUMNS = ("location", "source", "target", "id", "fuzzy", "context",
                   "translator_comments", "developer_comments")
_STATUSES = ("preferred", "admitted", "deprecated")


@dataclass(frozen=True)
class Row:
    """One term read from a spreadsheet (term None: an entry with an empty target)."""

    entry_id: str
    term: Term | None
    line: int
    flags_read: bool = True  # False: the file did not say; keep the glossary's flags
    fuzzy: bool = False  # a fuzzy row leaves its whole entry as it is
    file: str = ""  # the file it was read from, for error messages


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (*FORMULA_TRIGGERS, "'")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will not run: `'` before a formula trigger (and before a `'`
    that `restore` would otherwise take for one)."""
    if cell.startswith(FORMULA_TRIGGERS) or (cell.startswith("'") and cell[1:].startswith(
            _QUOTED)):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The inverse of `neutralise`: one leading `'` before a trigger or a `'` removed."""
    if cell.startswith("'") and cell[1:].startswith(_QUOTED):
        return cell[1:]
    return cell


def _flags(term: Term, with_note: bool = False) -> str:
    """Status and flags of a term in the .po variant-line syntax, without the text:
    `preferred`, `admitted | historic`, `deprecated | note: ...`."""
    line = format_variant(dataclasses.replace(term, text="x",
                                              note=term.note if with_note else ""),
                          preferred_note=True)
    fields = line.split(" | ")[1:]  # bars inside values are escaped
    if term.status == "admitted":
        fields.insert(0, "admitted")
    return " | ".join(fields)


def _parse_flags(text: str, flags: str, lang: str) -> Term:
    """The inverse of `_flags` (raises VariantError)."""
    fields = flags.strip()
    term = parse_variant("x | " + fields if fields else "x", lang, preferred_note=True)
    return dataclasses.replace(term, text=text)


def _rows(entries: Sequence[Entry], lang: str) -> list[tuple[Entry, Term | None, str]]:
    rows: list[tuple[Entry, Term | None, str]] = []
    for entry in entries:
        terms = [t for t in entry.terms_in(lang) if not t.how]
        if not terms:
            rows.append((entry, None, entry.id))
            continue
        counts = {status: 0 for status in _STATUSES}
        for status in _STATUSES:
            for term in terms:
                if term.status != status:
                    continue
                counts[status] += 1
                context = entry.id if status == "preferred" else \
                    f"{entry.id}|{status}|{counts[status]}"
                rows.append((entry, term, context))
    return rows


def _lost(fmt: str, lang: str) -> str:
    return (f"{fmt} holds the {lang} terms with their status, usage, flags and notes; it leaves "
            f"out the English variants, the entries' kind, notes, sources, priority, "
            f"not_mentions and name parts (use --format tbx to keep everything; an import "
            f"keeps them from the glossary)")


def dumps_weblate(entries: Sequence[Entry], lang: str) -> tuple[str, list[str]]:
    """Weblate CSV for `lang`; returns the text and what the format leaves out."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(WEBLATE_COLUMNS)
    for entry, term, context in _rows(entries, lang):
        about = f"{entry.kind}: {entry.notes}" if entry.notes else entry.kind
        writer.writerow([neutralise(cell) for cell in (
            entry.file, entry.canonical, term.text if term else "", context, "False", context,
            term.note if term else "", (_flags(term) + "\n" + about) if term else about)])
    return buffer.getvalue(), [_lost("csv", lang)]


def _tsv_safe(text: str) -> bool:
    return "\t" not in text and not any(ch in text for ch in "\n\r\x0b\x0c\x1c\x1d\x1e\x85"
                                                            "\u2028\u2029")


def dumps_omegat(entries: Sequence[Entry], lang: str) -> tuple[str, list[str]]:
    """OmegaT TSV glossary for `lang`; returns the text and what the format leaves out."""
    lines = [f"# steppe-names glossary, en -> {lang}. Columns: source, target, comment "
             f"(entry id | status | ...)"]
    skipped: list[str] = []
    for entry, term, _context in _rows(entries, lang):
        if term is None:
            continue
        if not (_tsv_safe(term.text) and _tsv_safe(entry.canonical)):
            skipped.append(f"{entry.id}: {term.text!r}")
            continue
        comment = f"{entry.id} | {_flags(term, with_note=True)}".replace("\t", "\\u0009")
        source = neutralise(entry.canonical)
        if source.startswith("#"):  # not a comment line (the source column is not read)
            source = "'" + source
        lines.append(f"{source}\t{neutralise(term.text)}\t{neutralise(comment)}")
    dropped = [_lost("tsv", lang)]
    if skipped:
        dropped.append(f"tsv cannot hold tabs or line breaks in a term: left out "
                       f"{len(skipped)} term(s): {', '.join(skipped)}")
    return "\n".join(lines) + "\n", dropped


def _read_text(path: Path) -> str:
    raw = read_source(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise GlossaryError([Problem(str(path), line, "", "not valid UTF-8")]) from None


def _split_context(context: str) -> tuple[str, str]:
    entry_id, _, rest = context.partition("|")
    status = rest.split("|")[0] if rest else "preferred"
    return entry_id.strip(), status.strip()


def load_weblate(path: str | Path, lang: str) -> list[Row]:
    """Rows of a Weblate CSV file (any column order; `context` or `id` names the entry)."""
    path = Path(path)
    return loads_weblate(_read_text(path), lang, str(path))


def loads_weblate(text: str, lang: str, file: str = "<string>") -> list[Row]:
    """Rows of a Weblate CSV text; GlossaryError lists every problem (file, line, entry)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    problems: list[Problem] = []
    limits = Limits.current()
    try:
        if reader.fieldnames is None or not ({"context", "id"} & set(reader.fieldnames)):
            raise GlossaryError([Problem(file, 1, "", "not a Weblate CSV: the header "
                                         "needs a context (or id) column and a target column")])
        for raw in reader:
            line = reader.line_num
            record = {key: restore(value) for key, value in raw.items()
                      if isinstance(key, str) and isinstance(value, str)}
            row = _weblate_row(record, file, line, lang, limits, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as error:  # a field larger than the csv module's limit (128 KiB)
        raise GlossaryError([Problem(file, reader.line_num + 1, "",  # the line it failed in
                                     f"not a readable CSV file: {error}")]) from None
    if problems:
        raise GlossaryError(problems)
    return rows


def _weblate_row(record: dict[str, str], file: str, line: int, lang: str, limits: Limits,
                 problems: list[Problem]) -> Row | None:
    context = record.get("context") or record.get("id") or ""
    entry_id, status = _split_context(context)
    if not entry_id:
        problems.append(Problem(file, line, "", "row without context (entry id)"))
        return None
    fuzzy = (record.get("fuzzy") or "").strip().lower() in ("1", "x", "true", "yes", "fuzzy")
    target = record.get("target") or ""
    if fuzzy or not target.strip():
        return Row(entry_id, None, line, fuzzy=fuzzy, file=file)
    problem = term_text_problem(target, limits)
    if problem:
        problems.append(Problem(file, line, entry_id, problem))
        return None
    flags = (record.get("developer_comments") or "").split("\n")[0]
    flags_read = True
    try:
        term = _parse_flags(target, flags, lang)
    except VariantError:
        term = Term(target, lang, "admitted")
        flags_read = False
    if status in _STATUSES and status != term.status:
        term = dataclasses.replace(term, status=status)  # type: ignore[arg-type]
    return Row(entry_id, dataclasses.replace(term, note=record.get("translator_comments") or "",
                                             file=file, line=line), line, flags_read,
               file=file)


_TSV_HEADER = re.compile(r"# steppe-names glossary, en -> (\w+)\.")


def load_omegat(path: str | Path, lang: str) -> list[Row]:
    """Rows of an OmegaT TSV glossary file whose comments carry the entry id (as exported)."""
    path = Path(path)
    return loads_omegat(_read_text(path), lang, str(path))


def loads_omegat(text: str, lang: str, file: str = "<string>") -> list[Row]:
    """Rows of an OmegaT TSV glossary text; GlossaryError lists every problem."""
    rows: list[Row] = []
    problems: list[Problem] = []
    limits = Limits.current()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        header = _TSV_HEADER.match(line)
        if header and header.group(1) != lang:  # the export's first line names its language
            problems.append(Problem(file, number, "", f"the file says it holds "
                                    f"{header.group(1)!r} terms; it was given as {lang!r}"))
        if not line.strip() or line.startswith("#"):
            continue
        cells = [restore(cell) for cell in line.split("\t")]
        if len(cells) < 3 or "|" not in cells[2]:
            problems.append(Problem(file, number, "", "a row needs source, target and a "
                                    "comment that starts with the entry id"))
            continue
        entry_id, _, flags = cells[2].partition("|")
        entry_id = entry_id.strip()
        target = cells[1].strip()
        problem = term_text_problem(target, limits)
        if problem:
            problems.append(Problem(file, number, entry_id, problem))
            continue
        try:
            term = _parse_flags(target, flags, lang)
        except VariantError as error:
            problems.append(Problem(file, number, entry_id, str(error)))
            continue
        rows.append(Row(entry_id, dataclasses.replace(term, file=file, line=number),
                        number, file=file))
    if problems:
        raise GlossaryError(problems)
    return rows


def language_problem(base: Sequence[Entry], rows: Sequence[Row], lang: str,
                     file: str) -> Problem | None:
    """A spreadsheet given as `lang` that holds another language's terms: most of its
    targets are the glossary's terms in that language, few `lang`'s (a Russian file imported
    with --lang mn replaced the Mongolian terms: both are Cyrillic, so no script check
    tells)."""
    by_id = {e.id: e for e in base}
    counts: dict[str, int] = {}
    for row in rows:
        entry = by_id.get(row.entry_id)
        if entry is None or row.term is None:
            continue
        for term in entry.terms:
            if term.text == row.term.text and term.lang != "en":
                counts[term.lang] = counts.get(term.lang, 0) + 1
    other = max((n, code) for code, n in counts.items()) if counts else (0, lang)
    filled = sum(1 for row in rows if row.term is not None)
    own = counts.get(lang, 0)
    if other[1] != lang and filled and other[0] * 2 >= filled and other[0] >= 2 * own:
        return Problem(file, 0, "", f"given as {lang!r}, but {other[0]} of its {filled} terms "
                       f"are the glossary's {other[1]!r} terms and {own} its {lang!r} ones: "
                       f"import it with --lang {other[1]}")
    return None


def merge(base: Sequence[Entry], rows: Sequence[Row],
          lang: str) -> tuple[list[Entry], list[Problem]]:
    """The glossary's entries with the spreadsheet's `lang` terms laid over them.

    Only entries with at least one filled row change, and only in `lang`; a term whose flags
    the file did not carry keeps the glossary's (matched by text).
    """
    by_id = {e.id: e for e in base}
    grouped: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    limits = Limits.current()
    for row in rows:
        if row.entry_id not in by_id:
            problems.append(Problem(row.file, row.line, row.entry_id, "unknown entry id"))
            continue
        grouped.setdefault(row.entry_id, []).append(row)
    for entry_id, entry_rows in grouped.items():
        entry = by_id[entry_id]
        if any(row.fuzzy for row in entry_rows):
            continue
        old = {t.text: t for t in entry.terms_in(lang)}
        terms: list[Term] = []
        for row in entry_rows:
            if row.term is None:
                continue
            term = row.term
            if not row.flags_read and term.text in old:
                was = old[term.text]
                term = dataclasses.replace(term, usage=was.usage, source=was.source,
                                           ambiguous=was.ambiguous, inflect=was.inflect)
            terms.append(term)
        if not terms:
            continue
        preferred = [t for t in terms if t.status == "preferred"]
        if len(preferred) != 1:
            problems.append(Problem(terms[0].file, terms[0].line, entry_id,
                                    f"needs exactly one preferred {lang} term, has "
                                    f"{len(preferred)}"))
            continue
        ordered = [t for status in _STATUSES for t in terms if t.status == status]
        others = [t for t in entry.terms if t.lang != lang]
        if len(ordered) + len(others) > limits.max_terms_per_entry:
            problems.append(Problem(terms[0].file, terms[0].line, entry_id,
                                    f"{len(ordered) + len(others):,} terms "
                                    + limits.hint("max_terms_per_entry")))
            continue
        merged = [t for code in LANGUAGES
                  for t in (ordered if code == lang else [x for x in others if x.lang == code])]
        by_id[entry_id] = dataclasses.replace(entry, terms=tuple(merged))
    return list(by_id.values()), problems
