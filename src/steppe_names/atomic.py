"""Atomic files: every file steppe-names writes (glossaries, catalogs, .mo, the Index cache,
`-o` output) goes through here.

The data goes to a temporary file in the same folder, is flushed and fsynced, takes the old
file's permissions, and is renamed over the target; then the folder is fsynced so the rename
itself survives a crash. A reader (or a crash at any moment) sees the old file or the new
one, never a mixture; a failure leaves the old file untouched and no temporary file behind.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def replacing(path: str | Path, *, binary: bool = False,
              durable: bool = True) -> Iterator[IO[Any]]:
    """A file object whose content replaces `path` atomically when the block ends without an
    exception (text is written as UTF-8, newlines untranslated). With `durable` False the
    file and the folder are not fsynced: still never half a file under its name, but a
    crash may lose it; for caches that check what they read and can make it again."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    mode = _mode_for(target)
    tmp: str | None = None
    # Ctrl-C or SIGTERM between making the temporary file and knowing its name would leave
    # it behind (seen under load): they wait until the block below can remove it.
    held = _hold_signals()
    try:
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        except OSError as error:  # said of the target, not of a name the caller never saw
            raise OSError(error.errno, f"cannot make a temporary file beside it "
                          f"({error.strerror})", str(target)) from None
        finally:
            _release_signals(held)
        handle: IO[Any] = (os.fdopen(fd, "wb") if binary
                           else os.fdopen(fd, "w", encoding="utf-8", newline=""))
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    if durable:
        _sync_folder(folder)


_HELD = (signal.SIGINT, signal.SIGTERM)


def _hold_signals() -> set[int | signal.Signals] | None:
    """Block Ctrl-C and SIGTERM (where the platform can), returning the mask to restore."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)


def _release_signals(held: set[int | signal.Signals] | None) -> None:
    """Restore the mask: a signal that came meanwhile is delivered now."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def write_bytes(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` atomically."""
    with replacing(path, binary=True) as handle:
        handle.write(data)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
