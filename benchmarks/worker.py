"""Fresh processes that build an Index, or load it and scan the corpus, and report the cost.

``python -m benchmarks.worker build SIZE OUT``: build the SIZE-entry synthetic glossary's Index
through `compile_glossary` with the session's ``STEPPE_NAMES_CACHE`` (so it lands in the
on-disk cache), `build_index` wrapped to time the build alone (the rest is the fingerprint and
the cache write). A fresh process, so that the peak RSS (``resource.getrusage``) is the
build's. OUT receives: glossary_s, build_s, write_s, keys, candidates, rss_before_mib,
peak_rss_mib, children_peak_rss_mib (the largest of the build's forked workers),
rss_after_build_mib, cache_mib, wall_s; for a glossary of several chunks, also chunks_mib
(the compiled chunks it kept) and rebuild_s (the build again after one term of one entry was
changed, the other chunks read back). (The automaton is built by the build, in a worker, and
cached serialized with the Index.)

``python -m benchmarks.worker jobs SIZE OUT ROUNDS``: load the SIZE Index from the session's
cache and time what `normalize --jobs 1` and `--jobs 2` do with the SIZE corpus as a file,
alternately, ROUNDS times each (jobs1_s, jobs2_s; and jobs2_stream_s, the pipes route that
stdin takes): in a process that holds what the command line holds, since forking a benchmark
session that holds every glossary and corpus costs more than the command line ever pays.

``python -m benchmarks.worker scan SIZE OUT ROUNDS [BUILD_OUT [BESIDE]]``: read the glossary
and the corpus, wait for BUILD_OUT (the build worker's report) to appear, load that Index
from the cache (a warm start: load_s, after the glossary's fingerprint: fingerprint_s), build
its automaton (matcher_s, matcher_mib), then annotate the SIZE corpus ROUNDS times
(annotate_s, a list). With BESIDE (sizes, "1000,10000"), those glossaries' Indexes are loaded
too and all of them annotate their corpora in turns (side_by_side: seconds by size), the fair
measure of how throughput changes with the glossary. The benchmark process does the scans
itself for the smaller glossaries; for the largest one it uses this worker, so that it never
holds that Index (about 8 GiB at 100k entries) besides everything else it measured.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def current_rss_mib() -> float:
    """The resident set size of this process now (Linux /proc; else the peak so far)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mib()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build(size: int) -> dict[str, Any]:
    started = time.perf_counter()
    from benchmarks.glossaries import smoke, synthetic_glossary
    from steppe_names import compile as compiler

    glossary = synthetic_glossary(size)
    result: dict[str, Any] = {"size": size, "entries": len(glossary),
                              "glossary_s": time.perf_counter() - started}
    if smoke():  # the smoke run's 1k glossary in several chunks: the rebuild is tried too
        compiler._CHUNK = 250
    real_build = compiler.build_index

    # A whole build, every time: the chunks it keeps go to a folder of this run's own, where
    # no earlier run left any. Then one entry is edited and the Index built again, reading
    # the chunks of the others back (rebuild_s): what a user waits for after an edit.
    compiler.cache_dir().mkdir(parents=True, exist_ok=True)
    chunks = Path(tempfile.mkdtemp(prefix=f"chunks-{size}-", dir=compiler.cache_dir()))
    real_chunks_dir = compiler.chunks_dir
    compiler.chunks_dir = lambda: chunks

    def timed_build(glossary: Any, *, jobs: int | None = None, progress: Any = None,
                    reuse: bool = False) -> Any:
        result["rss_before_mib"] = current_rss_mib()
        start = time.perf_counter()
        index = real_build(glossary, jobs=jobs, progress=progress, reuse=True)
        result["build_s"] = time.perf_counter() - start
        result["peak_rss_mib"] = peak_rss_mib()
        # the build's forked workers: the largest one's peak (they run side by side)
        result["children_peak_rss_mib"] = (
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        result["rss_after_build_mib"] = current_rss_mib()
        return index

    compiler.build_index = timed_build  # compile_glossary looks it up in its module
    try:
        start = time.perf_counter()
        index = compiler.compile_glossary(glossary)
        total = time.perf_counter() - start
        if "build_s" not in result:  # the cache already held it: build once more, uncached
            timed_build(glossary)
            total = result["build_s"]
        result["write_s"] = max(0.0, total - result["build_s"])
        if len(glossary) > compiler._CHUNK:
            result["chunks_mib"] = sum(p.stat().st_size for p in chunks.iterdir()) / 2**20
            start = time.perf_counter()
            real_build(edited(glossary), reuse=True)
            result["rebuild_s"] = time.perf_counter() - start
    finally:
        compiler.build_index = real_build
        compiler.chunks_dir = real_chunks_dir
        shutil.rmtree(chunks, ignore_errors=True)
    result["keys"] = index.key_count
    result["candidates"] = index.candidate_count
    cached = list(compiler.cache_dir().glob(f"*{index.fingerprint[:40]}*"))
    result["cache_mib"] = sum(p.stat().st_size for p in cached) / 2**20
    result["wall_s"] = time.perf_counter() - started
    return result


def edited(glossary: Any) -> Any:
    """`glossary` with one term of its middle entry changed, as a translator's edit."""
    import dataclasses

    from steppe_names.glossary import Glossary

    entries = list(glossary)
    middle = entries[len(entries) // 2]
    first, *rest = middle.terms
    entries[len(entries) // 2] = dataclasses.replace(
        middle, terms=(dataclasses.replace(first, text=first.text + first.text[-1]), *rest))
    return Glossary(entries)


def wait_for(path: Path) -> None:
    """Wait until `path` exists (the build worker's report: the build is done); give up when
    the benchmark process that started us is gone."""
    parent = os.getppid()
    while not path.exists():
        if os.getppid() != parent:
            raise SystemExit(1)
        time.sleep(0.2)


def side_by_side(size: int, normalizer: Any, text: str, beside: list[int],
                 rounds: int) -> dict[str, list[float]]:
    """annotate with the `beside` glossaries (loaded from the session's cache) and with
    `normalizer`'s, each on its own corpus, in turns: round 1 of every size, then round 2...
    (seconds by size). Sizes measured minutes apart, in different processes, differ by what
    else the machine did meanwhile; in turns they meet the same conditions."""
    from benchmarks.corpus import corpus_for
    from benchmarks.glossaries import synthetic_glossary
    from steppe_names import Normalizer
    from steppe_names import compile as compiler

    cases = [(other, Normalizer(compiler.compile_glossary(synthetic_glossary(other))),
              corpus_for(other)[0]) for other in beside]
    cases.append((size, normalizer, text))
    for _size, scanner, corpus in cases:  # warm-up: every page of each automaton once
        scanner.annotate(corpus)
    seconds: dict[str, list[float]] = {str(other): [] for other, _, _ in cases}
    for _round in range(rounds):
        for other, scanner, corpus in cases:
            start = time.perf_counter()
            scanner.annotate(corpus)
            seconds[str(other)].append(time.perf_counter() - start)
    return seconds


def scan(size: int, rounds: int, after: Path | None = None,
         beside: list[int] | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    from benchmarks.corpus import corpus_for
    from benchmarks.glossaries import synthetic_glossary
    from steppe_names import Normalizer
    from steppe_names import compile as compiler

    glossary = synthetic_glossary(size)
    text, counts = corpus_for(size)
    result: dict[str, Any] = {"size": size, "glossary_s": time.perf_counter() - started,
                              "rss_before_mib": current_rss_mib(), "inserted": counts["names"]}
    if after is not None:
        start = time.perf_counter()
        wait_for(after)
        result["waited_s"] = time.perf_counter() - start
    real_build = compiler.build_index

    def no_build(glossary: Any, *, jobs: int | None = None, progress: Any = None,
                 reuse: bool = False) -> Any:
        raise RuntimeError("the Index is not in the cache: the build worker did not write it, "
                           "or the library changed since it ran (its fingerprint differs)")

    compiler.build_index = no_build
    try:
        # The in-memory glossary's content hash, timed apart: a start from glossary files
        # (the command line, `Normalizer.from_files`) hashes the files' bytes instead.
        start = time.perf_counter()
        glossary.fingerprint()
        result["fingerprint_s"] = time.perf_counter() - start
        start = time.perf_counter()
        index = compiler.compile_glossary(glossary)
        result["load_s"] = time.perf_counter() - start
    finally:
        compiler.build_index = real_build
    result["rss_loaded_mib"] = current_rss_mib()
    result["keys"] = index.key_count
    start = time.perf_counter()
    _ = index.matcher
    result["matcher_s"] = time.perf_counter() - start
    result["matcher_mib"] = current_rss_mib() - result["rss_loaded_mib"]
    normalizer = Normalizer(index)
    normalizer.annotate(text[:2_000_000])  # warm-up: the scan's caches fill on first use
    times = []
    found = 0
    for _round in range(rounds):
        start = time.perf_counter()
        found = len(normalizer.annotate(text))
        times.append(time.perf_counter() - start)
    result["annotate_s"] = times
    result["found"] = found
    if beside:
        result["side_by_side"] = side_by_side(size, normalizer, text, beside, rounds + 1)
    result["peak_rss_mib"] = peak_rss_mib()
    result["wall_s"] = time.perf_counter() - started
    return result


def jobs(size: int, rounds: int) -> dict[str, Any]:
    """What `normalize --jobs 1` and `--jobs 2` cost from a file to a file, in a process that
    holds what the command line holds (the Index), not everything a benchmark session has
    made. `--jobs 1` reads the file as a stream (`cli.read_chunks`) through `normalize_stream`;
    `--jobs 2` is `normalize_file_parallel` (workers read their own ranges). Also timed: the
    route of stdin with `--jobs 2` (`normalize_blocks_parallel`: the main process cuts the
    bytes, the workers decode them), `jobs2_stdin_s`; and that of a library caller's str
    chunks (`normalize_parallel`: pieces and results through pipes), `jobs2_stream_s`. And the
    yardstick of `--jobs 2`: two `--jobs 1` runs at once in two forked processes, each the
    whole file, `apart2_s` (the wall time of both): twice `jobs1_s` over it is the speed-up
    this machine gives two copies of the work that share nothing."""
    import tempfile

    from benchmarks.corpus import corpus_for
    from benchmarks.glossaries import synthetic_glossary
    from steppe_names import Normalizer
    from steppe_names import compile as compiler
    from steppe_names.cli import Source, read_blocks, read_chunks
    from steppe_names.parallel import (
        normalize_blocks_parallel,
        normalize_file_parallel,
        normalize_parallel,
    )

    text = corpus_for(size)[0]
    index = compiler.compile_glossary(synthetic_glossary(size))  # from the session's cache
    normalizer = Normalizer(index)
    result: dict[str, Any] = {"size": size, "jobs1_s": [], "jobs2_s": [], "jobs2_stream_s": [],
                              "jobs2_stdin_s": [], "apart2_s": []}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.txt"
        source.write_text(text, encoding="utf-8")
        del text
        target = Path(folder) / "out.txt"

        def one_job(to: Path = target) -> None:
            chunks = read_chunks(Source("in.txt", source, source.stat().st_size), "strict")
            with open(to, "w", encoding="utf-8", newline="") as out:
                for piece in normalizer.normalize_stream(chunks, "en", "en"):
                    out.write(piece)

        def two_apart() -> None:
            """Two `--jobs 1` runs at once in two processes that share nothing but the
            machine: what two cores give this work at best (their caches, memory bandwidth
            and clock when both are busy)."""
            children = []
            for number in range(2):
                child = os.fork()
                if child == 0:
                    code = 0
                    try:
                        one_job(Path(folder) / f"apart{number}.txt")
                    except BaseException:
                        code = 1
                    os._exit(code)
                children.append(child)
            for number, child in enumerate(children):
                if (os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 0
                        or (Path(folder) / f"apart{number}.txt").read_bytes() != reference):
                    raise SystemExit("two_apart: a process failed or wrote another output")

        def two_jobs() -> None:
            with open(target, "w", encoding="utf-8", newline="") as out:
                normalize_file_parallel(normalizer, source, out, 2, "en", "en")

        def two_jobs_stream() -> None:
            chunks = read_chunks(Source("in.txt", source, source.stat().st_size), "strict")
            with open(target, "w", encoding="utf-8", newline="") as out:
                for piece in normalize_parallel(normalizer, chunks, 2, "en", "en"):
                    out.write(piece)

        def two_jobs_stdin() -> None:
            blocks = read_blocks(Source("in.txt", source, None))
            with open(target, "w", encoding="utf-8", newline="") as out:
                normalize_blocks_parallel(normalizer, blocks, out, 2, "en", "en")

        one_job()  # warm-up, and the reference
        reference = target.read_bytes()
        for _round in range(rounds):
            for name, run in (("jobs1_s", one_job), ("jobs2_s", two_jobs),
                              ("jobs2_stream_s", two_jobs_stream),
                              ("jobs2_stdin_s", two_jobs_stdin), ("apart2_s", two_apart)):
                start = time.perf_counter()
                run()
                result[name].append(time.perf_counter() - start)
                if target.read_bytes() != reference:
                    raise SystemExit(f"{name}: another output than --jobs 1's")
    return result


def main(argv: list[str]) -> int:
    mode, size, out = argv[0], int(argv[1]), Path(argv[2])
    if mode == "build":
        result = build(size)
    elif mode == "jobs":
        result = jobs(size, int(argv[3]))
    else:
        result = scan(size, int(argv[3]), Path(argv[4]) if len(argv) > 4 and argv[4] else None,
                      [int(n) for n in argv[5].split(",") if n] if len(argv) > 5 else None)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(result), encoding="utf-8")
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip the interpreter's teardown: freeing a 100k-entry Index object by object takes
    # about a minute, and nothing is left to flush or close.
    os._exit(code)
