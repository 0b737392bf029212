"""Factories as functions of p_phys and code distances: one-level 15-to-1 and the two-level builders.

Source: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205 (2019),
arXiv:1905.06903: (15-to-1)_{d_X,d_Z,d_m} (Sec. 3.1) and
(15-to-1)^n x (15-to-1), x (20-to-4), x (8-to-CCZ) (Secs. 3.2-4), each evaluated with the
paper's fault model (error_model.py) and returned as a FactoryDesign; and cultivated states
(Gidney, Shutty, Jones 2024, arXiv:2409.17595; cultivation.py) feeding his level-2 15-to-1 block.
"""

from __future__ import annotations

import numpy as np

from ftplanner.physics.factories.cultivation import FED, _feeder, cultivation
from ftplanner.physics.factories.design import (
    _BELOW_RESOLUTION,
    _PARAMETRIC,
    FactoryDesign,
    _check_counts,
    _check_p,
    _check_triple,
    _fed_name,
    _name,
)
from ftplanner.physics.factories.error_model import _evaluate_level1, _evaluate_level2, _Evaluated, _level1_feeder


def _design(protocol: str, ev: _Evaluated, i: int, outputs: int, kind: str, source: str) -> FactoryDesign:
    """The FactoryDesign of entry i of an evaluated batch."""
    return FactoryDesign(protocol, float(ev.output_error[i]), int(round(ev.physical_qubits[i])),
                         float(ev.code_cycles[i]), outputs, kind,
                         source if ev.resolved[i] else source + _BELOW_RESOLUTION)


def _one_design(protocol: str, ev: _Evaluated, outputs: int, kind: str, source: str = _PARAMETRIC) -> FactoryDesign:
    """The single design of a one-element batch; ValueError if the model breaks down for it."""
    if not np.isfinite(ev.output_error[0]):
        raise ValueError(f"{protocol}: the fault model breaks down here (error rates above 1/2; "
                         "is p_phys near or above the model's 1% threshold?)")
    return _design(protocol, ev, 0, outputs, kind, source)


def fifteen_to_one(p_phys: float, d_x: int, d_z: int, d_m: int) -> FactoryDesign:
    """Litinski's one-level (15-to-1)_{d_X,d_Z,d_m} factory at physical error rate p_phys."""
    p = _check_p(p_phys)
    dist = _check_counts("distances", (d_x, d_z, d_m))
    return _one_design(_name("15-to-1", dist), _evaluate_level1(p, *dist), 1, "T")


def _two_level(block: str, p_phys, level1, n_level1, level2) -> tuple[str, _Evaluated]:
    """Validate and evaluate one (15-to-1)^n x block design."""
    p = _check_p(p_phys)
    l1, l2 = _check_triple("level1", level1), _check_triple("level2", level2)
    (n1,) = _check_counts("n_level1", (n_level1,))
    ev1 = _evaluate_level1(p, *l1)
    ev = _evaluate_level2(block, p, _level1_feeder(ev1, *l1), n1, *l2)
    return f"{_name('15-to-1', l1, n1)} x {_name(block, l2)}", ev


def two_level_fifteen_to_one(p_phys: float, level1: tuple[int, int, int], n_level1: int,
                             level2: tuple[int, int, int]) -> FactoryDesign:
    """(15-to-1)^n_{level1} x (15-to-1)_{level2}: n level-1 factories feed a level-2 15-to-1 block."""
    name, ev = _two_level("15-to-1", p_phys, level1, n_level1, level2)
    return _one_design(name, ev, 1, "T")


def two_level_twenty_to_four(p_phys: float, level1: tuple[int, int, int], n_level1: int,
                             level2: tuple[int, int, int]) -> FactoryDesign:
    """(15-to-1)^n_{level1} x (20-to-4)_{level2}: four magic states per run; error is per state."""
    name, ev = _two_level("20-to-4", p_phys, level1, n_level1, level2)
    return _one_design(name, ev, 4, "T")


def two_level_eight_to_ccz(p_phys: float, level1: tuple[int, int, int], n_level1: int,
                           level2: tuple[int, int, int]) -> FactoryDesign:
    """(15-to-1)^n_{level1} x (8-to-CCZ)_{level2}: one |CCZ> state per run."""
    name, ev = _two_level("8-to-CCZ", p_phys, level1, n_level1, level2)
    return _one_design(name, ev, 1, "CCZ")


def cultivation_fifteen_to_one(p_phys: float, unit: FactoryDesign, n_units: int,
                               level2: tuple[int, int, int]) -> FactoryDesign:
    """unit^n x (15-to-1)_{level2}: n cultivation units feed a level-2 15-to-1 block in place of level-1 factories.

    `unit` is one of cultivation(p_phys) (arXiv:2409.17595); the block is Litinski's, with his
    fault model (arXiv:1905.06903).
    """
    p = _check_p(p_phys)
    if unit not in cultivation(p):
        raise ValueError(f"unit must be one of cultivation({p_phys!r}), got {unit.protocol!r}")
    l2 = _check_triple("level2", level2)
    (n,) = _check_counts("n_units", (n_units,))
    ev = _evaluate_level2("15-to-1", p, _feeder(unit.output_error, unit.physical_qubits, unit.code_cycles), n, *l2)
    return _one_design(_fed_name(unit.protocol, n, "15-to-1", l2), ev, 1, "T", f"{unit.source}; {FED}")
