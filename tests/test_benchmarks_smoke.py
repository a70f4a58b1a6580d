"""The benchmark suite runs (smoke mode: tiny corpus, 1k glossary, nothing timed), so that it
cannot rot between the times someone measures with `pytest benchmarks/ --benchmark-only`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_benchmarks_run_in_smoke_mode(tmp_path: Path) -> None:
    env = {**os.environ, "STEPPE_BENCH_SMOKE": "1", "STEPPE_BENCH_CACHE": str(tmp_path),
           "STEPPE_NAMES_CACHE": str(tmp_path / "index")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "benchmarks/", "--benchmark-disable", "-q",
         "-p", "no:cacheprovider"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
