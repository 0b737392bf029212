"""Factory tables for many error rates at once: fixed candidate designs per interval of p_phys, their numbers
interpolated between exact evaluations.

Why. The candidate search (search.py) takes ~50-300 ms per p_phys, so a sweep whose every point has its own
error rate cannot run it per point. Its tables at neighbouring p share few designs (the distance grids and
cultivation cuts it scans move with p), so tables cannot be interpolated; a fixed design's numbers can: its
output error and code cycles are smooth in p (polynomials in powers of p for Litinski's model, log-linear
between the tabulated p for cultivation, closed form for Gidney & Fowler).

What. Nodes on a log grid of p_phys (NODES_PER_DECADE per decade, the cultivation data's tabulated p among
them, so that its log-linear pieces are not split). The candidates of the interval between two nodes are the
union of the search's designs at both and at the node beyond each (parameters.py turns each into a row of integers). Each candidate is
evaluated exactly at four points of the interval (both ends and the four interior Gauss-Lobatto points), and its
log error and log code cycles at any p inside are the quintic through them in log p. Candidates whose model
breaks down somewhere in the interval are left out, and so are those another of their family beats
at every sample (no more error, code cycles and qubits). The file ftplanner/data/factory_tables.npz is written by
`python -m ftplanner.physics.factories.tables` (~20 s); tests/physics/test_factory_tables.py checks it
against live evaluations and searches.
"""

from __future__ import annotations

import functools
import importlib.resources
import math
import sys
from typing import NamedTuple

import numpy as np

from ftplanner.physics.factories.cultivation import _curves
from ftplanner.physics.factories.parameters import IS_CCZ, OUTPUTS, design_row, evaluate

DATA_FILE = "factory_tables.npz"
NODES_PER_DECADE = 20
P_RANGE = (1e-5, 10**-2.3)  # above ~5e-3 level-1 runs fail often and their numbers turn too fast to interpolate
_INNER = (math.sqrt(1 / 3 + 2 * math.sqrt(7) / 21), math.sqrt(1 / 3 - 2 * math.sqrt(7) / 21))
SAMPLES = np.array([-1.0, -_INNER[0], -_INNER[1], _INNER[1], _INNER[0], 1.0])  # Gauss-Lobatto, interval -> [-1, 1]


def nodes() -> np.ndarray:
    """The nodes: a log grid over P_RANGE with the cultivation data's tabulated p put in place of the nearest."""
    lo, hi = np.log10(P_RANGE)
    grid = np.logspace(lo, hi, round((hi - lo) * NODES_PER_DECADE) + 1)
    for p in {float(f"{math.exp(v):.12g}") for c in _curves() for v in c.log_p}:  # as written in the data file
        grid[np.argmin(np.abs(np.log(grid / p)))] = p
    return grid


def _weights(t: np.ndarray) -> np.ndarray:
    """(n, 6) Lagrange weights of the polynomial through SAMPLES at points t in [-1, 1]: for each sample j, the
    product of (t - s_m) over the other samples (prefix times suffix products) over that of (s_j - s_m)."""
    gaps = t[:, None] - SAMPLES
    before, after = np.ones_like(gaps), np.ones_like(gaps)
    np.cumprod(gaps[:, :-1], axis=1, out=before[:, 1:])
    np.cumprod(gaps[:, :0:-1], axis=1, out=after[:, -2::-1])
    return before * after / _SPREADS


_SPREADS = np.array([np.prod([sj - sm for sm in SAMPLES if sm != sj]) for sj in SAMPLES])


def build() -> dict[str, np.ndarray]:
    """The tables' arrays, from the search at every node and exact evaluations inside every interval."""
    from ftplanner.physics.factories.search import _candidate_table

    grid = nodes()
    at_node = [{design_row(d.protocol, float(p)) for d in _candidate_table(float(p)).designs} for p in grid]
    rows = sorted(set().union(*at_node))
    number = {row: i for i, row in enumerate(rows)}
    rows_arr = np.array(rows, dtype=np.int64)
    qubits = np.full(len(rows), np.nan)
    design, log_error, log_cycles, resolved, offsets = [], [], [], [], [0]
    for k in range(grid.size - 1):
        ids = np.array(sorted(number[r] for r in set().union(*at_node[max(0, k - 1):k + 3])))
        lo, hi = math.log(grid[k]), math.log(grid[k + 1])
        samples = [evaluate(rows_arr[ids], math.exp(lo + (t + 1) / 2 * (hi - lo))) for t in SAMPLES]
        error = np.stack([s.output_error for s in samples], axis=1)
        cycles = np.stack([s.code_cycles for s in samples], axis=1)
        q = np.stack([s.physical_qubits for s in samples], axis=1)
        keep = np.all(np.isfinite(error) & (error > 0) & np.isfinite(cycles) & np.isfinite(q), axis=1)
        if not np.all(q[keep] == q[keep, :1]):
            raise AssertionError("a design's footprint changed with p")
        keep[keep] = _undominated(rows_arr[ids[keep], 0], error[keep], cycles[keep], q[keep, 0])
        qubits[ids[keep]] = q[keep, 0]
        design.append(ids[keep])
        log_error.append(np.log(error[keep]))
        log_cycles.append(np.log(cycles[keep]))
        resolved.append(np.all(np.stack([s.resolved for s in samples], axis=1)[keep], axis=1))
        offsets.append(offsets[-1] + int(keep.sum()))
    return {"nodes": grid, "rows": rows_arr.astype(np.int16), "qubits": qubits, "offsets": np.array(offsets),
            "design": np.concatenate(design).astype(np.int32), "log_error": np.concatenate(log_error),
            "log_cycles": np.concatenate(log_cycles), "resolved": np.concatenate(resolved)}


def _undominated(family: np.ndarray, error: np.ndarray, cycles: np.ndarray, qubits: np.ndarray) -> np.ndarray:
    """Candidates no other of their family beats: another with no more error and code cycles at every sample
    and no more qubits occupies no more qubit-seconds for any demand (factory_choice.Demand: fewer cycles never
    need more copies), fits wherever it fits, and reaches every target it reaches (of equals, the first stays)."""
    keep = np.ones(family.size, dtype=bool)
    for f in np.unique(family):
        at = np.flatnonzero(family == f)
        e, c, q = error[at], cycles[at], qubits[at]
        beats = (np.all(e[:, None] <= e[None], axis=2) & np.all(c[:, None] <= c[None], axis=2)
                 & (q[:, None] <= q[None]))  # beats[i, j]: i is at least as good as j everywhere
        same = beats & beats.T
        beats &= ~same | (np.arange(at.size)[:, None] < np.arange(at.size)[None])
        np.fill_diagonal(beats, False)
        keep[at] = ~beats.any(axis=0)
    return keep


class Interval(NamedTuple):
    """The candidates between two nodes: rows of `Tables.rows`, samples of log error and log code cycles."""

    log_lo: float
    log_hi: float
    design: np.ndarray  # (D,) positions in Tables.rows
    log_error: np.ndarray  # (D, 6) at SAMPLES
    log_cycles: np.ndarray  # (D, 6)
    resolved: np.ndarray  # (D,) resolved at every sample

    def at(self, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(log output error, log code cycles), (n, D), of the candidates at rates p inside the interval."""
        t = np.clip(2 * (np.log(p) - self.log_lo) / (self.log_hi - self.log_lo) - 1, -1.0, 1.0)
        w = _weights(t)
        # contiguous (6, D) operands: with the transposed views OpenBLAS took a threaded path, 100x slower on busy cores
        return w @ np.ascontiguousarray(self.log_error.T), w @ np.ascontiguousarray(self.log_cycles.T)


class Tables(NamedTuple):
    """The shipped tables: nodes, the designs as rows (parameters.py), and every interval's candidates."""

    nodes: np.ndarray
    rows: np.ndarray  # (U, 8)
    qubits: np.ndarray  # (U,) physical qubits (constant in p)
    outputs: np.ndarray  # (U,) output states per run
    is_ccz: np.ndarray  # (U,)
    offsets: np.ndarray
    design: np.ndarray
    log_error: np.ndarray
    log_cycles: np.ndarray
    resolved: np.ndarray

    def covers(self, p: np.ndarray) -> np.ndarray:
        """Rates p inside the tabulated range."""
        p = np.asarray(p, dtype=float)
        return (p >= self.nodes[0]) & (p <= self.nodes[-1])

    def interval_of(self, p: np.ndarray) -> np.ndarray:
        """The interval of each covered rate (the last node belongs to the last interval)."""
        return np.clip(np.searchsorted(self.nodes, p, side="right") - 1, 0, self.nodes.size - 2)

    def interval(self, k: int) -> Interval:
        a, b = self.offsets[k], self.offsets[k + 1]
        return Interval(math.log(self.nodes[k]), math.log(self.nodes[k + 1]), self.design[a:b], self.log_error[a:b],
                        self.log_cycles[a:b], self.resolved[a:b])


@functools.cache
def tables() -> Tables:
    """The tables shipped in ftplanner/data (loaded on first use)."""
    with importlib.resources.files("ftplanner.data").joinpath(DATA_FILE).open("rb") as f, np.load(f) as data:
        arrays = {name: data[name] for name in data.files}
    rows = arrays["rows"].astype(np.int64)
    return Tables(arrays["nodes"], rows, arrays["qubits"], OUTPUTS[rows[:, 0]], IS_CCZ[rows[:, 0]], arrays["offsets"],
                  arrays["design"].astype(np.int64), arrays["log_error"], arrays["log_cycles"], arrays["resolved"])


if __name__ == "__main__":  # python -m ftplanner.physics.factories.tables [OUT.npz]
    out = sys.argv[1] if len(sys.argv) > 1 else str(importlib.resources.files("ftplanner.data").joinpath(DATA_FILE))
    np.savez_compressed(out, **build())
    print(f"wrote {out}")
