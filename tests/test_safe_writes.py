"""Writes that cannot hurt: paths from data stay inside their folder; two imports at once are
serialised by a lock and neither edit is lost; a process killed at any moment leaves every
file either as it was or as it would be, and parseable."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import polib
import pytest

from steppe_names import load_glossary
from steppe_names.glossary.catalogs import catalog_path
from steppe_names.lock import LOCK_NAME
from steppe_names.paths import inside, language_code
from tests.test_po_helpers import catalog, copy_glossary, steppe

# --- paths ------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["../x", "/etc", "ru/../../x", "ru\x00", "", "nul", "CON",
                                  "ru_RU", "r", "russian-federation-x"])
def test_language_codes_that_could_escape_are_refused(code: str) -> None:
    with pytest.raises(ValueError):
        language_code(code)
    with pytest.raises(ValueError):
        catalog_path("locales", code)


def test_well_formed_language_codes_pass() -> None:
    for code in ("ru", "mn", "ja", "mn-Mong", "zh-Hant-TW", "sr-Latn-RS", "de-1996"):
        assert language_code(code) == code


@pytest.mark.parametrize("part", ["..", "a/b", "a\\b", "/abs", "x\x00y", "aux.po", "C:x", ""])
def test_derived_file_names_cannot_leave_the_folder(tmp_path: Path, part: str) -> None:
    with pytest.raises(ValueError):
        inside(tmp_path, part)
    assert inside(tmp_path, "ru", "LC_MESSAGES") == tmp_path / "ru" / "LC_MESSAGES"


# --- locks ------------------------------------------------------------------------------------

def _cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "steppe_names.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def _edit_preferred(path: Path, entry_id: str, text: str) -> None:
    po = polib.pofile(str(path), wrapwidth=0)
    for unit in po:
        if unit.msgctxt == entry_id:
            unit.msgstr = text
    po.save(str(path))


def test_two_imports_at_once_keep_both_edits(tmp_path: Path) -> None:
    glossary = copy_glossary(tmp_path)
    locales = tmp_path / "locales"
    assert steppe("po", "export", "--glossary", glossary, "--out", locales).code == 0
    _edit_preferred(catalog(locales, "ru"), "ulaanbaatar", "Улан-Батор-хото")
    _edit_preferred(catalog(locales, "mn"), "ulaanbaatar", "Нийслэл Улаанбаатар")
    runs = [_cli("po", "import", "--glossary", glossary, catalog(locales, lang))
            for lang in ("ru", "mn")]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    entry = load_glossary(glossary)["ulaanbaatar"]
    assert entry.preferred("ru") == "Улан-Батор-хото"
    assert entry.preferred("mn") == "Нийслэл Улаанбаатар"
    assert not (glossary / LOCK_NAME).exists()


def test_a_held_lock_names_its_holder(tmp_path: Path) -> None:
    glossary = copy_glossary(tmp_path)
    locales = tmp_path / "locales"
    assert steppe("po", "export", "--glossary", glossary, "--out", locales).code == 0
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (glossary / LOCK_NAME).write_text(
            f'{{"pid": {holder.pid}, "host": "{socket.gethostname()}", "time": {time.time()},'
            f' "command": "steppe-names po import other.po"}}', encoding="utf-8")
        run = _cli("po", "import", "--glossary", glossary, catalog(locales, "ru"),
                   env={"STEPPE_NAMES_LOCK_TIMEOUT": "0.5"})
        _, err = run.communicate(timeout=60)
        assert run.returncode == 2
        message = err.decode()
        assert f"locked by pid {holder.pid} on {socket.gethostname()}" in message
        assert "steppe-names po import other.po" in message and "Traceback" not in message
    finally:
        holder.kill()
        holder.wait()
    # the holder is gone now: its stale lock is taken over
    run = _cli("po", "import", "--glossary", glossary, catalog(locales, "ru"))
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err.decode()
    assert not (glossary / LOCK_NAME).exists()


# --- crashes ----------------------------------------------------------------------------------

def _snapshot(folder: Path, pattern: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.rglob(pattern))}


@pytest.mark.slow
@pytest.mark.parametrize("command", ["import", "update"])
def test_killed_at_random_moments_files_are_old_or_new(tmp_path: Path, command: str) -> None:
    glossary = copy_glossary(tmp_path)
    locales = tmp_path / "locales"
    assert steppe("po", "export", "--glossary", glossary, "--out", locales).code == 0
    if command == "import":
        _edit_preferred(catalog(locales, "ru"), "ulaanbaatar", "Улан-Батор-хото")
        _edit_preferred(catalog(locales, "ru"), "siberia", "Сибирский край")
        args: list[str | Path] = ["po", "import", "--glossary", glossary,
                                  catalog(locales, "ru")]
        folder, pattern = glossary, "*.toml"
    else:  # the glossary changed: update merges it into the catalogs
        places = glossary / "places.toml"
        places.write_text(places.read_text(encoding="utf-8").replace(
            'preferred = "Ulaanbaatar"', 'preferred = "Ulaanbaatar City"'), encoding="utf-8")
        args = ["po", "update", "--glossary", glossary, "--out", locales]
        folder, pattern = locales, "*.po"
    old = _snapshot(folder, pattern)
    # where a complete run leaves the files
    done = _cli(*args)
    assert done.wait(timeout=120) == 0, done.stderr.read().decode() if done.stderr else ""
    new = _snapshot(folder, pattern)
    assert new != old
    started = time.monotonic()
    done = _cli(*args)
    done.wait(timeout=120)
    full = time.monotonic() - started
    rng = random.Random(20261123)
    kills = 0
    for _ in range(40):
        for name, data in old.items():  # back to the old files
            next(folder.rglob(name)).write_bytes(data)
        run = _cli(*args)
        time.sleep(rng.uniform(0, full * 1.1))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            kills += 1
        run.wait(timeout=120)
        now = _snapshot(folder, pattern)
        for name, data in now.items():
            assert data in (old[name], new[name]), f"{name} is neither old nor new"
            if name.endswith(".toml"):
                tomllib.loads(data.decode("utf-8"))
            else:
                polib.pofile(data.decode("utf-8"))
    assert kills >= 10  # most runs were really interrupted


# --- atomic.replacing -------------------------------------------------------------------------

@pytest.mark.parametrize("durable", [True, False])
def test_a_replaced_file_is_synced_unless_it_is_a_cache(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path, durable: bool) -> None:
    """Glossaries, catalogs and outputs are synced to the disk (file and folder) before and
    after the rename; a cache file that checks what it reads (the compiled chunks) is only
    renamed into place. Either way the old file stays whole until the new one replaces it,
    and a failed write leaves the old one and no temporary file."""
    from steppe_names.atomic import replacing

    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "file.bin"
    target.write_bytes(b"old")
    with replacing(target, binary=True, durable=durable) as out:
        out.write(b"new")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new"
    assert len(synced) == (2 if durable else 0)  # the file, then its folder
    with pytest.raises(OSError), replacing(target, binary=True, durable=durable) as out:
        out.write(b"half")
        raise OSError("disk full")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]
