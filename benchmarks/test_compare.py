"""annotate and normalize against the yardsticks, on the same corpus and the same forms.

10k-entry glossary (1k in smoke mode), the mixed corpus generated for it; flashtext and
ahocorasick_rs get every key of the compiled Index (flashtext the original forms, the
automata the folded keys). Group "compare": read the MB/s in extra_info, or the summary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from benchmarks.support import (
    compare_size,
    megabytes_of,
    pedantic_reported,
    record,
    rounds,
    session,
    warmup,
)
from benchmarks.yardsticks import Yardsticks
from steppe_names import Normalizer

pytestmark = pytest.mark.benchmark(group="compare")


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return session().normalizer(compare_size())


@pytest.fixture(scope="module")
def text() -> str:
    return session().corpus(compare_size())[0]


@pytest.fixture(scope="module")
def yardsticks(normalizer: Normalizer) -> Yardsticks:
    return Yardsticks(normalizer.index)


def _run(benchmark: Any, function: Callable[..., Any], *args: Any, times: int = 3,
         **kwargs: Any) -> Any:
    return benchmark.pedantic(function, args=args, kwargs=kwargs, rounds=rounds(times),
                              warmup_rounds=warmup())


def _timed(make: Callable[[], object]) -> float:
    start = time.perf_counter()
    make()
    return time.perf_counter() - start


def test_annotate(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    mentions = _run(benchmark, normalizer.annotate, text)
    counts = session().corpus(compare_size())[1]
    assert mentions
    record(benchmark, "compare:annotate", megabytes_of(text), found=len(mentions),
           inserted=counts["names"], entries=compare_size())


def test_annotate_exact(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """The issue's "full semantics" (folding, boundaries, inflected and romanized variants,
    ambiguity, exact offsets) without the fuzzy skeleton pass, which no yardstick does."""
    exact = Normalizer(normalizer.index, fuzzy=False)
    mentions = _run(benchmark, exact.annotate, text)
    record(benchmark, "compare:annotate-exact", megabytes_of(text), found=len(mentions))


def test_annotate_per_line(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    lines = text.splitlines()

    def run() -> int:
        annotate = normalizer.annotate
        return sum(len(annotate(line)) for line in lines)

    found = _run(benchmark, run, times=2)
    record(benchmark, "compare:annotate-lines", megabytes_of(text), found=found)


def test_annotate_many(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """The same lines as documents of one `annotate_many` call (batched into one scan each
    ~64k code points): what a pipeline of short documents should use."""
    lines = text.splitlines()

    def run() -> int:
        return sum(map(len, normalizer.annotate_many(lines)))

    found = _run(benchmark, run, times=2)
    record(benchmark, "compare:annotate-many", megabytes_of(text), found=found)


def test_normalize(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    out = _run(benchmark, normalizer.normalize, text, to="en")
    assert out
    record(benchmark, "compare:normalize", megabytes_of(text))


def _chunks(text: str) -> list[str]:
    return [text[i:i + (1 << 20)] for i in range(0, len(text), 1 << 20)]


def test_normalize_stream(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """What `normalize --jobs 1 FILE -o OUT` does: the file read as a stream, through
    `normalize_stream` in 1M-code-point blocks (timed in a fresh worker process, beside
    `--jobs 2`)."""
    report = session().jobs(compare_size())
    pedantic_reported(benchmark, report["jobs1_s"])
    record(benchmark, "compare:normalize-jobs1", megabytes_of(text))


def test_normalize_two_jobs(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """What `normalize --jobs 2 FILE -o OUT` does: two forked workers read their own ranges of
    the file and write their own output (the worker checks that the output is --jobs 1's)."""
    report = session().jobs(compare_size())
    pedantic_reported(benchmark, report["jobs2_s"])
    record(benchmark, "compare:normalize-jobs2", megabytes_of(text))


def test_normalize_two_apart(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """The yardstick of `--jobs 2`: two `--jobs 1` runs at once, in two processes that share
    nothing but the machine, each the whole file (its MB/s counts both files): over
    `--jobs 1` it is what two cores give this work at best."""
    report = session().jobs(compare_size())
    pedantic_reported(benchmark, report["apart2_s"])
    record(benchmark, "compare:normalize-apart2", 2 * megabytes_of(text))


def test_normalize_two_jobs_stream(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """`normalize_parallel`, a library caller's stream of str chunks on two processes: the
    parent cuts the text at newlines, and pieces and results go through the pool's pipes."""
    report = session().jobs(compare_size())
    pedantic_reported(benchmark, report["jobs2_stream_s"])
    record(benchmark, "compare:normalize-jobs2-stream", megabytes_of(text))


def test_normalize_two_jobs_stdin(benchmark: Any, normalizer: Normalizer, text: str) -> None:
    """What `normalize --jobs 2` does with stdin: the parent cuts the bytes after newlines and
    sends them to the workers, which decode them and write their own output."""
    report = session().jobs(compare_size())
    pedantic_reported(benchmark, report["jobs2_stdin_s"])
    record(benchmark, "compare:normalize-jobs2-stdin", megabytes_of(text))


def test_flashtext(benchmark: Any, yardsticks: Yardsticks, text: str) -> None:
    pytest.importorskip("flashtext")
    seconds = _timed(lambda: yardsticks.flashtext)
    found = _run(benchmark, yardsticks.flashtext_scan, text, times=2)
    record(benchmark, "compare:flashtext", megabytes_of(text), found=len(found),
           build_s=seconds, forms=len(yardsticks.forms))


def test_ahocorasick_raw(benchmark: Any, yardsticks: Yardsticks, text: str) -> None:
    seconds = _timed(lambda: yardsticks.leftmost_longest)
    found = _run(benchmark, yardsticks.raw_scan, text)
    record(benchmark, "compare:aho-raw", megabytes_of(text), found=len(found),
           build_s=seconds, keys=len(yardsticks.keys))


def test_ahocorasick_leftmost_longest_filter(benchmark: Any, yardsticks: Yardsticks,
                                             text: str) -> None:
    found = _run(benchmark, yardsticks.leftmost_longest_filtered, text)
    record(benchmark, "compare:aho-ll-filter", megabytes_of(text), found=len(found))


def test_ahocorasick_standard_filter(benchmark: Any, yardsticks: Yardsticks, text: str) -> None:
    seconds = _timed(lambda: yardsticks.standard)
    found = _run(benchmark, yardsticks.standard_filtered, text)
    record(benchmark, "compare:aho-standard-filter", megabytes_of(text), found=len(found),
           build_s=seconds)


def test_casefold_floor(benchmark: Any, text: str) -> None:
    _run(benchmark, str.casefold, text, times=5)
    record(benchmark, "compare:casefold", megabytes_of(text))
