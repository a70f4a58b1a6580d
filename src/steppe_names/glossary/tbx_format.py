"""Read and write the glossary as TBX (TermBase eXchange, ISO 30042) for CAT tools.

Two dialects:
- TBX v3 / TBX-Basic (ISO 30042:2019, DCA style): `<tbx type="TBX-Basic" style="dca">`,
  `conceptEntry` / `langSec` / `termSec`;
- the older TBX v2 "martif" (`martif` / `termEntry` / `langSet` / `tig`), which Translate
  Toolkit and Weblate read.

Mapping (both dialects): an entry is a concept with `id` = the entry id; its kind is the
`subjectField`, its sources `externalCrossReference`s, its notes a `note`; each term carries
`administrativeStatus` (preferredTerm-admn-sts, admittedTerm-admn-sts,
deprecatedTerm-admn-sts), `termType` abbreviation or shortForm where that applies, its note as
a `note` and its source as `<admin type="source">`. What TBX-Basic has no data category for
(usage like historic or colloquial, ambiguous, no-inflect, kana readings, priority,
not_mentions, name parts)
goes into a `note` that starts with `steppe-names: ` followed by JSON, so a round trip keeps
every term, status and note and nothing else is lost either.

>>> from steppe_names.model import Entry, Term
>>> entry = Entry("ulaanbaatar", "place", (Term("Ulaanbaatar", "en", "preferred"),
...                                        Term("Улан-Батор", "ru", "preferred"),
...                                        Term("Урга", "ru", "admitted", usage=("historic",))))
>>> text = dumps([entry])
>>> 'preferredTerm-admn-sts' in text and '<conceptEntry id="ulaanbaatar">' in text
True
>>> [(t.text, t.status, t.usage) for t in loads(text)[0].terms]
[('Ulaanbaatar', 'preferred', ()), ('Улан-Батор', 'preferred', ()), \
('Урга', 'admitted', ('historic',))]
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from steppe_names.glossary import GlossaryError, Problem
from steppe_names.model import KINDS, LANGUAGES, USAGES, Entry, NameParts, Term

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
TBX_BASIC_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
                 "TBXcoreStructV03_TBX-Basic_integrated.rng")
MACHINE_NOTE = "steppe-names: "

STATUS_VALUES = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                 "deprecated": "deprecatedTerm-admn-sts"}
_STATUS_READ = {**{v: k for k, v in STATUS_VALUES.items()},
                "notRecommendedTerm-admn-sts": "deprecated",
                "supersededTerm-admn-sts": "deprecated"}
_TERM_TYPES_READ = {"abbreviation": "abbreviation", "acronym": "abbreviation",
                    "shortForm": "short"}
_NAME_FIELDS = ("style", "given", "family", "patronymic", "father", "given_initial",
                "patronymic_initial")
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- writing ----------------------------------------------------------------------------------

def _escape(text: str, attribute: bool = False) -> str:
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def _machine(data: dict[str, Any]) -> str:
    return MACHINE_NOTE + json.dumps(data, ensure_ascii=False, sort_keys=True)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.problems: list[Problem] = []
        self.where: tuple[str, int, str] = ("", 0, "")

    def check(self, text: str) -> str:
        bad = _INVALID_XML.search(text)
        if bad:
            file, line, entry = self.where
            self.problems.append(Problem(file, line, entry,
                                         f"{text!r} holds U+{ord(bad.group()):04X}, which XML "
                                         f"1.0 cannot hold"))
        return text

    def leaf(self, depth: int, tag: str, text: str, **attributes: str) -> None:
        attrs = "".join(f' {k.replace("_", ":", 1) if k.startswith("xml_") else k}='
                        f'"{_escape(self.check(v), True)}"' for k, v in attributes.items())
        self.lines.append(f"{'  ' * depth}<{tag}{attrs}>{_escape(self.check(text))}</{tag}>")

    def open(self, depth: int, tag: str, **attributes: str) -> None:
        attrs = "".join(f' {k.replace("_", ":", 1) if k.startswith("xml_") else k}='
                        f'"{_escape(self.check(v), True)}"' for k, v in attributes.items())
        self.lines.append(f"{'  ' * depth}<{tag}{attrs}>")

    def close(self, depth: int, tag: str) -> None:
        self.lines.append(f"{'  ' * depth}</{tag}>")


def _xml_id(entry_id: str) -> str:
    """An XML ID cannot start with a digit: such ids get a leading '_' (glossary ids never
    start with one, so reading drops it again)."""
    return "_" + entry_id if entry_id[:1].isdigit() else entry_id


def dumps(entries: Sequence[Entry], version: int = 3) -> str:
    """The entries as a TBX document: version 3 (TBX-Basic, ISO 30042:2019) or 2 (martif).

    Raises GlossaryError when a text holds a character XML 1.0 cannot hold.
    """
    if version not in (2, 3):
        raise ValueError("TBX version must be 2 or 3")
    out = _Writer()
    w = out.lines
    w.append('<?xml version="1.0" encoding="UTF-8"?>')
    description = ("Exported by steppe-names from its glossary: places, persons, events and "
                   "organisations with their English, Russian, Mongolian and Japanese terms.")
    if version == 3:
        w.append(f'<?xml-model href="{TBX_BASIC_RNG}" type="application/xml" '
                 'schematypens="http://relaxng.org/ns/structure/1.0"?>')
        w.append(f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{NAMESPACE}">')
        w.append("  <tbxHeader>")
    else:
        w.append('<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">')
        w.append('<martif type="TBX-Basic-V1" xml:lang="en">')
        w.append("  <martifHeader>")
    w.append("    <fileDesc>")
    w.append("      <titleStmt>")
    w.append("        <title>steppe-names glossary</title>")
    w.append("      </titleStmt>")
    w.append("      <sourceDesc>")
    w.append(f"        <p>{description}</p>")
    w.append("      </sourceDesc>")
    w.append("    </fileDesc>")
    if version == 3:
        w.append("  </tbxHeader>")
    else:
        w.append("    <encodingDesc>")
        w.append('      <p type="XCSURI">TBXBasicXCSV02.xcs</p>')
        w.append("    </encodingDesc>")
        w.append("  </martifHeader>")
    w.append("  <text>")
    w.append("    <body>")
    concept, lang_tag, term_tag = (("conceptEntry", "langSec", "termSec") if version == 3
                                   else ("termEntry", "langSet", "tig"))
    for entry in entries:
        out.where = (entry.file, entry.line, entry.id)
        out.open(3, concept, id=_xml_id(entry.id))
        out.leaf(4, "descrip", entry.kind, type="subjectField")
        for source in entry.sources:
            out.leaf(4, "xref", source, type="externalCrossReference", target=source)
        if entry.notes:
            out.leaf(4, "note", entry.notes)
        extra: dict[str, Any] = {}
        if entry.priority:
            extra["priority"] = entry.priority
        if entry.not_mentions:
            extra["not_mentions"] = list(entry.not_mentions)
        if extra:
            out.leaf(4, "note", _machine(extra))
        for lang in LANGUAGES:
            terms = [t for t in entry.terms_in(lang) if not t.how]
            if not terms:
                continue
            out.open(4, lang_tag, xml_lang=lang)
            parts = entry.name_parts(lang)
            if parts is not None:
                name = {k: getattr(parts, k) for k in _NAME_FIELDS if getattr(parts, k)}
                out.leaf(5, "note", _machine({"name": name}))
            for term in terms:
                out.where = (term.file or entry.file, term.line or entry.line, entry.id)
                out.open(5, term_tag)
                out.leaf(6, "term", term.text)
                out.leaf(6, "termNote", STATUS_VALUES[term.status], type="administrativeStatus")
                if "abbreviation" in term.usage:
                    out.leaf(6, "termNote", "abbreviation", type="termType")
                elif "short" in term.usage:
                    out.leaf(6, "termNote", "shortForm", type="termType")
                if term.source:
                    out.leaf(6, "admin", term.source, type="source")
                if term.note:
                    out.leaf(6, "note", term.note)
                flags: dict[str, Any] = {}
                if term.usage:
                    flags["usage"] = list(term.usage)
                if term.ambiguous:
                    flags["ambiguous"] = True
                if not term.inflect:
                    flags["inflect"] = False
                if term.reading:
                    flags["reading"] = term.reading
                if flags:
                    out.leaf(6, "note", _machine(flags))
                out.close(5, term_tag)
            out.close(4, lang_tag)
        out.close(3, concept)
    w.append("    </body>")
    w.append("  </text>")
    w.append("</tbx>" if version == 3 else "</martif>")
    if out.problems:
        raise GlossaryError(out.problems)
    return "\n".join(w) + "\n"


# --- reading ----------------------------------------------------------------------------------

@dataclass
class _Node:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""

    def find_all(self, *tags: str) -> list[_Node]:
        return [c for c in self.children if c.tag in tags]


def _parse(data: bytes, file: str) -> _Node:
    parser = expat.ParserCreate(namespace_separator=" ")
    root = _Node("", {}, 0)
    stack = [root]

    def local(name: str) -> str:
        space, _, tag = name.rpartition(" ")
        if space == XML_NAMESPACE:
            return "xml:" + tag
        return tag

    def start(name: str, attributes: dict[str, str]) -> None:
        node = _Node(local(name), {local(k): v for k, v in attributes.items()},
                     parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        node = stack[-1]
        if node.children:  # mixed content (<hi> inside a note): keep the text in order
            node.children.append(_Node("#text", {}, parser.CurrentLineNumber, text=data))
        else:
            node.text += data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise GlossaryError([Problem(file, error.lineno, "",
                                     f"not well-formed XML: {expat.errors.messages[error.code]}"
                                     if error.code in expat.errors.messages
                                     else f"not well-formed XML: {error}")]) from None
    if not root.children:
        raise GlossaryError([Problem(file, 0, "", "empty TBX file")])
    return root.children[0]


def _text(node: _Node) -> str:
    return node.text + "".join(c.text if c.tag == "#text" else _text(c) for c in node.children)


def _machine_data(notes: list[_Node], file: str, entry: str,
                  problems: list[Problem]) -> tuple[list[str], dict[str, Any]]:
    human: list[str] = []
    data: dict[str, Any] = {}
    for note in notes:
        value = _text(note)
        if value.startswith(MACHINE_NOTE):
            try:
                loaded = json.loads(value[len(MACHINE_NOTE):])
                if not isinstance(loaded, dict):
                    raise ValueError("not an object")
            except ValueError:
                problems.append(Problem(file, note.line, entry,
                                        f"unreadable {MACHINE_NOTE.strip()} note: {value!r}"))
                continue
            data.update(loaded)
        else:
            human.append(value)
    return human, data


def loads(data: str | bytes, file: str = "<string>") -> list[Entry]:
    """Read a TBX v3 (TBX-Basic) or v2 (martif) document; GlossaryError lists every problem
    (file, line, entry)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    root = _parse(raw, file)
    if root.tag not in ("tbx", "martif"):
        raise GlossaryError([Problem(file, root.line, "", f"not a TBX file: the root element is "
                                     f"<{root.tag}>, expected <tbx> or <martif>")])
    problems: list[Problem] = []
    entries: list[Entry] = []
    texts = root.find_all("text")
    bodies = [b for t in texts for b in t.find_all("body")]
    for body in bodies:
        for concept in body.find_all("conceptEntry", "termEntry"):
            entry = _concept(concept, file, problems)
            if entry is not None:
                entries.append(entry)
    if problems:
        raise GlossaryError(problems)
    return entries


def _concept(node: _Node, file: str, problems: list[Problem]) -> Entry | None:
    entry_id = node.attributes.get("id", "")
    if entry_id.startswith("_") and entry_id[1:2].isdigit():
        entry_id = entry_id[1:]
    if not entry_id:
        problems.append(Problem(file, node.line, "", f"<{node.tag}> without an id"))
        return None
    count = len(problems)
    kind = "place"
    kind_given = False
    for descrip in node.find_all("descrip"):
        if descrip.attributes.get("type") == "subjectField":
            kind = _text(descrip).strip()
            kind_given = True
    if kind_given and kind not in KINDS:
        problems.append(Problem(file, node.line, entry_id, f"subjectField {kind!r} is not one "
                                f"of {', '.join(KINDS)}"))
    sources = tuple(x.attributes.get("target") or _text(x) for x in node.find_all("xref")
                    if x.attributes.get("type") == "externalCrossReference")
    notes, extra = _machine_data(node.find_all("note"), file, entry_id, problems)
    terms: list[Term] = []
    names: list[tuple[str, NameParts]] = []
    for lang_node in node.find_all("langSec", "langSet"):
        lang = lang_node.attributes.get("xml:lang", "").split("-")[0].lower()
        if lang not in LANGUAGES:
            problems.append(Problem(file, lang_node.line, entry_id,
                                    f"language {lang!r} is not one of {', '.join(LANGUAGES)}"))
            continue
        _, lang_extra = _machine_data(lang_node.find_all("note"), file, entry_id, problems)
        if isinstance(lang_extra.get("name"), dict):
            try:
                names.append((lang, NameParts(**lang_extra["name"])))
            except TypeError:
                problems.append(Problem(file, lang_node.line, entry_id, "unreadable name parts"))
        for term_node in lang_node.find_all("termSec", "tig", "ntig"):
            term = _term(term_node, lang, file, entry_id, problems)
            if term is not None:
                terms.append(term)
    if len(problems) > count:
        return None
    ordered = [t for lang in LANGUAGES for status in ("preferred", "admitted", "deprecated")
               for t in terms if t.lang == lang and t.status == status]
    priority = extra.get("priority", 0)
    not_mentions = extra.get("not_mentions", [])
    # kind "" (no subjectField): `merge` keeps the glossary's kind
    return Entry(id=entry_id, kind=kind if kind_given else "",  # type: ignore[arg-type]
                 terms=tuple(ordered), notes="\n".join(notes), sources=sources,
                 priority=priority if isinstance(priority, int) else 0,
                 not_mentions=tuple(str(x) for x in not_mentions), names=tuple(names),
                 file=file, line=node.line)


def _term(node: _Node, lang: str, file: str, entry_id: str,
          problems: list[Problem]) -> Term | None:
    term_nodes = node.find_all("term")
    if not term_nodes and node.tag == "ntig":
        term_nodes = [t for g in node.find_all("termGrp") for t in g.find_all("term")]
    if len(term_nodes) != 1:
        problems.append(Problem(file, node.line, entry_id, f"<{node.tag}> needs exactly one "
                                f"<term>, has {len(term_nodes)}"))
        return None
    text = _text(term_nodes[0])
    status = "admitted"
    usage: list[str] = []
    source = ""
    for note in node.find_all("termNote"):
        kind = note.attributes.get("type")
        value = _text(note).strip()
        if kind == "administrativeStatus":
            if value not in _STATUS_READ:
                problems.append(Problem(file, note.line, entry_id, f"administrativeStatus "
                                        f"{value!r} is not one of "
                                        f"{', '.join(STATUS_VALUES.values())}"))
                return None
            status = _STATUS_READ[value]
        elif kind == "termType" and value in _TERM_TYPES_READ:
            usage.append(_TERM_TYPES_READ[value])
    for admin in node.find_all("admin"):
        if admin.attributes.get("type") == "source":
            source = _text(admin)
    human, flags = _machine_data(node.find_all("note"), file, entry_id, problems)
    if "usage" in flags:
        usage = [u for u in flags["usage"] if u in USAGES]
    return Term(text=text, lang=lang, status=status,  # type: ignore[arg-type]
                usage=tuple(dict.fromkeys(usage)), note="\n".join(human), source=source,
                ambiguous=bool(flags.get("ambiguous", False)),
                inflect=bool(flags.get("inflect", True)), reading=str(flags.get("reading", "")),
                file=file, line=term_nodes[0].line)


def load(path: str | Path) -> list[Entry]:
    """Read a TBX file (v3 or v2)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GlossaryError([Problem(str(path), 0, "", f"cannot read: {error.strerror}")]
                            ) from None
    return loads(data, str(path))


def merge(base: Sequence[Entry], imported: Sequence[Entry]) -> tuple[list[Entry], list[Problem]]:
    """The glossary's entries with a TBX file's entries laid over them, matched by id.

    For each entry in the file: its kind (when given), notes, sources, priority and
    not_mentions replace the glossary's, and each language it has replaces that language's
    terms and name parts; languages the file does not have are kept. Ids the glossary does
    not know are problems (add the entry to a TOML file first).
    """
    by_id = {e.id: e for e in base}
    problems: list[Problem] = []
    for new in imported:
        old = by_id.get(new.id)
        if old is None:
            problems.append(Problem(new.file, new.line, new.id, "unknown entry id: no glossary "
                                    "entry has it (add the entry to a glossary TOML file "
                                    "first)"))
            continue
        langs = {t.lang for t in new.terms}
        terms = [t for lang in LANGUAGES
                 for t in (new.terms_in(lang) if lang in langs else old.terms_in(lang))]
        names = [(lang, parts) for lang, parts in new.names if lang in langs]
        names += [(lang, parts) for lang, parts in old.names if lang not in langs]
        names.sort(key=lambda item: LANGUAGES.index(item[0]))
        by_id[new.id] = dataclasses.replace(
            old, kind=new.kind or old.kind, notes=new.notes, sources=new.sources,
            priority=new.priority, not_mentions=new.not_mentions, terms=tuple(terms),
            names=tuple(names))
    return list(by_id.values()), problems
