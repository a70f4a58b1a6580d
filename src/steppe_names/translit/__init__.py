"""Transliteration between scripts, one data file per standard.

Each standard (BGN/PCGN 1947, ISO 9:1995, MNS 5217:2012, ...) is a TOML file in
``steppe_names/translit/schemes/``; the format is documented in ``FORMAT.md`` next to
this module. A scheme is compiled once into a fast transliterator and cached.

>>> transliterate("Сүхбаатар", "mn-Cyrl-Latn-mns-2012")
'Sükhbaatar'
>>> transliterate("ЦИК России", "ru-Cyrl-Latn-bgnpcgn-1947")
'TSIK Rossii'
>>> transliterate("Sükhbaatar", "mn-Latn-Cyrl-mns-2012")
'Сүхбаатар'
>>> get_scheme("ru-Cyrl-Latn-iso9-1995")("Щёлково")
'Ŝëlkovo'
>>> transliterate("Москва", "ru-Cyrl-Latn-bgnpcgn")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
steppe_names.translit.errors.UnknownSchemeError: unknown transliteration scheme \
'ru-Cyrl-Latn-bgnpcgn'; did you mean 'ru-Cyrl-Latn-bgnpcgn-1947'...
"""

from __future__ import annotations

from .compiler import Scheme
from .errors import SchemeError, UnknownSchemeError
from .registry import get_scheme, schemes, transliterate
from .spec import KnownFailure, SchemeInfo

__all__ = [
    "KnownFailure",
    "Scheme",
    "SchemeError",
    "SchemeInfo",
    "UnknownSchemeError",
    "get_scheme",
    "schemes",
    "transliterate",
]
