"""The error a command reports as one line and an exit code (no traceback).

It lives in its own module so that every part of the CLI raises the same class, however the
program was started (`steppe-names`, or `python -m steppe_names.cli`, which would otherwise
load cli.py twice).
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake in the user's input or arguments: one line on stderr, no traceback."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class Terminated(BaseException):  # like KeyboardInterrupt: no error of ours
    """SIGTERM arrived (`timeout`, a cancelled job): raised where the program is, so that
    every `finally` runs (a half-written output's temporary file is removed) before the
    command exits with 143."""


class WorkerDied(RuntimeError):
    """A worker process ended without giving its result: killed by the system (out of
    memory) or by a signal. The pool is closed; what was written so far stays."""


def worker_died(what: str) -> WorkerDied:
    return WorkerDied(f"a worker process died while {what} (killed by the system, out of "
                      f"memory, or by a signal)")


class InvalidUTF8(ValueError):
    """Bytes that are not UTF-8, where `stream.decode_blocks` found them: the byte offset,
    the line (both counted from where the decoding started) and the first bad byte. It
    pickles (a worker process may return it)."""

    def __init__(self, offset: int, line: int, byte: int) -> None:
        super().__init__(offset, line, byte)
        self.offset, self.line, self.byte = offset, line, byte


def invalid_utf8(name: str, offset: int, line: int, byte: int) -> UserError:
    """The error for input that is not UTF-8, wherever it was found (the reader of a stream, or
    a worker process reading its own piece of a file)."""
    return UserError(f"{name}: invalid UTF-8 at byte offset {offset} (line {line}): "
                     f"byte 0x{byte:02x}; convert the file to UTF-8, or pass --errors replace "
                     f"to read it anyway")
