"""The circuit noise families: each operation's error rate as a multiple of the two-qubit rate p.

Every rate is a probability per operation, and idle rates are per layer: a DEPOLARIZE1 on
each qubit that waits through one TICK-separated layer of the circuit, whatever the layer
lasts. readout_idle is a further DEPOLARIZE1 on a qubit waiting through a layer that measures
or resets other qubits. (How `ftplanner.sim.noisify` turns these into Stim channels is
written in `ftplanner.sim.noise`.)

- uniform: Stim's circuit-depolarizing model, the `stim.Circuit.generated(...)` surface-code
  circuits with after_clifford_depolarization = before_round_data_depolarization =
  before_measure_flip_probability = after_reset_flip_probability = p: every gate, measurement
  and reset at p, no idle noise, and p on the data qubits once per round (our readout_idle:
  the data wait through exactly one measure-and-reset layer per round).
- si1000: superconducting-inspired SI1000 of Gidney, Newman, Fowler, Broughton, "A
  Fault-Tolerant Honeycomb Memory", Quantum 5, 605 (2021), arXiv:2108.10457: CZ p,
  single-qubit p/10, measurement 5p, reset 2p, idle p/10 per layer and a further 2p
  (resonator idle) in layers that measure or reset; as in Gidney's reference noise code
  (Zenodo 10.5281/zenodo.7487893, `NoiseModel.si1000`).

Ratios are exact fractions, so `family_rates` gives p/10 as p / 10 (the published formula,
to the last bit), not p × 0.1.
"""

from __future__ import annotations

from fractions import Fraction

FAMILIES = ("uniform", "si1000")
OPERATIONS = ("two_qubit", "single_qubit", "measurement", "reset", "idle", "readout_idle")

RATIOS: dict[str, dict[str, Fraction]] = {
    "uniform": {"two_qubit": Fraction(1), "single_qubit": Fraction(1), "measurement": Fraction(1),
                "reset": Fraction(1), "idle": Fraction(0), "readout_idle": Fraction(1)},
    "si1000": {"two_qubit": Fraction(1), "single_qubit": Fraction(1, 10), "measurement": Fraction(5),
               "reset": Fraction(2), "idle": Fraction(1, 10), "readout_idle": Fraction(2)},
}

SOURCES = {
    "uniform": "Stim's circuit-depolarizing model: stim.Circuit.generated(..., after_clifford_depolarization=p, "
               "before_round_data_depolarization=p, before_measure_flip_probability=p, after_reset_flip_probability=p)",
    "si1000": "Gidney, Newman, Fowler, Broughton, 'A Fault-Tolerant Honeycomb Memory', Quantum 5, 605 (2021), "
              "arXiv:2108.10457; Gidney's reference noise code, Zenodo 10.5281/zenodo.7487893",
}


def _check(family: str) -> dict[str, Fraction]:
    if family not in RATIOS:
        raise ValueError(f"unknown noise family {family!r}; expected one of {', '.join(FAMILIES)}")
    return RATIOS[family]


def family_ratios(family: str) -> dict[str, float]:
    """Each operation's error rate relative to p in the named family (ValueError for an unknown family)."""
    return {op: float(ratio) for op, ratio in _check(family).items()}


def family_rates(family: str, p):
    """Each operation's error rate in the named family at two-qubit rate p (a float or an array).

    Computed as p × numerator / denominator, so SI1000's p/10 is exactly p / 10.
    """
    return {op: p * ratio.numerator / ratio.denominator for op, ratio in _check(family).items()}
