"""All cores: split a stream at newlines and scan the pieces in worker processes.

A name never spans a newline (no form contains one, and the boundary rule treats a newline
like the edge of the text), so pieces cut right after a newline give exactly the mentions of
one scan over the whole text. The Index is built once in the parent and inherited by the
workers through fork (or loaded from the on-disk cache where processes are spawned); results
come back in input order, with at most `2 * jobs` pieces in flight so memory stays bounded.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult
from typing import Any

from steppe_names.api import Normalizer
from steppe_names.formats import mention_lines

PIECE = 1 << 20  # code points per task (smaller pieces balance the workers better)
_worker: Normalizer | None = None


def newline_pieces(chunks: Iterable[str], size: int = PIECE) -> Iterator[str]:
    """Re-cut a stream of text into pieces of about `size` that end right after a newline
    (a piece without any newline grows until one comes, or the stream ends)."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            cut = buffer.rfind("\n") + 1
            if cut:  # otherwise no newline yet: keep reading
                yield buffer[:cut]
                buffer = buffer[cut:]
    if buffer:
        yield buffer


def _init(index: Any, fuzzy: bool) -> None:
    global _worker
    if _worker is None or _worker.index is not index:
        _worker = Normalizer(index, fuzzy=fuzzy)


def _annotate(piece: str, offset: int, lang: str | None, file: str, fmt: str) -> str:
    assert _worker is not None
    mentions = _worker.annotate_stream([piece], lang)
    return mention_lines((m._replace(start=m.start + offset, end=m.end + offset)
                          for m in mentions), file, fmt)


def _normalize(piece: str, to: str, lang: str | None) -> str:
    assert _worker is not None
    return "".join(_worker.normalize_stream([piece], to, lang))


def _ordered(pool: Any, tasks: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]],
             jobs: int) -> Iterator[Any]:
    """Run tasks on the pool, at most 2*jobs at a time, and yield results in task order."""
    pending: deque[AsyncResult[Any]] = deque()
    for func, args in tasks:
        pending.append(pool.apply_async(func, args))
        if len(pending) >= 2 * jobs:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


@contextmanager
def _pool(normalizer: Normalizer, jobs: int) -> Iterator[Any]:
    global _worker
    _worker = normalizer  # inherited by forked workers: no rebuild, no pickling
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Objects made before the fork stay out of the workers' garbage collections: a collection
    # that walked them (the caller's glossary, say) would copy every page it touched.
    gc.freeze()
    try:
        with context.Pool(jobs, initializer=_init,
                          initargs=(normalizer.index, normalizer.fuzzy)) as pool:
            yield pool
    finally:
        gc.unfreeze()


def annotate_lines_parallel(normalizer: Normalizer, chunks: Iterable[str], jobs: int,
                            lang: str | None, file: str, fmt: str,
                            piece: int = PIECE) -> Iterator[str]:
    """The mention records ("jsonl" or "tsv") of `annotate_stream`, made on `jobs`
    processes: the same lines in the same order, offsets into the whole stream."""

    def tasks() -> Iterator[tuple[Callable[..., Any], tuple[Any, ...]]]:
        offset = 0
        for text in newline_pieces(chunks, piece):
            yield _annotate, (text, offset, lang, file, fmt)
            offset += len(text)

    with _pool(normalizer, jobs) as pool:
        yield from _ordered(pool, tasks(), jobs)


def normalize_parallel(normalizer: Normalizer, chunks: Iterable[str], jobs: int, to: str = "en",
                       lang: str | None = None, piece: int = PIECE) -> Iterator[str]:
    """`normalize_stream` on `jobs` processes; the same output."""
    tasks = ((_normalize, (text, to, lang)) for text in newline_pieces(chunks, piece))
    with _pool(normalizer, jobs) as pool:
        yield from _ordered(pool, tasks, jobs)


def default_jobs(total_bytes: int | None) -> int:
    """All cores for large inputs (over 16 MB, or of unknown size on stdin: 1)."""
    if total_bytes is not None and total_bytes > 16_000_000:
        return os.cpu_count() or 1
    return 1
