"""A lock file per glossary (or catalog) folder, so that two commands that rewrite the same
files run one after the other and neither edit is lost.

The lock is a file `.steppe-names.lock` created with O_EXCL, holding who took it (pid, host,
command, time). A second command waits for it (STEPPE_NAMES_LOCK_TIMEOUT seconds, default
30) and then gives up with a message naming the holder. A lock left by a process that died
(same host, pid gone) is taken over.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

LOCK_NAME = ".steppe-names.lock"


class LockTimeout(Exception):
    """Another command held the lock for longer than the timeout."""


def _timeout() -> float:
    raw = os.environ.get("STEPPE_NAMES_LOCK_TIMEOUT", "30")
    try:
        return float(raw)
    except ValueError:
        return 30.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _describe(holder: dict[str, object]) -> str:
    if not holder:
        return "another process"
    since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(str(holder.get("time", 0)))))
    return (f"pid {holder.get('pid')} on {holder.get('host')} since {since} "
            f"({holder.get('command')})")


def _acquire(folder: Path, timeout: float, me: dict[str, object]) -> Path:
    path = folder / LOCK_NAME
    deadline = time.monotonic() + timeout
    payload = json.dumps(me).encode()
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            pid = holder.get("pid")
            if (holder.get("host") == me["host"] and isinstance(pid, int)
                    and not _alive(pid)):
                with suppress(FileNotFoundError):  # the holder died: take the lock over
                    path.unlink()
                continue
            if time.monotonic() >= deadline:
                raise LockTimeout(f"{folder}: locked by {_describe(holder)}; waited "
                                  f"{timeout:g}s (remove {path} if that process is gone, or "
                                  f"set STEPPE_NAMES_LOCK_TIMEOUT)") from None
            time.sleep(0.05)
            continue
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        return path


@contextmanager
def locked(folders: Iterable[str | Path], *, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of every folder (taken in a fixed order, so two commands never wait for
    each other in a circle) while the block runs."""
    me: dict[str, object] = {"pid": os.getpid(), "host": socket.gethostname(),
                             "command": " ".join(["steppe-names", *sys.argv[1:]])[:200],
                             "time": time.time()}
    wanted = sorted({Path(f).resolve() for f in folders})
    held: list[Path] = []
    try:
        for folder in wanted:
            folder.mkdir(parents=True, exist_ok=True)
            held.append(_acquire(folder, _timeout() if timeout is None else timeout, me))
        yield
    finally:
        for path in reversed(held):
            if _holder(path).get("pid") == me["pid"]:
                with suppress(FileNotFoundError):
                    path.unlink()
