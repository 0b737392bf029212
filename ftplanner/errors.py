"""Every error the library raises on purpose, each with a one-line message (SpecError: one line per problem).

They name Python parameters, never command-line flags: `InvalidArgument("vary", ...)` reads
`vary: ...` here, and the command line (`ftplanner.cli.options`, which holds the table from
parameter to flag) prints the same line with its flag, `--vary ...`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located by line and dotted field path."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"


class SpecError(ValueError):
    """An input file is invalid; `problems` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


class InvalidArgument(ValueError):
    """A bad value for a library function's argument.

    `argument` is the parameter's name ("vary", "objectives", "distances"), `subject` the part of
    the value that is wrong when there is one (a path, `path=value`), `reason` why, on one line, and
    `see` where the valid values are listed. The message is `argument: subject: reason (see ...)`.
    """

    def __init__(self, argument: str, reason: str, *, subject: str = "", see: str = ""):
        self.argument, self.reason, self.subject, self.see = argument, reason, subject, see
        super().__init__(": ".join(part for part in (argument, subject, reason) if part) + (f" (see {see})" if see else ""))


class ClusterError(RuntimeError):
    """The Dask cluster asked for cannot be used (distributed is missing, or no scheduler answers).

    Like InvalidArgument it names the parameter that asked for it (`argument`, "scheduler") and
    gives the `reason` on one line; the message is `scheduler: reason`.
    """

    def __init__(self, reason: str, argument: str = "scheduler"):
        self.argument, self.reason, self.subject, self.see = argument, reason, "", ""
        super().__init__(f"{argument}: {reason}")


class StoreError(ValueError):
    """A stats store that cannot be used; the message is one line naming the file."""


class FitError(ValueError):
    """A calibration's fits could not be made; `problems` has one line per noise family that failed."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class WriteError(OSError):
    """An output file cannot be written; the message is one line naming the file."""


class ProgramError(ValueError):
    """A program (OpenQASM, QIR, a Qiskit circuit) that cannot be counted; the message is `FILE:LINE: message`."""

    def __init__(self, file: str, line: int, message: str):
        self.file, self.line, self.message = file, line, " ".join(str(message).split())
        super().__init__(f"{file}:{line}: {self.message}")


class MissingExtra(ImportError):
    """An optional feature's packages are not installed; the message is one line with the pip command."""
