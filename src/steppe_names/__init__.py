"""steppe-names: make names agree across English, Russian, Mongolian and Japanese.

>>> from steppe_names import annotate
>>> [(m.text, m.entry_id) for m in annotate("Бои на Халхин-Голе начались в мае.")]
[('Бои на Халхин-Голе', 'battles-of-khalkhin-gol')]
"""

from __future__ import annotations

__version__ = "0.1.0"

from steppe_names.api import (
    Explanation,
    Normalizer,
    annotate,
    default_normalizer,
    load_glossary,
    normalize,
)
from steppe_names.compile import Index, compile_glossary
from steppe_names.glossary import Glossary, GlossaryError, Problem
from steppe_names.model import Entry, Mention, NameParts, Term
from steppe_names.runtime import translation
from steppe_names.translit import SchemeInfo, UnknownSchemeError, schemes, transliterate

__all__ = [
    "Entry",
    "Explanation",
    "Glossary",
    "GlossaryError",
    "Index",
    "Mention",
    "NameParts",
    "Normalizer",
    "Problem",
    "SchemeInfo",
    "Term",
    "UnknownSchemeError",
    "__version__",
    "annotate",
    "compile_glossary",
    "default_normalizer",
    "load_glossary",
    "normalize",
    "schemes",
    "translation",
    "transliterate",
]
