"""Reading an input file safely: a regular file (not a FIFO, device or folder) of bounded size.

`os.stat` is checked before the file is opened, so `/dev/zero` or a FIFO is refused at once
instead of filling memory or blocking; the read itself stops one byte past the limit, so a
file that grows after the check is refused too. Failures are `InputFileError`s (an OSError
whose message is one line naming the file).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_YAML_BYTES = 2**20  # architecture YAML and logical-counts JSON: the YAML parser reads about 0.2 MB/s
MAX_TEXT_BYTES = 10 * 2**20  # calibration JSON (the standard json module)
MAX_CIRCUIT_BYTES = 2 * 2**20  # OpenQASM circuits are read whole, at about 0.25 MB/s

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class InputFileError(OSError):
    """An input file that cannot be used; `reason` is one line naming it."""

    def __init__(self, reason: str, missing: bool = False):
        super().__init__(reason)
        self.reason, self.missing = reason, missing

    def __str__(self) -> str:
        return self.reason


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.3g} MB"


def check_input_file(path: str | Path, limit: int = MAX_TEXT_BYTES) -> None:
    """Raise InputFileError unless `path` is a readable regular file of at most `limit` bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputFileError(f"no such file: {path}", missing=True) from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise InputFileError(f"{path} is {kind}; an input must be a regular file")
    if info.st_size > limit:
        raise InputFileError(f"{path} is {_megabytes(info.st_size)}; input files may be at most {_megabytes(limit)}")


def read_input_bytes(path: str | Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a checked input file (see `check_input_file`), reading at most `limit` of them."""
    check_input_file(path, limit)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise InputFileError(f"{path} is over {_megabytes(limit)}; input files may be at most {_megabytes(limit)}")
    return raw
