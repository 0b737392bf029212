"""A sweep's feasible designs and their Pareto frontier, drawn so that every axis reads.

One dot per distinct (x, y) point: designs that land on the same point (a field that does not
change x or y) are drawn once. Each axis is logarithmic only where its data span a decade or
more, so its ticks fall inside the data (a runtime of 2.5-2.7 days has no power of ten inside
it, and a log axis would label none); durations (`_s` columns) are drawn in the unit they read
in (d, h, ...) and every label carries its unit. A colour scale is drawn only when `colour_by`
takes more than one value and one value per point; otherwise the legend says why not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ftplanner.architecture.units import SECONDS_PER_UNIT, display_unit
from ftplanner.plan.columns import COLUMNS
from ftplanner.report.plots import COLORS, new_figure, styled
from ftplanner.report.summary import human_count

if TYPE_CHECKING:
    import pandas as pd

UNITS = {column.name: column.unit for column in COLUMNS}
DECADE = 10.0  # an axis whose largest value is this many times its smallest (or more) is logarithmic


def _display(column: str, values, unit: str) -> tuple[float, str, bool]:
    """(seconds per unit, unit, is a duration) of a column as drawn: durations (`_s`, in s) in the unit their
    largest value reads in."""
    if column.endswith("_s") and unit == "s":
        shown = display_unit(float(np.max(values)))
        return SECONDS_PER_UNIT[shown], shown, True
    return 1.0, unit, False


def axis_label(column: str, unit: str, duration: bool = False) -> str:
    """'runtime (d)', 'physical qubits', 'links', 'network.link.latency_us (us)': the name and the unit it lacks
    (a `duration` column loses its `_s`: `unit` says what it is drawn in)."""
    base = column.removesuffix("_s") if duration else column
    base = base.replace("_", " ") if "." not in base else base
    said = base.endswith(" per s") or f" {base.lower()}".endswith(f" {unit.lower()}")  # "physical qubits", "t states"
    return f"{base} ({unit})" if unit and not said else base


def _tick_text(value: float) -> str:
    return human_count(value) if abs(value) >= 1000 else f"{value:.3g}"


def _draw_axis(ax, which: str, values: np.ndarray) -> None:
    """Log where `values` span a decade (ticks at 1, 2, 5 per decade when they span less than three), else linear;
    a swept field of a few well-spaced values is labelled at exactly those values."""
    axis, grid = getattr(ax, f"{which}axis"), np.unique(values)
    low, high = float(values.min()), float(values.max())
    if low > 0 and high >= DECADE * low:
        getattr(ax, f"set_{which}scale")("log")
        axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0) if high < 1000 * low else (1.0,)))
        axis.set_minor_formatter(NullFormatter())
    if 1 < len(grid) <= 10 and np.all(grid[1:] / grid[:-1] >= 1.25):
        axis.set_ticks(grid)
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _tick_text(v)))


def _colour_note(ok: pd.DataFrame, x: str, y: str, colour_by: str) -> str | None:
    """Why `colour_by` is not drawn as a colour scale (None when it is)."""
    if ok[colour_by].nunique() <= 1:
        return f"{colour_by} = {_tick_text(float(ok[colour_by].iloc[0]))} throughout"
    if (ok.groupby([x, y], sort=False)[colour_by].nunique() > 1).any():
        return f"{colour_by} not coloured: designs at one point differ in it"
    return None


@styled
def frontier(frame: pd.DataFrame, front: pd.DataFrame, x: str = "physical_qubits", y: str = "runtime_s",
             colour_by: str | None = None, units: dict | None = None) -> Figure:
    """The feasible designs of a sweep and its Pareto frontier over x and y, as a matplotlib Figure.

    `front` is the frontier, one row per point (`ftplanner.sweeps.pareto_frontier(frame, [x, y])`,
    whose `tied_designs` counts the designs at each); `units` gives the unit of a column the
    output table does not know (a swept field's, e.g. "ns").
    """
    units = {**UNITS, **(units or {})}
    ok = frame[frame["feasible"].astype(bool)] if "feasible" in frame else frame
    fig, ax = new_figure(3.8)
    if ok.empty:
        ax.text(0.5, 0.5, "no feasible design in this sweep", ha="center", va="center", transform=ax.transAxes)
        return fig
    points = ok.drop_duplicates([x, y])
    (scale_x, unit_x, time_x), (scale_y, unit_y, time_y) = (_display(c, ok[c], units.get(c, "")) for c in (x, y))
    note = _colour_note(ok, x, y, colour_by) if colour_by else None
    px, py = points[x].to_numpy(float) / scale_x, points[y].to_numpy(float) / scale_y
    if colour_by and note is None:
        dots = ax.scatter(px, py, c=points[colour_by].to_numpy(float), cmap="viridis", s=24, zorder=2)
        fig.colorbar(dots, ax=ax, label=axis_label(colour_by, units.get(colour_by, "")))
    else:
        ax.scatter(px, py, color=COLORS["other"], s=24, zorder=2)
    line = front.sort_values(x)
    fx, fy = line[x].to_numpy(float) / scale_x, line[y].to_numpy(float) / scale_y
    tied = int(line["tied_designs"].sum()) if "tied_designs" in line else len(line)
    ax.step(fx, fy, where="post", color=COLORS["binding"], linewidth=1.2, zorder=1)
    label = f"Pareto frontier: {len(line)} of {len(points)} points" + (f" ({tied} designs tie there)" if tied > len(line) else "")
    ax.scatter(fx, fy, facecolors="none", edgecolors=COLORS["binding"], s=80, linewidths=1.2, label=label, zorder=3)
    for which, column, data, unit, duration in (("x", x, px, unit_x, time_x), ("y", y, py, unit_y, time_y)):
        _draw_axis(ax, which, data)
        getattr(ax, f"set_{which}label")(axis_label(column, unit, duration))
    dropped = len(frame) - len(ok)
    notes = [f"{len(ok)} feasible designs"] + ([f"{dropped} infeasible not shown"] if dropped else []) + ([note] if note else [])
    ax.legend(loc="best", title="; ".join(notes))
    return fig
