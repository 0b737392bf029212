"""Plot helpers for plans and sweeps; each returns a matplotlib Figure, and the HTML report inlines them as SVG.

Figures are built without pyplot (no global state, no GUI backend), so the same helpers serve
scripts, tests, notebooks (Jupyter displays a returned Figure under `%matplotlib inline`) and the HTML report.
"""

from __future__ import annotations

import functools
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullFormatter

from ftplanner.architecture.units import SECONDS_PER_UNIT, display_unit, format_duration
from ftplanner.physics.error_law import ErrorLaw
from ftplanner.plan.result import Plan
from ftplanner.report.summary import human_count

if TYPE_CHECKING:
    import pandas as pd

COLORS = {
    "data": "#2f6db5",
    "routing": "#9cc0e8",
    "factories": "#e0872b",
    "binding": "#c2372f",
    "other": "#8b96a5",
    "share": "#dfe4ea",
    "point": "#222222",
}
BOUND_LABELS = {
    "logical_clock": "logical clock",
    "magic_supply": "magic-state supply",
    "decoder_reaction": "decoder reaction",
    "bell_pair_supply": "Bell-pair supply",
}
PART_LABELS = {
    "logical": "logical (memory, surgery)",
    "magic": "magic states",
    "rotation_synthesis": "rotation synthesis",
    "network": "network (link seams)",
}
STYLE = {
    "font.size": 9,
    "font.family": "sans-serif",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": True,
    "grid.color": "#e6e6e6",
    "legend.frameon": False,
    "svg.fonttype": "none",  # text stays text: smaller files, selectable, the page's font
}
WIDTH_IN = 9.0
SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def styled(plot):
    """Build the figure under the report's style (rcParams are read when artists are made)."""

    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(STYLE):
            return plot(*args, **kwargs)

    return wrapper


def new_figure(height_in: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
    return fig, fig.add_subplot()


def _count_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: human_count(x) if x else "0"))


def sci(x: float, digits: int = 3) -> str:
    """2.54e-3 -> '2.54 × 10⁻³' in plain text (real superscripts, narrow spaces)."""
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    return f"{float(mantissa):.{digits}g}\u202f\u00d7\u202f10{str(int(exponent)).translate(SUPERSCRIPT)}"


def _percent(ratio: float) -> str:
    return "<1%" if 0 < ratio < 0.01 else f"{ratio:.0%}"


def _power_of_ten(x: float, _pos=None) -> str:
    """Decade tick labels as plain text (10⁻⁶), which renders faster and smaller than mathtext."""
    exponent = round(math.log10(x)) if x > 0 else 0
    return f"10{str(exponent).translate(SUPERSCRIPT)}" if x > 0 and math.isclose(x, 10.0 ** exponent) else ""


def _log_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(_power_of_ten))
    axis.set_minor_formatter(NullFormatter())


def to_svg(fig: Figure, name: str) -> str:
    """The figure as an inline <svg> element, its ids prefixed with `name` so several SVGs can share a page.

    No metadata and a fixed id salt: regenerated reports are byte-identical.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": name}):
        fig.savefig(buffer, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    return re.sub(r'(\bid="|href="#|url\(#)', rf"\g<1>{name}-", text[text.index("<svg"):])


# ---- resource breakdown -------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleShare:
    """Physical qubits of each of `count` identical modules, split into data, routing and factories."""

    count: int
    tiles: int
    factories: int
    data: float
    routing: float
    factory_qubits: int
    capacity: int | None
    placed: bool = True

    @property
    def used(self) -> float:
        return self.data + self.routing + self.factory_qubits

    @property
    def label(self) -> str:
        if not self.placed:
            return "whole machine (not placed)"
        modules = f"{self.count} module{'s' if self.count > 1 else ''}"
        return f"{modules}: {self.tiles:,} tiles, {self.factories} factor{'ies' if self.factories != 1 else 'y'}"


def module_shares(plan: Plan) -> list[ModuleShare]:
    """Per module group: data (one tile per logical qubit), routing (the block's other tiles) and factories.

    The placement does not say which tiles of a module route, so each module gets the data
    block's data fraction (logical qubits / tiles) of its tiles. Unplaced designs give one row;
    capacity is None when the architecture sets no module size.
    """
    if not plan.code_distance or not plan.layout_tiles or plan.physical_qubits_data is None:
        return []  # stopped before it was sized (no factory, too many qubits): nothing to break down
    tile_qubits = plan.physical_qubits_data / plan.layout_tiles
    data_fraction = min(1.0, plan.logical_qubits / plan.layout_tiles)
    factory_qubits = plan.factory.physical_qubits if plan.factory else 0

    def share(count, tiles, factories, capacity, placed=True):
        qubits = tiles * tile_qubits
        return ModuleShare(count, tiles, factories, qubits * data_fraction, qubits * (1 - data_fraction),
                           factories * factory_qubits, capacity, placed)

    if plan.placement and plan.placement.groups:
        limited = plan.assumptions["architecture"]["modules"].get("physical_qubits") is not None
        return [share(g.count, g.tiles, g.factories, g.capacity if limited else None) for g in plan.placement.groups]
    return [share(1, plan.layout_tiles, plan.factories, None, placed=False)]


@styled
def module_breakdown(plan: Plan) -> Figure:
    """A stacked bar per module group (data, routing, factories) against the module capacity."""
    shares = module_shares(plan)
    if not shares:
        raise ValueError(f"plan {plan.name!r} has no code distance, so no physical layout: {plan.reason}")
    fig, ax = new_figure(0.9 + 0.42 * len(shares))
    y = np.arange(len(shares))[::-1]
    left = np.zeros(len(shares))
    for part, key in (("data", "data"), ("routing", "routing"), ("factories", "factory_qubits")):
        values = np.array([getattr(s, key) for s in shares], dtype=float)
        ax.barh(y, values, left=left, height=0.6, color=COLORS[part], label=part)
        left += values
    capacities = [(yi, s.capacity) for yi, s in zip(y, shares) if s.capacity]
    if capacities:
        ax.vlines([c for _, c in capacities], [yi - 0.4 for yi, _ in capacities], [yi + 0.4 for yi, _ in capacities],
                  color=COLORS["point"], linewidth=1.5, label="module capacity")
    ax.set_yticks(y, [s.label for s in shares])
    ax.set_xlabel("physical qubits per module")
    _count_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4)
    return fig


# ---- failure budget -----------------------------------------------------------------------


@styled
def failure_budget(plan: Plan) -> Figure:
    """Each part's share of the failure budget (wide grey bar) and what the plan uses of it (narrow bar)."""
    parts = [p for p in PART_LABELS if plan.budget.get(p, 0) > 0 or plan.failures.get(p, 0) > 0]
    if not plan.failures or not parts:
        raise ValueError(f"plan {plan.name!r} has no failure breakdown: {plan.reason}")
    fig, ax = new_figure(0.8 + 0.45 * len(parts))
    y = np.arange(len(parts))[::-1]
    share = np.array([plan.budget.get(p, 0.0) for p in parts])
    used = np.array([plan.failures.get(p, 0.0) for p in parts])
    ax.barh(y, share, height=0.7, color=COLORS["share"], label="budget share")
    ax.barh(y, used, height=0.3, color=[COLORS["binding"] if u > s else COLORS["data"] for u, s in zip(used, share)],
            label="used")
    ax.set_xscale("log")
    _log_axis(ax.xaxis)
    positive = np.concatenate([share[share > 0], used[used > 0]])
    ax.set_xlim(positive.min() / 20, positive.max() * 20)
    for yi, s, u in zip(y, share, used):
        text = (f"{u:.2g}" if u >= 1e-3 or u == 0 else sci(u, 2)) + (f"  ({_percent(u / s)} of share)" if s > 0 else "")
        ax.annotate(text, (max(u, s, ax.get_xlim()[0]), yi), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_yticks(y, [PART_LABELS[p] for p in parts])
    ax.set_xlabel("failure probability per run")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2)
    return fig


# ---- runtime bounds -----------------------------------------------------------------------


@styled
def runtime_bounds(plan: Plan) -> Figure:
    """Each lower bound on the runtime; the slowest (the binding constraint) is highlighted."""
    if not plan.runtime_bounds_s:
        raise ValueError(f"plan {plan.name!r} has no runtime bounds: {plan.reason}")
    names = list(plan.runtime_bounds_s)
    values = np.array([plan.runtime_bounds_s[n] for n in names])
    fig, ax = new_figure(0.6 + 0.42 * len(names))
    y = np.arange(len(names))[::-1]
    unit = display_unit(values.max()) if values.max() > 0 else "s"  # the unit people would say
    scaled = values / SECONDS_PER_UNIT.get(unit, 1.0)
    ax.barh(y, scaled, height=0.6, color=[COLORS["binding"] if n == plan.binding_constraint else COLORS["other"] for n in names])
    for yi, n, v, x in zip(y, names, values, scaled):
        label = format_duration(v) + ("  (binds)" if n == plan.binding_constraint else "") if v > 0 else "none"
        ax.annotate(label, (x, yi), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_xlim(0, scaled.max() * 1.3 if scaled.max() > 0 else 1)
    ax.set_yticks(y, [BOUND_LABELS.get(n, n) for n in names])
    ax.set_xlabel(f"runtime if this were the only limit ({unit})")
    ax.grid(axis="y", visible=False)
    return fig


# ---- network ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkGroup:
    """Topology links that carry the same load: the first one's ends, how many are alike, and the load of each."""

    ends: tuple[str, str]
    alike: int
    remote_operations_per_s: float
    bell_pairs_per_s: float
    raw_bell_pairs_per_s: float
    links: int
    capacity: float
    utilisation: float  # run average / capacity
    concurrent_merges: int
    peak_raw_bell_pairs_per_s: float  # while its merges run

    @property
    def label(self) -> str:
        return f"{self.ends[0]}\u2013{self.ends[1]}" + (f" ({self.alike:,} alike)" if self.alike > 1 else "")


def link_groups(plan: Plan) -> list[LinkGroup]:
    """The plan's topology links, identical loads merged, the highest peak demand first."""
    groups: dict[tuple, list] = {}
    for link in plan.network.links:
        key = (float(f"{link.peak_raw_bell_pairs_per_s:.9g}"), float(f"{link.raw_bell_pairs_per_s:.9g}"),
               float(f"{link.bell_pairs_per_s:.9g}"), link.links)
        groups.setdefault(key, []).append(link)
    merged = [LinkGroup(tuple(first.ends), sum(link.count for link in alike), first.remote_operations_per_s,
                        first.bell_pairs_per_s, first.raw_bell_pairs_per_s, first.links, first.capacity_bell_pairs_per_s,
                        first.utilisation, first.concurrent_merges, first.peak_raw_bell_pairs_per_s)
              for alike in groups.values() for first in alike[:1]]
    return sorted(merged, key=lambda g: (-g.peak_raw_bell_pairs_per_s, -g.raw_bell_pairs_per_s))


@styled
def bell_pair_demand(plan: Plan, top: int = 12) -> Figure:
    """Per link (identical ones merged, the `top` busiest): raw Bell pairs/s on average and at the peak of its
    merges, against the capacity of its links."""
    groups = link_groups(plan)[:top] if plan.network.links else []
    if not groups:
        raise ValueError(f"plan {plan.name!r} has no links: {plan.reason or 'it fits on one module'}")
    fig, ax = new_figure(0.9 + 0.42 * len(groups))
    y = np.arange(len(groups))[::-1]
    capacity = np.array([g.capacity for g in groups])
    delivered = np.array([g.bell_pairs_per_s for g in groups])
    raw = np.array([g.raw_bell_pairs_per_s for g in groups])
    peak = np.array([g.peak_raw_bell_pairs_per_s for g in groups])
    ax.barh(y, peak, height=0.86, fill=False, edgecolor=COLORS["binding"], linewidth=1.0,
            label="peak, while its merges run")
    ax.barh(y, capacity, height=0.72, color=COLORS["share"], label="capacity of its links")
    ax.barh(y, delivered, height=0.36, color=COLORS["data"], label="pairs delivered")
    ax.barh(y, raw - delivered, left=delivered, height=0.36, color=COLORS["routing"], label="distillation and swap overhead")
    for yi, g in zip(y, groups):
        over = g.peak_raw_bell_pairs_per_s / g.capacity if g.capacity else 0.0
        note = f", peak {over:.2g}\u00d7 capacity" if over > 1 + 1e-9 else ""
        ax.annotate(f"{g.links} link{'s' if g.links > 1 else ''}, {_percent(g.utilisation)} used{note}",
                    (max(g.capacity, g.raw_bell_pairs_per_s, g.peak_raw_bell_pairs_per_s), yi), xytext=(4, 0),
                    textcoords="offset points", va="center")
    ax.set_xlim(0, max(capacity.max(), raw.max(), peak.max()) * 1.3)
    ax.set_yticks(y, [g.label for g in groups])
    ax.set_xlabel("Bell pairs per second")
    _count_axis(ax.xaxis)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2)
    return fig


# ---- calibration --------------------------------------------------------------------------


def plan_error_law(plan: Plan) -> ErrorLaw:
    """The memory law the plan used, rebuilt from its recorded assumptions."""
    law = plan.assumptions["resolved"]["error_law"]
    return ErrorLaw(A=law["A"], threshold=law["threshold"], per=law["per"], source=law["source"])


def calibration_points(stats_csv: str | Path, z: float = 1.96) -> pd.DataFrame:
    """Per-round logical error of the memory experiments in a sinter CSV, with a Wilson interval per (d, p).

    Tasks are read and converted per round as the fits do (`ftplanner.fit.points`), then pooled
    per (d, p, rounds); the interval is taken on the per-shot rate and converted the same way.
    """
    # imported here: it loads sinter and stim, which only this helper needs
    from ftplanner.fit.points import per_round, points_frame, read_stats

    points = points_frame(read_stats(stats_csv))
    pooled = points[points["kind"] == "memory"].groupby(["d", "p", "rounds"], as_index=False)[["shots", "errors"]].sum()
    n, k = pooled["shots"].to_numpy(float), pooled["errors"].to_numpy(float)
    rate = k / n
    centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    rounds = pooled["rounds"]
    return pooled.assign(per_round=per_round(rate, rounds), low=per_round(np.maximum(centre - half, 0), rounds),
                         high=per_round(centre + half, rounds))


@styled
def calibration(plan: Plan, stats_csv: str | Path | None = None) -> Figure:
    """Logical error per round against p for several d (fitted law), with this machine's (p, d) marked.

    With `stats_csv` (a sinter CSV of memory experiments of the same noise family), the
    measured points are drawn with 95 % Wilson intervals.
    """
    law = plan_error_law(plan)
    points = calibration_points(stats_csv) if stats_csv is not None else None
    ds = {3, 5, 9, 15, 25}
    if plan.code_distance:
        ds.add(plan.code_distance)
    if points is not None:
        ds |= set(points["d"].astype(int))
    ds = sorted(ds)
    p_low = min(plan.p_physical, law.threshold) / 8
    p_high = max(plan.p_physical * 1.5, law.threshold * 1.5)
    if points is not None:
        p_low, p_high = min(p_low, points["p"].min() / 1.5), max(p_high, points["p"].max() * 1.5)
    p = np.geomspace(p_low, p_high, 120)
    fig, ax = new_figure(3.6)
    cmap = matplotlib.colormaps["viridis"]
    for i, d in enumerate(ds):
        colour = cmap(0.9 * i / max(1, len(ds) - 1))
        ax.plot(p, np.minimum(law.per_round(d, p), 0.5), color=colour, linewidth=2.2 if d == plan.code_distance else 1.1,
                label=f"d = {d}" + (" (this plan)" if d == plan.code_distance else ""))
        if points is not None:
            here = points[points["d"] == d]
            if len(here):
                ax.errorbar(here["p"], here["per_round"], yerr=[here["per_round"] - here["low"], here["high"] - here["per_round"]],
                            fmt="o", markersize=3, color=colour, capsize=2, linewidth=0.8)
    ax.axvline(law.threshold, color=COLORS["other"], linestyle=":", linewidth=1)
    ax.annotate(f"threshold {law.threshold:.3g}", (law.threshold, 0.02), xycoords=("data", "axes fraction"),
                xytext=(-3, 0), textcoords="offset points", ha="right", va="bottom", rotation=90, color=COLORS["other"])
    ax.axvline(plan.p_physical, color=COLORS["binding"], linewidth=1,
               label=None if plan.code_distance else f"this machine: p = {plan.p_physical:.3g} (no distance found)")
    if plan.code_distance:
        ax.plot([plan.p_physical], [law.per_round(plan.code_distance, plan.p_physical)], marker="*", markersize=13,
                color=COLORS["binding"], linestyle="none", label=f"this machine: p = {plan.p_physical:.3g}, d = {plan.code_distance}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    _log_axis(ax.xaxis)
    _log_axis(ax.yaxis)
    y_floor = 1e-18 if not plan.code_distance else min(1e-12, law.per_round(plan.code_distance, plan.p_physical) / 100)
    ax.set_ylim(y_floor, 1)
    ax.set_xlim(p_low, p_high)
    family = plan.assumptions["resolved"]["error_law"]["family"]
    ax.set_xlabel(f"physical error p ({family} noise family)")
    ax.set_ylabel("logical error per round")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig
