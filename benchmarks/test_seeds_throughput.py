"""annotate and normalize throughput on the seed texts (repeated to ~1 MB), bundled glossary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from steppe_names import Normalizer

SEEDS = Path(__file__).parent.parent / "tests" / "data" / "seeds"


@pytest.fixture(scope="module")
def corpus() -> str:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return text * max(1, 1_000_000 // len(text.encode("utf-8")))


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


def _report(benchmark: Any, corpus: str) -> None:
    megabytes = len(corpus.encode("utf-8")) / 1e6
    benchmark.extra_info["MB"] = round(megabytes, 2)
    if benchmark.stats is not None:
        benchmark.extra_info["MB/s"] = round(megabytes / benchmark.stats.stats.median, 1)


def test_annotate_seeds(benchmark: Any, normalizer: Normalizer, corpus: str) -> None:
    mentions = benchmark(normalizer.annotate, corpus, "en")
    assert mentions
    _report(benchmark, corpus)


def test_normalize_seeds(benchmark: Any, normalizer: Normalizer, corpus: str) -> None:
    out = benchmark(normalizer.normalize, corpus)
    assert "Ulan Bator" not in out
    _report(benchmark, corpus)
