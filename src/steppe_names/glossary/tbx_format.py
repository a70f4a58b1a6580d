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
every term, status and note and nothing else is lost either (a human note that itself starts
with `steppe-names: ` travels inside that JSON, as "note").

Reading is safe on hostile files: a DTD inside the document (`<!DOCTYPE x [...]>`), entity
declarations and references to external or undeclared entities are refused with an error
naming the file and line, so XXE, DTD fetches and entity-expansion bombs (billion laughs,
quadratic blow-up) never get started; nothing the document names is opened. A DOCTYPE that
only names its DTD, as TBX v2 files do, is read, and the DTD is not. Files larger than the
max_file_bytes limit, more than max_file_bytes / 32 elements or nesting deeper than 64 are
refused too, and what the file says must be something the glossary files can hold (term text,
kana readings, name parts, flags), so an import never writes a glossary that does not load.

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
from typing import Any, NoReturn
from xml.parsers import expat

from steppe_names.glossary import (
    GlossaryError,
    Problem,
    read_source,
    reading_problem,
    term_text_problem,
)
from steppe_names.limits import Limits
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
_NAME_STYLES = ("russian", "mongolian", "japanese")
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
        extra: dict[str, Any] = {}
        if entry.notes.startswith(MACHINE_NOTE):  # would read as one of ours: keep it in one
            extra["note"] = entry.notes
        elif entry.notes:
            out.leaf(4, "note", entry.notes)
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
                flags: dict[str, Any] = {}
                if term.note.startswith(MACHINE_NOTE):
                    flags["note"] = term.note
                elif term.note:
                    out.leaf(6, "note", term.note)
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

# A TBX document needs no DTD declarations: a DOCTYPE that only names its DTD (as TBX v2
# files and Translate Toolkit's do) is accepted and its DTD never read; an internal subset
# (`<!DOCTYPE x [...]>`, where entities are declared), any entity declaration, and any
# reference to an external or undeclared entity is refused before it can expand or be
# fetched. That rules out XXE (external entities naming files or URLs), DTD fetches, and
# entity-expansion bombs (billion laughs, quadratic blow-up) alike.
MAX_DEPTH = 64  # TBX nests about ten deep (tbx/text/body/conceptEntry/langSec/termSec/note)
# Elements allowed: max_file_bytes / this. Real TBX has ~75 bytes per element (the bundled
# glossary's export), and the tree costs ~200 bytes per element, so a file of bare `<a/>`s
# can cost no more memory than a real file of the largest size allowed.
BYTES_PER_ELEMENT = 32


@dataclass(slots=True)
class _Node:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""

    def find_all(self, *tags: str) -> list[_Node]:
        return [c for c in self.children if c.tag in tags]


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_HOSTILE = ("TBX needs no DTD declarations, and this is how entity-expansion bombs and "
            "external-entity (XXE) attacks work")


def _too_large(file: str, limits: Limits) -> GlossaryError:
    return GlossaryError([Problem(file, 0, "", "file too large " + limits.hint("max_file_bytes"))])


def _parse(data: bytes, file: str, encoding: str | None = None) -> _Node:
    limits = Limits.current()
    if len(data) > limits.max_file_bytes:
        raise _too_large(file, limits)
    max_elements = max(limits.max_file_bytes // BYTES_PER_ELEMENT, 1)
    parser = expat.ParserCreate(encoding, namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = _Node("", {}, 0)
    stack = [root]
    elements = 0

    def refuse(message: str) -> NoReturn:
        raise _Refused(parser.CurrentLineNumber, message)

    def local(name: str) -> str:
        space, _, tag = name.rpartition(" ")
        if space == XML_NAMESPACE:
            return "xml:" + tag
        return tag

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal elements
        elements += 1
        if elements > max_elements:
            refuse(f"more than {max_elements:,} elements (the limit follows max_file_bytes: "
                   f"{limits.hint('max_file_bytes')[1:-1]})")
        if len(stack) > MAX_DEPTH:
            refuse(f"elements nested more than {MAX_DEPTH} deep (a TBX file nests about ten)")
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

    def doctype(name: str, _system: str | None, _public: str | None, subset: int) -> None:
        if subset:
            refuse(f"refused: <!DOCTYPE {name} [...]> declares a DTD inside the document "
                   f"({_HOSTILE})")

    def entity(name: str, parameter: int, *_rest: object) -> None:
        refuse(f"refused: the entity declaration {'%' if parameter else ''}{name} ({_HOSTILE})")

    def external(_context: str | None, _base: str | None, system: str | None,
                 public: str | None) -> int:
        refuse(f"refused: a reference to the external entity {system or public!r} (TBX import "
               f"never opens a file or URL named in the document)")

    def skipped(name: str, parameter: int) -> None:
        refuse(f"reference to the undeclared entity {'%' if parameter else '&'}{name}; (only "
               f"&amp; &lt; &gt; &quot; &apos; and character references are allowed)")

    def unparsed(name: str, *_rest: object) -> None:
        refuse(f"refused: the entity declaration {name} ({_HOSTILE})")

    def notation(name: str, *_rest: object) -> None:
        refuse(f"refused: the notation declaration {name} ({_HOSTILE})")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = unparsed
    parser.NotationDeclHandler = notation
    parser.ExternalEntityRefHandler = external
    parser.SkippedEntityHandler = skipped
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise GlossaryError([Problem(file, refused.line, "", refused.message)]) from None
    except expat.ExpatError as error:
        raise GlossaryError([Problem(file, error.lineno, "",
                                     f"not well-formed XML: {expat.errors.messages[error.code]}"
                                     if error.code in expat.errors.messages
                                     else f"not well-formed XML: {error}")]) from None
    except (ValueError, LookupError) as error:  # pyexpat: an encoding it cannot use (UTF-7)
        raise GlossaryError([Problem(file, parser.CurrentLineNumber or 1, "",
                                     f"cannot read the XML: {error}; save it as UTF-8")]
                            ) from None
    if not root.children:
        raise GlossaryError([Problem(file, 0, "", "empty TBX file")])
    return root.children[0]


def _text(node: _Node) -> str:
    return node.text + "".join(c.text if c.tag == "#text" else _text(c) for c in node.children)


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


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
            except (ValueError, RecursionError):  # RecursionError: [[[[... nested too deep
                problems.append(Problem(file, note.line, entry,
                                        f"unreadable {MACHINE_NOTE.strip()} note: "
                                        f"{_short(value)}"))
                continue
            data.update(loaded)
        else:
            human.append(value)
    return human, data


def _human_note(data: dict[str, Any], human: list[str], file: str, line: int, entry: str,
                problems: list[Problem]) -> None:
    """A note that starts like a machine note is written inside one, as "note"."""
    if "note" in data:
        if _strings([data["note"]]):
            human.append(data["note"])
        else:
            problems.append(Problem(file, line, entry, f"note must be a string, not "
                                    f"{_short(data['note'])}"))


def _strings(value: object) -> bool:
    """A list of strings that XML (and so the TBX file and the glossary) can hold?"""
    return isinstance(value, list) and all(isinstance(v, str) and not _INVALID_XML.search(v)
                                           for v in value)


def _name_parts(value: object) -> NameParts | str:
    """Name parts from a machine note, or what is wrong with them (the TOML loader's rules)."""
    if not isinstance(value, dict) or not _strings(list(value.values())):
        return f"name parts must be an object of strings, not {_short(value)}"
    unknown = set(value) - set(_NAME_FIELDS)
    if unknown:
        return f"unknown name part(s) {', '.join(sorted(unknown))}"
    style = value.get("style")
    if style not in _NAME_STYLES:
        return f"name style must be one of {', '.join(_NAME_STYLES)}, not {_short(style)}"
    needed = "given" if style == "mongolian" else "family"
    if not value.get(needed):
        return f"a {style} name needs its {needed} part"
    return NameParts(**value)


def loads(data: str | bytes, file: str = "<string>") -> list[Entry]:
    """Read a TBX v3 (TBX-Basic) or v2 (martif) document; GlossaryError lists every problem
    (file, line, entry). A DTD inside the document, entity declarations and external
    entities are refused (see `_parse`); nothing the document names is ever opened."""
    if isinstance(data, str):  # a str is read as itself, whatever encoding it declares
        root = _parse(data.encode("utf-8", "surrogatepass"), file, "UTF-8")
    else:
        root = _parse(data, file)
    if root.tag not in ("tbx", "martif"):
        raise GlossaryError([Problem(file, root.line, "", f"not a TBX file: the root element is "
                                     f"<{root.tag}>, expected <tbx> or <martif>")])
    limits = Limits.current()
    problems: list[Problem] = []
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    texts = root.find_all("text")
    bodies = [b for t in texts for b in t.find_all("body")]
    for body in bodies:
        for concept in body.find_all("conceptEntry", "termEntry"):
            entry = _concept(concept, file, problems, limits)
            if entry is None:
                continue
            if entry.id in seen:
                problems.append(Problem(file, entry.line, entry.id, f"<{concept.tag}> appears "
                                        f"twice (also at line {seen[entry.id]})"))
                continue
            seen[entry.id] = entry.line
            entries.append(entry)
    if problems:
        raise GlossaryError(problems)
    return entries


def _concept(node: _Node, file: str, problems: list[Problem], limits: Limits) -> Entry | None:
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
        problems.append(Problem(file, node.line, entry_id, f"subjectField {_short(kind)} is "
                                f"not one of {', '.join(KINDS)}"))
    sources = tuple(x.attributes.get("target") or _text(x) for x in node.find_all("xref")
                    if x.attributes.get("type") == "externalCrossReference")
    notes, extra = _machine_data(node.find_all("note"), file, entry_id, problems)
    _human_note(extra, notes, file, node.line, entry_id, problems)
    priority = extra.get("priority", 0)
    if (not isinstance(priority, int) or isinstance(priority, bool)
            or not -2**63 <= priority < 2**63):  # TOML's integers
        problems.append(Problem(file, node.line, entry_id, f"priority must be an integer, "
                                f"not {_short(priority)}"))
    not_mentions = extra.get("not_mentions", [])
    if not _strings(not_mentions):
        problems.append(Problem(file, node.line, entry_id, f"not_mentions must be a list of "
                                f"strings, not {_short(not_mentions)}"))
    terms: list[Term] = []
    names: list[tuple[str, NameParts]] = []
    for lang_node in node.find_all("langSec", "langSet"):
        lang = lang_node.attributes.get("xml:lang", "").split("-")[0].lower()
        if lang not in LANGUAGES:
            problems.append(Problem(file, lang_node.line, entry_id, f"language {_short(lang)} "
                                    f"is not one of {', '.join(LANGUAGES)}"))
            continue
        _, lang_extra = _machine_data(lang_node.find_all("note"), file, entry_id, problems)
        if "name" in lang_extra:
            parts = _name_parts(lang_extra["name"])
            if isinstance(parts, str):
                problems.append(Problem(file, lang_node.line, entry_id, parts))
            elif any(name_lang == lang for name_lang, _ in names):
                problems.append(Problem(file, lang_node.line, entry_id,
                                        f"name parts for {lang!r} given twice"))
            else:
                names.append((lang, parts))
        for term_node in lang_node.find_all("termSec", "tig", "ntig"):
            term = _term(term_node, lang, file, entry_id, problems, limits)
            if term is not None:
                terms.append(term)
    if len(problems) > count:
        return None
    ordered = [t for lang in LANGUAGES for status in ("preferred", "admitted", "deprecated")
               for t in terms if t.lang == lang and t.status == status]
    # kind "" (no subjectField): `merge` keeps the glossary's kind
    return Entry(id=entry_id, kind=kind if kind_given else "",  # type: ignore[arg-type]
                 terms=tuple(ordered), notes="\n".join(notes), sources=sources,
                 priority=priority, not_mentions=tuple(not_mentions), names=tuple(names),
                 file=file, line=node.line)


def _term(node: _Node, lang: str, file: str, entry_id: str, problems: list[Problem],
          limits: Limits) -> Term | None:
    term_nodes = node.find_all("term")
    if not term_nodes and node.tag == "ntig":
        term_nodes = [t for g in node.find_all("termGrp") for t in g.find_all("term")]
    if len(term_nodes) != 1:
        problems.append(Problem(file, node.line, entry_id, f"<{node.tag}> needs exactly one "
                                f"<term>, has {len(term_nodes)}"))
        return None
    text = _text(term_nodes[0])
    line = term_nodes[0].line
    count = len(problems)
    problem = term_text_problem(text, limits)
    if problem:
        problems.append(Problem(file, line, entry_id, problem))
    status = "admitted"
    usage: list[str] = []
    source = ""
    for note in node.find_all("termNote"):
        kind = note.attributes.get("type")
        value = _text(note).strip()
        if kind == "administrativeStatus":
            if value not in _STATUS_READ:
                problems.append(Problem(file, note.line, entry_id, f"administrativeStatus "
                                        f"{_short(value)} is not one of "
                                        f"{', '.join(STATUS_VALUES.values())}"))
                return None
            status = _STATUS_READ[value]
        elif kind == "termType" and value in _TERM_TYPES_READ:
            usage.append(_TERM_TYPES_READ[value])
    for admin in node.find_all("admin"):
        if admin.attributes.get("type") == "source":
            source = _text(admin)
    human, flags = _machine_data(node.find_all("note"), file, entry_id, problems)
    _human_note(flags, human, file, line, entry_id, problems)
    if "usage" in flags:
        usage = flags["usage"]
        if not _strings(usage) or not set(usage) <= set(USAGES):
            problems.append(Problem(file, line, entry_id, f"usage must be a list of "
                                    f"{', '.join(USAGES)}, not {_short(usage)}"))
    for flag in ("ambiguous", "inflect"):
        if flag in flags and not isinstance(flags[flag], bool):
            problems.append(Problem(file, line, entry_id, f"{flag} must be true or false, "
                                    f"not {_short(flags[flag])}"))
    reading = flags.get("reading", "")
    problem = (reading_problem(reading) if isinstance(reading, str)
               else f"reading must be a string, not {_short(reading)}")
    if problem:
        problems.append(Problem(file, line, entry_id, problem))
    if len(problems) > count:
        return None
    return Term(text=text, lang=lang, status=status,  # type: ignore[arg-type]
                usage=tuple(dict.fromkeys(usage)), note="\n".join(human), source=source,
                ambiguous=flags.get("ambiguous", False), inflect=flags.get("inflect", True),
                reading=reading, file=file, line=line)


def load(path: str | Path) -> list[Entry]:
    """Read a TBX file (v3 or v2); one larger than the max_file_bytes limit is an error."""
    return loads(read_source(path), str(path))


def merge(base: Sequence[Entry], imported: Sequence[Entry]) -> tuple[list[Entry], list[Problem]]:
    """The glossary's entries with a TBX file's entries laid over them, matched by id.

    For each entry in the file: its kind (when given), notes, sources, priority and
    not_mentions replace the glossary's, and each language it has replaces that language's
    terms and name parts; languages the file does not have are kept. Ids the glossary does
    not know are problems (add the entry to a TOML file first).
    """
    by_id = {e.id: e for e in base}
    problems: list[Problem] = []
    limits = Limits.current()
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
        if len(terms) > limits.max_terms_per_entry:
            problems.append(Problem(new.file, new.line, new.id, f"{len(terms):,} terms "
                                    + limits.hint("max_terms_per_entry")))
            continue
        by_id[new.id] = dataclasses.replace(
            old, kind=new.kind or old.kind, notes=new.notes, sources=new.sources,
            priority=new.priority, not_mentions=new.not_mentions, terms=tuple(terms),
            names=tuple(names))
    return list(by_id.values()), problems
