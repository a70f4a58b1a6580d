"""A progress bar on stderr for long runs: bytes, MB/s and ETA. Only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts bytes as they are read and redraws one status line at most 10 times a second.

    Silent unless `enabled` (the CLI enables it when stderr is a TTY and --quiet is not given).
    """

    def __init__(self, total: int | None, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= 0.1:
            self._drawn = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

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

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
