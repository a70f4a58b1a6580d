"""Shared fixtures. Every test run uses its own Index cache folder, never the user's."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# Set before steppe_names is imported anywhere (doctests included); removed at the end of the
# session when made here (each run used to leave its 2 MB folder behind).
_MADE_CACHE = None
if "STEPPE_NAMES_CACHE" not in os.environ:
    _MADE_CACHE = tempfile.mkdtemp(prefix="steppe-names-test-cache-")
    os.environ["STEPPE_NAMES_CACHE"] = _MADE_CACHE

from steppe_names import Normalizer  # noqa: E402  (after the cache folder is set)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def normalizer() -> Normalizer:
    """A Normalizer over the bundled glossary, built once for the session."""
    return Normalizer()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _MADE_CACHE is not None:
        shutil.rmtree(_MADE_CACHE, ignore_errors=True)


def spans(normalizer: Normalizer, text: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(mention text, entry id) pairs: how the tests state what a user gets."""
    return [(m.text, m.entry_id) for m in normalizer.annotate(text, lang)]


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: for waits that used to never end (multiprocessing.Pool waited
    forever for the result of a worker that had been killed)."""

    def expired(_signum: int, _frame: object) -> None:
        raise AssertionError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
