"""`calibrate()`: sample the experiments an architecture's error model needs, fit them, write the calibration.

    import ftplanner as ftp
    calibration = ftp.calibrate("architectures/networked-poc-2030.yaml", store="stats.csv")
    plan = ftp.estimate("architectures/networked-poc-2030.yaml", calibration)

This is what `ftplanner calibrate` runs (the verb parses its options, calls it and prints), as
`sinter.collect` sits under `sinter collect`. Sampling resumes from the store: a call after an
interruption, or the same call again, samples only what the store lacks (nothing once every task
has max_shots shots or max_errors errors). The fits use the store's results for this call's grid
only (a store may hold other runs). Sampling runs on local processes, or with `scheduler` on that
Dask cluster, into the same store. Laws are keyed by noise family (one noise model at one p per
family). Nothing is printed unless asked: `progress` shows the sampling, `report` receives the
fits table. The fitting modules are imported when fits are made (scipy.stats is slow to import).

`fit_stores` is what `ftplanner fit` runs: every fit the results in some stores allow.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

import sinter

from ftplanner.architecture import Architecture, load_architecture
from ftplanner.errors import FitError, InvalidArgument, SpecError, StoreError, WriteError
from ftplanner.fit.points import points_frame, read_stats
from ftplanner.sampling.cluster import connect, sample_on_dask
from ftplanner.sampling.limits import BLOCK_P_FACTORS, MAX_ERRORS, MAX_SHOTS, MAX_WORKERS
from ftplanner.sampling.local import sample
from ftplanner.sampling.progress import ProgressDisplay
from ftplanner.sampling.run_blocks import block_grid, calibrate_blocks, code_family
from ftplanner.sampling.store import read_store
from ftplanner.sampling.tasks import Grid, Target, check_targets, in_grid, target
from ftplanner.sampling.tasks import tasks as make_tasks

if TYPE_CHECKING:
    from distributed import Client

    from ftplanner.calibration import Calibration
    from ftplanner.fit.build import AllFits, FamilyFits

DEFAULT_GRID = Grid()
PROGRESS_MODES = ("auto", "terminal", "log", "quiet")  # `ftplanner.sampling.progress.ProgressDisplay`

Source = Architecture | str | Path | dict
Progress = str | Callable[[sinter.Progress], None] | None


def _loaded(architectures: Source | Iterable[Source]) -> list[tuple[Source, Architecture]]:
    """(as given, loaded) for each architecture; a SpecError lists every file's problems at once."""
    sources = [architectures] if isinstance(architectures, (Architecture, str, Path, dict)) else list(architectures)
    if not sources:
        raise InvalidArgument("architectures", "give at least one architecture")
    problems, loaded = [], []
    for source in sources:
        try:
            loaded.append((source, source if isinstance(source, Architecture) else load_architecture(source)))
        except SpecError as exc:
            problems += exc.problems
    if problems:
        raise SpecError(problems)
    return loaded


def _whole(argument: str, value, low: int, high: float = math.inf) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgument(argument, f"expected an integer, got {value!r}")
    if not low <= value <= high:
        raise InvalidArgument(argument, f"{value} is outside [{low:g}, {high:g}]")
    return int(value)


def _multiples(argument: str, values) -> tuple[float, ...]:
    values = [values] if isinstance(values, numbers.Real) else list(values)
    if not values:
        raise InvalidArgument(argument, "give at least one multiple, e.g. (1, 2, 3)")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < math.inf:
            raise InvalidArgument(argument, f"expected positive numbers, got {value!r}")
    return tuple(float(value) for value in values)


def _grid(distances, p_factors, p_link_factors) -> Grid:
    distances = [distances] if isinstance(distances, numbers.Integral) else list(distances)
    grid = Grid(tuple(_whole("distances", d, 3) for d in distances), _multiples("p_factors", p_factors),
                _multiples("p_link_factors", p_link_factors))
    if len(set(grid.distances)) < 2:
        raise InvalidArgument("distances", "give at least two; how errors fall with d tells A from the threshold")
    return grid


def _families(targets: list[Target]) -> list[Target]:
    return list({t.family: t for t in targets}.values())


def _call(sources, store: Path, grid: Grid, max_shots: int, max_errors: int, pure_family: bool, out: Path,
          name: str, extra: tuple[str, ...] | list[str] = ()) -> str:
    """The call that makes this calibration again, recorded as its `made_by` (the command line records its own)."""
    shown = ", ".join(f"<Architecture {arch.name!r}>" if isinstance(given, (Architecture, dict)) else repr(str(given))
                      for given, arch in sources)
    words = [f"[{shown}]", f"store={str(store)!r}", f"distances={list(grid.distances)}",
             f"p_factors={list(grid.p_factors)}", f"p_link_factors={list(grid.p_link_factors)}",
             f"max_shots={max_shots}", f"max_errors={max_errors}", f"out={str(out)!r}", f"name={name!r}"]
    return f"ftplanner.calibrate({', '.join(words + (['pure_family=True'] if pure_family else []) + list(extra))})"


def _sample(task_list: list[sinter.Task], store: Path, max_shots: int, max_errors: int, workers: int,
            progress: Progress, client: Client | None = None) -> None:
    """Sample on local processes, or on the Dask cluster of `client` (its threads are the workers).
    A display made here (`progress` a mode) is ended when sampling ends, fails or is interrupted."""
    display = None
    if isinstance(progress, str):
        if client is not None:
            workers = max(1, sum(client.nthreads().values()))
        existing = read_store(store) if store.exists() else []
        display = progress = ProgressDisplay(task_list, existing, max_shots=max_shots, max_errors=max_errors,
                                             workers=workers, mode=progress)
    try:
        if client is None:
            sample(task_list, store, max_shots=max_shots, max_errors=max_errors, workers=workers, progress=progress)
        else:
            sample_on_dask(task_list, store, client=client, max_shots=max_shots, max_errors=max_errors,
                           progress=progress)
    except KeyboardInterrupt:
        if display is not None:
            display.close()
        raise
    except BaseException:  # a store that cannot be written: its one-line error is all that is printed
        if display is not None:
            display.close(summary=False)
        raise
    if display is not None:
        display.close()


def _dispatch(task_list: list[sinter.Task], store: Path, max_shots: int, max_errors: int, workers: int,
              progress: Progress, scheduler: str | Client | None) -> None:
    """Sample locally, or on the Dask scheduler at an address (connected for the run) or of a Client."""
    if scheduler is None:
        _sample(task_list, store, max_shots, max_errors, workers, progress)
    elif isinstance(scheduler, str):
        with connect(scheduler) as client:
            _sample(task_list, store, max_shots, max_errors, workers, progress, client)
    else:
        _sample(task_list, store, max_shots, max_errors, workers, progress, scheduler)


def _fit(points, targets: list[Target], store: Path) -> list[FamilyFits]:
    """Each family's fits (seams at the machine's p when it has links); FitError naming each that could not be fit."""
    from ftplanner.fit.build import fit_family

    families, problems = [], []
    for t in _families(targets):
        try:
            families.append(fit_family(points, t.family, t.model, t.noise.p if t.p_link is not None else None))
        except ValueError as exc:
            problems.append(f"{store}: {t.family} ({t.model}): {exc}")
    if problems:
        raise FitError(problems)
    return families


def calibrate(
    architectures: Source | Iterable[Source],
    store: str | Path,
    *,
    distances: Iterable[int] = DEFAULT_GRID.distances,
    p_factors: Iterable[float] | None = None,
    p_link_factors: Iterable[float] = DEFAULT_GRID.p_link_factors,
    max_shots: int = MAX_SHOTS,
    max_errors: int = MAX_ERRORS,
    workers: int | None = None,
    scheduler: str | Client | None = None,
    pure_family: bool = False,
    fit_only: bool = False,
    out: str | Path | None = None,
    name: str | None = None,
    progress: Progress = None,
    report: Callable[[str], None] | None = None,
    command: str | None = None,
    code: str | None = None,
    decoder: str = "relay-bp",
    rounds: int | None = None,
) -> Calibration:
    """Sample memory, surgery and seam experiments for the architectures, fit them, write and return the calibration.

    architectures: an Architecture, a YAML path or a dict, or a list of them (one noise model
        at one p per noise family); every file's problems are raised at once (SpecError).
    store: the sinter CSV stats store, created or appended to, and resumed from.
    distances: odd code distances, at least two. p_factors: multiples of the hardware's p to
        sample (default: DEFAULT_GRID's; BLOCK_P_FACTORS for BB codes). p_link_factors: multiples
        of the link's p_link to sample seams at (multi-module machines only).
    max_shots, max_errors: a task stops at either (relative uncertainty ~ 1/sqrt(max_errors)).
    workers: local sampling processes (default: the CPU count). scheduler: sample on this Dask
        scheduler's workers instead (an address, tcp://HOST:8786, or a distributed.Client).
    pure_family: sample the pure noise family at the two-qubit rate, ignoring other rates.
    fit_only: fit the store's results for this grid without sampling.
    out: the calibration JSON to write (default: the store's name with .calibration.json);
        name: the calibration's name (default: the out file's stem).
    progress: a ProgressDisplay mode ('auto', 'terminal', 'log') to show sampling on stderr, or
        a callable given each `sinter.Progress`; None shows nothing.
    report: called with the fits table and each seam's held-out summary once the file is written.
    command: what to record as the calibration's `made_by` (default: this call, written out).
    code: the code family (rotated_surface, gross, two_gross; default: the architectures' `code.family`).
        For a BB family (`run_blocks`) BB memories in both bases are sampled at the p_factors
        (distances and p_link_factors are not used), decoded by `decoder` (relay-bp or bposd),
        `rounds` cycles per shot (default: the code's distance), and the block law is written under
        the calibration's `blocks` (the other sections: the default calibration's).

    Raises InvalidArgument (naming the parameter), SpecError, StoreError, ClusterError, FitError,
    WriteError, or ValueError for a grid the noise model cannot take (e.g. an even distance);
    KeyboardInterrupt leaves every recorded result in the store, and the same call resumes.
    """
    from ftplanner.fit.build import make_calibration

    sources = _loaded(architectures)
    grid = _grid(distances, DEFAULT_GRID.p_factors if p_factors is None else p_factors, p_link_factors)
    max_shots = _whole("max_shots", max_shots, 1)
    max_errors = _whole("max_errors", max_errors, 1)
    if scheduler is not None and workers is not None:
        raise InvalidArgument("workers", "not used with scheduler (the cluster's workers sample)")
    workers = (os.cpu_count() or 1) if workers is None else _whole("workers", workers, 1, MAX_WORKERS)
    if isinstance(progress, str) and progress not in PROGRESS_MODES:
        raise InvalidArgument("progress", f"expected one of {', '.join(PROGRESS_MODES)} or a callable, got {progress!r}")
    store = Path(store)
    out = Path(out) if out is not None else store.with_name(store.stem + ".calibration.json")
    name = name or out.name.removesuffix(".json")

    targets = [target(arch, pure_family) for _, arch in sources]
    check_targets(targets)
    families = {code_family(arch, code) for _, arch in sources}
    if len(families) > 1:
        raise InvalidArgument("code", f"the architectures use several code families ({', '.join(sorted(families))}); "
                                      f"calibrate one at a time")
    if (family := families.pop()) != "rotated_surface":
        grid_b = block_grid(family, BLOCK_P_FACTORS if p_factors is None else grid.p_factors, rounds, decoder)
        words = [f"code={family!r}", f"decoder={decoder!r}"] + ([f"rounds={rounds}"] if rounds is not None else [])
        calibration = calibrate_blocks(
            targets, store, grid_b, name=name, max_shots=max_shots, max_errors=max_errors, fit_only=fit_only,
            report=report, sample=lambda task_list: _dispatch(task_list, store, max_shots, max_errors, workers,
                                                              progress, scheduler),
            command=command or _call(sources, store, replace(grid, p_factors=grid_b.p_factors), max_shots,
                                     max_errors, pure_family, out, name, words))
        _write(calibration, out)
        return replace(calibration, path=str(out))
    if not fit_only:
        _dispatch(make_tasks(targets, grid), store, max_shots, max_errors, workers, progress, scheduler)
    points = in_grid(points_frame(read_stats(read_store(store))), targets, grid)
    families = _fit(points, targets, store)
    calibration = make_calibration(
        families, name=name,
        command=command or _call(sources, store, grid, max_shots, max_errors, pure_family, out, name),
        store=str(store), noise_models={t.family: {"label": t.model, **asdict(t.noise)} for t in _families(targets)},
        grid={"distances": list(grid.distances), "p_factors": list(grid.p_factors),
              "p_link_factors": list(grid.p_link_factors), "max_shots": max_shots, "max_errors": max_errors})
    _write(calibration, out)
    if report is not None:
        from ftplanner.fit.table import fits_table

        report(fits_table([law for f in families for law in f.laws], min(t.noise.p for t in targets)))
        for f in families:
            if f.holdout is not None:
                report(f"seam {f.family}: {f.holdout.describe()}")
    return replace(calibration, path=str(out))


def _write(calibration: Calibration, out: Path) -> None:
    from ftplanner.fit.build import write_calibration

    try:
        write_calibration(calibration, out)
    except OSError as exc:
        raise WriteError(f"{out}: cannot write the calibration ({exc.strerror})") from None


def fit_stores(stores: str | Path | Iterable[str | Path], *, p_max: float | None = None) -> AllFits:
    """Every fit the results in the stores allow (`ftplanner.fit.build.fit_all`): memory and surgery
    per noise model (to points with p <= p_max only, if given) and each seam, with held-out checks.

    StoreError if a store cannot be read or no result has d and p metadata; a fit that fails is a
    line in the result's `problems`.
    """
    from ftplanner.fit.build import fit_all

    paths = [stores] if isinstance(stores, (str, Path)) else list(stores)
    if p_max is not None and (isinstance(p_max, bool) or not isinstance(p_max, numbers.Real) or not 0 <= p_max <= 0.5):
        raise InvalidArgument("p_max", f"expected a number in [0, 0.5], got {p_max!r}")
    points = points_frame(read_stats([stat for path in paths for stat in read_store(path)]))
    if points.empty:
        raise StoreError(f"{', '.join(map(str, paths))}: no results with d and p metadata to fit")
    return fit_all(points, p_max)
