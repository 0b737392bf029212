"""What a calibration run shows while it samples: tasks done, shots, errors and an ETA.

On a terminal one status line is redrawn in place; otherwise (a log file, CI) a plain line is
written when a task finishes and a summary every LOG_SECONDS; `quiet` shows nothing. Counts
include what the store held before this run, so a resumed run starts where the last one ended.
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from typing import TextIO

import sinter

LOG_SECONDS = 60.0
REDRAW_SECONDS = 0.5


def task_key(metadata) -> str:
    """Tasks are told apart by their metadata (ours is unique per experiment)."""
    return json.dumps(metadata, sort_keys=True)


@dataclass
class _Count:
    shots: int = 0
    errors: int = 0
    seconds: float = 0.0


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


class ProgressDisplay:
    """A `sinter.collect` progress callback; `mode` is 'terminal', 'log' or 'quiet' ('auto' picks)."""

    def __init__(self, tasks: list[sinter.Task], existing: list[sinter.TaskStats], *, max_shots: int,
                 max_errors: int, workers: int, mode: str = "auto", stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.mode = ("terminal" if self.stream.isatty() else "log") if mode == "auto" else mode
        self.max_shots, self.max_errors, self.workers = max_shots, max_errors, workers
        self.counts = {task_key(t.json_metadata): _Count() for t in tasks}
        for stat in existing:
            self._add(stat)
        self.started = self.last_shown = time.monotonic()

    def _add(self, stat: sinter.TaskStats) -> bool:
        """Count a result; True when it finishes its task."""
        count = self.counts.get(task_key(stat.json_metadata))
        if count is None:
            return False
        was_done = self._done(count)
        count.shots += stat.shots - stat.discards
        count.errors += stat.errors
        count.seconds += stat.seconds
        return not was_done and self._done(count)

    def _done(self, count: _Count) -> bool:
        return count.shots >= self.max_shots or count.errors >= self.max_errors

    def eta_seconds(self) -> float:
        """Core-seconds left on started tasks (by their own pace) plus unstarted ones (at the mean
        cost of finished ones), over the workers."""
        left, finished, unstarted = 0.0, [], 0
        for c in self.counts.values():
            if self._done(c):
                finished.append(c.seconds)
            elif c.shots == 0 or c.seconds == 0:
                unstarted += 1
            else:
                by_shots = (self.max_shots - c.shots) / c.shots
                by_errors = (self.max_errors - c.errors) / c.errors if c.errors else by_shots
                left += c.seconds * min(by_shots, by_errors)
        if unstarted:
            if not finished:
                return float("nan")
            left += unstarted * sum(finished) / len(finished)
        return left / self.workers

    def summary(self, eta: bool = True) -> str:
        done = sum(self._done(c) for c in self.counts.values())
        shots = sum(c.shots for c in self.counts.values())
        errors = sum(c.errors for c in self.counts.values())
        line = f"calibrate: {done}/{len(self.counts)} tasks done, {shots:,} shots, {errors:,} errors"
        return line + f", ETA {_duration(self.eta_seconds())}" if eta else line

    def __call__(self, progress: sinter.Progress) -> None:
        finished = [stat for stat in progress.new_stats if self._add(stat)]
        if self.mode == "quiet":
            return
        now = time.monotonic()
        if self.mode == "terminal":
            if now - self.last_shown >= REDRAW_SECONDS:
                self.stream.write("\r\033[K" + self.summary())
                self.stream.flush()
                self.last_shown = now
            return
        for stat in finished:
            meta = ", ".join(f"{k}={v}" for k, v in stat.json_metadata.items() if k not in ("noise", "model", "cut"))
            count = self.counts[task_key(stat.json_metadata)]
            self.stream.write(f"calibrate: done {meta}: {count.shots:,} shots, {count.errors:,} errors\n")
        if now - self.last_shown >= LOG_SECONDS:
            self.stream.write(self.summary() + "\n")
            self.last_shown = now
        self.stream.flush()

    def close(self, summary: bool = True) -> None:
        """End the display with a final summary line (without one, just clear the line: an error follows)."""
        if self.mode == "terminal":
            self.stream.write("\r\033[K")
            self.stream.flush()
        if self.mode != "quiet" and summary:
            self.stream.write(self.summary(eta=False) + f" in {_duration(time.monotonic() - self.started)}\n")
            self.stream.flush()
