"""Building the Index in chunks, partitions and worker processes gives one and the same Index,
and what the scan reads of it survives the cache."""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
from pathlib import Path

import pytest

from steppe_names import Glossary, Normalizer, load_glossary
from steppe_names import compile as compiler
from steppe_names.errors import WorkerDied
from steppe_names.glossary import GlossaryError
from steppe_names.index import Index
from tests.conftest import DATA, deadline

SEEDS = sorted((DATA / "seeds").glob("*.txt"))


def _arrays(index: Index) -> dict[str, object]:
    state = {k: v for k, v in index.__dict__.items() if k not in Index._LAZY}
    state.pop("_entries_pickle")  # pickled in two processes: equal values, not equal bytes
    return state


def test_many_chunks_on_two_processes_make_the_same_index(monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = load_glossary()
    whole = compiler.build_index(glossary, jobs=1)
    monkeypatch.setattr(compiler, "_CHUNK", 5)  # the bundled glossary in 8 chunks
    serial = compiler.build_index(glossary, jobs=1)
    forked = compiler.build_index(glossary, jobs=2)
    assert _arrays(serial) == _arrays(forked) == _arrays(whole)
    assert serial.entries == forked.entries
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    for text in texts:
        expected = Normalizer(whole).annotate(text)
        assert Normalizer(forked).annotate(text) == expected
        assert Normalizer(pickle.loads(pickle.dumps(forked))).annotate(text) == expected


def test_a_glossary_problem_in_a_worker_is_reported(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    entries = "".join(f'[e{i}]\nkind = "place"\n[e{i}.en]\npreferred = "Name{i}"\n'
                      for i in range(6))
    path = tmp_path / "g.toml"
    path.write_text(entries + '[x]\nkind = "person"\n[x.ru]\npreferred = "Владимир Путин"\n'
                    '[x.en]\npreferred = "X"\n', encoding="utf-8")
    glossary = load_glossary(path)
    monkeypatch.setattr(compiler, "_CHUNK", 2)
    monkeypatch.setenv("STEPPE_NAMES_MAX_FORMS_PER_TERM", "20")
    with pytest.raises(GlossaryError) as caught:
        compiler.build_index(glossary, jobs=2)
    assert "term 'Владимир Путин' makes" in str(caught.value)
    assert f"{path}:28: entry 'x'" in str(caught.value)


def test_an_empty_glossary_finds_nothing() -> None:
    """A glossary made in code may be empty (a file with no entry is an error)."""
    index = compiler.build_index(Glossary([]))
    assert index.key_count == 0
    assert Normalizer(index).annotate("Ulan Bator \x00 text") == []
    assert Normalizer(pickle.loads(pickle.dumps(index))).annotate("Ulan Bator") == []


def test_the_automaton_is_loaded_not_rebuilt(monkeypatch: pytest.MonkeyPatch) -> None:
    index = pickle.loads(pickle.dumps(compiler.build_index(load_glossary())))

    def no_build(keys: list[bytes]) -> bytes:
        raise AssertionError("the automaton was rebuilt")

    monkeypatch.setattr("steppe_names.index.build_automaton", no_build)
    assert [m.entry_id for m in Normalizer(index).annotate("Ulan Bator")] == ["ulaanbaatar"]
    # and an Index whose automaton is loaded still pickles whole
    again = pickle.loads(pickle.dumps(index))
    assert [m.entry_id for m in Normalizer(again).annotate("Ulan Bator")] == ["ulaanbaatar"]


def test_the_cache_maps_the_index_without_copying_and_it_pickles_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached Index is read by mapping the file: its arrays are views of it (a 100k-entry
    Index is over a gigabyte). It scans as the built one does, and pickles again with any
    protocol (dask ships it to workers)."""
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path))
    glossary = load_glossary()
    built = compiler.compile_glossary(glossary)  # built, and written
    loaded = compiler.compile_glossary(glossary)  # mapped
    assert isinstance(loaded.cand_entry, memoryview) and isinstance(loaded.automaton, memoryview)
    assert loaded.cand_entry.tolist() == built.cand_entry.tolist()
    text = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS)
    expected = Normalizer(built).annotate(text)
    assert Normalizer(loaded).annotate(text) == expected
    assert Normalizer(loaded).normalize(text, "ru") == Normalizer(built).normalize(text, "ru")
    for protocol in (2, 4, 5):
        again = pickle.loads(pickle.dumps(loaded, protocol=protocol))
        assert Normalizer(again).annotate(text) == expected
        assert again.entries == built.entries and again.marked_keys() == built.marked_keys()


def test_a_damaged_part_read_only_by_lookups_is_reported_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entries and keys are checked when first read, not at load (a scan never reads
    them): damage there is a clear error, never a wrong answer."""
    from steppe_names.errors import UserError

    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path))
    glossary = load_glossary()
    built = compiler.compile_glossary(glossary)
    (path,) = tmp_path.glob("index-*.pickle")
    data = bytearray(path.read_bytes())
    at = data.find(built._entries_pickle[1000:1100])
    assert at > 0
    data[at + 50] ^= 0x01
    path.write_bytes(bytes(data))
    loaded = compiler.compile_glossary(glossary)
    assert [m.entry_id for m in Normalizer(loaded).annotate("in Ulan Bator")] == ["ulaanbaatar"]
    for _again in range(2):  # and not trusted the second time it is asked for either
        with pytest.raises(UserError, match=r"cached Index is damaged .*entries.*remove"):
            _ = loaded.entries


def _killed(patterns: bytes) -> bytes:
    """What the out-of-memory killer does to the automaton's worker of a glossary too large
    for the machine."""
    os.kill(os.getpid(), signal.SIGKILL)
    return b""


def test_a_build_worker_that_dies_ends_the_build_with_an_error(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """multiprocessing.Pool waited forever for the result of a killed worker."""
    monkeypatch.setattr(compiler, "_CHUNK", 5)
    monkeypatch.setattr(compiler, "_automaton_of", _killed)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with deadline(60), pytest.raises(WorkerDied, match=(
            r"a worker process died while building the automaton of [\d,]+ keys, which takes "
            r"about 0\.\d GiB of memory \(killed by the system")):
        compiler.build_index(load_glossary(), jobs=2)
    assert list(tmp_path.iterdir()) == []  # the file meant for the automaton is gone too


def test_the_automaton_comes_back_from_its_worker_through_a_file_that_is_then_removed(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(compiler, "_CHUNK", 5)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    forked = compiler.build_index(load_glossary(), jobs=2)
    assert list(tmp_path.iterdir()) == []
    expected = bytes(compiler.build_index(load_glossary(), jobs=1).automaton)
    assert bytes(forked.automaton) == expected
    # no temporary folder to write to, or a file the worker cannot write: through the pipe
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    assert bytes(compiler.build_index(load_glossary(), jobs=2).automaton) == expected
    monkeypatch.setattr(tempfile, "mkstemp", lambda prefix: (os.open(os.devnull, os.O_RDONLY),
                                                             str(tmp_path / "gone" / "file")))
    assert bytes(compiler.build_index(load_glossary(), jobs=2).automaton) == expected


def test_a_build_reports_its_steps_and_the_entries_done(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    glossary = load_glossary()
    monkeypatch.setattr(compiler, "_CHUNK", 10)  # the bundled glossary in 4 chunks
    for jobs in (1, 2):
        heard: list[tuple[str, int, int]] = []
        compiler.build_index(glossary, jobs=jobs, progress=_recorder(heard))
        forms = [(done, total) for step, done, total in heard if step.startswith("making")]
        assert forms == [(done, len(glossary)) for done in (0, 10, 20, 30, len(glossary))]
        steps = list(dict.fromkeys(step for step, _, _ in heard))
        assert steps[:2] == ["making the forms of the entries", "sorting the keys"]
        assert steps[2].startswith("building the automaton of ") and steps[2].endswith(" keys")
        assert len(steps) == 3
    # an Index from the cache: nothing to report
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path))
    compiler.compile_glossary(glossary)
    heard = []
    compiler.compile_glossary(glossary, progress=_recorder(heard))
    assert heard == []


def _recorder(heard: list[tuple[str, int, int]]) -> compiler.BuildProgress:
    return lambda step, done, total: heard.append((step, done, total))


# --- chunks kept between builds (compile._ChunkStore) -----------------------------------------

def _places(count: int, renamed: dict[int, tuple[str, str]] | None = None,
            header: str = "") -> str:
    """A glossary of `count` places; `renamed[i]`: place i's English and Mongolian names."""
    names = {i: (f"Bayan{i}", f"Баян{i}") for i in range(count)} | (renamed or {})
    return header + "".join(
        f'[p{i}]\nkind = "place"\n[p{i}.en]\npreferred = "{names[i][0]}"\n'
        f'[p{i}.mn]\npreferred = "{names[i][1]}"\n' for i in range(count))


def _chunked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, count: int) -> Path:
    """A glossary file of `count` places, compiled in chunks of 4 entries with a cache folder
    of its own (`tmp_path/cache`)."""
    monkeypatch.setenv("STEPPE_NAMES_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(compiler, "_CHUNK", 4)
    path = tmp_path / "g.toml"
    path.write_text(_places(count), encoding="utf-8")
    return path


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The places of the chunks compiled (not read back) in this process."""
    compiled: list[int] = []
    build_chunk = compiler._build_chunk

    def counted(entries: object, first: int, *args: object) -> object:
        compiled.append(first)
        return build_chunk(entries, first, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(compiler, "_build_chunk", counted)
    return compiled


def test_a_rebuild_compiles_only_the_chunks_whose_entries_changed(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """After a translator's edit of one entry of a large glossary, the next build compiles
    that entry's chunk and reads the others back; the Index is the one a full build makes.
    Where the entries were read (lines moved by a comment above them) does not matter."""
    path = _chunked(monkeypatch, tmp_path, 12)
    compiled = _counting(monkeypatch)
    first = compiler.build_index(load_glossary(path), jobs=1, reuse=True)
    assert compiled == [0, 4, 8]
    assert len(list((tmp_path / "cache" / "chunks").iterdir())) == 3
    compiled.clear()
    again = compiler.build_index(load_glossary(path), jobs=1, reuse=True)
    assert compiled == [] and _arrays(again) == _arrays(first)
    # an edit in the second chunk, and every line moved down by a comment
    path.write_text(_places(12, {5: ("Darkhan", "Дархан")}, header="# edited\n\n"),
                    encoding="utf-8")
    edited = load_glossary(path)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # (one process: the count is here)
    index = compiler.compile_glossary(edited)  # (a new glossary: the Index cache misses)
    assert compiled == [4]
    assert _arrays(index) == _arrays(compiler.build_index(edited, jobs=1))
    assert [m.entry_id for m in Normalizer(index).annotate("Darkhan, Bayan6")] == ["p5", "p6"]


def test_kept_chunks_and_compiled_ones_on_two_processes_make_the_same_index(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _chunked(monkeypatch, tmp_path, 14)
    compiler.build_index(load_glossary(path), jobs=2, reuse=True)
    path.write_text(_places(14, {0: ("Erdenet", "Эрдэнэт"), 9: ("Choir", "Чойр")}),
                    encoding="utf-8")
    edited = load_glossary(path)
    index = compiler.build_index(edited, jobs=2, reuse=True)
    assert _arrays(index) == _arrays(compiler.build_index(edited, jobs=1))
    assert len(list((tmp_path / "cache" / "chunks").iterdir())) == 4 + 2  # (2 new, kept a week)


def test_a_damaged_kept_chunk_is_compiled_again(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    path = _chunked(monkeypatch, tmp_path, 12)
    glossary = load_glossary(path)
    expected = _arrays(compiler.build_index(glossary, jobs=1, reuse=True))
    files = sorted((tmp_path / "cache" / "chunks").iterdir())
    data = files[0].read_bytes()
    files[0].write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # one bit of the pickle
    files[1].write_bytes(data[:len(data) // 2])  # cut short
    files[2].write_bytes(b"")
    compiled = _counting(monkeypatch)
    assert _arrays(compiler.build_index(glossary, jobs=1, reuse=True)) == expected
    assert len(compiled) == 3
    compiled.clear()
    assert _arrays(compiler.build_index(glossary, jobs=1, reuse=True)) == expected
    assert compiled == []  # rewritten


def test_chunks_unused_for_a_week_are_removed(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    path = _chunked(monkeypatch, tmp_path, 8)
    glossary = load_glossary(path)
    compiler.build_index(glossary, jobs=1, reuse=True)
    folder = tmp_path / "cache" / "chunks"
    used = sorted(folder.iterdir())
    stale, recent = folder / "chunk-stale.pickle", folder / "chunk-recent.pickle"
    half = folder / ".chunk-killed"  # left by a build killed while writing it
    for file in (stale, recent, half):
        file.write_bytes(b"x")
    week = 8 * 86400
    for file in (stale, half, *used):  # the used ones too: a build that reads them keeps them
        os.utime(file, (file.stat().st_atime - week, file.stat().st_mtime - week))
    compiler.build_index(glossary, jobs=1, reuse=True)
    assert sorted(folder.iterdir()) == sorted([*used, recent])


def test_chunks_that_cannot_be_kept_are_compiled_as_ever(monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    """A cache folder where chunks cannot be written (here `chunks` is a file) only costs
    the compiling: the workers' chunks come back through the pipe."""
    path = _chunked(monkeypatch, tmp_path, 10)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "chunks").write_bytes(b"")
    glossary = load_glossary(path)
    expected = _arrays(compiler.build_index(glossary, jobs=1))
    for jobs in (1, 2):
        assert _arrays(compiler.build_index(glossary, jobs=jobs, reuse=True)) == expected
