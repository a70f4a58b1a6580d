"""Write changed entries back into the glossary's TOML files, keeping the linguists' layout.

Only what changed is touched: a changed preferred term is replaced in place (its trailing
comment stays), variants are deleted from or inserted into the existing arrays (the other
items, their comments and the array's indentation stay), new keys and new language tables
go where a linguist would put them. Every edited file is parsed again and compared with the
intended entries before anything is written, and files are replaced atomically (a temporary
file in the same folder, fsync, rename), so a failure never leaves a half-written glossary.

>>> from steppe_names.model import Entry, Term
>>> text = '''# places
... [ub]
... kind = "place"
...
... [ub.en]
... preferred = "Ulaanbaatar"  # the official spelling
... admitted = [
...   "Ulan Bator",  # older English
... ]
... '''
>>> old = Entry("ub", "place", (Term("Ulaanbaatar", "en", "preferred"),
...                             Term("Ulan Bator", "en", "admitted")))
>>> new = Entry("ub", "place", (Term("Ulaanbaatar", "en", "preferred"),
...                             Term("Ulan Bator", "en", "admitted"),
...                             Term("Ulan Batur", "en", "deprecated")))
>>> print(edit_text(text, "places.toml", [(old, new)]), end="")
# places
[ub]
kind = "place"
<BLANKLINE>
[ub.en]
preferred = "Ulaanbaatar"  # the official spelling
admitted = [
  "Ulan Bator",  # older English
]
deprecated = [
  "Ulan Batur",
]
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import tomli_w
import tomlkit
from tomlkit.container import Container
from tomlkit.items import Array, Comment, Item, Table, Whitespace

from steppe_names.atomic import write_bytes
from steppe_names.glossary import GlossaryError, Problem, toml_format
from steppe_names.model import LANGUAGES, Entry, NameParts, Term

_LANG_KEY_ORDER = ("preferred", "name", "admitted", "deprecated")
_ENTRY_KEY_ORDER = ("kind", "notes", "sources", "priority", "not_mentions")
_STATUS_ORDER = ("preferred", "admitted", "deprecated")


# --- atomic files -----------------------------------------------------------------------------

atomic_write = write_bytes  # every write goes through steppe_names.atomic


def _string(value: str) -> str:
    return tomli_w.dumps({"x": value})[4:].rstrip("\n")


def _inline(pairs: Sequence[tuple[str, Any]]) -> str:
    return "{ " + ", ".join(f"{key} = {_value(value)}" for key, value in pairs) + " }"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def term_source(term: Term) -> str:
    """A term as the glossary files write it: a string, or an inline table when it has more."""
    pairs: list[tuple[str, Any]] = []
    if term.usage:
        pairs.append(("usage", list(term.usage)))
    if term.note:
        pairs.append(("note", term.note))
    if term.source:
        pairs.append(("source", term.source))
    if term.ambiguous:
        pairs.append(("ambiguous", True))
    if not term.inflect:
        pairs.append(("inflect", False))
    if term.reading:
        pairs.append(("reading", term.reading))
    if not pairs:
        return _string(term.text)
    return _inline([("text", term.text), *pairs])


def _name_source(parts: NameParts) -> str:
    pairs = [(key, getattr(parts, key)) for key in
             ("style", "given", "family", "patronymic", "father", "given_initial",
              "patronymic_initial") if getattr(parts, key)]
    return _inline(pairs)


def _array_source(items: Sequence[str]) -> str:
    return "[\n" + "".join(f"  {item},\n" for item in items) + "]"


def _item(source: str) -> Item:
    item: Item = tomlkit.parse(f"x = {source}\n")["x"]
    return item


def _term_key(term: Term) -> tuple[object, ...]:
    return (term.text, term.usage, term.note, term.source, term.ambiguous, term.inflect,
            term.reading)


def _existing_key(value: Any) -> tuple[object, ...]:
    if isinstance(value, str):
        return (value, (), "", "", False, True, "")
    if isinstance(value, dict):
        return (value.get("text"), tuple(value.get("usage", ())), value.get("note", ""),
                value.get("source", ""), value.get("ambiguous", False),
                value.get("inflect", True), value.get("reading", ""))
    return (repr(value),)


_WHERE = ("file", "line", "script", "how")


def _content(term: Term) -> tuple[object, ...]:
    """Every field of a term but where it was read: a field this editor does not write
    shows up as a difference (and stops the write) instead of being lost."""
    return tuple(getattr(term, f.name) for f in dataclasses.fields(Term)
                 if f.name not in _WHERE)


def _unwrap(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


# --- placing keys and tables ------------------------------------------------------------------

def _body(table: Table) -> list[tuple[Any, Any]]:
    body: list[tuple[Any, Any]] = table.value.body
    return body


def _plain_keys(table: Table) -> list[str]:
    return [key.key for key, item in _body(table)
            if key is not None and not isinstance(item, Table)]


def _add_key(table: Table, key: str, item: Item, order: Sequence[str]) -> None:
    """Add a key before the first key that comes after it in `order` (else after the last
    plain key): never after the table's trailing comments or its sub-tables."""
    keys = _plain_keys(table)
    container: Container = table.value
    if not keys:
        container._insert_at(0, key, item)
        return
    rank = order.index(key) if key in order else len(order)
    later = [k for k in keys if k in order and order.index(k) > rank]
    if later:
        index = next(i for i, (k, _) in enumerate(_body(table))
                     if k is not None and k.key == later[0])
        container._insert_at(index, key, item)
    else:  # right after the last plain key (tomlkit ≥ 0.15 has no `_insert_after`)
        last = max(i for i, (k, _) in enumerate(_body(table))
                   if k is not None and k.key == keys[-1])
        if last + 1 < len(_body(table)):
            container._insert_at(last + 1, key, item)
        else:
            container.append(key, item)


def _set_key(table: Table, key: str, source: str | None, order: Sequence[str]) -> None:
    """Set, replace or (source None) remove a plain key."""
    if source is None:
        if key in table:
            del table[key]
        return
    item = _item(source)
    if key in table:
        table[key] = item
    else:
        _add_key(table, key, item, order)


def _trailing_trivia(table: Table) -> list[tuple[Any, Any]]:
    """Pop the comments (and the whitespace after them) at the end of a table: they
    introduce whatever follows, so they move with the end of the table."""
    body = _body(table)
    trail: list[tuple[Any, Any]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Whitespace, Comment)):
        trail.insert(0, body.pop())
    while trail and isinstance(trail[0][1], Whitespace):  # keep the blank line
        body.append(trail.pop(0))
    return trail


def _new_language_table(entry_table: Table, entry_id: str, lang: str,
                        terms: Sequence[Term], parts: NameParts | None) -> None:
    lines = [f"[{entry_id}.{lang}]"]
    lines += _language_lines(terms, parts)
    snippet: Any = tomlkit.parse("\n".join(lines) + "\n")
    new: Table = snippet[entry_id][lang]
    present = [code for code in LANGUAGES if code in entry_table
               and isinstance(entry_table[code], Table)]
    rank = LANGUAGES.index(lang)
    following = [code for code in present if LANGUAGES.index(code) > rank]
    container: Container = entry_table.value
    new.value.append(None, Whitespace("\n"))
    if following:
        index = next(i for i, (k, _) in enumerate(container.body)
                     if k is not None and k.key == following[0])
        container._insert_at(index, lang, new)
        return
    preceding = [code for code in present if LANGUAGES.index(code) < rank]
    if preceding:
        trail = _trailing_trivia(entry_table[preceding[-1]])
        for key, item in trail:
            new.value.append(key, item)
    container.append(lang, new)


def _language_lines(terms: Sequence[Term], parts: NameParts | None) -> list[str]:
    preferred = [t for t in terms if t.status == "preferred"]
    lines = [f"preferred = {term_source(preferred[0])}"] if preferred else []
    if parts is not None:
        lines.append(f"name = {_name_source(parts)}")
    for status in ("admitted", "deprecated"):
        items = [term_source(t) for t in terms if t.status == status]
        if items:
            lines.append(f"{status} = {_array_source(items)}")
    return lines


def _reconcile_array(table: Table, status: str, terms: Sequence[Term]) -> None:
    """Make the array `status` hold `terms`, deleting and inserting items in place."""
    wanted = [_term_key(t) for t in terms]
    if not terms:
        if status in table:
            del table[status]
        return
    if status not in table or not isinstance(table[status], Array):
        _set_key(table, status, _array_source([term_source(t) for t in terms]),
                 _LANG_KEY_ORDER)
        return
    array: Array = table[status]
    have = [_existing_key(_unwrap(v)) for v in array]
    if have == wanted:
        return
    matcher = difflib.SequenceMatcher(a=have, b=wanted, autojunk=False)
    opcodes = matcher.get_opcodes()
    if not any(tag == "equal" for tag, *_ in opcodes):  # nothing to keep: write it afresh
        _set_key(table, status, _array_source([term_source(t) for t in terms]),
                 _LANG_KEY_ORDER)
        return
    for tag, i1, i2, j1, j2 in reversed(opcodes):
        if tag == "equal":
            continue
        for index in range(i2 - 1, i1 - 1, -1):
            del array[index]
        for offset, term in enumerate(terms[j1:j2]):
            array.insert(i1 + offset, _item(term_source(term)))


# --- editing entries --------------------------------------------------------------------------

class LayoutError(Exception):
    """The file is laid out in a way this editor does not handle (nothing is written)."""


def _entry_table(doc: Any, entry_id: str) -> Table:
    table = doc.get(entry_id)
    if not isinstance(table, Table):
        raise LayoutError(f"the tables of entry {entry_id!r} are not written together "
                          f"([{entry_id}] then [{entry_id}.<lang>]); move them next to "
                          f"each other and try again")
    return table


def _entry_values(entry: Entry) -> dict[str, str | None]:
    return {
        "kind": _string(entry.kind),
        "notes": _string(entry.notes) if entry.notes else None,
        "sources": _array_source([_string(s) for s in entry.sources]) if entry.sources
        else None,
        "priority": str(entry.priority) if entry.priority else None,
        "not_mentions": _array_source([_string(s) for s in entry.not_mentions])
        if entry.not_mentions else None,
    }


def _edit_entry(doc: Any, old: Entry, new: Entry) -> None:
    table = _entry_table(doc, old.id)
    old_values = _entry_values(old)
    for key, source in _entry_values(new).items():
        if source != old_values[key]:
            _set_key(table, key, source, _ENTRY_KEY_ORDER)
    for lang in LANGUAGES:
        old_terms = [t for t in old.terms_in(lang) if not t.how]
        new_terms = [t for t in new.terms_in(lang) if not t.how]
        old_parts, new_parts = old.name_parts(lang), new.name_parts(lang)
        if ([(*_term_key(t), t.status) for t in old_terms] ==
                [(*_term_key(t), t.status) for t in new_terms] and old_parts == new_parts):
            continue
        if not new_terms:
            if lang in table:
                lang_table = table[lang]
                trail = _trailing_trivia(lang_table) if isinstance(lang_table, Table) else []
                del table[lang]
                present = [c for c in LANGUAGES if c in table and isinstance(table[c], Table)]
                if trail and present:
                    for key, item in trail:
                        table[present[-1]].value.append(key, item)
            continue
        if lang not in table:
            _new_language_table(table, old.id, lang, new_terms, new_parts)
            continue
        lang_table = table[lang]
        if not isinstance(lang_table, Table):
            raise LayoutError(f"[{old.id}.{lang}] is not a table")
        old_preferred = [t for t in old_terms if t.status == "preferred"]
        new_preferred = [t for t in new_terms if t.status == "preferred"]
        if [_term_key(t) for t in old_preferred] != [_term_key(t) for t in new_preferred]:
            _set_key(lang_table, "preferred",
                     term_source(new_preferred[0]) if new_preferred else None,
                     _LANG_KEY_ORDER)
        if old_parts != new_parts:
            _set_key(lang_table, "name",
                     _name_source(new_parts) if new_parts is not None else None,
                     _LANG_KEY_ORDER)
        for status in ("admitted", "deprecated"):
            _reconcile_array(lang_table, status, [t for t in new_terms if t.status == status])


def entry_content(entry: Entry) -> tuple[object, ...]:
    """What an entry says, without where it was read (nor machine-made terms)."""
    ordered = sorted((t for t in entry.terms if not t.how),
                     key=lambda t: (LANGUAGES.index(t.lang) if t.lang in LANGUAGES else 99,
                                    _STATUS_ORDER.index(t.status)))
    terms = tuple(_content(t) for t in ordered)
    return (entry.id, entry.kind, entry.notes, entry.sources, entry.priority,
            entry.not_mentions, tuple(sorted(entry.names)), terms)


def edit_text(text: str, file: str, changes: Sequence[tuple[Entry, Entry]]) -> str:
    """The TOML text with each (old, new) entry change applied; raises GlossaryError when the
    file cannot be edited faithfully (checked by parsing the result)."""
    try:
        doc = tomlkit.parse(text)
        for old, new in changes:
            _edit_entry(doc, old, new)
        result = tomlkit.dumps(doc)
    except LayoutError as error:
        raise GlossaryError([Problem(file, 0, "", f"cannot edit this file: {error}")]) from None
    before = {e.id: e for e in toml_format.loads(text, file)}
    after = {e.id: e for e in toml_format.loads(result, file)}
    wanted = {**{k: entry_content(v) for k, v in before.items()},
              **{new.id: entry_content(new) for _, new in changes}}
    got = {k: entry_content(v) for k, v in after.items()}
    if got != wanted or list(before) != list(after):
        broken = sorted(k for k in wanted.keys() | got.keys() if wanted.get(k) != got.get(k))
        raise GlossaryError([Problem(file, 0, broken[0] if broken else "",
                                     "internal error: editing the file would not give the "
                                     "intended entries; nothing was written (please report "
                                     "this with the file)")])
    return result


def plan(changes: Sequence[tuple[Entry, Entry]],
         resolve: Callable[[str], Path]) -> list[tuple[Path, str, str]]:
    """(path, old text, new text) for every file that the changes touch; nothing written."""
    by_file: dict[str, list[tuple[Entry, Entry]]] = {}
    for old, new in changes:
        if not old.file:
            raise GlossaryError([Problem("", 0, old.id, "entry has no source file to write to")])
        by_file.setdefault(old.file, []).append((old, new))
    result: list[tuple[Path, str, str]] = []
    for file, file_changes in by_file.items():
        path = resolve(file)
        try:
            raw = path.read_bytes().decode("utf-8")
        except OSError as error:
            raise GlossaryError([Problem(file, 0, "", f"cannot read: {error.strerror}")]
                                ) from None
        except UnicodeDecodeError:
            raise GlossaryError([Problem(file, 0, "", "not valid UTF-8")]) from None
        # the file's own line ends stay (a file saved on Windows was written back with
        # \n, every line of it changed)
        crlf = "\r\n" in raw
        edited = edit_text(raw.replace("\r\n", "\n") if crlf else raw, file, file_changes)
        result.append((path, raw, edited.replace("\n", "\r\n") if crlf else edited))
    return result


def write(planned: Sequence[tuple[Path, str, str]]) -> list[Path]:
    """Write planned edits (each file atomically); returns the files that changed."""
    written: list[Path] = []
    for path, old_text, new_text in planned:
        if new_text != old_text:
            atomic_write(path, new_text.encode("utf-8"))
            written.append(path)
    return written
