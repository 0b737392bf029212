"""What a magic-state factory is to the planner: FactoryDesign, the protocol families and names, input checks.

Sources: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205
(2019), arXiv:1905.06903, and C. Gidney, N. Shutty, C. Jones, "Magic state cultivation: growing
T states as cheap as CNOT gates", arXiv:2409.17595 (2024). A design is one of Litinski's
distillation protocols at given code distances, labelled in his notation --
(15-to-1)_{d_X,d_Z,d_m} for one level, (15-to-1)^n_{d_X,d_Z,d_m} x (block)_{d_X2,d_Z2,d_m2} for n
level-1 factories feeding a level-2 15-to-1, 20-to-4 or 8-to-CCZ block -- or a cultivation
operating point, cultivation(d1=5,gap=99), alone or as n units feeding a level-2 15-to-1 block,
cultivation(d1=5,gap=99)^n x (15-to-1)_{d_X2,d_Z2,d_m2}; with its output error, footprint and
code cycles per run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_PARAMETRIC = "parametric (Litinski 2019 model, arXiv:1905.06903)"
_BELOW_RESOLUTION = "; output error is an upper bound (below numerical resolution)"
# Families accepted by choose_factory(protocols=...), in normalised form (see protocol_family).
FAMILIES = ("15-to-1", "15-to-1x15-to-1", "15-to-1x20-to-4", "15-to-1x8-to-ccz", "cultivation", "cultivationx15-to-1",
            "cultivationx8-to-ccz", "gf-ccz")


@dataclass(frozen=True)
class FactoryDesign:
    """One distillation factory: what it outputs, how well, and what it costs."""

    protocol: str  # e.g. "(15-to-1)_{17,7,7}" or "(15-to-1)^6_{11,5,5} x (15-to-1)_{25,11,11}"
    output_error: float  # error probability per output magic state
    physical_qubits: int  # footprint
    code_cycles: float  # expected syndrome cycles per run, failures (retries) included
    outputs_per_run: int  # magic states per run (4 for 20-to-4; one CCZ state for 8-to-CCZ)
    output_kind: str  # "T" or "CCZ"
    source: str  # where the numbers come from

    @property
    def space_time_per_output(self) -> float:
        """Qubit-cycles spent per output state: the cost the planner minimises."""
        return self.physical_qubits * self.code_cycles / self.outputs_per_run


# ----------------------------------------------------------------------------------------------
# Protocol names
# ----------------------------------------------------------------------------------------------


def _name(block: str, distances: tuple[int, int, int], copies: int = 1) -> str:
    """Protocol label in the paper's notation, e.g. (15-to-1)^6_{11,5,5}."""
    power = f"^{copies}" if copies > 1 else ""
    return f"({block}){power}_{{{','.join(map(str, distances))}}}"


def _fed_name(unit: str, copies: int, block: str, distances: tuple[int, int, int]) -> str:
    """Label of `copies` units feeding a level-2 block, e.g. cultivation(d1=5,gap=99)^6 x (15-to-1)_{35,15,13}."""
    power = f"^{copies}" if copies > 1 else ""
    return f"{unit}{power} x {_name(block, distances)}"


def protocol_family(protocol: str) -> str:
    """Normalised family of a protocol label or user string: '(15-to-1)^6_{..} x (20-to-4)_{..}' -> '15-to-1x20-to-4',
    'cultivation(d1=5,gap=99)^6 x (15-to-1)_{..}' -> 'cultivationx15-to-1'."""
    stripped = re.sub(r"\^\d+|_\{[\d,\s]*\}|\([^()=]*=[^()]*\)", "", protocol)
    return re.sub(r"[\s()]", "", stripped).lower()


# ----------------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------------


def _check_p(p_phys) -> float:
    """The physical error rate as a float; ValueError unless it is a probability in (0, 0.5)."""
    try:
        p = float(p_phys)
    except (TypeError, ValueError):
        raise ValueError(f"p_phys must be a number in (0, 0.5), got {p_phys!r}") from None
    if not 0.0 < p < 0.5:
        raise ValueError(f"p_phys must be a physical error probability in (0, 0.5), got {p_phys!r}")
    return p


def _check_counts(name: str, values: Sequence) -> tuple[int, ...]:
    """Code distances (or factory counts) as positive ints; ValueError otherwise."""
    values = tuple(values)
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be positive integers, got {values!r}")
    return tuple(int(v) for v in values)


def _check_triple(name: str, distances) -> tuple[int, int, int]:
    """A (d_X, d_Z, d_m) triple of positive integers."""
    try:
        triple = tuple(distances)
    except TypeError:
        raise ValueError(f"{name} must be a (d_X, d_Z, d_m) triple, got {distances!r}") from None
    if len(triple) != 3:
        raise ValueError(f"{name} must be a (d_X, d_Z, d_m) triple, got {distances!r}")
    return _check_counts(name, triple)
