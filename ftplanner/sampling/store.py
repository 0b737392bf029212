"""The stats store: a sinter CSV file, append-only, that sinter reads back to resume.

Sinter appends one complete line per result and flushes it, so a run killed at any moment
leaves every recorded shot counted once; at worst the last line is cut short, which
`read_store` ignores and `open_for_append` removes before sampling resumes. One calibration
at a time may append (an exclusive lock), so two runs never sample the same shots twice.
"""

from __future__ import annotations

import fcntl
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import sinter

from ftplanner.errors import StoreError


def _complete_text(path: Path) -> str:
    """The store's text up to its last newline (a line cut by a kill is not data)."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a stats CSV file")
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such stats store") from None
    except (PermissionError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the stats store ({exc.__class__.__name__})") from None
    return text[: text.rfind("\n") + 1]


def _parse(path: Path, text: str) -> list[sinter.TaskStats]:
    if not text.strip():
        return []
    try:
        return sinter.read_stats_from_csv_files(io.StringIO(text))
    except Exception as exc:  # sinter raises ValueError, KeyError, JSON and csv errors on bad rows
        reason = " ".join(str(exc).split())[:160]
        raise StoreError(f"{path}: not a sinter stats CSV ({exc.__class__.__name__}: {reason})") from None


def read_store(path: str | Path) -> list[sinter.TaskStats]:
    """Every task's results in the store, merged by strong_id."""
    path = Path(path)
    return _parse(path, _complete_text(path))


@contextmanager
def open_for_append(path: str | Path) -> Iterator[Path]:
    """Make the store ready for sinter to append (created with a header, cut line removed), locked."""
    path = Path(path)
    with _locked_and_repaired(path):
        yield path


def _locked_and_repaired(path: Path) -> IO[str]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the stats store ({exc.strerror or exc.__class__.__name__})") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{path}: in use by another calibration run") from None
        text = _complete_text(path)
        _parse(path, text)
        if not text.strip():
            text = sinter.CSV_HEADER + "\n"
            handle.truncate(0)
            handle.write(text)
            handle.flush()
        handle.truncate(len(text.encode()))
    except BaseException:
        handle.close()
        raise
    return handle
