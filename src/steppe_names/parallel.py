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
from contextlib import ExitStack, contextmanager
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


class _Done:
    """A piece this process scanned itself: its result, ready."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def ready(self) -> bool:
        return True

    def get(self) -> Any:
        return self.value


def _ordered(normalizer: Normalizer, tasks: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]],
             jobs: int) -> Iterator[Any]:
    """Run tasks on `jobs` processes, this one included, and yield the results in task order.

    `jobs - 1` worker processes take pieces while they hold fewer than two each; the next
    piece this process scans itself (so only part of the text goes through pipes, and this
    process works instead of waiting). The workers are forked at the second piece: a short
    input never pays for them. At most `4 * jobs` results wait, so memory stays bounded.
    """
    global _worker
    workers = jobs - 1
    pending: deque[AsyncResult[Any] | _Done] = deque()
    at_workers = 0  # pending results that a worker makes
    with ExitStack() as stack:
        pool: Any = None
        for number, (func, args) in enumerate(tasks):
            if workers and number and at_workers < 2 * workers:
                if pool is None:
                    pool = stack.enter_context(_pool(normalizer, workers))
                pending.append(pool.apply_async(func, args))
                at_workers += 1
            else:
                _worker = normalizer
                pending.append(_Done(func(*args)))
            while pending and (pending[0].ready() or len(pending) >= 4 * jobs):
                done = pending.popleft()
                if not isinstance(done, _Done):
                    at_workers -= 1
                yield done.get()
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

    yield from _ordered(normalizer, tasks(), jobs)


def normalize_parallel(normalizer: Normalizer, chunks: Iterable[str], jobs: int, to: str = "en",
                       lang: str | None = None, piece: int = PIECE) -> Iterator[str]:
    """`normalize_stream` on `jobs` processes; the same output."""
    tasks = ((_normalize, (text, to, lang)) for text in newline_pieces(chunks, piece))
    yield from _ordered(normalizer, tasks, jobs)


def default_jobs(total_bytes: int | None) -> int:
    """All cores for large inputs (over 16 MB, or of unknown size on stdin: 1)."""
    if total_bytes is not None and total_bytes > 16_000_000:
        return os.cpu_count() or 1
    return 1
