"""`ftplanner calibrate ARCH.yaml --store STATS.csv`: sample, fit, write a calibration file.

Sampling resumes from the store (rerun the same command after an interruption); `--fit-only`
skips it. The fits use the store's results for this command's grid only (a store may hold
other runs), so the command line recorded in the calibration regenerates it. Laws are keyed
by noise family; the file goes to --out (default: the store's name with .calibration.json)
and the fits are printed as a table unless --quiet. `ftplanner.cli.options` parses options, so
every verb reports a bad value the same way (exit 2, one line). The fitting modules are
imported when a calibration is fitted (scipy.stats is slow to import). With --scheduler the
sampling runs on that Dask cluster (`ftplanner.sampling.cluster`) into the same store; the
recorded command omits it, since where the shots were sampled does not change the result.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ftplanner.sampling.cluster import ClusterError, connect, sample_on_dask
from ftplanner.sampling.progress import ProgressDisplay
from ftplanner.sampling.local import sample
from ftplanner.sampling.store import StoreError, read_store
from ftplanner.sampling.tasks import Grid, Target, check_targets, in_grid, target, tasks
from ftplanner.cli.fit import fit_command
from ftplanner.fit.points import points_frame, read_stats
from ftplanner.cli.options import InvalidOption, distances_option, fail, number

if TYPE_CHECKING:
    from ftplanner.fit.build import FamilyFits

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
    from ftplanner.api import load
    from ftplanner.errors import SpecError

    problems, architectures = [], []
    for path in files:
        try:
            architectures.append(load(path))
        except SpecError as exc:
            problems += [str(p) for p in exc.problems]
    if problems:
        fail("\n".join(problems))
    return architectures


def _command_line(files, store, grid: Grid, max_shots, max_errors, pure_family, out, name) -> str:
    words = ["ftplanner", "calibrate", *map(str, files), "--store", str(store),
             "--distances", _csv(grid.distances), "--p-grid", _csv(grid.p_factors),
             "--p-link-grid", _csv(grid.p_link_factors),
             "--max-shots", str(max_shots), "--max-errors", str(max_errors), "--out", str(out), "--name", name]
    return shlex.join(words + (["--pure-family"] if pure_family else []))


def _sample(task_list, store: Path, max_shots: int, max_errors: int, workers: int, quiet: bool, client=None) -> None:
    """Sample on local processes, or on the Dask cluster of `client` (its threads are the workers)."""
    existing = read_store(store) if store.exists() else []
    if client is not None:
        workers = max(1, sum(client.nthreads().values()))
    display = ProgressDisplay(task_list, existing, max_shots=max_shots, max_errors=max_errors, workers=workers,
                              mode="quiet" if quiet else "auto")
    try:
        if client is None:
            sample(task_list, store, max_shots=max_shots, max_errors=max_errors, workers=workers, progress=display)
        else:
            sample_on_dask(task_list, store, client=client, max_shots=max_shots, max_errors=max_errors,
                           progress=display)
    except KeyboardInterrupt:
        display.close()
        typer.echo(f"interrupted: every recorded result is in {store}; rerun the same command to resume", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    display.close()


def _families(targets: list[Target]) -> list[Target]:
    return list({t.family: t for t in targets}.values())


def calibrate_command(
    files: list[Path] = typer.Argument(..., help="architecture YAML files (one noise model per family)"),
    store: Path = typer.Option(..., "--store", help="sinter CSV stats store: created, or appended to and resumed"),
    distances: str = typer.Option(_csv(DEFAULT.distances), "--distances", help="comma-separated odd distances"),
    p_grid: str = typer.Option(_csv(DEFAULT.p_factors), "--p-grid", help="multiples of the hardware's p to sample"),
    p_link_grid: str = typer.Option(_csv(DEFAULT.p_link_factors), "--p-link-grid",
                                    help="multiples of the link's p_link to sample seams at (multi-module machines)"),
    max_shots: str = typer.Option("2000000", "--max-shots", help="shots per task at most"),
    max_errors: str = typer.Option("200", "--max-errors",
                                   help="stop a task at this many errors (relative uncertainty ~ 1/sqrt of it)"),
    workers: Optional[str] = typer.Option(None, "--workers", help="sampling processes (default: CPU count)"),
    scheduler: str | None = typer.Option(None, "--scheduler",
                                         help="sample on this Dask scheduler's workers (tcp://HOST:8786)"),
    pure_family: bool = typer.Option(False, "--pure-family",
                                     help="sample the pure noise family at the two-qubit rate, ignoring other rates"),
    fit_only: bool = typer.Option(False, "--fit-only", help="fit the store's results for this grid, without sampling"),
    out: Optional[Path] = typer.Option(None, "--out", help="calibration JSON (default: STORE.calibration.json)"),
    name: Optional[str] = typer.Option(None, "--name", help="the calibration's name (default: the --out file stem)"),
    quiet: bool = typer.Option(False, "--quiet", help="print nothing (errors excepted)"),
) -> None:
    """Sample memory, surgery and seam experiments for the architectures, fit them, write a calibration."""
    from ftplanner.fit.build import make_calibration, write_calibration
    from ftplanner.fit.table import fits_table

    architectures = _load_all(files)
    out = out or store.with_name(store.stem + ".calibration.json")
    name = name or out.name.removesuffix(".json")
    try:
        grid = Grid(tuple(distances_option(distances)), _factors("--p-grid", p_grid), _factors("--p-link-grid", p_link_grid))
        if len(set(grid.distances)) < 2:
            raise InvalidOption("--distances: give at least two; how errors fall with d tells A from the threshold")
        shots = number("--max-shots", max_shots, int, 1)
        errors = number("--max-errors", max_errors, int, 1)
        if scheduler is not None and workers is not None:
            raise InvalidOption("--workers: not used with --scheduler (the cluster's workers sample)")
        n_workers = number("--workers", workers, int, 1, 1024) or os.cpu_count() or 1
        targets = [target(arch, pure_family) for arch in architectures]
        check_targets(targets)
        task_list = [] if fit_only else tasks(targets, grid)
    except (InvalidOption, ValueError) as exc:
        fail(str(exc) if isinstance(exc, InvalidOption) else f"calibrate: {exc}")
    try:
        if not fit_only and scheduler is None:
            _sample(task_list, store, shots, errors, n_workers, quiet)
        elif not fit_only:
            with connect(scheduler) as client:
                _sample(task_list, store, shots, errors, n_workers, quiet, client)
        points = in_grid(points_frame(read_stats(read_store(store))), targets, grid)
    except (StoreError, ClusterError) as exc:
        fail(str(exc))
    families = _fit(points, targets, store)
    calibration = make_calibration(
        families, name=name, command=_command_line(files, store, grid, shots, errors, pure_family, out, name),
        store=str(store), noise_models={t.family: {"label": t.model, **asdict(t.noise)} for t in _families(targets)},
        grid={"distances": list(grid.distances), "p_factors": list(grid.p_factors),
              "p_link_factors": list(grid.p_link_factors), "max_shots": shots, "max_errors": errors})
    try:
        write_calibration(calibration, out)
    except OSError as exc:
        fail(f"{out}: cannot write the calibration ({exc.strerror})")
    if not quiet:
        typer.echo(fits_table([law for f in families for law in f.laws], min(t.noise.p for t in targets)))
        for f in families:
            if f.holdout is not None:
                typer.echo(f"seam {f.family}: {f.holdout.describe()}")
        typer.echo(f"wrote {out}")


def _fit(points, targets: list[Target], store: Path) -> list[FamilyFits]:
    """Each family's fits (seams at the machine's p when it has links); exit 2 naming what could not be fit."""
    from ftplanner.fit.build import fit_family

    families, problems = [], []
    for t in _families(targets):
        try:
            families.append(fit_family(points, t.family, t.model, t.noise.p if t.p_link is not None else None))
        except ValueError as exc:
            problems.append(f"{store}: {t.family} ({t.model}): {exc}")
    if problems:
        fail("\n".join(problems))
    return families


def register(app: typer.Typer) -> None:
    """Add the `calibrate` and `fit` verbs to the main app."""
    app.command("calibrate")(calibrate_command)
    app.command("fit")(fit_command)
