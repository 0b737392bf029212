"""Gidney & Fowler's CCZ factory, as Gidney & Ekera 2019 cost it: level-1 15-to-1 T factories at d1 feeding an
8T -> CCZ block at d2.

Sources: C. Gidney and A. G. Fowler, "Efficient magic state factories with a catalyzed |CCZ> to 2|T>
transformation", Quantum 3, 135 (2019), arXiv:1812.01238; the cost model is the one Gidney & Ekera
publish with "How to factor 2048 bit RSA integers in 8 hours using 20 million noisy qubits" (Quantum 5,
433 (2021), arXiv:1905.09749, ancillary estimate_costs.py), written here from its formulas:

* error per unit cell of distance d: 0.1 (100 p)^((d+1)/2);
* injected T states: p + 100 cells at d = 7; level 1: 35 e0^3 + 1100 cells at d1; CCZ: 28 e1^2 + 1000
  cells at d2;
* with r = d1 / d2, 8 x 5.75 r / 5 level-1 lanes (rounded up), a footprint of ceil(16 r + 3 + 2 r) x
  max(6, 4 r ceil(lanes / 2)) tiles of 2 (d2 + 1)^2 qubits, and one CCZ state per max(5, 5.75 r) d2 cycles.

At p = 1e-3, (d1, d2) = (15, 27): 5.4e-11 per CCZ state, 13 x 7 tiles (142,688 qubits), 135 cycles: the
factory of the 2019 paper.
"""

from __future__ import annotations

import numpy as np

from ftplanner.physics.factories.design import FactoryDesign

SOURCE = "Gidney & Fowler 2019 (arXiv:1812.01238), costed as Gidney & Ekera 2019 (arXiv:1905.09749)"


def _cell_error(p, d):
    """Error per d x d x d unit cell, the 2019 papers' 0.1 (100 p)^((d+1)/2)."""
    return 0.1 * (100.0 * p) ** ((np.asarray(d, float) + 1) / 2)


def evaluate(p: float, d1, d2):
    """(error per CCZ state, physical qubits, code cycles per CCZ state) for level-1 distances d1 and level-2 d2."""
    d1, d2 = np.asarray(d1, float), np.asarray(d2, float)
    injected = p + 100 * _cell_error(p, 7)
    level1 = 35 * injected**3 + 1100 * _cell_error(p, d1)
    error = 28 * level1**2 + 1000 * _cell_error(p, d2)
    ratio = d1 / d2
    lanes = np.ceil(8 * 5.75 * ratio / 5 - 1e-9)
    width = np.ceil(16 * ratio + 3 + 2 * ratio - 1e-9)
    height = np.maximum(6, np.ceil(4 * ratio * np.ceil(lanes / 2) - 1e-9))
    qubits = width * height * 2 * (d2 + 1) ** 2
    cycles = np.maximum(5, 5.75 * ratio) * d2
    return error, qubits, cycles


def gidney_fowler_ccz(p_phys: float) -> list[FactoryDesign]:
    """The cost/error frontier of the factory over odd 7 <= d1 <= d2 <= 61 at p_phys (empty where it cannot distil)."""
    d1, d2 = (a.ravel() for a in np.meshgrid(np.arange(7, 62, 2), np.arange(7, 62, 2), indexing="ij"))
    keep = d1 <= d2
    d1, d2 = d1[keep], d2[keep]
    error, qubits, cycles = evaluate(p_phys, d1, d2)
    order = np.lexsort((error, qubits * cycles))
    ok = order[(error[order] > 0) & (error[order] < 0.01)]
    running = np.minimum.accumulate(error[ok])
    front = ok[error[ok] < np.concatenate([[np.inf], running[:-1]])]
    return [FactoryDesign(f"(GF-CCZ)_{{{int(d1[i])},{int(d2[i])}}}", float(error[i]), int(qubits[i]), float(cycles[i]), 1,
                          "CCZ", SOURCE) for i in front]
