"""The data model: plain frozen dataclasses shared by every stage.

`Entry` and `Term` describe the glossary; `Mention` is what a scan yields. Nothing here knows
about files, formats or matching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Kind = Literal["place", "person", "event", "org"]
Status = Literal["preferred", "admitted", "deprecated"]

KINDS: tuple[str, ...] = ("place", "person", "event", "org")
STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated")
USAGES: tuple[str, ...] = ("historic", "colloquial", "abbreviation", "short")
LANGUAGES: tuple[str, ...] = ("en", "ru", "mn", "ja")


def checked_language(lang: object, what: str = "lang", *, optional: bool = True) -> None:
    """Raise ValueError unless `lang` is one of LANGUAGES (or None, when `optional`): a
    typo in a pipeline's configuration ("EN", "fr") must not quietly turn matching off."""
    if (lang is None and optional) or (isinstance(lang, str) and lang in LANGUAGES):
        return
    raise ValueError(f"{what}={lang!r}: expected one of {', '.join(LANGUAGES)}"
                     + (" or None" if optional else ""))


def checked_text(text: object, what: str = "text") -> None:
    """Raise TypeError unless `text` is a str (bytes must be decoded first)."""
    if not isinstance(text, str):
        hint = "; decode it first (UTF-8)" if isinstance(text, bytes | bytearray) else ""
        raise TypeError(f"{what} is a {type(text).__name__}, not a str{hint}")


@dataclass(frozen=True, slots=True)
class NameParts:
    """The parts of a person's name in one language, used to make name patterns."""

    style: str  # "russian" | "mongolian" | "japanese"
    given: str = ""
    family: str = ""
    patronymic: str = ""
    father: str = ""
    given_initial: str = ""
    patronymic_initial: str = ""


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form of an entry in one language, with its TBX-style status."""

    text: str
    lang: str
    status: Status = "admitted"
    script: str = ""
    usage: tuple[str, ...] = ()
    note: str = ""
    source: str = ""
    ambiguous: bool = False
    inflect: bool = True
    reading: str = ""  # Japanese: the kana reading of a kanji term (東京 -> とうきょう)
    how: str = ""  # empty for hand-written terms; the rule that made a machine-made one
    file: str = ""  # where the term was read, for error messages
    line: int = 0

    @property
    def is_abbreviation(self) -> bool:
        return "abbreviation" in self.usage


@dataclass(frozen=True, slots=True)
class Entry:
    """One concept (a place, person, event or organisation) and its terms in every language."""

    id: str
    kind: Kind
    terms: tuple[Term, ...]
    notes: str = ""
    sources: tuple[str, ...] = ()
    priority: int = 0
    not_mentions: tuple[str, ...] = ()
    names: tuple[tuple[str, NameParts], ...] = ()  # (lang, parts)
    file: str = ""
    line: int = 0

    def preferred(self, lang: str = "en") -> str | None:
        """The preferred term in `lang`, or None when the entry has none in that language."""
        for term in self.terms:
            if term.lang == lang and term.status == "preferred":
                return term.text
        return None

    @property
    def canonical(self) -> str:
        """The canonical form: the preferred English term (the id when there is none)."""
        return self.preferred("en") or self.id

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.lang == lang)

    def name_parts(self, lang: str) -> NameParts | None:
        for name_lang, parts in self.names:
            if name_lang == lang:
                return parts
        return None


class Mention(NamedTuple):
    """A proper-name reference to a glossary entry found in a text.

    `start` and `end` are code-point offsets into the original text (end exclusive), so
    `text[m.start:m.end] == m.text` always holds. Immutable; a named tuple rather than a
    dataclass because a scan makes millions of them (construction is ~6x cheaper).
    """

    start: int
    end: int
    text: str
    entry_id: str
    canonical: str
    lang: str
    how: str
    status: str = "admitted"
    ambiguous: bool = False
    alternatives: tuple[str, ...] = ()
    case: str = ""  # grammatical case of an inflected form ("ru:gent", "mn:abl"), else ""
    role: str = ""  # "short" (a name alone: Putin), "abbr" (USSR), "joined" (#KhalkhinGol)

    def to_dict(self) -> dict[str, object]:
        """The mention as a JSON-ready record (what `annotate --format jsonl` writes, less
        "file"); `Mention.from_dict` reads it back.

        >>> m = Mention(0, 5, "Putin", "vladimir-putin", "Vladimir Putin", "en", "short",
        ...             "preferred", role="short")
        >>> Mention.from_dict(m.to_dict()) == m
        True
        """
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "id": self.entry_id,
            "canonical": self.canonical,
            "lang": self.lang,
            "how": self.how,
            "status": self.status,
            "ambiguous": self.ambiguous,
            "alternatives": list(self.alternatives),
            "case": self.case,
            "role": self.role,
        }

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Mention:
        """The mention a `to_dict` record (or a line of `annotate --format jsonl`, parsed)
        holds; keys it does not know ("file") are ignored, and the ones added after the
        first release ("alternatives", "case", "role") may be missing. A record without
        one of the others, or with a value of the wrong type, raises ValueError."""
        try:
            start, end = record["start"], record["end"]
            strings = [record[key] for key in ("text", "id", "canonical", "lang", "how")]
            status = record.get("status", "admitted")
            ambiguous = record.get("ambiguous", False)
            alternatives = record.get("alternatives", ())
            if isinstance(alternatives, str) or not isinstance(alternatives, list | tuple):
                raise ValueError("a mention record's alternatives are a list of entry ids")
            alternatives = tuple(alternatives)
            case, role = record.get("case", ""), record.get("role", "")
        except KeyError as missing:
            raise ValueError(f"a mention record needs {missing}") from None
        except TypeError:
            raise ValueError("a mention record is a mapping (a dict from JSON)") from None
        ints = (start, end)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in ints) \
                or not 0 <= start <= end:
            raise ValueError(f"a mention's start and end are offsets, start <= end: "
                             f"{start!r}, {end!r}")
        if isinstance(strings[0], str) and len(strings[0]) != end - start:
            raise ValueError(f"a mention's text is end - start = {end - start} characters "
                             f"long: {strings[0]!r}")
        if not all(isinstance(v, str) for v in (*strings, status, case, role, *alternatives)) \
                or not isinstance(ambiguous, bool):
            raise ValueError("a mention record's text, id, canonical, lang, how, status, case, "
                             "role and alternatives are strings, and ambiguous true or false")
        text, entry_id, canonical, lang, how = strings
        return cls(start, end, text, entry_id, canonical, lang, how, status, ambiguous,
                   alternatives, case, role)
