"""Factory designs as rows of integers, and their exact numbers at any p_phys, many designs at once.

A design the search finds at one p_phys (search.py) is a protocol family and a handful of integers:
Litinski's distances and factory count (arXiv:1905.06903), a cultivation operating point (d1 and the
rank of its gap cut, arXiv:2409.17595, as cultivation.py pairs cuts across p) with its feeding count
and level-2 distances, or Gidney & Fowler's (d1, d2) (arXiv:1812.01238). Written so, the same design
can be evaluated at another p_phys with the same models (error_model.py, cultivation.py,
gidney_fowler.py), which is what the factory tables (tables.py) are made of.

A row is (family, a1, a2, a3, n, b1, b2, b3): `family` indexes FAMILIES; a = the level-1 distances
(d_X, d_Z, d_m), or (d1, cut rank, 0) for cultivation, or (d1, d2, 0) for GF-CCZ; n = feeding units
(0 for one level); b = the level-2 distances (0 for one level).
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np

from ftplanner.physics.factories import gidney_fowler
from ftplanner.physics.factories.cultivation import FED, SOURCE, _at, _curves, _feeder, _source
from ftplanner.physics.factories.design import _BELOW_RESOLUTION, _PARAMETRIC, FAMILIES, _fed_name, _name, protocol_family
from ftplanner.physics.factories.error_model import _evaluate_level1, _evaluate_level2, _level1_feeder

_BLOCK = {"15-to-1x15-to-1": "15-to-1", "15-to-1x20-to-4": "20-to-4", "15-to-1x8-to-ccz": "8-to-CCZ",
          "cultivationx15-to-1": "15-to-1", "cultivationx8-to-ccz": "8-to-CCZ"}
FAMILY = {name: code for code, name in enumerate(FAMILIES)}
OUTPUTS = np.array([4 if name == "15-to-1x20-to-4" else 1 for name in FAMILIES], dtype=float)  # per run
IS_CCZ = np.array([name.endswith("ccz") for name in FAMILIES])
CULTIVATED = np.array([code for code, name in enumerate(FAMILIES) if name.startswith("cultivation")])
_TRIPLE = re.compile(r"_\{(\d+),(\d+),(\d+)\}")


def design_row(protocol: str, p: float) -> tuple[int, ...]:
    """The row of a design named `protocol` by the search at p (cultivation cuts are ranked at that p)."""
    family = protocol_family(protocol)
    triples = [tuple(map(int, t)) for t in _TRIPLE.findall(protocol)]
    power = re.search(r"\^(\d+)", protocol)
    n = int(power.group(1)) if power else 1
    if family == "gf-ccz":
        d1, d2 = map(int, re.search(r"_\{(\d+),(\d+)\}", protocol).groups())
        return FAMILY[family], d1, d2, 0, 0, 0, 0, 0
    if family.startswith("cultivation"):
        unit = re.match(r"cultivation\(d1=\d+,gap=-?\d+\)", protocol).group(0)
        labels = _source(p).label
        if labels.count(unit) != 1:
            raise ValueError(f"{unit} is not one operating point at p = {p:g}")
        d1 = int(re.search(r"d1=(\d+)", unit).group(1))
        rank = labels.index(unit) - next(i for i, label in enumerate(labels) if label.startswith(f"cultivation(d1={d1},"))
        return (FAMILY[family], d1, rank, 0, n if triples else 0, *(triples[0] if triples else (0, 0, 0)))
    if family == "15-to-1":
        return FAMILY[family], *triples[0], 0, 0, 0, 0
    return FAMILY[family], *triples[0], n, *triples[1]


class Numbers(NamedTuple):
    """Exact numbers of rows of designs at one p (NaN error where a model breaks down or has no data)."""

    output_error: np.ndarray  # per output state
    physical_qubits: np.ndarray
    code_cycles: np.ndarray  # per run, retries included
    resolved: np.ndarray  # False: the error is an upper bound (numerical resolution)


def _cultivated(d1: np.ndarray, rank: np.ndarray, p: float):
    """(error, qubits, code cycles, gap in dB) of cultivation operating points at p (NaN above its data)."""
    out = np.full((4, d1.size), np.nan)
    for c in _curves():
        here = d1 == c.d1
        found = _at(c, math.log(p))
        if here.any() and found is not None:
            gap, error, rounds, _ = found
            out[:, here] = [error[rank[here]], np.full(here.sum(), c.qubits), rounds[rank[here]] / c.qubits,
                            gap[rank[here]]]
    return out


def evaluate(rows: np.ndarray, p: float) -> Numbers:
    """The numbers of every row at p_phys = p, each family with its model (as the search evaluates it)."""
    rows = np.asarray(rows, dtype=np.int64).reshape(-1, 8)
    error, qubits, cycles = (np.full(len(rows), np.nan) for _ in range(3))
    resolved = np.ones(len(rows), dtype=bool)
    for code in np.unique(rows[:, 0]).tolist():
        at = np.flatnonzero(rows[:, 0] == code)
        family, r = FAMILIES[code], rows[at]
        a, n, b = r[:, 1:4].astype(float), r[:, 4].astype(float), r[:, 5:8].astype(float)
        if family == "gf-ccz":
            e, q, c = gidney_fowler.evaluate(p, a[:, 0], a[:, 1])
            ok = np.ones(at.size, dtype=bool)
        elif family.startswith("cultivation"):
            e, q, c, _ = _cultivated(r[:, 1], r[:, 2], p)
            ok = np.ones(at.size, dtype=bool)
            if family != "cultivation":
                fed = _evaluate_level2(_BLOCK[family], p, _feeder(np.nan_to_num(e, nan=1.0), np.nan_to_num(q, nan=1.0),
                                                                   np.nan_to_num(c, nan=1.0)), n, *b.T)
                e = np.where(np.isfinite(q), fed.output_error, np.nan)
                q, c, ok = fed.physical_qubits, fed.code_cycles, fed.resolved
        else:
            level1 = _evaluate_level1(p, *a.T)
            if family == "15-to-1":
                e, q, c, ok = level1.output_error, level1.physical_qubits, level1.code_cycles, level1.resolved
            else:
                fed = _evaluate_level2(_BLOCK[family], p, _level1_feeder(level1, *a.T), n, *b.T)
                e, q, c, ok = fed.output_error, fed.physical_qubits, fed.code_cycles, fed.resolved
        error[at], qubits[at], cycles[at], resolved[at] = e, np.rint(q), c, ok
    return Numbers(error, qubits, cycles, resolved)


def gap_db(d1: int, rank: int, p) -> np.ndarray:
    """The gap cut (dB) of cultivation point (d1, rank) at rates p, as cultivation.py interpolates it."""
    c = next(c for c in _curves() if c.d1 == d1)
    return np.interp(np.log(p), c.log_p, c.gap_db[:, rank])


def protocol(row, p: float, gap: int | None = None) -> str:
    """The protocol label of a row at p, as the search names it (a cultivation cut's gap in dB moves with p;
    `gap`, when given, is its rounded value at p)."""
    code, a1, a2, a3, n, *b = (int(v) for v in row)
    family = FAMILIES[code]
    if family == "gf-ccz":
        return f"(GF-CCZ)_{{{a1},{a2}}}"
    if family.startswith("cultivation"):
        gap = int(np.rint(gap_db(a1, a2, p))) if gap is None else gap
        unit = f"cultivation(d1={a1},gap={gap})"
        return unit if family == "cultivation" else _fed_name(unit, n, _BLOCK[family], tuple(b))
    if family == "15-to-1":
        return _name("15-to-1", (a1, a2, a3))
    return f"{_name('15-to-1', (a1, a2, a3), n)} x {_name(_BLOCK[family], tuple(b))}"


def source(row, resolved: bool, p: float) -> str:
    """Where a row's numbers at p come from, in the search's words."""
    family = FAMILIES[int(row[0])]
    if family.startswith("cultivation"):
        how = _at(next(c for c in _curves() if c.d1 == int(row[1])), math.log(p))[3]
        text = f"{SOURCE}; {how}" + ("" if family == "cultivation" else f"; {FED}")
    else:
        text = gidney_fowler.SOURCE if family == "gf-ccz" else _PARAMETRIC
    return text if resolved else text + _BELOW_RESOLUTION
