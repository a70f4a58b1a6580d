"""All cores: split a stream at newlines and scan the pieces in worker processes.

A name never spans a newline (no form contains one, and the boundary rule treats a newline
like the edge of the text), so pieces cut right after a newline give exactly the mentions of
one scan over the whole text. `--jobs N` is this process and N - 1 workers, all taking
pieces (`_ordered`). The Index is built once in the parent and inherited by the workers through
fork (or loaded from the on-disk cache where processes are spawned); results come back in
input order, with at most `4 * jobs` pieces in flight so memory stays bounded.

Three routes:
- a regular file is cut into byte ranges; each worker reads its own range and writes its
  output to a file in a private temporary folder, which the parent appends to the output
  (`os.sendfile` where it can) and deletes (`normalize_file_parallel`,
  `annotate_file_parallel`). The parent touches no text (annotate: it counts the code points
  before each range, for the offsets);
- a byte stream (stdin) is cut by the parent into pieces of bytes, which it sends to the
  workers; from there on, as for a file (`normalize_blocks_parallel`,
  `annotate_blocks_parallel`);
- a library caller's stream of str chunks is cut by the parent, and pieces and results
  travel through the pool's pipes (`annotate_lines_parallel`, `normalize_parallel`). There,
  the parent's decoding, pickling and encoding are 13-15% of the CPU time of a run on two
  cores: on 20 MB, 1.40x `--jobs 1` where the bytes routes give 1.56-1.68x.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from steppe_names import scan
from steppe_names.api import Normalizer
from steppe_names.errors import InvalidUTF8, UserError, invalid_utf8, worker_died
from steppe_names.formats import mention_lines
from steppe_names.model import Mention
from steppe_names.progress import Progress
from steppe_names.stream import decode_blocks, segments

if TYPE_CHECKING:  # (multiprocessing and concurrent.futures load when a run forks: ~18 ms
    # a command on one file would otherwise pay)
    from concurrent.futures import Future, ProcessPoolExecutor

# Code points per task of a stream of str (`normalize_parallel`): smaller pieces balance the
# processes better (20 MB on 2 processes, 1.39-1.43x with 512k, 1.23x with 1M, 1.27-1.39x
# with 256k, where each piece costs more to send than it saves)
PIECE = 1 << 19
PIECE_BYTES = 1 << 19  # bytes per task when workers read their own ranges of a file
SMALLEST = 1 << 16  # bytes of the last ranges of a file (`file_ranges`)
_worker: Normalizer | None = None


def newline_pieces(chunks: Iterable[str], size: int = PIECE, *,
                   or_after: str = "") -> Iterator[str]:
    """Re-cut a stream of text into pieces of about `size` that end right after a newline
    (a piece without any newline grows until one comes, or the stream ends); one large
    chunk (a whole document) becomes as many pieces as it holds. `or_after`: characters
    after which a line longer than `size` may be cut too (`transliterate`: spaces).

    >>> [len(p) for p in newline_pieces(["ab\\n" * 10], size=6)]
    [6, 6, 6, 6, 6]
    >>> list(newline_pieces(["ab cd ef"], size=4, or_after=" "))
    ['ab cd ', 'ef']
    """
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        position = 0  # what of the buffer is handed out
        while len(buffer) - position >= size:
            cut = buffer.find("\n", position + size - 1) + 1
            if not cut and or_after:  # a long line: after its last such character
                cut = max(buffer.rfind(ch, position) for ch in or_after) + 1
                cut = cut if cut > position else 0
            if not cut:
                break  # no newline yet: keep reading
            yield buffer[position:cut]
            position = cut
        buffer = buffer[position:]
    if buffer:
        yield buffer


def _init(index: Any, fuzzy: bool) -> None:
    global _worker
    if _worker is None or _worker.index is not index:
        _worker = Normalizer(index, fuzzy=fuzzy)


def _annotate(piece: str, offset: int, lang: str | None, file: str, fmt: str) -> str:
    assert _worker is not None
    return _records(_worker.annotate_stream([piece], lang), offset, file, fmt)


def _records(mentions: Iterable[Mention], offset: int, file: str, fmt: str) -> str:
    """The mention records of a piece whose text begins `offset` code points into the input."""
    return mention_lines((m._replace(start=m.start + offset, end=m.end + offset)
                          for m in mentions), file, fmt)


def _normalize(piece: str, to: str, lang: str | None) -> str:
    assert _worker is not None
    return "".join(_worker.normalize_stream([piece], to, lang))


class _Ran(NamedTuple):
    """A task's result, run in this process."""

    result: Any


def _ordered(pool: ProcessPoolExecutor | None,
             tasks: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]],
             jobs: int) -> Iterator[Any]:
    """Run tasks on the pool's `jobs - 1` workers and in this process, and yield their
    results in task order. This process is the last worker: it takes the next task itself
    whenever each pool worker has one task running and one waiting (so the pool never waits
    for it), and in between hands on the results that are done. Two processes on two cores,
    not three: one fork fewer, no waiting for a worker to start before the first task, and
    the pages a worker and this process both write are copied once, not once per worker.
    At most `4 * jobs` results are held: this process, whose pieces do not wait in a queue,
    may run ahead of a worker's."""
    queued = 2 * (jobs - 1)  # tasks the pool has unfinished when this process takes one
    pending: deque[Future[Any] | _Ran] = deque()

    def ready() -> bool:
        head = pending[0]
        return isinstance(head, _Ran) or head.done()

    def take() -> Any:
        head = pending.popleft()
        return head.result if isinstance(head, _Ran) else head.result()

    for func, args in tasks:
        unfinished = sum(1 for item in pending if not isinstance(item, _Ran) and not item.done())
        if pool is not None and unfinished < queued:
            pending.append(pool.submit(func, *args))
        else:
            pending.append(_Ran(func(*args)))
        while pending and (ready() or len(pending) >= 4 * jobs):
            yield take()
    while pending:
        yield take()


@contextmanager
def _pool(normalizer: Normalizer, jobs: int,
          total: int | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """`jobs - 1` worker processes that hold `normalizer` (this process is the last worker,
    see `_ordered`; None for one job). A worker that dies (the system's out-of-memory
    killer, a signal) ends the run with `WorkerDied`: concurrent.futures notices a dead
    worker, where multiprocessing.Pool would replace it and wait forever for its result.
    On the way out, tasks not started are cancelled (the reader of the output went away, or
    an error stopped the run) and those running are waited for."""
    global _worker
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs={jobs!r}: the number of processes, 1 or more")
    _worker = normalizer  # inherited by forked workers: no rebuild, no pickling
    # loaded once here, shared by the workers (`total`: the input's bytes, when known)
    scan.prepare(normalizer.index, normalizer.fuzzy, None if total is None else total // jobs)
    if jobs < 2:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Objects made before the fork stay out of the workers' garbage collections: a collection
    # that walked them (the caller's glossary, say) would copy every page it touched.
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_init,
                                   initargs=(normalizer.index, normalizer.fuzzy))
        try:
            yield pool
        except BrokenProcessPool:
            raise worker_died(f"scanning on {jobs} processes; "
                              f"--jobs 1 scans in this process") from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
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


LARGE_INPUT = 4_000_000  # bytes of input from which all cores are used by default


def default_jobs(total_bytes: int | None) -> int:
    """All cores for inputs over `LARGE_INPUT` bytes, else 1 (None: unknown, 1). Measured
    with the ranges route, `normalize` of the seed texts (bundled glossary, whole command):
    1 MB 0.40 s with one process or two, 4 MB 1.44-1.65 s against 0.68-0.88 s."""
    if total_bytes is not None and total_bytes > LARGE_INPUT:
        return os.cpu_count() or 1
    return 1


# --- a regular file: workers read their own ranges and write their own output ----------------

class _Done(NamedTuple):
    """A worker's output for its range: a file in the run's temporary folder."""

    path: str
    consumed: int  # bytes of input it covers


class _Failed(NamedTuple):
    """A worker could not read its range or write its output."""

    message: str


class _Piece(NamedTuple):
    """A piece of the input for one worker: the bytes `[start, end)` of it, cut after a
    newline (a newline byte is never part of a multi-byte UTF-8 character, so each piece
    decodes on its own)."""

    start: int
    end: int
    data: bytes | None  # its bytes (from a stream), or None: the worker reads them from a file
    lines: int  # newlines before `start` (from a stream; -1 from a file, whose lines are counted
    # again only when one holds invalid UTF-8)
    spilled: str | None = None  # a stream's piece too long to hold (a line longer than
    # `LONG_LINE`): the file its bytes were written to, which the worker reads block by block


LONG_LINE = 1 << 22  # bytes of a stream's piece held in memory; a longer line goes to a file


def stream_pieces(blocks: Iterable[bytes], size: int = PIECE_BYTES,
                  spill: str | None = None) -> Iterator[_Piece]:
    """A byte stream (stdin read in blocks) cut into pieces of `size` bytes or more, each
    ending right after the first newline from there (a piece without one grows until one
    comes, or the stream ends), as `file_ranges` cuts a file; the newlines before each piece
    are counted. With a folder to `spill` to, a piece that outgrows `LONG_LINE` bytes is
    written there as it comes, up to its newline: a huge line stays in bounded memory here
    too."""
    buffer = b""
    start = lines = 0
    blocks = iter(blocks)
    for block in blocks:
        buffer = buffer + block if buffer else block
        position = 0  # what of the buffer is handed out already
        while len(buffer) - position >= size:
            cut = buffer.find(b"\n", position + size - 1) + 1
            if not cut:
                break  # no newline yet: read on
            data = buffer[position:cut]
            yield _Piece(start, start + len(data), data, lines)
            lines += data.count(b"\n")
            start += len(data)
            position = cut
        buffer = buffer[position:]
        if spill is not None and len(buffer) > LONG_LINE:
            fd, name = tempfile.mkstemp(dir=spill, prefix=f"{start:016d}-line-")
            length, newlines = len(buffer), buffer.count(b"\n")
            with os.fdopen(fd, "wb") as handle:
                handle.write(buffer)
                buffer = b""
                for more in blocks:
                    cut = more.find(b"\n") + 1
                    handle.write(more[:cut] if cut else more)
                    length += cut or len(more)
                    if cut:
                        newlines += 1
                        buffer = more[cut:]
                        break
            yield _Piece(start, start + length, None, lines, name)
            lines += newlines
            start += length
    if buffer:
        yield _Piece(start, start + len(buffer), buffer, lines)


def file_ranges(path: str | Path, size: int = PIECE_BYTES,
                jobs: int = 1) -> Iterator[tuple[int, int]]:
    """Byte ranges `[start, end)` that cover the file, each ending right after a newline (a
    range without one grows until one comes, or the file ends). Only the bytes after each cut
    are read, up to the next newline. A newline byte is never part of a multi-byte UTF-8
    character, so each range decodes on its own. Ranges are `size` bytes, shorter toward the
    end (an eighth of what is left for 2 `jobs`, down to `SMALLEST`): the last ranges are
    small, so the processes finish together instead of one waiting for the other's last
    two ranges."""
    with open(path, "rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        start = 0
        while start < total:
            end = start + max(min(size, (total - start) // (4 * jobs)), min(size, SMALLEST))
            if end >= total:
                end = total
            else:
                handle.seek(end - 1)  # the range ends after the first newline from here
                position = end - 1
                while True:
                    block = handle.read(1 << 16)
                    found = block.find(b"\n")
                    if found >= 0:
                        end = position + found + 1
                        break
                    position += len(block)
                    if not block or position >= total:
                        end = total
                        break
            yield start, end
            start = end


# Bytes that continue a UTF-8 character: a valid text has as many code points as other bytes.
_CONTINUATION = bytes(range(0x80, 0xC0))
READ = 1 << 20  # bytes read at a time from a range (a range is as long as its lines)


def _blocks(path: str | Path, start: int, end: int) -> Iterator[bytes]:
    """`[start, end)` of the file, `READ` bytes at a time: a range holding one huge line is
    read in bounded memory, as the stream route reads the file."""
    with open(path, "rb") as handle:
        handle.seek(start)
        left = end - start
        while left > 0:
            block = handle.read(min(left, READ))
            if not block:
                return
            left -= len(block)
            yield block


def _piece_blocks(path: str | Path | None, piece: _Piece) -> Iterable[bytes]:
    """The bytes of a piece: in hand (a stream's), or read block by block from the file or
    from where a stream's long piece was spilled."""
    if piece.data is not None:
        return (piece.data,)
    if piece.spilled is not None:
        return _blocks(piece.spilled, 0, piece.end - piece.start)
    assert path is not None
    return _blocks(path, piece.start, piece.end)


def _count_chars(path: str | Path | None, piece: _Piece, errors: str) -> int:
    """The code points a piece decodes to: exact for valid UTF-8 (with errors="strict", an
    invalid piece fails in its worker anyway); with errors="replace", by decoding, since each
    invalid sequence becomes one U+FFFD."""
    if errors == "strict":
        return sum(len(block.translate(None, _CONTINUATION))
                   for block in _piece_blocks(path, piece))
    return sum(len(text) for text in decode_blocks(_piece_blocks(path, piece), errors))


def _range_work(job: str, path: str | None, piece: _Piece, errors: str, encoding: str,
                folder: str, args: tuple[Any, ...]) -> _Done | InvalidUTF8 | _Failed:
    """A worker's piece: decode its bytes (read from the file block by block, or sent from a
    stream), run `job` on them as a stream ("normalize": args are (to, lang); "annotate":
    (chars before the piece, lang, file name, format)) and write the output to a file in
    `folder` as it comes. Invalid UTF-8 and a failed read come back as values (the line of
    invalid UTF-8 counts from the piece's start)."""
    assert _worker is not None
    unread: list[_Failed] = []
    start = piece.start

    def blocks() -> Iterator[bytes]:
        try:
            yield from _piece_blocks(path, piece)
        except OSError as error:
            unread.append(_Failed(f"cannot read ({error.strerror})"))

    texts = decode_blocks(blocks(), errors, start=start)
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f"{start:016d}-")
        with os.fdopen(fd, "wb") as handle:
            if job == "normalize":
                to, lang = args
                for output in _worker.normalize_stream(texts, to, lang):
                    handle.write(output.encode(encoding))
            else:
                chars, lang, file, fmt = args
                for _offset, _text, mentions in segments(_worker.index, texts, lang,
                                                         fuzzy=_worker.fuzzy):
                    handle.write(_records(mentions, chars, file, fmt).encode(encoding))
    except InvalidUTF8 as bad:
        os.unlink(name)
        return bad
    except OSError as error:
        return _Failed(f"cannot write a temporary file in {folder} ({error.strerror})")
    if unread:
        os.unlink(name)
        return unread[0]
    return _Done(name, piece.end - start)


def _line_of(path: str | Path, offset: int) -> int:
    """The line number of the byte at `offset` (counting newlines before it)."""
    lines = 1
    with open(path, "rb") as handle:
        while offset > 0:
            block = handle.read(min(offset, 1 << 20))
            if not block:
                break
            lines += block.count(b"\n")
            offset -= len(block)
    return lines


def _append(out: TextIO, path: str) -> None:
    """Append the file at `path` to `out` (flushed first): by `os.sendfile` when `out` is a
    file descriptor that takes it, else by copying."""
    out.flush()
    with open(path, "rb") as source:
        size = os.fstat(source.fileno()).st_size
        sent = 0
        try:
            target = out.fileno()
            while sent < size:
                count = os.sendfile(target, source.fileno(), sent, size - sent)
                if not count:
                    break
                sent += count
        except OSError as error:
            # no descriptor (a StringIO), or one sendfile does not write to: copy instead
            if error.errno not in (None, errno.EINVAL, errno.ENOSYS, errno.ENOTSOCK,
                                   errno.EOPNOTSUPP):
                raise
        except AttributeError:
            pass  # not a file object at all: copy
        if sent < size:
            source.seek(sent)
            rest = source.read()
            buffer = getattr(out, "buffer", None)
            if buffer is not None:
                buffer.write(rest)
                buffer.flush()
            else:
                out.write(rest.decode(getattr(out, "encoding", None) or "utf-8"))
                out.flush()


def _run_pieces(normalizer: Normalizer, path: str | Path | None,
                pieces: Callable[[str], Iterable[_Piece]], out: TextIO, jobs: int, job: str,
                args: Callable[[int], tuple[Any, ...]], *, errors: str, shown: str,
                progress: Progress | None) -> None:
    """Run `job` over the pieces of the input (of the file at `path`, or of a stream: None;
    `pieces(folder)` makes them, given the run's temporary folder) on `jobs` processes and
    append their outputs to `out` in order. `args(chars)` gives a piece's job arguments from
    the number of code points before it (counted here only when the job asks: annotate's
    offsets)."""
    encoding = getattr(out, "encoding", None) or "utf-8"
    where = str(path) if path is not None else None
    try:
        outputs = tempfile.TemporaryDirectory(prefix="steppe-names-")
    except OSError as error:
        raise UserError(f"cannot make a temporary folder for the workers' output ({error}): "
                        f"set TMPDIR to a writable folder, or pass --jobs 1") from None
    sent: deque[_Piece] = deque()  # the pieces whose results are still to come, without data
    total = None
    if path is not None:
        with contextlib.suppress(OSError):  # said when a worker reads it
            total = os.path.getsize(path)
    with outputs as folder, _pool(normalizer, jobs, total) as pool:

        def tasks() -> Iterator[tuple[Callable[..., Any], tuple[Any, ...]]]:
            chars = 0
            try:
                for piece in pieces(folder):
                    sent.append(piece._replace(data=None))
                    yield _range_work, (job, where, piece, errors, encoding, folder,
                                        args(chars))
                    if job == "annotate":
                        chars += _count_chars(path, piece, errors)
            except OSError as error:
                raise UserError(f"{shown}: cannot read ({error.strerror})") from None

        for result in _ordered(pool, tasks(), jobs):
            piece = sent.popleft()
            if isinstance(result, InvalidUTF8):  # its line counts from its piece
                line = (piece.lines + result.line if piece.lines >= 0 or path is None
                        else _line_of(path, result.offset))
                raise invalid_utf8(shown, result.offset, line, result.byte)
            if isinstance(result, _Failed):
                raise UserError(f"{shown}: {result.message}")
            _append(out, result.path)
            os.unlink(result.path)
            if piece.spilled is not None:
                os.unlink(piece.spilled)
            if progress is not None:
                progress.advance(result.consumed)


def normalize_file_parallel(normalizer: Normalizer, path: str | Path, out: TextIO, jobs: int,
                            to: str = "en", lang: str | None = None, *, errors: str = "strict",
                            name: str | None = None, piece: int | None = None,
                            progress: Progress | None = None) -> None:
    """Write to `out` what `normalize_stream` makes of the regular file at `path`, on `jobs`
    processes that read their own ranges of it (the same bytes as `--jobs 1`). Invalid UTF-8
    (with errors="strict") is a UserError naming `name`, the byte offset and the line, raised
    after the output of the pieces before it, as a stream would."""
    _run_pieces(normalizer, path, _ranges(path, piece, jobs), out, jobs, "normalize",
                lambda _chars: (to, lang), errors=errors, shown=name or str(path),
                progress=progress)


def annotate_file_parallel(normalizer: Normalizer, path: str | Path, out: TextIO, jobs: int,
                           lang: str | None, file: str, fmt: str, *, errors: str = "strict",
                           name: str | None = None, piece: int | None = None,
                           progress: Progress | None = None) -> None:
    """Write to `out` the mention records ("jsonl" or "tsv", `file` in their file field) of
    the regular file at `path`, on `jobs` processes that read their own ranges of it: the
    records of `--jobs 1`, offsets into the whole file. Here the parent reads the file too,
    to count the code points before each range (`bytes.translate`: ~2 ms/MB)."""
    _run_pieces(normalizer, path, _ranges(path, piece, jobs), out, jobs, "annotate",
                lambda chars: (chars, lang, file, fmt), errors=errors, shown=name or str(path),
                progress=progress)


def _ranges(path: str | Path, size: int | None,
            jobs: int) -> Callable[[str], Iterator[_Piece]]:
    """The pieces of a file: its ranges (`PIECE_BYTES` by default, read when called)."""
    return lambda _folder: (_Piece(start, end, None, -1)
                            for start, end in file_ranges(path, size or PIECE_BYTES, jobs))


def _stream(blocks: Iterable[bytes], size: int | None) -> Callable[[str], Iterator[_Piece]]:
    """The pieces of a byte stream; long lines spill into the run's folder."""
    return lambda folder: stream_pieces(blocks, size or PIECE_BYTES, folder)


def normalize_blocks_parallel(normalizer: Normalizer, blocks: Iterable[bytes], out: TextIO,
                              jobs: int, to: str = "en", lang: str | None = None, *,
                              errors: str = "strict", name: str = "<stdin>",
                              piece: int | None = None,
                              progress: Progress | None = None) -> None:
    """`normalize_file_parallel` for a stream of bytes (stdin, read in blocks): the parent cuts
    it into pieces after newlines and sends each piece's bytes to a worker, which decodes it
    and writes its output as the file route's workers do."""
    _run_pieces(normalizer, None, _stream(blocks, piece), out, jobs, "normalize",
                lambda _chars: (to, lang), errors=errors, shown=name, progress=progress)


def annotate_blocks_parallel(normalizer: Normalizer, blocks: Iterable[bytes], out: TextIO,
                             jobs: int, lang: str | None, file: str, fmt: str, *,
                             errors: str = "strict", name: str = "<stdin>",
                             piece: int | None = None,
                             progress: Progress | None = None) -> None:
    """`annotate_file_parallel` for a stream of bytes (stdin, read in blocks)."""
    _run_pieces(normalizer, None, _stream(blocks, piece), out, jobs, "annotate",
                lambda chars: (chars, lang, file, fmt), errors=errors, shown=name,
                progress=progress)
