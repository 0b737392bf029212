"""The Pareto frontier of a sweep over any numeric columns, all minimised, in O(n log n) for two objectives.

A design is on the frontier when no feasible design is at least as good on every objective and
better on one. Designs with the same objective values tie: they are one point of the frontier,
and the frontier keeps the simplest of them (the least on TIE_BREAK, then the first in the
sweep) and counts them in its `tied_designs` column. A grid whose last field does not change
the objectives (the lowest error rate wins whatever the module size) then has a frontier of one
point, not a frontier of copies of it. The plots (`ftplanner.sweeps.plot_frontier`) draw the
same points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ftplanner.errors import InvalidArgument
from ftplanner.sweeps.defaults import DEFAULT_OBJECTIVES

if TYPE_CHECKING:
    import pandas as pd

# among designs that tie on every objective, the one kept has the least of these, in order (objectives skipped)
TIE_BREAK = ("physical_qubits", "runtime_s", "modules", "links", "raw_bell_pairs_per_s", "factories")
TIED = "tied_designs"
BLOCK = 4096  # rows compared at once when there are more than two objectives


def _sorted_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of `values` in lexicographic order, and each input row's index among them."""
    order = np.lexsort(values.T[::-1])
    ordered = values[order]
    new = np.ones(len(values), bool)
    new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    group = np.cumsum(new) - 1
    inverse = np.empty(len(values), np.int64)
    inverse[order] = group
    return ordered[new], inverse


def _front_2d(unique: np.ndarray) -> np.ndarray:
    """Distinct (x, y) rows in lexicographic order: a row is on the front when it has the least y of its x
    and a y below every y of smaller x."""
    x, y = unique[:, 0], unique[:, 1]
    first_of_x = np.ones(len(x), bool)
    first_of_x[1:] = x[1:] != x[:-1]
    best_before = np.concatenate(([np.inf], np.minimum.accumulate(y)[:-1]))
    return first_of_x & (y < best_before)


def _front_nd(unique: np.ndarray) -> np.ndarray:
    """Distinct rows in lexicographic order: only an earlier row can dominate a row, and for distinct
    rows 'every coordinate <=' means dominates. Block by block: drop rows the front so far beats, then
    compare the few left among themselves (a row the front beats cannot beat one the front spares)."""
    mask = np.zeros(len(unique), bool)
    front = unique[:0]
    for start in range(0, len(unique), BLOCK):
        block = unique[start:start + BLOCK]
        alive = np.flatnonzero(~(front[None, :, :] <= block[:, None, :]).all(axis=2).any(axis=1))
        left = block[alive]
        beaten = np.tril((left[None, :, :] <= left[:, None, :]).all(axis=2), k=-1).any(axis=1)  # [i, j]: j <= i
        alive = alive[~beaten]
        mask[start + alive] = True
        front = np.concatenate([front, block[alive]])
    return mask


def nondominated(values: np.ndarray) -> np.ndarray:
    """True for the rows of an (n, k) array that no other row beats (all columns minimised; ties all kept)."""
    values = np.asarray(values, float)
    if len(values) == 0:
        return np.zeros(0, bool)
    unique, inverse = _sorted_unique(values)
    front = _front_2d(unique) if values.shape[1] == 2 else _front_nd(unique)
    return front[inverse]


def tie_breakers(frame: pd.DataFrame, objectives) -> list[str]:
    """The TIE_BREAK columns that decide between tied designs of `frame`: those it has that are not objectives."""
    return [c for c in TIE_BREAK if c in frame.columns and c not in objectives]


def pareto_frontier(frame: pd.DataFrame, objectives=DEFAULT_OBJECTIVES) -> pd.DataFrame:
    """The feasible rows of `frame` on the Pareto frontier of `objectives` (numeric columns, all
    minimised), one row per frontier point, sorted by the objectives in order; rows with a missing
    objective value are left out. Of designs that tie on every objective the row kept is the least
    on `tie_breakers(frame, objectives)`, then the first; the added column `tied_designs` counts
    the designs at its point (1 when none ties with it). An objective that is not a numeric
    column raises InvalidArgument (of `objectives`)."""
    import pandas as pd

    objectives = list(objectives)
    if not objectives:
        raise InvalidArgument("objectives", f"give at least one objective, e.g. {','.join(DEFAULT_OBJECTIVES)}")
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    for name in objectives:
        if name not in numeric:
            what = "is not a numeric column" if name in frame.columns else "is not a column"
            raise InvalidArgument("objectives", f"{name!r} {what}; objectives are numeric columns such as "
                                                f"{', '.join(numeric[:8])}")
    values = np.column_stack([frame[name].to_numpy(float, na_value=np.nan) for name in objectives])
    feasible = frame["feasible"].to_numpy(bool) & np.isfinite(values).all(axis=1)
    rows = np.flatnonzero(feasible)
    front = frame.iloc[rows[nondominated(values[rows])]]
    front = front.sort_values(objectives + tie_breakers(frame, objectives), kind="stable", na_position="last")
    first = ~front.duplicated(objectives).to_numpy()
    tied = np.bincount(np.cumsum(first) - 1, minlength=int(first.sum()))
    return front[first].assign(**{TIED: tied})
