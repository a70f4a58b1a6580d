"""Benchmarks: `pytest benchmarks/ --benchmark-only`. Not part of the test run.

STEPPE_BENCH_SMOKE=1 runs everything tiny and once (with --benchmark-disable: the smoke pass);
STEPPE_BENCH_MB sets the corpus size (default 20); STEPPE_BENCH_SIZES the glossary sizes
(default 1000,10000,100000); STEPPE_BENCH_CACHE where the generated corpora are kept.
See docs/benchmarks.md.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `import benchmarks.…` from the test modules and workers

_OWN_CACHE: str | None = None
if "STEPPE_NAMES_CACHE" not in os.environ:  # set before steppe_names is used
    _OWN_CACHE = tempfile.mkdtemp(prefix="steppe-names-bench-")
    os.environ["STEPPE_NAMES_CACHE"] = _OWN_CACHE

from benchmarks.glossaries import sizes  # noqa: E402
from benchmarks.summary import summary_lines  # noqa: E402
from benchmarks.support import session as bench_session  # noqa: E402

# The 100k Index is built first, alone (a worker process started at collection and waited
# for: the build compiles on every core). Then the cheap and independent cases, the 1k and
# 10k ones, and at the end annotate by glossary size at 1k and 10k, the 100k cache load and
# annotate at 100k (the last two in a worker process), so that the three sizes are measured
# alike.
_MODULE_ORDER = ["test_cli", "test_translit", "test_index", "test_compare", "test_scaling",
                 "test_seeds_throughput"]
_LATE = ["test_build_index", "test_annotate_by_glossary_size",
         "test_standard_filter_by_glossary_size", "test_cache_load"]


def _size_of(item: pytest.Item) -> int:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return 0
    size = callspec.params.get("size", 0)
    return size if isinstance(size, int) else 0


def _order(item: pytest.Item) -> tuple[int, int]:
    largest = max(sizes())
    name = getattr(item, "originalname", item.name)
    by_size = ("test_annotate_by_glossary_size", "test_standard_filter_by_glossary_size")
    if largest > 10_000 and (_size_of(item) == largest or name in by_size):
        rank = _LATE.index(name) if name in _LATE else len(_LATE)
        if name == "test_annotate_by_glossary_size" and _size_of(item) == largest:
            rank = len(_LATE)  # after the cache load, which runs the scan worker
        return (1, rank)
    module = Path(str(item.fspath)).stem
    return (0, _MODULE_ORDER.index(module) if module in _MODULE_ORDER else len(_MODULE_ORDER))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_order)  # stable: keeps the order within a module


def pytest_collection_finish(session: pytest.Session) -> None:
    largest = max(sizes())
    if session.config.option.collectonly:
        return
    if largest > 10_000 and any(_size_of(item) == largest for item in session.items):
        # The build compiles on every core: nothing else is measured beside it.
        bench_session().start_background(largest)
        bench_session().settle()


def pytest_sessionfinish() -> None:
    bench_session().close()
    if _OWN_CACHE is not None:
        shutil.rmtree(_OWN_CACHE, ignore_errors=True)


@pytest.hookimpl(trylast=True)  # after pytest-benchmark's tables
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = summary_lines()
    if not lines:
        return
    terminalreporter.section("steppe-names: throughput and ratios")
    for line in lines:
        terminalreporter.write_line(line)
