"""--jobs: the same output, in the same order, with the same offsets, on several processes;
streaming from files in bounded memory; the progress bar only on a terminal."""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from steppe_names import Normalizer
from steppe_names.errors import UserError, WorkerDied, worker_died
from steppe_names.formats import mention_lines
from steppe_names.parallel import (
    SMALLEST,
    annotate_file_parallel,
    annotate_lines_parallel,
    default_jobs,
    file_ranges,
    newline_pieces,
    normalize_blocks_parallel,
    normalize_file_parallel,
    normalize_parallel,
    stream_pieces,
)
from steppe_names.progress import BuildStatus, Progress
from tests.conftest import deadline

NAMES = ["Ulan Bator", "Улан-Баторе", "Улаанбаатарт", "ウランバートルで", "Khalkhyn Gol",
         "Путина", "Tokyo", "Ts. Elbegdorj", "Chalkhin Gol", "Mongolia Weekly", "Грузия"]
FILLER = ["the", "steppe", "wind", "over", "grass", "валы", "и", "степи", "тал", "нутаг",
          "草原の風"]


def corpus(lines: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(lines):
        words = [rng.choice(FILLER) for _ in range(rng.randint(0, 12))]
        if rng.random() < 0.6:
            words.insert(rng.randint(0, len(words)), rng.choice(NAMES))
        out.append(" ".join(words))
    return "\n".join(out) + "\n"


def test_pieces_end_at_newlines_and_cover_the_text() -> None:
    text = corpus(500)
    pieces = list(newline_pieces([text[i:i + 97] for i in range(0, len(text), 97)], 1000))
    assert "".join(pieces) == text and len(pieces) > 5
    assert all(p.endswith("\n") for p in pieces)


def test_two_processes_give_the_same_records_and_text(normalizer: Normalizer) -> None:
    text = corpus(3000)
    chunks = [text[i:i + 4096] for i in range(0, len(text), 4096)]
    expected = mention_lines(normalizer.annotate_stream(chunks, "en"), "f.txt", "jsonl")
    got = "".join(annotate_lines_parallel(normalizer, chunks, 2, "en", "f.txt", "jsonl",
                                          piece=2000))
    assert got == expected
    for record in map(json.loads, got.splitlines()[::50]):
        assert text[record["start"]:record["end"]] == record["text"]
    assert "".join(normalize_parallel(normalizer, chunks, 2, "ru", "en", piece=2000)) == (
        normalizer.normalize(text, "ru", "en"))


def test_the_workers_share_the_automaton_the_parent_loaded(tmp_path: Path) -> None:
    """The Index's automaton is deserialized once, in the parent, before the workers fork
    (at 100k entries each worker loaded its own 689 MiB copy, for ~2 s, before): a fresh
    Index has none loaded until a parallel run, which leaves it loaded in the parent, and
    the output is that of one process."""
    from steppe_names import load_glossary
    from steppe_names.compile import build_index

    text = corpus(3000)
    source = tmp_path / "in.txt"
    source.write_text(text, encoding="utf-8")
    fresh = Normalizer(build_index(load_glossary()))
    assert "matcher" not in fresh.index.__dict__
    with open(tmp_path / "out.txt", "w", encoding="utf-8", newline="") as out:
        normalize_file_parallel(fresh, source, out, 2, "ru", "en", piece=4096)
    assert "matcher" in fresh.index.__dict__
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == (
        Normalizer().normalize(text, "ru", "en"))


def test_a_stream_uses_all_cores_once_it_proves_large() -> None:
    """stdin's size is not known: the default reads up to 4 MB ahead, then decides; the rest
    is not read early."""
    from steppe_names.cli import _stream_jobs

    small = [b"Ulan Bator\n" * 1000] * 3
    assert _stream_jobs(iter(small), None) == (1, small)
    assert _stream_jobs(iter(small), 2) == (2, small[:1])  # --jobs 2: only the first block
    assert _stream_jobs(iter([]), None) == (1, [])
    assert _stream_jobs(iter([]), 2) == (1, [])  # empty: nothing to share
    read: list[int] = []

    def large() -> Iterator[bytes]:
        for number in range(10):
            read.append(number)
            yield f"{number} Улан-Батор\n".encode() * 70_000  # 1.54 MB

    blocks = large()
    jobs, ahead = _stream_jobs(blocks, None)
    assert jobs == (os.cpu_count() or 1)
    assert read == [0, 1, 2] and len(ahead) == 3  # 4.6 MB: over 4 MB
    assert [block[:1] for block in (*ahead, *blocks)] == [str(n).encode() for n in range(10)]


def _stdin_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               data: bytes, *argv: str) -> tuple[int, str, str]:
    from steppe_names import cli

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_stdin_over_4_mb_takes_all_cores_with_the_same_output(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from steppe_names import cli

    data = (corpus(2000) * 40).encode()
    assert len(data) > 4_000_000
    used: list[int] = []
    real = cli.normalize_blocks_parallel

    def spy(normalizer: Normalizer, blocks: Any, out: Any, jobs: int, *args: Any,
            **kwargs: Any) -> None:
        used.append(jobs)
        real(normalizer, blocks, out, jobs, *args, **kwargs)

    monkeypatch.setattr(cli, "normalize_blocks_parallel", spy)
    outputs = [_stdin_run(monkeypatch, capsys, data, "normalize", "-q", *jobs, "-")
               for jobs in ([], ["--jobs", "1"])]
    assert used == ([os.cpu_count()] if (os.cpu_count() or 1) > 1 else [])
    assert outputs[0] == outputs[1] and outputs[0][1].count("Ulaanbaatar") > 10_000


def test_stdin_on_two_processes_gives_the_bytes_of_one(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """stdin with --jobs 2: the main process cuts the bytes after newlines and the workers
    decode them: the same text, the same records (offsets into the whole stream, counted in
    code points), the same error for invalid UTF-8, at its byte and line."""
    from steppe_names import parallel

    monkeypatch.setattr(parallel, "PIECE_BYTES", 3000)  # many pieces
    cut: list[int] = []
    real = parallel.stream_pieces

    def counted(*args: Any) -> Iterator[Any]:
        for piece in real(*args):
            cut.append(piece.start)
            yield piece

    monkeypatch.setattr(parallel, "stream_pieces", counted)
    data = corpus(3000).encode()
    for command in (["normalize", "--to", "ru"], ["annotate"], ["annotate", "--format", "tsv"]):
        one, two = (_stdin_run(monkeypatch, capsys, data, *command, "-q", "--jobs", jobs, "-")
                    for jobs in ("1", "2"))
        assert one == two and one[0] == 0 and one[1].count("\n") > 1000, command
    assert len(cut) > 3 * 30  # three runs on two processes, each of 30 pieces or more
    bad = data + b"ok \xd0 bad\n" + data
    line = data.count(b"\n") + 1
    for jobs in ("1", "2"):
        code, _out, err = _stdin_run(monkeypatch, capsys, bad, "normalize", "--jobs", jobs, "-")
        assert code == 2
        assert err == (f"steppe-names: <stdin>: invalid UTF-8 at byte offset {len(data) + 3} "
                       f"(line {line}): byte 0xd0; convert the file to "
                       "UTF-8, or pass --errors replace to read it anyway\n")
    one, two = (_stdin_run(monkeypatch, capsys, bad, "annotate", "--errors", "replace",
                           "--jobs", jobs, "-") for jobs in ("1", "2"))
    assert one == two and one[0] == 0
    assert _stdin_run(monkeypatch, capsys, b"", "normalize", "--jobs", "2", "-") == (
        1, "", "steppe-names: <stdin>: empty input, nothing to do\n")
    for jobs in ("1", "2"):  # a cut character alone is invalid, not empty
        code, _out, err = _stdin_run(monkeypatch, capsys, b"\xd0", "normalize", "--jobs", jobs,
                                     "-")
        assert code == 2 and "invalid UTF-8 at byte offset 0 (line 1): byte 0xd0" in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_on_two_processes_gives_the_bytes_of_one(tmp_path: Path) -> None:
    """A pipe named on the command line (`<(zcat news.gz)`) has no ranges to read: with
    --jobs 2 the main process cuts its bytes, as for stdin."""
    data = corpus(3000).encode()
    outputs = []
    for jobs in ("1", "2"):
        fifo = tmp_path / f"fifo{jobs}"
        os.mkfifo(fifo)
        process = subprocess.Popen([sys.executable, "-m", "steppe_names.cli", "annotate",
                                    "--jobs", jobs, str(fifo)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        with open(fifo, "wb") as writer:
            writer.write(data)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        outputs.append(out.replace(f"fifo{jobs}".encode(), b"FIFO"))
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 1000
    # and it is the bytes route that takes it, not one process
    import argparse
    import threading

    from steppe_names.cli import Source, _open_text

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(data,))
    writer.start()
    opened = _open_text(argparse.Namespace(errors="strict", lang=None),
                        Source("fifo", fifo, 0), 2, None)
    assert opened is not None and opened.blocks is not None and opened.jobs == 2
    assert b"".join(opened.blocks) == data
    writer.join()


def test_where_bytes_may_not_be_copied_stdin_goes_through_pipes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """On a system whose text output translates newlines, the workers' output is written as
    text: stdin takes the str pipes, with the same output."""
    from steppe_names import cli

    data = corpus(2000).encode()
    expected = [_stdin_run(monkeypatch, capsys, data, *command, "-q", "--jobs", "1", "-")
                for command in (["normalize"], ["annotate"])]
    monkeypatch.setattr(cli, "_copies_bytes", lambda: False)
    used: list[str] = []
    for name in ("normalize_parallel", "annotate_lines_parallel"):
        real = getattr(cli, name)

        def spy(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            used.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(cli, name, spy)
    got = [_stdin_run(monkeypatch, capsys, data, *command, "-q", "--jobs", "2", "-")
           for command in (["normalize"], ["annotate"])]
    assert got == expected and used == ["normalize_parallel", "annotate_lines_parallel"]


def test_a_file_gone_before_it_is_read_is_named(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from steppe_names.cli import Source, _open_text

    source = Source("gone.txt", tmp_path / "gone.txt", 5_000_000)  # was there when named
    for jobs in (1, 2, None):
        with pytest.raises(UserError, match=r"gone.txt: cannot read \(No such file"):
            _open_text(argparse.Namespace(errors="strict", lang=None), source, jobs, None)


@pytest.mark.parametrize("megabytes", [1, 5])  # one process, or all cores
def test_progress_on_stdin_counts_each_byte_once(normalizer: Normalizer,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 megabytes: int) -> None:
    import argparse

    from steppe_names.cli import Source, _open_text

    data = b"Ulan Bator\n" * (megabytes * 100_000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    progress = Progress(None, enabled=False)
    opened = _open_text(argparse.Namespace(errors="strict", lang=None),
                        Source("<stdin>", None, None), None, progress)
    assert opened is not None
    out = io.StringIO()
    if opened.blocks is not None:
        normalize_blocks_parallel(normalizer, opened.blocks, out, opened.jobs,
                                  progress=progress)
    else:
        assert opened.chunks is not None
        out.writelines(normalizer.normalize_stream(opened.chunks))
    assert out.getvalue() == data.decode().replace("Ulan Bator", "Ulaanbaatar")
    assert progress.done == len(data)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.text(alphabet="aб\u3042\n", max_size=30), max_size=30),
       size=st.integers(1, 40), block=st.integers(1, 50), long=st.integers(1, 60))
def test_stream_pieces_property(tmp_path_factory: pytest.TempPathFactory, lines: list[str],
                                size: int, block: int, long: int) -> None:
    """The pieces of a stream cover it, end after newlines, count the lines before them; a
    piece that outgrows `LONG_LINE` is written to the spill folder as it comes."""
    from steppe_names import parallel

    data = "\n".join(lines).encode()
    spill = tmp_path_factory.mktemp("spill")
    with mock.patch.object(parallel, "LONG_LINE", long):
        pieces = list(stream_pieces((data[i:i + block] for i in range(0, len(data), block)),
                                    size, str(spill)))
    held = [p.data if p.spilled is None else Path(p.spilled).read_bytes() for p in pieces]
    assert b"".join(held) == data
    for piece, bytes_ in zip(pieces, held, strict=True):
        assert data[piece.start:piece.end] == bytes_
        assert piece.lines == data[:piece.start].count(b"\n")
        assert (piece.data is None) == (piece.spilled is not None)
        bytes_.decode()  # whole characters only
    for piece, bytes_ in zip(pieces[:-1], held, strict=False):
        assert bytes_.endswith(b"\n")
        if piece.spilled is None:
            assert len(bytes_) >= size and b"\n" not in bytes_[size - 1:-1]
        else:  # spilled: up to the first newline once it outgrew the limit
            assert len(bytes_) > long


def test_a_huge_line_on_stdin_is_spilled_not_held(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """stdin with --jobs 2 and lines longer than `LONG_LINE`: the parent writes them to the
    run's folder as they come and the workers read them from there; the same output as one
    process, and nothing left behind."""
    from steppe_names import parallel

    monkeypatch.setattr(parallel, "LONG_LINE", 50_000)
    monkeypatch.setattr(parallel, "PIECE_BYTES", 20_000)
    spilled: list[str] = []
    real = parallel.stream_pieces

    def watched(*args: Any) -> Iterator[Any]:
        for piece in real(*args):
            if piece.spilled is not None:
                spilled.append(piece.spilled)
            yield piece

    monkeypatch.setattr(parallel, "stream_pieces", watched)
    line = " ".join(["Talks in Ulan Bator and Улан-Баторе, ウランバートルで"] * 8000)  # ~520 KB
    data = ("Khalkhyn Gol.\n" * 3000 + line + "\n" + "Ulan Bator\n" * 3000 + line).encode()
    for command in (["normalize", "--to", "ru"], ["annotate", "--format", "tsv"]):
        one, two = (_stdin_run(monkeypatch, capsys, data, *command, "-q", "--jobs", jobs, "-")
                    for jobs in ("1", "2"))
        assert one == two and one[0] == 0, command
    # once per command: the second long line, which no newline ends within the 1 MiB block
    # read (the first one's newline comes in the same block: a piece in memory is at most
    # LONG_LINE and a block)
    assert len(spilled) == 2
    assert not any(Path(name).exists() for name in spilled)


def test_beside_stdin_a_large_file_still_takes_all_cores_by_its_ranges(tmp_path: Path) -> None:
    """`steppe-names normalize big.txt -`: stdin's size is unknown, but the file's is."""
    import argparse

    from steppe_names.cli import Source, _open_text

    path = tmp_path / "big.txt"
    path.write_bytes(b"Ulan Bator\n" * 500_000)  # 5.5 MB
    args = argparse.Namespace(errors="strict", lang=None)
    opened = _open_text(args, Source("big.txt", path, path.stat().st_size), None, None)
    assert opened is not None
    assert opened.jobs == (os.cpu_count() or 1)
    assert (opened.chunks is None) == (opened.jobs > 1)  # the workers read their own ranges


def test_cli_jobs_output_is_identical(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(corpus(20000), encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "steppe_names.cli", "annotate", "--jobs",
                            str(jobs), str(path)], capture_output=True, timeout=300)
            for jobs in (1, 2)]
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.count(b"\n") > 9000


def test_progress_bar_only_when_enabled() -> None:
    quiet = io.StringIO()
    progress = Progress(1000, enabled=False, stream=quiet)
    progress.advance(500)
    progress.close()
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    progress = Progress(2_000_000, enabled=True, stream=shown)
    progress.advance(1_000_000)
    assert "50%" in shown.getvalue() and "MB/s" in shown.getvalue() and "ETA" in shown.getvalue()


def test_build_status_draws_the_step_the_share_and_an_eta(
        monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = io.StringIO()
    status = BuildStatus(enabled=False, stream=quiet)
    status("making the forms of the entries", 5, 10)
    status.close()
    assert quiet.getvalue() == ""
    clock = [1000.0]  # the status line's clock, moved by hand
    monkeypatch.setattr("steppe_names.progress.time", SimpleNamespace(monotonic=lambda: clock[0]))
    shown = io.StringIO()
    status = BuildStatus(enabled=True, stream=shown)
    status("making the forms of the entries", 0, 100_000)  # the build starts: too early to draw
    clock[0] += 90  # a minute and a half into the build
    status("making the forms of the entries", 25_000, 100_000)
    assert shown.getvalue() == (
        "\rcompiling the glossary: making the forms of the entries 25,000/100,000 (25%), "
        "ETA 4m30s, 1m30s so far\x1b[K")
    status("making the forms of the entries", 26_000, 100_000)  # within 0.1 s: not drawn
    status("building the automaton of 7,000,000 keys", 0, 0)  # a new step: drawn at once
    assert shown.getvalue().endswith(
        "\rcompiling the glossary: building the automaton of 7,000,000 keys, 1m30s so far\x1b[K")
    assert "26,000" not in shown.getvalue()
    status.close()
    assert shown.getvalue().endswith("\r\x1b[K")
    quick = io.StringIO()  # a build that ends within the delay draws nothing
    status = BuildStatus(enabled=True, stream=quick)
    status("making the forms of the entries", 0, 10)
    clock[0] += BuildStatus.DELAY / 2
    status("making the forms of the entries", 10, 10)
    status.close()
    assert quick.getvalue() == ""


def test_no_progress_on_a_pipe(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(corpus(200), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", str(path)],
                            capture_output=True, timeout=120)
    assert result.returncode == 0 and result.stderr == b""


def test_invalid_utf8_far_into_a_stream_names_the_exact_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    good = ("Улан-Батор\n" * 200_000).encode()  # 4.2 MB: past several read blocks
    path.write_bytes(good + b"ok \xd0 bad\n")
    result = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", str(path)],
                            capture_output=True, timeout=120)
    assert result.returncode == 2
    assert (f"invalid UTF-8 at byte offset {len(good) + 3} (line 200001)"
            in result.stderr.decode())


def test_file_ranges_cut_after_newlines_and_cover_the_file(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    data = corpus(2000).encode() + b"x" * 5000 + b"\nlast line, no newline"
    path.write_bytes(data)
    ranges = list(file_ranges(path, 1000))
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    for start, end in ranges[:-1]:
        assert data[end - 1:end] == b"\n"
        # the cut is the first newline from `size` on: none earlier in the range
        assert b"\n" not in data[start + 999:end - 1]
    assert any(end - start > 5000 for start, end in ranges)  # the long line stays whole
    (tmp_path / "empty.txt").write_bytes(b"")
    assert list(file_ranges(tmp_path / "empty.txt")) == []


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.text(alphabet="aб\u3042\n", max_size=30), max_size=30),
       size=st.integers(1, 40))
def test_file_ranges_property(tmp_path_factory: pytest.TempPathFactory, lines: list[str],
                              size: int) -> None:
    path = tmp_path_factory.mktemp("ranges") / "in.txt"
    data = "\n".join(lines).encode()
    path.write_bytes(data)
    pieces = [data[start:end] for start, end in file_ranges(path, size)]
    assert b"".join(pieces) == data
    for piece in pieces[:-1]:
        assert piece.endswith(b"\n") and len(piece) >= size
        piece.decode()  # whole characters only


def test_file_ranges_shrink_toward_the_end_so_the_processes_finish_together(
        tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    data = b"".join(b"line %d of the steppe text\n" % i for i in range(200_000))  # 5.7 MB
    path.write_bytes(data)
    size = 1 << 19
    ranges = list(file_ranges(path, size, jobs=2))
    lengths = [end - start for start, end in ranges]
    assert b"".join(data[start:end] for start, end in ranges) == data
    assert all(data[end - 1:end] == b"\n" for _start, end in ranges)
    assert lengths[0] >= size  # the bulk in full ranges ...
    assert all(a >= b - 64 for a, b in itertools.pairwise(lengths))  # ... then shorter ones
    # the last two ranges (what one process may still have queued when the other runs
    # out of work) are at most 2 x SMALLEST bytes
    assert all(SMALLEST <= n < SMALLEST + 64 for n in lengths[-3:-1])
    assert sum(lengths[-2:]) <= 2 * SMALLEST + 64
    assert list(file_ranges(path, size)) != ranges  # one process: cut as before, 4x later


def test_two_jobs_are_this_process_and_one_worker(normalizer: Normalizer,
                                                  tmp_path: Path) -> None:
    """--jobs 2 forks one worker and scans in this process too: two processes on two cores,
    each taking pieces, the output as from one."""
    seen = tmp_path / "pids"

    class Counted(Normalizer):
        def normalize_stream(self, chunks: Any, to: str = "en",
                             lang: str | None = None) -> Any:
            with open(seen, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
            yield from super().normalize_stream(chunks, to, lang)

    path = tmp_path / "in.txt"
    path.write_text(corpus(20000), encoding="utf-8")  # ~250 pieces: the worker's start
    counted = Counted(normalizer.index)  # (while this process takes the first few) weighs little
    got = _written(normalize_file_parallel, counted, path, 2, "ru", "en", piece=4096)
    assert got == normalizer.normalize(path.read_text(encoding="utf-8"), "ru", "en")
    pids = seen.read_text(encoding="utf-8").split()
    assert len(pids) > 20 and len(set(pids)) == 2 and str(os.getpid()) in pids
    assert min(pids.count(pid) for pid in set(pids)) > len(pids) // 5  # both take a share


def _written(run: Callable[..., None], normalizer: Normalizer, path: Path, *args: Any,
             **options: Any) -> str:
    """What a file route (`normalize_file_parallel`, `annotate_file_parallel`) writes to an
    output without a file descriptor."""
    out = io.StringIO()
    run(normalizer, path, out, *args, **options)
    return out.getvalue()


def test_file_route_writes_what_one_process_writes(normalizer: Normalizer,
                                                   tmp_path: Path) -> None:
    """Workers that read their own ranges and write their own output give the stream's text,
    through a real descriptor (sendfile) and through an object without one (a copy)."""
    text = corpus(3000)
    path = tmp_path / "in.txt"
    path.write_text(text, encoding="utf-8")
    expected = "".join(normalizer.normalize_stream([text], "ru", "en"))
    assert _written(normalize_file_parallel, normalizer, path, 2, "ru", "en",
                    piece=2000) == expected  # a StringIO: no descriptor, a copy
    target = tmp_path / "out.txt"
    progress = Progress(len(text.encode()), enabled=False)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        handle.write("before\n")  # what is already written stays, in front
        normalize_file_parallel(normalizer, path, handle, 2, "ru", "en", piece=2000,
                                progress=progress)
        handle.write("after\n")
    assert target.read_text(encoding="utf-8") == "before\n" + expected + "after\n"
    assert progress.done == len(text.encode())
    # more processes than cores: this process and three workers, the same text
    assert _written(normalize_file_parallel, normalizer, path, 4, "ru", "en",
                    piece=2000) == expected


def test_file_route_annotates_with_offsets_into_the_whole_file(normalizer: Normalizer,
                                                               tmp_path: Path) -> None:
    """The parent counts the code points before each range; the records are those of one
    scan, in both formats, and each record's offsets point at its text."""
    text = corpus(3000)
    path = tmp_path / "in.txt"
    path.write_text(text, encoding="utf-8")
    made = {}
    for fmt in ("jsonl", "tsv"):
        expected = mention_lines(normalizer.annotate_stream([text], "en"), "in.txt", fmt)
        assert _written(annotate_file_parallel, normalizer, path, 2, "en", "in.txt", fmt,
                        piece=1500) == expected
        made[fmt] = expected
    records = [json.loads(line) for line in made["jsonl"].splitlines()]
    assert len(records) > 1000
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records[::25])


def test_cli_normalize_jobs_reads_ranges_and_gives_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text(corpus(20000), encoding="utf-8")
    runs = [subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "--jobs",
                            str(jobs), "--to", "ru", str(path)], capture_output=True, timeout=300)
            for jobs in (1, 2)]
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout and "Улан-Батор".encode() in runs[0].stdout
    out = tmp_path / "out.txt"
    run = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "--jobs", "2",
                          "--to", "ru", str(path), "-o", str(out)], capture_output=True,
                         timeout=300)
    assert run.returncode == 0 and out.read_bytes() == runs[0].stdout
    assert not list(tmp_path.glob(".out.txt.*"))  # the atomic write's temp file is gone


def test_invalid_utf8_found_by_a_worker_names_the_exact_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    good = ("Улан-Батор\n" * 200_000).encode()  # 4.2 MB: several ranges before the bad one
    path.write_bytes(good + b"ok \xd0 bad\n" + ("Улан-Батор\n" * 1000).encode())
    result = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "--jobs",
                             "2", str(path)], capture_output=True, timeout=120)
    assert result.returncode == 2
    assert (f"invalid UTF-8 at byte offset {len(good) + 3} (line 200001): byte 0xd0"
            in result.stderr.decode())
    assert b"Traceback" not in result.stderr
    replaced = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "--jobs",
                               "2", "--errors", "replace", str(path)], capture_output=True,
                              timeout=120)
    serial = subprocess.run([sys.executable, "-m", "steppe_names.cli", "normalize", "--jobs",
                             "1", "--errors", "replace", str(path)], capture_output=True,
                            timeout=120)
    assert replaced.returncode == serial.returncode == 0
    assert replaced.stdout == serial.stdout and "ok \ufffd bad".encode() in replaced.stdout
    # annotate counts code points with U+FFFD in them: the offsets after it agree too
    annotated = [subprocess.run([sys.executable, "-m", "steppe_names.cli", "annotate", "--jobs",
                                 str(jobs), "--errors", "replace", str(path)],
                                capture_output=True, timeout=120) for jobs in (1, 2)]
    assert annotated[0].returncode == annotated[1].returncode == 0
    assert annotated[0].stdout == annotated[1].stdout
    assert annotated[0].stdout.count(b"\n") == 201_000


def test_a_reader_that_goes_away_stops_the_workers_cleanly(tmp_path: Path) -> None:
    """`normalize --jobs 2 FILE | head -c 100`: the workers' output stops going anywhere; the
    command exits 0 without a traceback and leaves no temporary folder behind."""
    path = tmp_path / "in.txt"
    path.write_text(corpus(60000), encoding="utf-8")  # ~2 MB: several ranges
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "steppe_names.cli", "normalize", "--jobs", "2", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)})
    assert process.stdout is not None and process.stderr is not None
    assert len(process.stdout.read(100)) == 100
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert b"Traceback" not in errors, errors.decode()
    assert list(scratch.iterdir()) == []


def test_all_cores_by_default_only_for_inputs_worth_it() -> None:
    assert default_jobs(None) == 1  # stdin: size unknown
    assert default_jobs(1_000_000) == 1
    assert default_jobs(50_000_000) == (os.cpu_count() or 1)


def test_a_huge_line_is_read_in_blocks_by_its_worker(normalizer: Normalizer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A range is as long as its lines; a worker reads it block by block (here 4 KiB at a
    time), as the stream route reads a file, so one huge line never has to fit in memory at
    once. Names across the blocks are found once, with offsets into the whole file."""
    import steppe_names.parallel as parallel

    monkeypatch.setattr(parallel, "READ", 4096)  # the forked workers inherit it
    long_line = " ".join(["Улан-Баторе и Ulan Bator", "ウランバートルで"] * 3000)  # ~150 KB
    text = corpus(300) + long_line + "\n" + corpus(300, seed=4) + long_line  # no final newline
    path = tmp_path / "in.txt"
    path.write_text(text, encoding="utf-8")
    expected = "".join(normalizer.normalize_stream([text], "en", "en"))
    assert _written(normalize_file_parallel, normalizer, path, 2, "en", "en",
                    piece=2000) == expected
    records = mention_lines(normalizer.annotate_stream([text], "en"), "in.txt", "jsonl")
    assert _written(annotate_file_parallel, normalizer, path, 2, "en", "in.txt", "jsonl",
                    piece=2000) == records and records.count("\n") > 18000


class _DyingWorker(Normalizer):
    """A Normalizer whose worker processes die (as the out-of-memory killer would kill them)
    when they scan; the main process, which scans its share too, is spared."""

    parent = os.getpid()

    def normalize_stream(self, chunks: Any, to: str = "en", lang: str | None = None) -> Any:
        for piece in super().normalize_stream(chunks, to, lang):
            if os.getpid() != self.parent:
                os.kill(os.getpid(), signal.SIGKILL)
            yield piece


def test_a_worker_that_dies_ends_the_run_with_an_error(normalizer: Normalizer,
                                                       tmp_path: Path) -> None:
    dying = _DyingWorker(normalizer.index)
    _DyingWorker.parent = os.getpid()
    path = tmp_path / "in.txt"
    path.write_text("In Ulan Bator.\n" * 500 + "Tokyo.\n" + "In Ulan Bator.\n" * 500,
                    encoding="utf-8")
    with deadline(60), pytest.raises(WorkerDied, match="a worker process died while "
                                                       "scanning on 2 processes"):
        _written(normalize_file_parallel, dying, path, 2, "en", None, piece=1000)
    with deadline(60), pytest.raises(WorkerDied):  # stdin's route, through the pipes
        "".join(normalize_parallel(dying, [path.read_text(encoding="utf-8")], 2, piece=1000))


def test_the_command_reports_a_dead_worker_in_one_line(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from steppe_names import cli

    def dies(*_args: object, **_kwargs: object) -> None:
        raise worker_died("scanning on 2 processes; --jobs 1 scans in this process")

    monkeypatch.setattr(cli, "normalize_file_parallel", dies)
    path = tmp_path / "in.txt"
    path.write_text("In Ulan Bator.\n", encoding="utf-8")
    assert cli.main(["normalize", "--jobs", "2", "-q", str(path)]) == 1
    err = capsys.readouterr().err
    assert err == ("steppe-names: a worker process died while scanning on 2 processes; "
                   "--jobs 1 scans in this process (killed by the system, out of memory, "
                   "or by a signal)\n")
