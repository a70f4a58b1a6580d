"""steppe-names: make names agree across English, Russian, Mongolian and Japanese.

>>> from steppe_names import annotate
>>> [(m.text, m.entry_id) for m in annotate("Бои на Халхин-Голе начались в мае.")]
[('Бои на Халхин-Голе', 'battles-of-khalkhin-gol')]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from steppe_names.runtime import translation
    from steppe_names.translit import SchemeInfo, UnknownSchemeError, schemes, transliterate

# Loaded on first use, so that `import steppe_names` (and every CLI start) does not pay for
# gettext catalogs or the transliteration engine when it does not need them.
_LAZY = {"translation": "steppe_names.runtime", "SchemeInfo": "steppe_names.translit",
         "UnknownSchemeError": "steppe_names.translit", "schemes": "steppe_names.translit",
         "transliterate": "steppe_names.translit"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'steppe_names' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

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
