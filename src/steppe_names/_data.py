"""Access to the rule tables shipped inside the package (`steppe_names/rules/*.toml`)."""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from importlib import resources
from typing import Any

RULE_FILES = ("folding.toml", "names.toml", "ru.toml", "mn.toml", "ja.toml", "en.toml",
              "variants.toml", "skeleton.toml")


@cache
def rule_table(name: str) -> dict[str, Any]:
    """Parse one rule file from `steppe_names/rules/` (cached for the process)."""
    data = resources.files("steppe_names").joinpath("rules").joinpath(name).read_bytes()
    return tomllib.loads(data.decode("utf-8"))


@cache
def rules_fingerprint() -> str:
    """A hash of every rule file, part of the Index cache key."""
    digest = hashlib.sha256()
    for name in RULE_FILES:
        path = resources.files("steppe_names").joinpath("rules").joinpath(name)
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
