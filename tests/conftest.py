"""Shared fixtures. Every test run uses its own Index cache folder, never the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before steppe_names is imported anywhere (doctests included).
os.environ.setdefault("STEPPE_NAMES_CACHE", tempfile.mkdtemp(prefix="steppe-names-test-cache-"))

from steppe_names import Normalizer

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def normalizer() -> Normalizer:
    """A Normalizer over the bundled glossary, built once for the session."""
    return Normalizer()


def spans(normalizer: Normalizer, text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(mention text, entry id) pairs: how the tests state what a user gets."""
    return [(m.text, m.entry_id) for m in normalizer.annotate(text, lang)]
