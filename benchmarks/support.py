"""What the benchmark modules share: the session's glossaries, indexes and corpora, the build
workers, the yardsticks (flashtext, ahocorasick_rs) and the results the summary prints."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from benchmarks.corpus import cache_root, corpus_for
from benchmarks.glossaries import sizes, smoke, synthetic_glossary
from steppe_names import Normalizer
from steppe_names.compile import Index, compile_glossary
from steppe_names.glossary import Glossary

ROOT = Path(__file__).resolve().parent.parent
COMPARE_SIZE = 10_000  # the glossary the comparison with the yardsticks runs on


def compare_size() -> int:
    """The glossary size of the comparison: 10k, else the nearest size measured."""
    measured = sizes()
    return min(measured, key=lambda size: abs(size - COMPARE_SIZE))


def rounds(normal: int) -> int:
    """Rounds for a case: one in smoke mode."""
    return 1 if smoke() else normal


def warmup() -> int:
    """Warm-up rounds before the timed ones (the scan's caches fill on first use): one, none
    in smoke mode."""
    return 0 if smoke() else 1


# --- results for the summary ------------------------------------------------------------------

#: case -> {"s": median seconds, "MB/s": ..., other numbers}
RESULTS: dict[str, dict[str, float]] = {}


def record(benchmark: Any, case: str, megabytes: float | None = None,
           **extra: float) -> None:
    """Put the case's numbers into the benchmark's extra_info and the summary."""
    numbers: dict[str, float] = dict(extra)
    if megabytes is not None:
        numbers["MB"] = round(megabytes, 3)
    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        median, best = float(stats.stats.median), float(stats.stats.min)
        numbers["s"] = median
        numbers["best_s"] = best
        if megabytes is not None and median > 0 and best > 0:
            numbers["MB/s"] = megabytes / median
            numbers["best MB/s"] = megabytes / best
    benchmark.extra_info.update({k: round(v, 3) if isinstance(v, float) else v
                                 for k, v in numbers.items()})
    RESULTS[case] = numbers


def record_rounds(case: str, megabytes: float, seconds: list[float], **extra: float) -> None:
    """Put rounds timed elsewhere, not as a benchmark case of their own, into the summary."""
    if not seconds:
        return
    median, best = statistics.median(seconds), min(seconds)
    RESULTS[case] = {**extra, "MB": round(megabytes, 3), "s": median, "best_s": best,
                     "MB/s": megabytes / median, "best MB/s": megabytes / best}


def pedantic_measured(benchmark: Any, measure: Callable[[], float], rounds: int = 1) -> None:
    """Benchmark `measure`, which returns the seconds of the section it timed itself (a build
    inside a worker process, the time to the first byte of a command's output, a round that a
    worker timed): the statistics pytest-benchmark keeps are those seconds, not the overhead
    around them."""
    clock = {"now": 0.0}

    def timer() -> float:
        return clock["now"]

    def target() -> None:
        clock["now"] += measure()

    if hasattr(benchmark, "_timer"):
        benchmark._timer = timer  # read by pedantic's runner: start, target(), end
    benchmark.pedantic(target, rounds=rounds, iterations=1)


def pedantic_reported(benchmark: Any, seconds: list[float]) -> None:
    """Benchmark rounds that were timed elsewhere (a worker process), one per value."""
    values = iter(seconds)
    pedantic_measured(benchmark, lambda: next(values), rounds=len(seconds))


def megabytes_of(text: str) -> float:
    return len(text.encode("utf-8")) / 1e6


# --- build workers ------------------------------------------------------------------------------

@dataclass
class Worker:
    mode: str
    size: int
    out: Path
    process: subprocess.Popen[bytes]
    started: float = field(default_factory=time.perf_counter)

    def result(self) -> dict[str, Any]:
        code = self.process.wait()
        if code != 0:
            raise RuntimeError(f"{self.mode} worker for {self.size} entries failed (exit {code})")
        data: dict[str, Any] = json.loads(self.out.read_text(encoding="utf-8"))
        return data  # the file stays until the session ends: the scan worker waits for it


def start_worker(mode: str, size: int, *args: str) -> Worker:
    """Start a worker process (`benchmarks/worker.py`) for the `size`-entry glossary."""
    out = cache_root() / f"worker-{os.getpid()}-{mode}-{size}.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.worker", mode, str(size), str(out), *args],
        cwd=ROOT, env=env)
    return Worker(mode, size, out, process)


def in_worker(size: int) -> bool:
    """Is the `size`-entry Index loaded and scanned in a worker process, not in this one?
    (The largest one, when it is larger than the comparison's: it is huge.)"""
    return size > COMPARE_SIZE and size == max(sizes())


class Session:
    """Everything built once per benchmark session, by glossary size.

    The largest glossary (when larger than the comparison's) has two workers: `build`,
    started at collection and waited for before anything is measured (it uses every core),
    and `scan`, started when its cases come: it loads the Index from the cache and scans.
    """

    def __init__(self) -> None:
        self.workers: dict[int, Worker] = {}
        self.scan_workers: dict[int, Worker] = {}
        self.builds: dict[int, dict[str, Any]] = {}
        self.build_reports: dict[int, Path] = {}
        self.jobs_reports: dict[int, dict[str, Any]] = {}
        self.scans: dict[int, dict[str, Any]] = {}
        self.indexes: dict[int, Index] = {}
        self.corpora: dict[int, tuple[str, dict[str, int]]] = {}
        self.finished: list[Worker] = []

    def start_background(self, size: int) -> None:
        if size not in self.workers and size not in self.builds:
            self.workers[size] = start_worker("build", size)

    def settle(self) -> None:
        """Wait for the background builds (so that no build of the suite runs beside)."""
        for size in list(self.workers):
            self.build(size)

    def build(self, size: int) -> dict[str, Any]:
        """The build worker's report for `size` (started now, or waited for)."""
        if size not in self.builds:
            worker = self.workers.get(size)
            if worker is None:
                worker = self.workers[size] = start_worker("build", size)
            self.builds[size] = worker.result()
            self.build_reports[size] = worker.out
            self.finished.append(self.workers.pop(size))
        return self.builds[size]

    def _start_scan(self, size: int) -> None:
        if size not in self.scan_workers and size not in self.scans:
            beside = [other for other in sizes() if other < size]
            for other in (*beside, size):
                self.corpus(other)  # generated here (once, cached), read there
            for other in beside:
                self.build(other)  # in the session's cache, for the worker to load
            self.scan_workers[size] = start_worker(
                "scan", size, str(rounds(2)), str(self.build_reports[size]),
                ",".join(map(str, beside)))

    def scan(self, size: int) -> dict[str, Any]:
        """The scan worker's report for `size`: cache load, automaton, annotate rounds."""
        if size not in self.scans:
            self.build(size)
            self._start_scan(size)
            worker = self.scan_workers.pop(size)
            self.scans[size] = worker.result()
            self.finished.append(worker)
        return self.scans[size]

    def jobs(self, size: int) -> dict[str, Any]:
        """The jobs worker's report for `size` (`--jobs 1` and `--jobs 2` timed in a fresh
        process, alternately), run once for the session."""
        if size not in self.jobs_reports:
            self.build(size)  # its worker wrote the Index to the session's cache
            worker = start_worker("jobs", size, str(rounds(3)))
            self.jobs_reports[size] = worker.result()
            self.finished.append(worker)
        return self.jobs_reports[size]

    def glossary(self, size: int) -> Glossary:
        return synthetic_glossary(size)

    def load(self, size: int) -> Index:
        """Load the Index from the cache the worker wrote (timed by the caller)."""
        self.build(size)
        return compile_glossary(self.glossary(size))

    def index(self, size: int) -> Index:
        if size not in self.indexes:
            index = self.load(size)
            _ = index.matcher
            self.indexes[size] = index
        return self.indexes[size]

    def normalizer(self, size: int) -> Normalizer:
        return Normalizer(self.index(size))

    def corpus(self, size: int) -> tuple[str, dict[str, int]]:
        if size not in self.corpora:
            self.corpora[size] = corpus_for(size)
        return self.corpora[size]

    def close(self) -> None:
        """Stop the workers still running (a failed or interrupted run); remove their
        reports."""
        for worker in [*self.scan_workers.values(), *self.workers.values(), *self.finished]:
            if worker.process.poll() is None:
                worker.process.kill()
                worker.process.wait()
            worker.out.unlink(missing_ok=True)
        self.workers.clear()
        self.scan_workers.clear()
        self.finished.clear()


@cache
def session() -> Session:
    return Session()
