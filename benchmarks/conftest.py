"""Benchmarks: `pytest benchmarks/ --benchmark-only`. Not part of the test run."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("STEPPE_NAMES_CACHE", tempfile.mkdtemp(prefix="steppe-names-bench-"))
