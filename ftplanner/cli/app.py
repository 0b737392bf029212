"""The `ftplanner` command: thin verbs over the Python API.

Exit codes: 0 success; 2 invalid input (one line per problem, FILE:LINE: field: message);
3 the input is valid but the design is infeasible (outputs are still written, with the reason).
"""


import errno
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ftplanner.cli.calibrate import register as register_calibrate_commands
from ftplanner.cli.circuits import register as register_sim_commands
from ftplanner.cli.help import Command, Group
from ftplanner.cli.options import fail
from ftplanner.cli.sweep import register as register_sweep_commands
from ftplanner.errors import ProgramError, SpecError, WriteError
from ftplanner.inputs import InputFileError
from ftplanner.report.writers import FORMATS, write_file, write_outputs

if TYPE_CHECKING:  # pydantic and ruamel.yaml load with the verbs that read a file, not with --help
    from ftplanner.architecture import Architecture

EXIT_INFEASIBLE = 3

app = typer.Typer(cls=Group, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Plan networked fault-tolerant quantum computers.")


def _load(path: Path) -> "Architecture":
    from ftplanner.architecture import load_architecture

    try:
        return load_architecture(path)
    except SpecError as exc:
        fail("\n".join(str(p) for p in exc.problems))


@app.command("estimate", cls=Command)
def estimate_command(
    files: list[Path] = typer.Argument(..., help="architecture YAML files"),
    out: Path = typer.Option(Path("reports"), "--out", metavar="<dir>", help="folder for the reports (made if missing)"),
    format: str = typer.Option("csv,json", "--format", metavar="<format,...>",
                               help=f"comma-separated, of: {', '.join(FORMATS)}"),
) -> None:
    """Plan each architecture and write DIR/NAME.csv, DIR/NAME.json and (html) DIR/NAME.html."""
    from ftplanner.api import estimate  # the planner loads with the verbs that plan
    from ftplanner.architecture import input_hash
    from ftplanner.report.summary import summary_text

    formats = [f.strip() for f in format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        fail(f"--format: unknown format {', '.join(unknown) or '(none)'}; expected some of {', '.join(FORMATS)}")
    architectures = [(path, _load(path)) for path in files]
    infeasible = False
    for path, arch in architectures:
        plan = estimate(arch, input_sha256=input_hash(path))
        try:
            written = write_outputs(plan, out, formats)
        except WriteError as exc:
            fail(str(exc))
        typer.echo(summary_text(plan))
        typer.echo("wrote " + ", ".join(str(w) for w in written))
        infeasible |= not plan.feasible
    raise typer.Exit(EXIT_INFEASIBLE if infeasible else 0)


@app.command("validate", cls=Command)
def validate_command(files: list[Path] = typer.Argument(..., help="architecture YAML files")) -> None:
    """Check architecture files; print every problem as FILE:LINE: field: message."""
    from ftplanner.architecture import load_architecture

    problems = []
    for path in files:
        try:
            load_architecture(path)
            typer.echo(f"{path}: ok")
        except SpecError as exc:
            problems += [str(p) for p in exc.problems]
    if problems:
        fail("\n".join(problems))


@app.command("schema", cls=Command)
def schema_command(out: Optional[Path] = typer.Option(None, "--out", metavar="<path>",
                                                     help="write to this file (default: standard output)")) -> None:
    """Print the JSON Schema of architecture files (for editor completion)."""
    from ftplanner.report.schema import architecture_schema

    text = json.dumps(architecture_schema(), indent=2)
    if out:
        try:
            write_file(out, text + "\n")
        except WriteError as exc:
            fail(str(exc))
    else:
        typer.echo(text)


@app.command("counts", cls=Command)
def counts_command(program: Path = typer.Argument(..., help="OpenQASM 2/3 (.qasm) or QIR (.ll, .bc) program")) -> None:
    """Print a program's logical counts as JSON (the Azure Resource Estimator's field names), with t_depth and
    reaction_depth."""
    from ftplanner.programs.read import count_program

    try:
        counts = count_program(program)
    except (InputFileError, ProgramError) as exc:
        fail(str(exc))
    typer.echo(json.dumps(counts.to_dict(), indent=2))


register_sim_commands(app)
register_calibrate_commands(app)
register_sweep_commands(app)


STREAM_ERRORS = (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG)


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except OSError as exc:  # printing to a standard stream failed (> /dev/full, a closed pipe)
        if exc.filename is not None or exc.errno not in STREAM_ERRORS:
            raise
        _stream_failed(exc)


def _stream_failed(exc: OSError) -> None:
    """Say on stderr (if it still takes text) that standard output cannot be written, and exit with code 2."""
    try:  # stdout is left on /dev/null so that Python's flush at exit does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.write(f"stdout: cannot write ({exc.strerror or exc})\n")
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(2)
