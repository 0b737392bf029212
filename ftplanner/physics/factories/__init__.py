"""Magic-state factories: Litinski's distillation protocols (a catalogue and a parametric model) and cultivation.

Sources: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205
(2019), arXiv:1905.06903, and the resource-cost script published with it. The code here is
written from the paper's model and reproduces the author's numbers (see
tests/physics/test_factories.py). C. Gidney, N. Shutty, C. Jones, "Magic state cultivation:
growing T states as cheap as CNOT gates", arXiv:2409.17595 (2024), through the authors'
published simulation data (see tests/physics/test_cultivation.py).

Modules, bottom up:

* design: FactoryDesign, the protocol families and labels, input checks.
* cultivation: cultivated T states from the authors' data, as functions of p_phys.
* layouts: the paper's rotation sequences and level-2 blocks, written as data.
* engine: the Pauli-frame engine that evolves a protocol's density matrix in the Pauli basis.
* error_model: per-cycle logical error, level-1 and level-2 fault rates, evaluation, surrogate.
* protocols: fifteen_to_one and the two-level builders (cultivation_fifteen_to_one too), one design at a time.
* catalogue: the paper's published designs (litinski_catalogue).
* search: the candidate table at one p_phys, its frontiers, choose_factory / choose_factories.
"""

from __future__ import annotations

from ftplanner.physics.factories.catalogue import litinski_catalogue
from ftplanner.physics.factories.cultivation import cultivation
from ftplanner.physics.factories.design import FAMILIES, FactoryDesign, protocol_family
from ftplanner.physics.factories.error_model import logical_error_per_cycle
from ftplanner.physics.factories.protocols import (
    cultivation_fifteen_to_one,
    fifteen_to_one,
    two_level_eight_to_ccz,
    two_level_fifteen_to_one,
    two_level_twenty_to_four,
)
from ftplanner.physics.factories.search import Candidates, candidates, choose_factories, choose_factory, factory_candidates

__all__ = [
    "FAMILIES",
    "FactoryDesign",
    "candidates",
    "Candidates",
    "choose_factories",
    "factory_candidates",
    "choose_factory",
    "cultivation",
    "cultivation_fifteen_to_one",
    "fifteen_to_one",
    "litinski_catalogue",
    "logical_error_per_cycle",
    "protocol_family",
    "two_level_eight_to_ccz",
    "two_level_fifteen_to_one",
    "two_level_twenty_to_four",
]
