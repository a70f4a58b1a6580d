"""annotate throughput as the glossary grows (1k, 10k, 100k entries: flat within ±20% is the
target) and as the input grows (time linear in its size).

The largest glossary's rounds run in a worker process (`worker.py scan`), timed there around
`annotate` exactly as pytest-benchmark times the others here.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.glossaries import sizes
from benchmarks.support import (
    compare_size,
    in_worker,
    megabytes_of,
    pedantic_reported,
    record,
    rounds,
    session,
    warmup,
)

FRACTIONS = (0.25, 0.5, 1.0)


@pytest.mark.benchmark(group="annotate-by-glossary-size")
@pytest.mark.parametrize("size", sizes())
def test_annotate_by_glossary_size(benchmark: Any, size: int) -> None:
    text, counts = session().corpus(size)
    if in_worker(size):  # the largest Index: scanned in a worker process (its memory)
        report = session().scan(size)
        pedantic_reported(benchmark, report["annotate_s"])
        record(benchmark, f"size:annotate:{size}", megabytes_of(text), found=report["found"],
               inserted=counts["names"], keys=report["keys"], in_worker=1)
        return
    normalizer = session().normalizer(size)
    session().settle()  # measured alike: with no build of the suite running beside
    mentions = benchmark.pedantic(normalizer.annotate, args=(text,),
                                  rounds=rounds(2 if size > 10_000 else 3),
                                  warmup_rounds=warmup())
    record(benchmark, f"size:annotate:{size}", megabytes_of(text), found=len(mentions),
           inserted=counts["names"], keys=len(normalizer.index.keys))


@pytest.mark.benchmark(group="annotate-by-input-size")
@pytest.mark.parametrize("fraction", FRACTIONS)
def test_annotate_by_input_size(benchmark: Any, fraction: float) -> None:
    full = session().corpus(compare_size())[0]
    cut = full.rfind("\n", 0, int(len(full) * fraction)) + 1 if fraction < 1 else len(full)
    text = full[:cut]
    normalizer = session().normalizer(compare_size())
    benchmark.pedantic(normalizer.annotate, args=(text,), rounds=rounds(3),
                       warmup_rounds=warmup())
    record(benchmark, f"input:annotate:{fraction}", megabytes_of(text))
