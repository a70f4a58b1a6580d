"""Index build time and peak memory (in a fresh worker process per size), cache load time.

The build is timed inside the worker around `build_index` alone; the peak is the worker's
`ru_maxrss`, whose start (interpreter, glossary) is reported as `rss_before_mib`. The cache
load is `compile_glossary` with the cache the worker wrote (mapping the file; the in-memory
glossary's content hash is timed apart, `fingerprint_s`: a start from files skips it), in this
process (for the largest glossary, in a fresh worker process: `worker.py scan`); the
Aho-Corasick automaton is built on first use after it (`matcher_s`, and the growth of the
RSS while it is built: `matcher_mib`).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from benchmarks.glossaries import sizes
from benchmarks.support import (
    in_worker,
    pedantic_measured,
    pedantic_reported,
    record,
    rounds,
    session,
)
from benchmarks.worker import current_rss_mib


@pytest.mark.benchmark(group="index-build")
@pytest.mark.parametrize("size", sizes())
def test_build_index(benchmark: Any, size: int) -> None:
    pedantic_measured(benchmark, lambda: float(session().build(size)["build_s"]))
    report = session().build(size)
    record(benchmark, f"index:build:{size}", keys=report["keys"],
           candidates=report["candidates"], peak_rss_mib=report["peak_rss_mib"],
           children_peak_rss_mib=report.get("children_peak_rss_mib", 0.0),
           rss_before_mib=report["rss_before_mib"],
           rss_growth_mib=report["peak_rss_mib"] - report["rss_before_mib"],
           rss_after_build_mib=report["rss_after_build_mib"],
           cache_write_s=report["write_s"], cache_mib=report["cache_mib"],
           glossary_s=report["glossary_s"],
           **{key: report[key] for key in ("rebuild_s", "chunks_mib") if key in report})


@pytest.mark.benchmark(group="index-cache-load")
@pytest.mark.parametrize("size", sizes())
def test_cache_load(benchmark: Any, size: int) -> None:
    bench = session()
    if in_worker(size):  # the largest Index: loaded in a fresh worker process
        report = bench.scan(size)
        pedantic_reported(benchmark, [report["load_s"]])
        record(benchmark, f"index:load:{size}", matcher_s=report["matcher_s"],
               fingerprint_s=report["fingerprint_s"],
               keys=report["keys"], matcher_mib=report["matcher_mib"],
               rss_loaded_mib=report["rss_loaded_mib"], in_worker=1)
        return
    start = time.perf_counter()
    bench.glossary(size).fingerprint()  # timed apart, as in the worker
    fingerprint_s = time.perf_counter() - start
    bench.build(size)  # the worker wrote the cache
    index = benchmark.pedantic(bench.load, args=(size,),
                               rounds=rounds(1 if size > 10_000 else 3 if size < 10_000 else 2))
    rss = current_rss_mib()
    start = time.perf_counter()
    _ = index.matcher
    matcher_s = time.perf_counter() - start
    bench.indexes[size] = index
    record(benchmark, f"index:load:{size}", matcher_s=matcher_s, keys=index.key_count,
           fingerprint_s=fingerprint_s,
           matcher_mib=current_rss_mib() - rss, rss_loaded_mib=rss)
