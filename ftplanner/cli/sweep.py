"""`ftplanner sweep FILE.yaml --vary PATH=SPEC ... --out DIR`: plan a grid of designs, write it, its
Pareto frontier and (with --sensitivity) the design's sensitivity table.

Every input is checked before anything is planned (bad --vary, objective or format: one line,
exit 2; a library InvalidArgument is printed with the flag that gave the value). Files:
DIR/NAME-sweep.csv and/or .parquet (every point), DIR/NAME-pareto.csv (always, plus .parquet if
asked), DIR/NAME-sensitivity.csv (and .parquet), and DIR/NAME-sweep.json with the provenance.
Exit 0, or 3 when no point is feasible (the files are still written).
"""


import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from ftplanner.architecture.sweepable import SWEEPABLE, unit
from ftplanner.cli.help import Command
from ftplanner.cli.options import InvalidOption, fail, flag_message, number
from ftplanner.errors import InvalidArgument, SpecError, WriteError
from ftplanner.plan.columns import CSV_COLUMNS
from ftplanner.report.writers import out_folder
from ftplanner.sweeps.defaults import DEFAULT_OBJECTIVES, MAX_POINTS

EXIT_NONE_FEASIBLE = 3
TABLE_FORMATS = ("csv", "parquet")
FLOAT_FORMAT = "%.10g"  # enough digits that swept values stay distinct in the CSV


def _paths_help() -> str:
    return ", ".join(f"{p} ({unit(p)})" if unit(p) else p for p in SWEEPABLE)


def _formats(text: str) -> list[str]:
    formats = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in TABLE_FORMATS]
    if unknown or not formats:
        raise InvalidOption(f"--format: unknown format {', '.join(unknown) or '(none)'}; expected some of {', '.join(TABLE_FORMATS)}")
    if "parquet" in formats and importlib.util.find_spec("pyarrow") is None:
        raise InvalidOption("--format parquet: needs pyarrow; pip install pyarrow (or pip install 'ftplanner[parquet]')")
    return formats


def _objectives(text: str, varied) -> list[str]:
    objectives = [o.strip() for o in text.split(",") if o.strip()]
    known = (*CSV_COLUMNS, *varied)
    unknown = [o for o in objectives if o not in known]
    if unknown or not objectives:
        raise InvalidOption(f"--pareto: unknown objective {', '.join(unknown) or '(none)'}; expected columns such as "
                            f"{', '.join(DEFAULT_OBJECTIVES)}, modules, links, raw_bell_pairs_per_s")
    return objectives


def _frontier_size(front, breakers) -> str:
    """'3 designs', or '1 design (20 tie there; kept: the least modules, links)' when designs tie on the objectives."""
    from ftplanner.sweeps.pareto import TIED

    points, designs = len(front), int(front[TIED].sum())
    size = f"{points:,} design{'s' if points != 1 else ''}"
    if designs == points:
        return size
    where = "there" if points == 1 else f"at its {points:,} points"
    return size + f" ({designs:,} tie {where}; kept: the least {', '.join(breakers) or 'in sweep order'})"


def _write(frame, stem: Path, formats) -> list[Path]:
    written = []
    for kind in formats:
        path = stem.with_name(f"{stem.name}.{kind}")
        if kind == "csv":
            frame.to_csv(path, index=False, float_format=FLOAT_FORMAT)
        else:
            frame.to_parquet(path, index=False)
        written.append(path)
    return written


def sweep_command(
    file: Annotated[Path, typer.Argument(help="architecture YAML file")],
    vary: Annotated[list[str] | None, typer.Option(
        "--vary", metavar="<path=spec>",
        help="PATH=SPEC, repeat for a full grid (the first varies slowest). SPEC: a list 1e-4,3e-4,1e-3 or "
             "an inclusive range A..B:N (linear) or A..B:N:log. Values are in the field's own unit, as in "
             "the file (paths and units below); default: none, the file's design alone.")] = None,
    out: Annotated[Path, typer.Option("--out", metavar="<dir>", help="folder for the tables (made if missing)")] = Path("reports"),
    format: Annotated[str, typer.Option("--format", metavar="<format,...>",
                                        help="csv, parquet or csv,parquet (parquet needs pyarrow)")] = "csv",
    pareto: Annotated[str, typer.Option(
        "--pareto", metavar="<column,...>", help="objectives to minimise, comma-separated numeric columns (e.g. modules, links)")]
        = ",".join(DEFAULT_OBJECTIVES),
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity", help="also rank how physical qubits and runtime change when each input of the file's "
                              "design is halved and doubled")] = False,
    max_points: Annotated[str, typer.Option(
        "--max-points", metavar="<int>", help="refuse a grid of more points than this (the table takes ~0.5 kB a point)")]
        = str(MAX_POINTS),
    progress: Annotated[bool | None, typer.Option(
        "--progress/--quiet", help="show progress on stderr (default: on a terminal); --quiet prints nothing")] = None,
) -> None:
    """Plan every point of a grid of varied fields; write the designs, their Pareto frontier and sensitivity."""
    from ftplanner.api import provenance  # the planner and pandas load with the verb
    from ftplanner.architecture import input_hash, load_architecture
    from ftplanner.calibration import load_calibration
    from ftplanner.sweeps.pareto import TIED, pareto_frontier, tie_breakers
    from ftplanner.sweeps.progress import SweepProgress
    from ftplanner.sweeps.run import make_grid, run_grid
    from ftplanner.sweeps.sensitivity import sensitivity as sensitivity_table
    from ftplanner.sweeps.specs import parse_vary

    try:
        arch = load_architecture(file)
    except SpecError as exc:
        fail("\n".join(str(p) for p in exc.problems))
    vary = vary or []
    try:
        formats = _formats(format)
        limit = number("--max-points", max_points, int, 1)
        varied = {}
        for path, values in (parse_vary(text, max_points=limit) for text in vary):
            if path in varied:
                raise InvalidOption(f"--vary {path}: given twice; list all its values in one SPEC")
            varied[path] = values
        objectives = _objectives(pareto, varied)
        grid = make_grid(arch, varied, limit)
    except (InvalidOption, InvalidArgument) as exc:
        fail(flag_message(exc))
    calibration = load_calibration(arch.calibration)
    display = SweepProgress() if (sys.stderr.isatty() if progress is None else progress) else None
    started = time.perf_counter()
    frame = run_grid(arch, grid, calibration, progress=display)
    seconds = time.perf_counter() - started
    if display:
        display.close()
    try:
        front = pareto_frontier(frame, objectives)
    except InvalidArgument as exc:
        fail(flag_message(exc))
    table = sensitivity_table(arch, calibration=calibration) if sensitivity else None

    feasible = int(frame["feasible"].sum())
    try:
        out_folder(out)
        written = _write(frame, out / f"{arch.name}-sweep", formats)
        written += _write(front, out / f"{arch.name}-pareto", dict.fromkeys(["csv", *formats]))
        if table is not None:
            written += _write(table, out / f"{arch.name}-sensitivity", formats)
        record = out / f"{arch.name}-sweep.json"
        record.write_text(json.dumps({
            "name": arch.name, "vary": vary, "shape": list(grid.shape), "points": grid.size, "feasible": feasible,
            "pareto_objectives": objectives, "pareto_points": len(front), "pareto_designs": int(front[TIED].sum()),
            "seconds": seconds,
            "files": [str(p) for p in written], "provenance": provenance(arch, calibration, input_hash(file)),
        }, indent=2, allow_nan=False) + "\n")
    except WriteError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or out}: cannot write ({exc.strerror or exc})")
    written.append(record)

    if progress is not False:
        shape = " x ".join(map(str, grid.shape)) or "the file's design"
        typer.echo(f"{arch.name}: {grid.size:,} points ({shape}), {feasible:,} feasible; "
                   f"Pareto frontier over {', '.join(objectives)}: {_frontier_size(front, tie_breakers(frame, objectives))}")
        typer.echo(f"planned in {seconds:.3g} s ({seconds / grid.size * 1e6:,.1f} µs per point)")
        if table is not None and len(table):
            top = table.iloc[0]
            typer.echo(f"most sensitive: {top['input']} ({top['qubits_log2_per_doubling']:+.2f} qubits, "
                       f"{top['runtime_log2_per_doubling']:+.2f} runtime, log2 per doubling)")
        typer.echo("wrote " + ", ".join(map(str, written)))
    raise typer.Exit(0 if feasible else EXIT_NONE_FEASIBLE)


def register(app: typer.Typer) -> None:
    """Add the `sweep` verb to the main app."""
    app.command("sweep", cls=Command, epilog="Sweepable paths (unit): " + _paths_help() + ".")(sweep_command)
