"""Building the Index in chunks, partitions and worker processes gives one and the same Index,
and what the scan reads of it survives the cache."""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
from pathlib import Path

import pytest

from steppe_names import Normalizer, load_glossary
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


def test_an_empty_glossary_finds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    index = compiler.build_index(load_glossary(path))
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
