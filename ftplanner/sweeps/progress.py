"""What a long sweep shows on stderr: points planned, time so far and an ETA, after each chunk.

On a terminal one line is redrawn in place; elsewhere (`--progress` into a log) a line per chunk.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class SweepProgress:
    """A `sweep(progress=...)` callback: (points done, points in all) after each chunk."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.started
        line = f"sweep: {done:,}/{total:,} points ({done / total:.0%}) in {elapsed:.1f} s"
        if done < total:
            line += f", about {elapsed * (total - done) / done:.1f} s left"
        self.stream.write("\r\033[K" + line if self.terminal else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Clear the redrawn line (a log keeps its lines)."""
        if self.terminal:
            self.stream.write("\r\033[K")
            self.stream.flush()
