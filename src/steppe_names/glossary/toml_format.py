"""Read and write glossaries as TOML (the format is documented in docs/glossary-format.md)."""

from __future__ import annotations

import bisect
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from steppe_names.glossary import (
    ENTRY_ID,
    GlossaryError,
    Problem,
    read_source,
    reading_problem,
    term_text_problem,
)
from steppe_names.limits import Limits
from steppe_names.model import KINDS, LANGUAGES, USAGES, Entry, NameParts, Term

_ENTRY_KEYS = {"kind", "notes", "sources", "priority", "not_mentions", *LANGUAGES}
_LANG_KEYS = {"preferred", "admitted", "deprecated", "name"}
_TERM_KEYS = {"text", "usage", "note", "source", "ambiguous", "inflect", "reading"}
_NAME_KEYS = {"style", "given", "family", "patronymic", "father", "given_initial",
              "patronymic_initial"}
_NAME_STYLES = ("russian", "mongolian", "japanese")
_HEADER = re.compile(r"^\s*\[\s*((?:\"[^\"]*\"|'[^']*'|[^\]\s\"'])+)\s*\]\s*(?:#.*)?$")
_QUOTED = re.compile(r"\"([^\"]*)\"|'([^']*)'")  # a quoted key in a header: ["Zeta Place"]
_DECODE_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class _Locator:
    """Finds the line of a table or a string in the TOML source (tomllib gives none)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: dict[str, int] = {}
        # a table named only through its subtables ([a.b] and no [a]): the first of them
        self.first_under: dict[str, int] = {}
        # each header's line, and the last line of the run of headers of its entry (an
        # entry's terms are looked for there, not in the rest of the file)
        self.header_lines: list[int] = []
        self.entry_ends: list[int] = []
        entries: list[str] = []
        for number, line in enumerate(self.lines, 1):
            match = _HEADER.match(line)
            if match:
                name = _QUOTED.sub(lambda quoted: quoted.group(1) or quoted.group(2) or "",
                                   match.group(1))
                self.headers.setdefault(name, number)
                dot = name.find(".")
                while dot >= 0:
                    self.first_under.setdefault(name[:dot], number)
                    dot = name.find(".", dot + 1)
                self.header_lines.append(number)
                entries.append(name.split(".", 1)[0])
        end = len(self.lines)
        for k in range(len(entries) - 1, -1, -1):
            self.entry_ends.append(end)
            if k and entries[k - 1] != entries[k]:
                end = self.header_lines[k] - 1
        self.entry_ends.reverse()

    def table(self, name: str) -> int:
        """The line of table `name`'s header, or of its first subtable's; 0 for none."""
        line = self.headers.get(name)
        return line if line is not None else self.first_under.get(name, 0)

    def key(self, name: str, after: int) -> int:
        """The line of `name = ...` at or after line `after` (a table's header), as far as
        the next header; `after` where it is not found."""
        k = bisect.bisect_right(self.header_lines, after) - 1
        end = self.header_lines[k + 1] - 1 if k + 1 < len(self.header_lines) else len(self.lines)
        written = re.compile(rf"\s*{re.escape(name)}\s*=")
        for number in range(max(after, 1), end + 1):
            if written.match(self.lines[number - 1]):
                return number
        return after

    def string(self, value: str, after: int) -> int:
        """The line of the string `value` at or after line `after` (a table's header), as far
        as the end of that table's entry; `after` where it is not written as such (escaped)."""
        needles = (tomli_w.dumps({"x": value})[4:].strip(), f"'{value}'",
                   json.dumps(value, ensure_ascii=False))  # with escapes: "Улан\\tБатор"
        k = bisect.bisect_right(self.header_lines, after) - 1
        end = self.entry_ends[k] if k >= 0 else len(self.lines)
        for number in range(max(after, 1), end + 1):
            line = self.lines[number - 1]
            if any(needle in line for needle in needles):
                return number
        return after


_TUPLE = re.compile(r"\((?:'[^']*',\s*)+(?:'[^']*')?\)")
_KEY = re.compile(r"'([^']*)'")


def loads(text: str, file: str = "<string>") -> list[Entry]:
    """Parse a glossary from TOML text; raises GlossaryError naming file, line and entry."""
    if text.startswith("\ufeff"):
        raise GlossaryError([Problem(file, 1, "", "the file starts with a byte order mark "
                                     "(U+FEFF, as Notepad writes it), which TOML does not allow: "
                                     "save it as UTF-8 without BOM")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _DECODE_LINE.search(str(error))
        line = int(match.group(1)) if match else 0
        message = _DECODE_LINE.sub("", str(error)).strip()
        # tomllib names a table as a Python tuple: "Cannot declare ('a', 'en') twice"
        message = _TUPLE.sub(lambda m: "[" + ".".join(_KEY.findall(m.group())) + "]", message)
        raise GlossaryError([Problem(file, line, "", f"TOML syntax error: {message}")]) from None
    locator = _Locator(text)
    limits = Limits.current()
    entries: list[Entry] = []
    problems: list[Problem] = []
    for entry_id, table in data.items():
        line = locator.table(entry_id)
        try:
            entries.append(_entry(entry_id, table, file, locator, limits))
        except _Invalid as invalid:
            problems.append(Problem(file, invalid.line or line, entry_id, invalid.message))
    if problems:
        raise GlossaryError(problems)
    return entries


def load(path: str | Path) -> list[Entry]:
    """Read one glossary file."""
    path = Path(path)
    raw = read_source(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise GlossaryError([Problem(str(path), line, "",
                                     f"not valid UTF-8 (byte offset {error.start})")]) from None
    return loads(text, str(path))


class _Invalid(Exception):
    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _entry(entry_id: str, table: Any, file: str, locator: _Locator, limits: Limits) -> Entry:
    line = locator.table(entry_id)
    if not isinstance(table, dict):
        raise _Invalid(f"{entry_id!r} must be a table ([{entry_id}]), not a {type(table).__name__}")
    if not ENTRY_ID.match(entry_id):
        raise _Invalid("entry id must be lowercase ASCII letters, digits and single hyphens")
    unknown = set(table) - _ENTRY_KEYS
    if unknown:
        raise _Invalid(f"unknown key(s) {', '.join(sorted(unknown))} "
                       f"(expected {', '.join(sorted(_ENTRY_KEYS))})")
    kind = table.get("kind")
    if kind not in KINDS:
        raise _Invalid(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    terms: list[Term] = []
    names: list[tuple[str, NameParts]] = []
    for lang in LANGUAGES:
        if lang not in table:
            continue
        lang_table = table[lang]
        lang_line = locator.table(f"{entry_id}.{lang}") or line
        if not isinstance(lang_table, dict):
            raise _Invalid(f"[{entry_id}.{lang}] must be a table", lang_line)
        unknown = set(lang_table) - _LANG_KEYS
        if unknown:
            raise _Invalid(f"unknown key(s) {', '.join(sorted(unknown))} in [{entry_id}.{lang}]",
                           lang_line)
        if "preferred" not in lang_table:
            raise _Invalid(f"[{entry_id}.{lang}] has no preferred term", lang_line)
        for status in ("preferred", "admitted", "deprecated"):
            values = lang_table.get(status, [])
            if status == "preferred":
                values = [values]
            elif not isinstance(values, list):
                raise _Invalid(f"{status} must be a list", lang_line)
            status_line = locator.key(status, lang_line)  # (a problem's line: the key's)
            for value in values:
                terms.append(_term(value, lang, status, file, locator, status_line, limits))
        if "name" in lang_table:
            names.append((lang, _name(lang_table["name"], lang_line)))
    sources = table.get("sources", [])
    not_mentions = table.get("not_mentions", [])
    for key, value in (("sources", sources), ("not_mentions", not_mentions)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Invalid(f"{key} must be a list of strings")
    priority = table.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise _Invalid("priority must be an integer")
    notes = table.get("notes", "")
    if not isinstance(notes, str):
        raise _Invalid("notes must be a string")
    if len(terms) > limits.max_terms_per_entry:
        raise _Invalid(f"{len(terms):,} terms " + limits.hint("max_terms_per_entry"))
    return Entry(id=entry_id, kind=kind, terms=tuple(terms), notes=notes,
                 sources=tuple(sources), priority=priority, not_mentions=tuple(not_mentions),
                 names=tuple(names), file=file, line=line)


def _term(value: Any, lang: str, status: str, file: str, locator: _Locator,
          after: int, limits: Limits) -> Term:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise _Invalid(f"a term must be a string or a table, got {value!r}", after)
    unknown = set(value) - _TERM_KEYS
    if unknown:
        raise _Invalid(f"unknown term key(s) {', '.join(sorted(unknown))}", after)
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Invalid(f"a {status} term needs a non-empty text", after)
    line = locator.string(text, after)
    problem = term_text_problem(text, limits)
    if problem:
        raise _Invalid(problem, line)
    usage = value.get("usage", [])
    if not isinstance(usage, list) or any(u not in USAGES for u in usage):
        raise _Invalid(f"usage of {text!r} must be a list of {', '.join(USAGES)}", line)
    for flag in ("ambiguous", "inflect"):
        if flag in value and not isinstance(value[flag], bool):
            raise _Invalid(f"{flag} of {text!r} must be true or false", line)
    reading = value.get("reading", "")
    if not isinstance(reading, str) or reading_problem(reading):
        raise _Invalid(f"reading of {text!r} must be kana (hiragana or katakana) and spaces",
                       line)
    return Term(text=text, lang=lang, status=status,  # type: ignore[arg-type]
                usage=tuple(usage), note=str(value.get("note", "")), reading=reading,
                source=str(value.get("source", "")), ambiguous=value.get("ambiguous", False),
                inflect=value.get("inflect", True), file=file, line=line)


def _name(value: Any, line: int) -> NameParts:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _Invalid("name must be a table of strings", line)
    unknown = set(value) - _NAME_KEYS
    if unknown:
        raise _Invalid(f"unknown name key(s) {', '.join(sorted(unknown))}", line)
    style = value.get("style")
    if style not in _NAME_STYLES:
        raise _Invalid(f"name style must be one of {', '.join(_NAME_STYLES)}", line)
    needed = "given" if style == "mongolian" else "family"
    if not value.get(needed):
        raise _Invalid(f"a {style} name needs its {needed} part", line)
    return NameParts(**value)


def dumps(entries: list[Entry]) -> str:
    """Write entries back as TOML in the documented layout (hand-written terms only)."""
    data: dict[str, Any] = {}
    for entry in entries:
        table: dict[str, Any] = {"kind": entry.kind}
        if entry.notes:
            table["notes"] = entry.notes
        if entry.sources:
            table["sources"] = list(entry.sources)
        if entry.priority:
            table["priority"] = entry.priority
        if entry.not_mentions:
            table["not_mentions"] = list(entry.not_mentions)
        for lang in LANGUAGES:
            terms = [t for t in entry.terms_in(lang) if not t.how]
            if not terms:
                continue
            lang_table: dict[str, Any] = {}
            for status in ("preferred", "admitted", "deprecated"):
                values = [_term_value(t) for t in terms if t.status == status]
                if status == "preferred":
                    lang_table[status] = values[0]
                elif values:
                    lang_table[status] = values
            parts = entry.name_parts(lang)
            if parts is not None:
                lang_table["name"] = {k: v for k, v in _name_dict(parts).items() if v}
            table[lang] = lang_table
        data[entry.id] = table
    return tomli_w.dumps(data)


def _term_value(term: Term) -> str | dict[str, Any]:
    extra: dict[str, Any] = {}
    if term.usage:
        extra["usage"] = list(term.usage)
    if term.note:
        extra["note"] = term.note
    if term.source:
        extra["source"] = term.source
    if term.ambiguous:
        extra["ambiguous"] = True
    if not term.inflect:
        extra["inflect"] = False
    if term.reading:
        extra["reading"] = term.reading
    return {"text": term.text, **extra} if extra else term.text


def _name_dict(parts: NameParts) -> dict[str, str]:
    return {"style": parts.style, "given": parts.given, "family": parts.family,
            "patronymic": parts.patronymic, "father": parts.father,
            "given_initial": parts.given_initial, "patronymic_initial": parts.patronymic_initial}
