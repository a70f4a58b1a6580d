"""--jobs: the same output, in the same order, with the same offsets, on several processes;
streaming from files in bounded memory; the progress bar only on a terminal."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

from steppe_names import Normalizer
from steppe_names.formats import mention_lines
from steppe_names.parallel import annotate_lines_parallel, newline_pieces, normalize_parallel
from steppe_names.progress import Progress

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
