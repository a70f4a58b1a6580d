"""Progress on stderr for long runs, only on a terminal: a bar for the bytes of a scan (MB/s,
ETA), and a status line while a glossary compiles."""

from __future__ import annotations

import sys
import time
from typing import Self, TextIO


class _StatusLine:
    """One line on `stream`, drawn over itself (carriage return, text, erase to its end) and
    erased by `close` if it was ever drawn. Silent unless `enabled` (the CLI enables it when
    stderr is a terminal and --quiet is not given)."""

    def __init__(self, *, enabled: bool, stream: TextIO | None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self._drawn = 0.0  # when the line was last drawn (time.monotonic)

    def _draw(self, text: str, now: float) -> None:
        self._drawn = now
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = 0.0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()  # also before an error's message, which would follow the line


class Progress(_StatusLine):
    """Counts bytes as they are read and redraws one status line at most 10 times a second."""

    def __init__(self, total: int | None, *, enabled: bool, stream: TextIO | None = None) -> None:
        super().__init__(enabled=enabled, stream=stream)
        self.total = total
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= 0.1:
            self._draw(self.line(now), now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.done / 1e6:8.1f} MB"
        if self.total:
            share = min(self.done / self.total, 1.0)
            width = 24
            filled = int(share * width)
            text = (f"[{'#' * filled}{'.' * (width - filled)}] {share:4.0%} "
                    f"{self.done / 1e6:.1f}/{self.total / 1e6:.1f} MB")
            if rate > 0 and self.done < self.total:
                text += f"  ETA {int((self.total - self.done) / rate)}s"
        return text + f"  {rate / 1e6:.1f} MB/s"


class BuildStatus(_StatusLine):
    """A status line on stderr while a glossary compiles (a large one takes minutes): the
    step, entries done of all with the share and an ETA, and the time so far. Pass it as the
    `progress` of `Normalizer`, `compile_glossary` or `build_index`; an Index from the cache
    calls it never, and then it draws nothing.

    Silent unless `enabled`, and until the build has taken `DELAY` seconds (the bundled
    glossary compiles in about one). Times count from the first report: the build's start.
    """

    DELAY = 0.5

    def __init__(self, *, enabled: bool, stream: TextIO | None = None) -> None:
        super().__init__(enabled=enabled, stream=stream)
        self.started: float | None = None
        self._step = ""

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.started is None:
            self.started = now
        if now - self.started < self.DELAY or (step == self._step and now - self._drawn < 0.1):
            return
        self._step = step
        self._draw(self.line(step, done, total, now), now)

    def line(self, step: str, done: int, total: int, now: float | None = None) -> str:
        now = now or time.monotonic()
        elapsed = max(now - (self.started if self.started is not None else now), 1e-9)
        text = f"compiling the glossary: {step}"
        if total:
            text += f" {done:,}/{total:,} ({min(done / total, 1.0):.0%})"
            if 0 < done < total:
                text += f", ETA {_duration(elapsed * (total - done) / done)}"
        return text + f", {_duration(elapsed)} so far"


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 60}m{whole % 60:02d}s" if whole >= 60 else f"{whole}s"
