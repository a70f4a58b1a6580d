"""The cache folder's BMP tables: made once per machine, read back by every later process,
never stale, and never a reason to fail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from steppe_names import diskcache, folding, scan, scripts
from steppe_names.diskcache import bmp_table, tables_fingerprint

_CACHED = (folding._vector_tables, folding._make_vector_tables, scripts.edge_refusals,
           scan._upper, tables_fingerprint)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and the process's own copies of the tables forgotten (and
    forgotten again afterwards, so no other test reads a table from a folder now gone)."""
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path))
    for cached in _CACHED:
        cached.cache_clear()
    yield tmp_path
    for cached in _CACHED:
        cached.cache_clear()


def _counting(made: list[int]) -> np.ndarray:
    made.append(1)
    return np.arange(0x10000, dtype=np.uint16)


def test_a_table_is_made_once_then_read_back(fresh: Path) -> None:
    made: list[int] = []
    first = bmp_table("test", lambda: _counting(made), np.uint16, (0x10000,))
    again = bmp_table("test", lambda: _counting(made), np.uint16, (0x10000,))
    assert made == [1] and again.dtype == np.uint16 and (first == again).all()
    assert [p.name.split("-")[:2] for p in fresh.glob("bmp-*.npy")] == [["bmp", "test"]]


def test_a_damaged_or_foreign_file_is_made_again_and_rewritten(fresh: Path) -> None:
    made: list[int] = []
    good = bmp_table("test", lambda: _counting(made), np.uint16, (0x10000,))
    [path] = fresh.glob("bmp-test-*.npy")
    for bad in (b"", b"\x93NUMPY\x01\x00garbage", path.read_bytes()[:1000]):
        path.write_bytes(bad)
        assert (bmp_table("test", lambda: _counting(made), np.uint16, (0x10000,)) == good).all()
        assert (np.load(path) == good).all()
    np.save(path, np.zeros(3, dtype=np.uint16))  # a table of another shape
    assert bmp_table("test", lambda: _counting(made), np.uint16, (0x10000,)).shape == (0x10000,)
    assert len(made) == 5


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(blocked / "cache"))
    made: list[int] = []
    table = bmp_table("test", lambda: _counting(made), np.uint16, (0x10000,))
    assert (table == np.arange(0x10000)).all() and made == [1]


def test_the_scan_tables_read_back_are_those_made(fresh: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    made = (*folding._vector_tables()[:3], scripts.edge_refusals(), scan._upper())
    assert len(list(fresh.glob("bmp-*.npy"))) == len(made)
    for cached in _CACHED[:-1]:
        cached.cache_clear()

    def unused() -> None:
        raise AssertionError("made again, not read from the cache folder")

    monkeypatch.setattr(folding, "_make_vector_tables", unused)
    monkeypatch.setattr(scripts, "_make_edge_refusals", unused)
    read = (*folding._vector_tables()[:3], scripts.edge_refusals(), scan._upper())
    assert all(a.dtype == b.dtype and (a == b).all() for a, b in zip(made, read, strict=True))


def test_another_unicode_version_means_other_files(monkeypatch: pytest.MonkeyPatch) -> None:
    tables_fingerprint.cache_clear()
    now = tables_fingerprint()
    monkeypatch.setattr(diskcache.unicodedata, "unidata_version", "0.0.0")
    tables_fingerprint.cache_clear()
    try:
        assert tables_fingerprint() not in (now, None)
    finally:
        monkeypatch.undo()
        tables_fingerprint.cache_clear()
    assert tables_fingerprint() == now
