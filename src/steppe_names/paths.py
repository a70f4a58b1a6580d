"""Safe file names from data: a language code or an entry id read from a catalog or a glossary
never leads a write outside the folder it is meant for.

>>> language_code("ru"), language_code("zh-Hant-TW")
('ru', 'zh-Hant-TW')
>>> language_code("../etc")
Traceback (most recent call last):
...
ValueError: '../etc' is not a language code (BCP 47: ru, mn, ja, zh-Hant, ...)
"""

from __future__ import annotations

import re
from pathlib import Path

# BCP 47 (RFC 5646) language tags, the common subset: language, script, region, variants.
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
                    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")
# Names Windows reserves for devices, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def language_code(code: str) -> str:
    """`code` if it is a well-formed BCP 47 tag that is safe as a folder name; else ValueError."""
    if not _BCP47.match(code) or code.split("-")[0].lower() in _RESERVED:
        raise ValueError(f"{code!r} is not a language code (BCP 47: ru, mn, ja, zh-Hant, ...)")
    return code


def inside(base: str | Path, *parts: str) -> Path:
    """`base/part/...`, refusing any part that could leave `base`: separators, `..`, absolute
    paths, NUL, empty names and reserved device names."""
    for part in parts:
        stem = part.split(".")[0].lower()
        if (not part or part in (".", "..") or "/" in part or "\\" in part or "\x00" in part
                or ":" in part or stem in _RESERVED):
            raise ValueError(f"unsafe file name {part!r}")
    path = Path(base).joinpath(*parts)
    root = Path(base).resolve()
    if not path.resolve().is_relative_to(root):
        raise ValueError(f"{path} is outside {base}")
    return path
