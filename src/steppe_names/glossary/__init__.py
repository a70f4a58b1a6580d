"""The glossary: entries keyed by id, validated, independent of any file format.

Formats live in their own modules (`toml_format` now; .po, TBX and CSV beside it) with
`load`/`dump` functions; `Glossary` itself knows nothing of their syntax.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from steppe_names.folding import fold
from steppe_names.limits import Limits
from steppe_names.model import KINDS, LANGUAGES, STATUSES, Entry, NameParts, Term
from steppe_names.scripts import LANGUAGE_SCRIPTS, scripts_of

ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # ulaanbaatar, khalkhin-gol


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a glossary, located as precisely as the source allows."""

    file: str
    line: int
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else (self.file or "<glossary>")
        entry = f" entry {self.entry!r}:" if self.entry else ""
        return f"{where}:{entry} {self.message}"


class GlossaryError(ValueError):
    """A glossary that cannot be used; `problems` lists every problem found, not just one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid glossary"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


class Glossary:
    """A validated set of entries.

    >>> from steppe_names.model import Entry, NameParts, Term
    >>> g = Glossary([Entry("ulaanbaatar", "place", (Term("Ulaanbaatar", "en", "preferred"),))])
    >>> g["ulaanbaatar"].canonical
    'Ulaanbaatar'
    """

    def __init__(self, entries: Iterable[Entry], *, validate: bool = True) -> None:
        self._entries: dict[str, Entry] = {}
        problems: list[Problem] = []
        for entry in entries:
            if not isinstance(entry, Entry):
                problems.extend(entry_shape_problems(entry))
                continue
            if entry.id in self._entries:
                first = self._entries[entry.id]
                problems.append(Problem(
                    entry.file, entry.line, entry.id,
                    f"duplicate id (first defined at {first.file}:{first.line})"))
                continue
            self._entries[entry.id] = entry
        limits = Limits.current()
        if len(self._entries) > limits.max_entries:
            problems.append(Problem("", 0, "", f"{len(self._entries):,} entries "
                                    + limits.hint("max_entries")))
        elif validate:
            problems.extend(validate_entries(self._entries.values()))
        if problems:
            raise GlossaryError(problems)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __getitem__(self, entry_id: str) -> Entry:
        return self._entries[entry_id]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    @property
    def ids(self) -> list[str]:
        return list(self._entries)

    def fingerprint(self) -> str:
        """A hash of the glossary's content (not its file names): part of the Index cache key.
        (Computed once: a Glossary does not change.)"""
        known: str | None = self.__dict__.get("_fingerprint")
        if known is None:
            known = self.__dict__["_fingerprint"] = content_hash(
                sorted(self._entries.values(), key=operator.attrgetter("id")))
        return known


# --- what a term's text may be: one set of rules for the TOML loader and every importer -------

SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: no character
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Cc: no term holds one (a tab, an escape)
KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f ・]+")


def term_text_problem(text: str, limits: Limits | None = None) -> str:
    """What keeps a term's text out of a glossary ('' when nothing). The TOML loader and every
    import use it, so that an import never writes a glossary that does not load again.

    >>> term_text_problem("Улан  Батор")
    "term 'Улан  Батор' has a doubled space"
    """
    limits = limits or Limits.current()
    if not text.strip():
        return "a term needs a non-empty text"
    if text != text.strip():
        return f"term {text!r} has leading or trailing spaces"
    if "  " in text:
        return f"term {text!r} has a doubled space"
    if "\n" in text or "\r" in text:
        return f"term {text!r} has a line break"
    control = CONTROL.search(text)
    if control:
        name = "a tab" if control.group() == "\t" else f"U+{ord(control.group()):04X}"
        return (f"term {text!r} holds a control character ({name}); separate words with a "
                f"space")
    if SURROGATE.search(text):
        return f"term {text!r} holds half of a UTF-16 surrogate pair, which is no character"
    if not unicodedata.is_normalized("NFC", text):
        return (f"term {text!r} is written with combining accents (decomposed, as macOS "
                f"writes pasted text): write it composed, NFC (e.g. `uconv -x any-nfc` on the "
                f"file), or texts with the accented letters never match it")
    return length_problem(text, limits)


def length_problem(text: str, limits: Limits | None = None) -> str:
    """'' or why a term is too long for the glossary files (the max_term_length limit)."""
    limits = limits or Limits.current()
    if len(text) > limits.max_term_length:
        return (f"term {text[:40]!r}... is {len(text):,} code points long "
                + limits.hint("max_term_length"))
    return ""


def reading_problem(reading: str) -> str:
    """What is wrong with a kana reading ('' when nothing)."""
    if reading and not KANA.fullmatch(reading):
        return f"reading {reading!r} must be kana (hiragana or katakana) and spaces"
    return ""


def read_source(path: str | Path) -> bytes:
    """The bytes of a glossary, catalog or TBX/CSV file, refusing one over the size limit;
    a file that cannot be read is a GlossaryError naming it."""
    path = Path(path)
    limits = Limits.current()
    try:
        if path.stat().st_size > limits.max_file_bytes:
            raise GlossaryError([Problem(str(path), 0, "", "file too large "
                                         + limits.hint("max_file_bytes"))])
        return path.read_bytes()
    except OSError as error:
        raise GlossaryError([Problem(str(path), 0, "", f"cannot read: {error.strerror}")]
                            ) from None


@cache
def _content_getters() -> tuple[Callable[[Any], Any], Callable[[Any], Any],
                                Callable[[Any], Any]]:
    def getter(cls: type, skip: set[str]) -> Callable[[Any], Any]:
        return operator.attrgetter(*(f.name for f in fields(cls) if f.name not in skip))

    return (getter(Entry, {"file", "line", "terms", "names"}), getter(Term, {"file", "line"}),
            getter(NameParts, set()))


def content_hash(entries: Iterable[Entry]) -> str:
    """A SHA-256 of what `entries` mean, in order, without where they were read (file,
    line): `Glossary.fingerprint`, and the compiler's key for a chunk of entries."""
    # Hundreds of thousands of small tuples, no cycles: the collector, which would walk
    # everything the caller holds every 700 of them, is off meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        contents = [_content(entry) for entry in entries]
    finally:
        if collecting:
            gc.enable()
    try:
        # marshal version 2 writes no back-references: equal content, equal bytes
        data = marshal.dumps(contents, 2)
    except ValueError:  # a str subclass from some reader: repr is slower, as good
        data = repr(contents).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def _content(entry: Entry) -> tuple[object, ...]:
    """Everything an entry means, without where it was read (file, line): for the hash.
    Plain tuples of strings, numbers and tuples, whose repr is made in C."""
    of_entry, of_term, of_name = _content_getters()
    return (of_entry(entry), tuple(map(of_term, entry.terms)),
            tuple((lang, of_name(parts)) for lang, parts in entry.names))


def _term_problem(entry: Entry, term: Term, message: str) -> Problem:
    return Problem(term.file or entry.file, term.line or entry.line, entry.id, message)


def entry_shape_problems(entry: object) -> list[Problem]:
    """What a file format's loader checks as it reads, for an entry made in code: the types,
    the id, the kind, each term's language and status and its text (`term_text_problem`;
    a term read from a file was checked there)."""
    if not isinstance(entry, Entry):
        return [Problem("", 0, "", f"a glossary holds Entry objects, not {type(entry).__name__}")]
    problems: list[Problem] = []
    where = (entry.file, entry.line, str(entry.id))
    if not isinstance(entry.id, str) or not ENTRY_ID.match(entry.id):
        problems.append(Problem(*where, "an entry id is lower-case letters and digits "
                                "joined by hyphens (ulaanbaatar, khalkhin-gol)"))
    if entry.kind not in KINDS:
        problems.append(Problem(*where, f"kind must be one of {', '.join(KINDS)}, "
                                f"got {entry.kind!r}"))
    for term in entry.terms:
        if not isinstance(term, Term) or not isinstance(term.text, str):
            problems.append(Problem(*where, f"a term is a Term with a str text, not {term!r}"))
            continue
        if term.lang not in LANGUAGES:
            problems.append(_term_problem(entry, term, f"term {term.text!r}: language must be "
                                          f"one of {', '.join(LANGUAGES)}, got {term.lang!r}"))
        if term.status not in STATUSES:
            problems.append(_term_problem(entry, term, f"term {term.text!r}: status must be "
                                          f"one of {', '.join(STATUSES)}, got {term.status!r}"))
        if not term.file:
            message = term_text_problem(term.text)
            if message:
                problems.append(_term_problem(entry, term, message))
    return problems


def validate_entries(entries: Iterable[Entry]) -> list[Problem]:
    """Every problem in a set of entries: their shape (`entry_shape_problems`), scripts,
    preferred terms, forms claimed twice."""
    problems: list[Problem] = []
    owners: dict[str, tuple[Entry, Term]] = {}
    for entry in entries:
        shape = entry_shape_problems(entry)
        if shape:
            problems.extend(shape)
            continue
        langs = {t.lang for t in entry.terms}
        for lang in sorted(langs):
            preferred = [t for t in entry.terms if t.lang == lang and t.status == "preferred"]
            if len(preferred) != 1:
                where = entry.terms_in(lang)[0]
                problems.append(_term_problem(
                    entry, where,
                    f"language {lang!r} needs exactly one preferred term, has {len(preferred)}"))
        if "en" not in langs:
            problems.append(Problem(entry.file, entry.line, entry.id,
                                    "missing preferred English term (the canonical form)"))
        written: dict[tuple[str, str], Term] = {}  # the entry's own terms, as written
        for term in entry.terms:
            first = written.setdefault((term.lang, term.text), term)
            if first is not term and not term.how:  # ("Onetown" preferred and deprecated)
                problems.append(_term_problem(
                    entry, term,
                    f"term {term.text!r} ({term.lang}) is written twice in this entry "
                    f"({first.status} and {term.status}): keep one"))
            allowed = LANGUAGE_SCRIPTS.get(term.lang)
            found = scripts_of(term.text) - {"Zyyy"}
            if allowed is not None and found and not found <= allowed:
                problems.append(_term_problem(
                    entry, term,
                    f"term {term.text!r} is in {'+'.join(sorted(found))} script, "
                    f"but {term.lang!r} terms must be {' or '.join(sorted(allowed))}"))
            key = fold(term.text)
            previous = owners.get(key)
            if previous is None:
                owners[key] = (entry, term)
            elif previous[0].id != entry.id and not (term.ambiguous and previous[1].ambiguous):
                other, other_term = previous
                place = (f" ({other_term.file}:{other_term.line})" if other_term.file
                         else f" ({other.file}:{other.line})" if other.file else "")
                problems.append(_term_problem(
                    entry, term,
                    f"variant {term.text!r} already belongs to entry {other.id!r}{place}; mark "
                    f"both terms `ambiguous = true` if the form really names both"))
    return problems
