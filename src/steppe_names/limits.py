"""Resource limits: what a glossary may ask of the compiler, so that a hostile or broken file
is an error naming the problem, never an exhausted machine.

Each limit can be raised (or lowered) with an environment variable of the same name in upper
case, prefixed STEPPE_NAMES_, e.g. STEPPE_NAMES_MAX_FORMS_PER_TERM=20000.

>>> Limits().max_term_length
200
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


class LimitError(ValueError):
    """A STEPPE_NAMES_<LIMIT> environment variable that is not a whole number."""


@dataclass(frozen=True)
class Limits:
    max_entries: int = 1_000_000  # entries in one glossary
    max_terms_per_entry: int = 1_000  # hand-written terms of one entry, all languages
    max_term_length: int = 200  # code points in one term
    max_forms_per_term: int = 5_000  # surface forms the compiler may make from one term
    max_file_bytes: int = 256 * 1024 * 1024  # one glossary or catalog file

    @classmethod
    def current(cls) -> Limits:
        """The defaults, with any STEPPE_NAMES_<LIMIT> environment variable applied."""
        values = {}
        for field in fields(cls):
            raw = os.environ.get(f"STEPPE_NAMES_{field.name.upper()}")
            if raw is not None:
                try:
                    values[field.name] = int(raw)
                except ValueError:
                    raise LimitError(f"STEPPE_NAMES_{field.name.upper()} must be a whole "
                                     f"number, not {raw!r}") from None
        return cls(**values)

    def hint(self, name: str) -> str:
        """How to raise one limit, for error messages."""
        return f"(limit {getattr(self, name):,}; raise it with STEPPE_NAMES_{name.upper()})"
