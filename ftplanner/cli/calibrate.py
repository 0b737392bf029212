"""`ftplanner calibrate ARCH.yaml --store STATS.csv`: sample, fit, write a calibration file.

A thin verb over `ftplanner.calibrate` (`ftplanner.sampling.run`): it loads the files, parses the
options (`ftplanner.cli.options`, so every verb reports a bad value the same way: exit 2, one
line), calls the library and prints. Sampling resumes from the store (rerun the same command
after an interruption); `--fit-only` skips it. The calibration goes to --out (default: the
store's name with .calibration.json), records this command line (which regenerates it; without
--scheduler, since where the shots were sampled does not change the result), and the fits are
printed as a table unless --quiet. With --scheduler the sampling runs on that Dask cluster. For
a machine of BB blocks (--code gross or two_gross, or the architecture's code.family) it samples
BB memories instead and writes the block law under `blocks` (`ftplanner.sampling.run_blocks`).
"""


import shlex
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer

from ftplanner.cli.fit import fit_command
from ftplanner.cli.help import Command
from ftplanner.cli.options import InvalidOption, distances_option, fail, flag_message, number
from ftplanner.errors import ClusterError, FitError, InvalidArgument, MissingExtra, SpecError, StoreError, WriteError
from ftplanner.sampling.limits import BLOCK_P_FACTORS, MAX_ERRORS, MAX_SHOTS, MAX_WORKERS, Grid

EXIT_INTERRUPTED = 130


def _csv(values) -> str:
    return ",".join(f"{x:g}" for x in values)


DEFAULT = Grid()


def _factors(option: str, text: str) -> tuple[float, ...]:
    values = tuple(number(option, part.strip(), float, 1e-9) for part in text.split(",") if part.strip())
    if not values:
        raise InvalidOption(f"{option}: give at least one multiple, e.g. 1,2,3")
    return values


def _load_all(files: list[Path]) -> list:
    """Every file loaded, or exit 2 with each file's problems (in the order the files are given)."""
    from ftplanner.api import load

    problems, architectures = [], []
    for path in files:
        try:
            architectures.append(load(path))
        except SpecError as exc:
            problems += [str(p) for p in exc.problems]
    if problems:
        fail("\n".join(problems))
    return architectures


def _command_line(files, store, grid: Grid, max_shots, max_errors, pure_family, out, name, code=None,
                  decoder=None, rounds=None) -> str:
    words = ["ftplanner", "calibrate", *map(str, files), "--store", str(store),
             "--distances", _csv(grid.distances), "--p-grid", _csv(grid.p_factors),
             "--p-link-grid", _csv(grid.p_link_factors),
             "--max-shots", str(max_shots), "--max-errors", str(max_errors), "--out", str(out), "--name", name]
    for flag, value in (("--code", code), ("--decoder", decoder), ("--rounds", rounds)):
        words += [flag, str(value)] if value is not None else []
    return shlex.join(words + (["--pure-family"] if pure_family else []))


def calibrate_command(
    files: list[Path] = typer.Argument(..., help="architecture YAML files (one noise model per family)"),
    store: Path = typer.Option(..., "--store", metavar="<path>",
                               help="sinter CSV stats store: created, or appended to and resumed"),
    distances: str = typer.Option(_csv(DEFAULT.distances), "--distances", metavar="<int,...>",
                                  help="comma-separated odd distances"),
    p_grid: Optional[str] = typer.Option(None, "--p-grid", metavar="<float,...>",
                                         help=f"multiples of the hardware's error rates to sample (dimensionless) "
                                              f"[default: {_csv(DEFAULT.p_factors)}; BB codes {_csv(BLOCK_P_FACTORS)}]"),
    p_link_grid: str = typer.Option(_csv(DEFAULT.p_link_factors), "--p-link-grid", metavar="<float,...>",
                                    help="multiples of the link's p_link to sample seams at (multi-module machines; "
                                         "dimensionless)"),
    max_shots: str = typer.Option(str(MAX_SHOTS), "--max-shots", metavar="<int>", help="shots per task at most"),
    max_errors: str = typer.Option(str(MAX_ERRORS), "--max-errors", metavar="<int>",
                                   help="stop a task at this many errors (relative uncertainty ~ 1/sqrt of it)"),
    workers: Optional[str] = typer.Option(None, "--workers", metavar="<int>",
                                          help=f"sampling processes, at most {MAX_WORKERS} (default: CPU count)"),
    scheduler: str | None = typer.Option(None, "--scheduler", metavar="<address>",
                                         help="sample on this Dask scheduler's workers, e.g. tcp://HOST:8786 "
                                              "(default: local processes)"),
    pure_family: bool = typer.Option(False, "--pure-family",
                                     help="sample the pure noise family at the two-qubit rate, ignoring other rates"),
    fit_only: bool = typer.Option(False, "--fit-only", help="fit the store's results for this grid, without sampling"),
    out: Optional[Path] = typer.Option(None, "--out", metavar="<path>",
                                       help="calibration JSON (default: STORE.calibration.json)"),
    name: Optional[str] = typer.Option(None, "--name", metavar="<text>",
                                       help="the calibration's name (default: the --out file stem)"),
    quiet: bool = typer.Option(False, "--quiet", help="print nothing (errors excepted)"),
    code: Optional[str] = typer.Option(None, "--code", metavar="<rotated_surface|gross|two_gross>",
                                       help="code family (default: the architecture's code.family)"),
    decoder: str = typer.Option("relay-bp", "--decoder", metavar="<relay-bp|bposd>",
                                help="BB codes: the decoder (the qldpc extra)"),
    rounds: Optional[str] = typer.Option(None, "--rounds", metavar="<int>",
                                         help="BB codes: syndrome cycles per shot (default: the code's distance)"),
) -> None:
    """Sample memory, surgery and seam experiments for the architectures, fit them, write a calibration."""
    architectures = _load_all(files)
    out = out or store.with_name(store.stem + ".calibration.json")
    name = name or out.name.removesuffix(".json")
    try:
        p_factors = None if p_grid is None else _factors("--p-grid", p_grid)
        grid = Grid(tuple(distances_option(distances)), p_factors or DEFAULT.p_factors,
                    _factors("--p-link-grid", p_link_grid))
        cycles = number("--rounds", rounds, int, 1)
        shots = number("--max-shots", max_shots, int, 1)
        errors = number("--max-errors", max_errors, int, 1)
        if scheduler is not None and workers is not None:
            raise InvalidOption("--workers: not used with --scheduler (the cluster's workers sample)")
        n_workers = number("--workers", workers, int, 1, MAX_WORKERS)
    except InvalidOption as exc:
        fail(str(exc))
    try:
        from ftplanner.sampling.run import calibrate  # sinter, pandas and scipy load with the verb
        from ftplanner.sampling.run_blocks import code_family

        bb = code not in (None, "rotated_surface") or any(code_family(a, None) != "rotated_surface" for a in architectures)
        shown = grid if p_factors or not bb else replace(grid, p_factors=BLOCK_P_FACTORS)
        calibrate(architectures, store, distances=grid.distances, p_factors=p_factors,
                  p_link_factors=grid.p_link_factors, max_shots=shots, max_errors=errors, workers=n_workers,
                  scheduler=scheduler, pure_family=pure_family, fit_only=fit_only, out=out, name=name,
                  progress=None if quiet else "auto", report=None if quiet else typer.echo, code=code,
                  decoder=decoder, rounds=cycles,
                  command=_command_line(files, store, shown, shots, errors, pure_family, out, name, code,
                                        decoder if bb else None, cycles))
    except KeyboardInterrupt:
        typer.echo(f"interrupted: every recorded result is in {store}; rerun the same command to resume", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except (InvalidArgument, ClusterError) as exc:
        fail(flag_message(exc))
    except FitError as exc:
        fail("\n".join(exc.problems))
    except (StoreError, WriteError, MissingExtra) as exc:
        fail(str(exc))
    except ValueError as exc:  # a grid the noise model cannot take, two models in one family
        fail(f"calibrate: {exc}")
    if not quiet:
        typer.echo(f"wrote {out}")


def register(app: typer.Typer) -> None:
    """Add the `calibrate` and `fit` verbs to the main app."""
    app.command("calibrate", cls=Command)(calibrate_command)
    app.command("fit", cls=Command)(fit_command)
