"""Start-up of the command line: `steppe-names normalize FILE` on a small file (bundled
glossary), timed from the spawn to the first byte of output, in a subprocess.

Cold: an empty STEPPE_NAMES_CACHE (the Index is compiled). Warm: the cache filled by an
earlier run (the Index is unpickled).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.support import ROOT, pedantic_measured, record, rounds

pytestmark = pytest.mark.benchmark(group="cli-start")


def _command() -> list[str]:
    script = Path(sys.executable).parent / "steppe-names"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "steppe_names.cli"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "sample.txt"
    source = ROOT / "examples" / "sample.txt"
    text = (source.read_text(encoding="utf-8") if source.exists()
            else "Talks in Ulan Bator and at Khalkhyn Gol.\nПереговоры в Улан-Баторе.\n")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cache_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="steppe-names-cli-cache-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def first_output(sample: Path, cache: Path) -> float:
    """Seconds from the spawn of `steppe-names normalize` to the first byte it writes."""
    env = dict(os.environ, STEPPE_NAMES_CACHE=str(cache))
    start = time.perf_counter()
    process = subprocess.Popen([*_command(), "normalize", str(sample)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    first = process.stdout.read(1)
    seconds = time.perf_counter() - start
    _, err = process.communicate()
    assert process.returncode == 0 and first, err.decode("utf-8", "replace")
    return seconds


def test_cli_cold_start(benchmark: Any, sample: Path, cache_folder: Path) -> None:
    def cold() -> float:
        for child in cache_folder.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        return first_output(sample, cache_folder)

    pedantic_measured(benchmark, cold, rounds=rounds(3))
    record(benchmark, "cli:cold")


def test_cli_warm_start(benchmark: Any, sample: Path, cache_folder: Path) -> None:
    first_output(sample, cache_folder)  # fills the cache
    pedantic_measured(benchmark, lambda: first_output(sample, cache_folder), rounds=rounds(5))
    record(benchmark, "cli:warm")
