"""A sweep's frontier drawn: the sweep marks its Pareto points, `ftplanner.report.plots` draws them."""

from __future__ import annotations

import numpy as np

from ftplanner.sweeps.pareto import nondominated


def plot_frontier(frame, x: str = "physical_qubits", y: str = "runtime_s", colour_by: str | None = None):
    """A sweep's feasible designs and their Pareto frontier over x and y (both minimised), as a matplotlib Figure."""
    # imported here: matplotlib is slow to import
    from ftplanner.report.plots import frontier

    ok = frame[frame["feasible"].astype(bool)] if "feasible" in frame else frame
    on_frontier = nondominated(np.column_stack([ok[x].to_numpy(float), ok[y].to_numpy(float)]))
    return frontier(frame, on_frontier, x=x, y=y, colour_by=colour_by)
