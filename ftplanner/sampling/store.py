"""The stats store: a sinter CSV file, append-only, read back to resume.

The store is read and written as bytes, and any line ending is accepted (LF, CRLF, CR), so a
store converted by an editor or a Windows checkout reads the same. Each new result is one line
appended and flushed; a run killed at any moment leaves every recorded shot counted once. At
worst the last line lacks its newline: if it parses completely it is a whole result and is
kept (`open_for_append` adds the newline), and if it does not it was cut short, so `read_store`
ignores it and `open_for_append` moves it aside to `STORE.partial` (appended to, never deleted)
before sampling resumes. Nothing else in the store is ever removed or rewritten. A write that
fails (a full disk) is undone to the last whole line, so a rerun resumes with nothing lost or
counted twice. A row that cannot be read is a one-line error `STORE:LINE: reason`. One
calibration at a time may append (an exclusive lock), so two runs never sample the same shots.
"""

from __future__ import annotations

import fcntl
import io
import numbers
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sinter

from ftplanner.errors import StoreError

HEADER = sinter.CSV_HEADER.encode() + b"\n"
_INTEGER_FIELDS = ("d", "r")  # json_metadata fields the fits read as integers (`ftplanner.fit.points`)
_REAL_FIELDS = ("p", "p_link")  # ... and as numbers


@dataclass(frozen=True)
class _Lines:
    """A store's bytes split into lines: the complete ones (each with its 1-based line number) and a cut tail."""

    complete: list[tuple[int, bytes]]
    tail: bytes  # the last line when it has no line ending ("" when it has)


def _read_bytes(path: Path) -> bytes:
    """The store's bytes; StoreError (one line) if it is missing, a directory or unreadable."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a stats CSV file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such stats store") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the stats store ({exc.strerror or exc.__class__.__name__})") from None


def _split(data: bytes) -> _Lines:
    """Lines ending in LF, CRLF or CR are complete; a last line without an ending is the tail."""
    lines = data.splitlines(keepends=True)
    tail = lines.pop() if lines and not lines[-1].endswith((b"\n", b"\r")) else b""
    return _Lines([(number, line.rstrip(b"\r\n")) for number, line in enumerate(lines, 1)], tail)


def _reason(exc: Exception) -> str:
    """An exception as a short single line."""
    text = " ".join(str(exc).split())[:160]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _check_metadata(stat: sinter.TaskStats) -> None:
    """ValueError if a metadata field the fits read (d, r, p, p_link) is not a number of its kind."""
    meta = stat.json_metadata
    if not isinstance(meta, dict):
        return
    for key in _INTEGER_FIELDS + _REAL_FIELDS:
        value = meta.get(key)
        if value is None:
            continue
        integral = isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or (key in _INTEGER_FIELDS and not integral):
            kind = "an integer" if key in _INTEGER_FIELDS else "a number"
            raise ValueError(f"json_metadata {key}: expected {kind}, got {value!r}")


def _parse_rows(header: bytes, rows: list[bytes]) -> list[sinter.TaskStats]:
    """The stats of some data rows under a CSV header, unmerged; raises whatever sinter raises."""
    text = "".join(line.decode("utf-8") + "\n" for line in [header, *rows])
    stats = sinter.read_stats_from_csv_files(io.StringIO(text))
    for stat in stats:
        _check_metadata(stat)
    return stats


def _data_lines(lines: list[tuple[int, bytes]]) -> list[tuple[int, bytes]]:
    """The non-blank lines (the first is the header)."""
    return [(number, line) for number, line in lines if line.strip()]


def _parse(path: Path, lines: list[tuple[int, bytes]]) -> list[sinter.TaskStats]:
    """Every complete line's stats, merged by strong_id; StoreError `PATH:LINE: reason` at the first bad line."""
    lines = _data_lines(lines)
    if not lines:
        return []
    (head_number, header), rows = lines[0], lines[1:]
    try:
        _parse_rows(header, [])
    except Exception as exc:
        raise StoreError(f"{path}:{head_number}: not a sinter stats CSV header ({_reason(exc)})") from None
    try:
        stats = _parse_rows(header, [row for _, row in rows])
    except Exception:  # sinter raises ValueError, KeyError, JSON and csv errors: find the row and say why
        for number, row in rows:
            try:
                _parse_rows(header, [row])
            except Exception as exc:
                raise StoreError(f"{path}:{number}: not a sinter stats CSV row ({_reason(exc)})") from None
        raise StoreError(f"{path}: not a sinter stats CSV") from None
    merged: dict[str, sinter.TaskStats] = {}
    for stat in stats:
        merged[stat.strong_id] = merged[stat.strong_id] + stat if stat.strong_id in merged else stat
    return list(merged.values())


def _tail_is_whole(lines: _Lines) -> bool:
    """Whether the unterminated last line is a whole row (or a whole header): only its newline is missing."""
    if not lines.tail.strip():
        return False
    data = _data_lines(lines.complete)
    try:
        _parse_rows(data[0][1], [lines.tail]) if data else _parse_rows(lines.tail, [])
    except Exception:
        return False
    return True


def read_store(path: str | Path) -> list[sinter.TaskStats]:
    """Every task's results in the store, merged by strong_id (a last line cut short is not data)."""
    path = Path(path)
    lines = _split(_read_bytes(path))
    if _tail_is_whole(lines):
        lines = _Lines(lines.complete + [(len(lines.complete) + 1, lines.tail)], b"")
    return _parse(path, lines.complete)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to the file descriptor (os.write may write part)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@dataclass
class StoreWriter:
    """The store, locked and open for appending; `stats` is what it held when opened."""

    path: Path
    fd: int
    stats: list[sinter.TaskStats] = field(default_factory=list)

    def append(self, stats: Iterable[sinter.TaskStats]) -> None:
        """Append one line per result, all or none: a failed write (a full disk) is cut back, then StoreError."""
        data = b"".join((stat.to_csv_line() + "\n").encode() for stat in stats)
        if data:
            self._write(data)

    def _write(self, data: bytes) -> None:
        """Append bytes; on OSError truncate back to the size before and raise a one-line StoreError."""
        start = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            _write_all(self.fd, data)
        except OSError as exc:
            try:
                os.ftruncate(self.fd, start)
                kept = "every result before it is kept; rerun the same command to resume"
            except OSError:
                kept = "a cut last line will be moved aside on resume; rerun the same command to resume"
            raise StoreError(f"{self.path}: cannot write the stats store "
                             f"({exc.strerror or exc.__class__.__name__}); {kept}") from None


def _set_aside(path: Path, tail: bytes) -> None:
    """Append a cut last line to STORE.partial (with a newline), so nothing is deleted."""
    aside = path.with_name(path.name + ".partial")
    try:
        with open(aside, "ab") as handle:
            handle.write(tail + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise StoreError(f"{aside}: cannot set aside the store's cut last line "
                         f"({exc.strerror or exc.__class__.__name__})") from None


def _repair(writer: StoreWriter) -> None:
    """Read the locked store and make it end in a whole line under a header, keeping every byte of data."""
    data = _read_bytes(writer.path)
    lines = _split(data)
    if _tail_is_whole(lines):
        writer.stats = _parse(writer.path, lines.complete + [(len(lines.complete) + 1, lines.tail)])
        writer._write(b"\n")
        return
    writer.stats = _parse(writer.path, lines.complete)
    if lines.tail:
        _set_aside(writer.path, lines.tail)
        try:
            os.ftruncate(writer.fd, len(data) - len(lines.tail))  # a byte length: the tail's bytes are kept aside
        except OSError as exc:
            raise StoreError(f"{writer.path}: cannot remove the cut last line ({exc.strerror}); "
                             f"it is saved in {writer.path.name}.partial") from None
    if not any(line.strip() for _, line in lines.complete):
        writer._write(HEADER)


def _open(path: Path) -> int:
    """The store's file descriptor for reading and appending (created if missing), or a one-line StoreError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the stats store ({exc.strerror or exc.__class__.__name__})") from None


@contextmanager
def open_for_append(path: str | Path) -> Iterator[StoreWriter]:
    """The store locked and ready to append (created with a header, a cut last line set aside)."""
    path = Path(path)
    fd = _open(path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{path}: in use by another calibration run") from None
        writer = StoreWriter(path, fd)
        _repair(writer)
        yield writer
    finally:
        os.close(fd)
