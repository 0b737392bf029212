"""Per-operation error rates and durations of a circuit noise family: the `NoiseModel`.

Rates are probabilities per operation. How they become Stim noise channels is `noisify`'s
job; the meaning of each field is written here so the two read the same:

- two_qubit: DEPOLARIZE2 after every two-qubit gate.
- link: DEPOLARIZE2 after a two-qubit gate tagged as crossing a module boundary (None: two_qubit).
- single_qubit: DEPOLARIZE1 after every single-qubit gate.
- measurement: X_ERROR (Z_ERROR for an X-basis measurement) just before every measurement.
- reset: X_ERROR (Z_ERROR for an X-basis reset) just after every reset.
- idle: DEPOLARIZE1 on a qubit that waits through a layer. Without durations it is a rate per
  layer; with `durations_ns` it is a rate per two-qubit-gate time and a layer costs
  idle × layer_duration / two_qubit_duration (a layer lasts as long as its longest operation;
  a measure-and-reset MR lasts measurement + reset).
- readout_idle: a further DEPOLARIZE1 on a qubit that waits through a layer that measures or
  resets other qubits (SI1000's resonator idle; in our circuits the data qubits wait through
  exactly one such layer per round, which is where `uniform` puts stim's per-round data noise).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from ftplanner.physics.link_noise import p_link_from_fidelity

FAMILIES = ("uniform", "si1000")
MAX_LINK_RATE = 15 / 16  # DEPOLARIZE2 beyond this is no longer a mixture of Paulis


@dataclass(frozen=True)
class DurationsNs:
    """How long each operation takes, in nanoseconds (only their ratios matter for noise)."""

    two_qubit: float
    single_qubit: float
    measurement: float
    reset: float

    def __post_init__(self):
        for name, value in asdict(self).items():
            if not value > 0:
                raise ValueError(f"durations_ns.{name} must be above 0, got {value}")


@dataclass(frozen=True)
class NoiseModel:
    """Error probabilities per operation type, for `noisify.add_noise`; see the module docstring."""

    family: str
    p: float  # the family's parameter: the two-qubit rate the family was scaled from
    two_qubit: float
    single_qubit: float
    measurement: float
    reset: float
    idle: float
    readout_idle: float
    link: float | None = None
    durations_ns: DurationsNs | None = None

    def __post_init__(self):
        for name in ("p", "two_qubit", "single_qubit", "measurement", "reset", "idle", "readout_idle"):
            value = getattr(self, name)
            if not 0 <= value <= 0.5:
                raise ValueError(f"{name} must be a probability in [0, 0.5], got {value}")
        if self.link is not None and not 0 <= self.link <= MAX_LINK_RATE:
            raise ValueError(f"link must be a probability in [0, {MAX_LINK_RATE}], got {self.link}")

    @staticmethod
    def uniform(p: float) -> NoiseModel:
        """Stim's circuit-depolarizing model: every rate p, no idle noise, p on data each round.

        It reproduces stim.Circuit.generated(..., after_clifford_depolarization=p,
        before_round_data_depolarization=p, before_measure_flip_probability=p,
        after_reset_flip_probability=p): the per-round data depolarization is the readout_idle
        that data qubits pick up while the ancillas are measured and reset. Stim applies it at
        the start of each round, we at the end; the count per run is the same (rounds), only
        the first round's copy moves to just before the final data measurement.
        """
        return NoiseModel(family="uniform", p=p, two_qubit=p, single_qubit=p, measurement=p,
                          reset=p, idle=0.0, readout_idle=p)

    @staticmethod
    def si1000(p: float) -> NoiseModel:
        """Superconducting-inspired SI1000: CZ p, 1-qubit p/10, measure 5p, reset 2p, idle p/10, resonator idle 2p.

        Sources: Gidney, Newman, Fowler, Broughton, "A Fault-Tolerant Honeycomb Memory",
        Quantum 5, 605 (2021), arXiv:2108.10457 (defines SI1000); used again in Gidney, Newman,
        McEwen, "Benchmarking the Planar Honeycomb Code", Quantum 6, 813 (2022),
        arXiv:2202.11845. As in Gidney's reference noise code (Zenodo 10.5281/zenodo.7487893,
        `NoiseModel.si1000`), every waiting qubit gets p/10 per layer and, in a layer that
        measures or resets, a further 2p.
        """
        return NoiseModel(family="si1000", p=p, two_qubit=p, single_qubit=p / 10, measurement=5 * p,
                          reset=2 * p, idle=p / 10, readout_idle=2 * p)

    @staticmethod
    def family_model(family: str, p: float) -> NoiseModel:
        """The named family (`uniform` or `si1000`) at two-qubit rate p."""
        if family not in FAMILIES:
            raise ValueError(f"unknown noise family {family!r}; expected one of {', '.join(FAMILIES)}")
        return NoiseModel.uniform(p) if family == "uniform" else NoiseModel.si1000(p)

    @staticmethod
    def from_hardware(hw: Any, p_link: float | None = None) -> NoiseModel:
        """The noise of an architecture's `hardware` section: the family at p = two_qubit, with overrides.

        Each rate set in `hw.error_rates` (or in the named `hw.preset`) replaces the family's.
        An explicit idle rate is read as per two-qubit-gate time ("per idle layer of one
        two-qubit gate duration") and is scaled by each layer's duration, using
        `hw.durations_ns` (or the preset's) when all four durations are known; the family's
        own idle rates are per layer, as published, and ignore durations. readout_idle is
        always the family's. `p_link` is the boundary-crossing gate rate (see
        `with_link_fidelity` to derive it from a Bell-pair fidelity).
        """
        preset = _preset(getattr(hw, "preset", None))
        rates = {name: _first_set(getattr(hw.error_rates, name, None), preset.get("error_rates", {}).get(name))
                 for name in ("two_qubit", "single_qubit", "measurement", "reset", "idle")}
        if rates["two_qubit"] is None:
            raise ValueError("hardware needs error_rates.two_qubit (or a preset) to fix the noise level p")
        model = NoiseModel.family_model(hw.noise_model, rates["two_qubit"])
        overrides = {name: value for name, value in rates.items() if value is not None}
        durations = {name: _first_set(getattr(hw.durations_ns, name, None), preset.get("durations_ns", {}).get(name))
                     for name in ("two_qubit", "single_qubit", "measurement", "reset")}
        if rates["idle"] is not None and all(v is not None for v in durations.values()):
            overrides["durations_ns"] = DurationsNs(**durations)
        return replace(model, link=p_link, **overrides)

    def with_link(self, p_link: float | None) -> NoiseModel:
        """This model with boundary-crossing gates at rate p_link (None: like any two-qubit gate)."""
        return replace(self, link=None if p_link is None else float(p_link))

    def with_link_fidelity(self, bell_pair_fidelity: float) -> NoiseModel:
        """This model with link gates fed by Bell pairs of fidelity F (`linknoise.p_link_from_fidelity`)."""
        return self.with_link(float(p_link_from_fidelity(bell_pair_fidelity, self.two_qubit)))

    @property
    def link_rate(self) -> float:
        """The DEPOLARIZE2 probability of a boundary-crossing gate."""
        return self.two_qubit if self.link is None else self.link

    @property
    def label(self) -> str:
        """The family name, or family-<hash> when rates or durations differ from the family at p."""
        if replace(self, link=None) == NoiseModel.family_model(self.family, self.p):
            return self.family
        fields = asdict(replace(self, link=None))
        digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:8]
        return f"{self.family}-{digest}"


def _first_set(*values):
    return next((v for v in values if v is not None), None)


def _preset(name: str | None) -> dict:
    """The named hardware preset's rates and durations (empty when no preset is named)."""
    if not name:
        return {}
    from ftplanner.physics.hardware_presets import HARDWARE_PRESETS

    return HARDWARE_PRESETS[name]
