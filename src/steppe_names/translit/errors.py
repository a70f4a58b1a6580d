"""Errors raised by the transliteration engine."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["SchemeError", "UnknownSchemeError"]


class SchemeError(ValueError):
    """A scheme file is malformed; the message reads ``path:line: problem`` where possible."""

    def __init__(self, problem: str, path: str | None = None, line: int | None = None) -> None:
        self.problem = problem
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + problem)


class UnknownSchemeError(LookupError):
    """No scheme has the requested id; the message suggests the closest ids."""

    def __init__(self, scheme_id: str, known: Iterable[str]) -> None:
        self.scheme_id = scheme_id
        known_ids = sorted(known)
        self.suggestions = tuple(difflib.get_close_matches(scheme_id, known_ids, n=5, cutoff=0.5))
        if not self.suggestions:
            # a partial id ("ru-bgn", "hepburn"): the ids that contain all of its parts
            parts = [p for p in scheme_id.lower().replace("_", "-").split("-") if p]
            self.suggestions = tuple(
                i for i in known_ids if parts and all(p in i.lower() for p in parts))[:5]
        message = f"unknown transliteration scheme {scheme_id!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        else:
            message += f"; {len(known_ids)} schemes are available"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError's str() of a single argument would add quotes around it.
        return str(self.args[0])
