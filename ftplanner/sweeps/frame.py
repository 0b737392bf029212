"""SweepFrame: the DataFrame a sweep returns, with `.pareto()` and `.plot_frontier()` (pandas is imported here)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# pandas' name for the values of an object array -> a nullable column type
_DTYPES = {"integer": "Int64", "boolean": "boolean", "floating": "Float64", "mixed-integer-float": "Float64",
           "empty": "Float64"}
_NUMPY = {"Int64": np.int64, "boolean": bool, "Float64": float}


def typed(values: np.ndarray):
    """A planner column with a proper type: an object array of numbers or booleans becomes numeric,
    numpy when nothing is missing, else nullable Int64/boolean or float with NaN (all missing: NaN,
    so a numeric column stays numeric when no point has a value). Strings stay Python objects:
    pandas' own string type would cost more to build than the planner takes to plan the points."""
    if values.dtype != object:
        return values
    strings = any(isinstance(v, str) for v in values[:100])  # a string column: skip scanning it all
    dtype = None if strings else _DTYPES.get(pd.api.types.infer_dtype(values, skipna=True))
    if dtype is None:
        return pd.Series(values, dtype=object, copy=False)
    column = pd.array(values, dtype=dtype)
    if not column.isna().any():
        return column.to_numpy(_NUMPY[dtype])
    return column.to_numpy(float, na_value=np.nan) if dtype == "Float64" else column


class SweepFrame(pd.DataFrame):
    """One row per design point: the varied paths (one column each), then the plan's CSV columns."""

    @property
    def _constructor(self):
        return SweepFrame

    def pareto(self, objectives=("physical_qubits", "runtime_s")) -> pd.DataFrame:
        """The feasible rows no other feasible row beats on every objective (see `ftplanner.sweeps.pareto_frontier`)."""
        from ftplanner.sweeps.pareto import pareto_frontier

        return pareto_frontier(self, objectives)

    def plot_frontier(self, x: str = "physical_qubits", y: str = "runtime_s", colour_by: str | None = None):
        """The feasible designs and their frontier over x and y, as a matplotlib Figure (`ftplanner.plot_frontier`)."""
        from ftplanner.sweeps.plot import plot_frontier

        return plot_frontier(self, x=x, y=y, colour_by=colour_by)
