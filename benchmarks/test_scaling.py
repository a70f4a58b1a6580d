"""annotate throughput as the glossary grows (1k, 10k, 100k entries: flat within ±20% is the
target) and as the input grows (time linear in its size).

The largest glossary's rounds run in a worker process (`worker.py scan`), timed there around
`annotate` exactly as pytest-benchmark times the others here. That worker also loads the smaller
glossaries and times all sizes in turns (one round of each, then the next): the summary's
"side by side" line, the ratio measured under the same conditions for every size.
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
    record_rounds,
    rounds,
    session,
    warmup,
)
from benchmarks.yardsticks import Yardsticks

FRACTIONS = (0.25, 0.5, 1.0)
IN_PROCESS_SIZES = [size for size in sizes() if not in_worker(size)]


@pytest.mark.benchmark(group="annotate-by-glossary-size")
@pytest.mark.parametrize("size", sizes())
def test_annotate_by_glossary_size(benchmark: Any, size: int) -> None:
    text, counts = session().corpus(size)
    if in_worker(size):  # the largest Index: scanned in a worker process (its memory)
        report = session().scan(size)
        pedantic_reported(benchmark, report["annotate_s"])
        record(benchmark, f"size:annotate:{size}", megabytes_of(text), found=report["found"],
               inserted=counts["names"], keys=report["keys"], in_worker=1)
        for other, seconds in report.get("side_by_side", {}).items():
            record_rounds(f"size:side-by-side:{other}",
                          megabytes_of(session().corpus(int(other))[0]), seconds)
        return
    normalizer = session().normalizer(size)
    session().settle()  # measured alike: with no build of the suite running beside
    mentions = benchmark.pedantic(normalizer.annotate, args=(text,),
                                  rounds=rounds(2 if size > 10_000 else 3),
                                  warmup_rounds=warmup())
    record(benchmark, f"size:annotate:{size}", megabytes_of(text), found=len(mentions),
           inserted=counts["names"], keys=normalizer.index.key_count)


@pytest.mark.benchmark(group="annotate-by-glossary-size")
@pytest.mark.parametrize("size", IN_PROCESS_SIZES)
def test_standard_filter_by_glossary_size(benchmark: Any, size: int) -> None:
    """The DESIGN's yardstick (ahocorasick_rs Standard + boundary filter) on the same corpora:
    whether a drop with size is the automaton's or the scan's own. (Not at the largest size:
    that Index lives in the scan worker only.)"""
    text = session().corpus(size)[0]
    yardsticks = Yardsticks(session().index(size))
    _ = yardsticks.standard
    session().settle()
    found = benchmark.pedantic(yardsticks.standard_filtered, args=(text,), rounds=rounds(3),
                               warmup_rounds=warmup())
    record(benchmark, f"size:standard:{size}", megabytes_of(text), found=len(found))


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
