"""`sweep()`: plan every point of a grid of varied fields through the vectorized planner, chunk by chunk."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ftplanner.architecture import Architecture, load_architecture
from ftplanner.calibration import Calibration, load_calibration
from ftplanner.plan.batch import plan_rows
from ftplanner.plan.columns import CSV_COLUMNS
from ftplanner.sweeps.grid import CHUNK_POINTS, Grid
from ftplanner.sweeps.paths import check_path, coerce, validate
from ftplanner.sweeps.specs import MAX_POINTS, check_points, parse_spec

if TYPE_CHECKING:
    from ftplanner.sweeps.frame import SweepFrame

Progress = Callable[[int, int], None]  # (points done, points in all), called after each chunk


def as_architecture(source: Architecture | str | Path | dict) -> Architecture:
    """An Architecture as given, or loaded from a YAML path or a dict (SpecError with file:line problems)."""
    return source if isinstance(source, Architecture) else load_architecture(source)


def make_grid(arch: Architecture, vary: Mapping[str, object] | None, max_points: int = MAX_POINTS) -> Grid:
    """The validated grid for `vary`: path -> a SPEC string ('1e-4..1e-3:10:log'), a number or numbers
    (InvalidArgument of `vary` if a path or value is not valid, of `max_points` if the grid is larger)."""
    check_points((), max_points)
    axes = {}
    for path, spec in (vary or {}).items():
        check_path(path, "vary")
        values = parse_spec(spec, f"{path}={spec}", "vary", max_points) if isinstance(spec, str) else spec
        axes[path] = coerce(path, np.atleast_1d(values), "vary")
        check_points(tuple(len(v) for v in axes.values()), max_points)
    validate(arch, axes, "vary")
    return Grid(axes)


def run_grid(arch: Architecture, grid: Grid, calibration: Calibration | None = None, *,
             chunk_points: int = CHUNK_POINTS, progress: Progress | None = None) -> SweepFrame:
    """Plan every grid point: the varied paths' columns, then CSV_COLUMNS, one row per point in grid order."""
    # imported here: pandas doubles the package's import time
    from ftplanner.sweeps.frame import SweepFrame, typed

    calibration = calibration or load_calibration(arch.calibration)
    columns: dict[str, np.ndarray] = {}
    done = 0
    for overrides in grid.chunks(chunk_points):
        rows = plan_rows(arch, overrides, calibration)
        stop = done + len(rows[CSV_COLUMNS[0]])
        for name, values in (*overrides.items(), *((c, rows[c]) for c in CSV_COLUMNS)):
            _store(columns, name, np.asarray(values), done, stop, grid.size)
        done = stop
        if progress:
            progress(done, grid.size)
    return SweepFrame({name: typed(values) for name, values in columns.items()}, copy=False)


def _store(columns: dict[str, np.ndarray], name: str, values: np.ndarray, start: int, stop: int, size: int) -> None:
    """Write a chunk's values into the column's preallocated array (widened if a chunk needs a wider type)."""
    column = columns.get(name)
    if column is None:
        column = columns[name] = np.empty(size, dtype=values.dtype)
    elif np.result_type(column.dtype, values.dtype) != column.dtype:
        column = columns[name] = column.astype(np.result_type(column.dtype, values.dtype))
    column[start:stop] = values


def sweep(architecture: Architecture | str | Path | dict, vary: Mapping[str, object] | None = None, *,
          calibration: Calibration | None = None, chunk_points: int = CHUNK_POINTS,
          progress: Progress | None = None, max_points: int = MAX_POINTS) -> SweepFrame:
    """Plan the full grid of `vary` (dotted path -> SPEC string, number or numbers, in the field's own
    unit) around `architecture` (an Architecture, a YAML path or a dict); one row per point, the first
    path varying slowest. Bad paths or values raise InvalidArgument (of `vary`), and a grid of more than
    `max_points` points InvalidArgument (of `max_points`), before anything is planned."""
    arch = as_architecture(architecture)
    return run_grid(arch, make_grid(arch, vary, max_points), calibration, chunk_points=chunk_points, progress=progress)
