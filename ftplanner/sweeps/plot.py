"""A sweep's frontier drawn: the sweep finds its Pareto points, `ftplanner.report.frontier` draws them."""

from __future__ import annotations

from ftplanner.architecture.sweepable import unit
from ftplanner.plan.batch import SWEEPABLE
from ftplanner.sweeps.pareto import pareto_frontier


def plot_frontier(frame, x: str = "physical_qubits", y: str = "runtime_s", colour_by: str | None = None):
    """A sweep's feasible designs and their Pareto frontier over x and y (both minimised), as a matplotlib Figure."""
    # imported here: matplotlib is slow to import
    from ftplanner.report.frontier import frontier

    units = {c: unit(c) for c in (x, y, colour_by) if c in SWEEPABLE}
    return frontier(frame, pareto_frontier(frame, [x, y]), x=x, y=y, colour_by=colour_by, units=units)
