"""Per-operation error rates of a circuit noise family: the `NoiseModel`.

Rates are probabilities per operation. How they become Stim noise channels is `noisify`'s
job; the meaning of each field is written here so the two read the same:

- two_qubit: DEPOLARIZE2 after every two-qubit gate.
- link: DEPOLARIZE2 after a two-qubit gate tagged as crossing a module boundary (None: two_qubit).
- single_qubit: DEPOLARIZE1 after every single-qubit gate.
- measurement: X_ERROR (Z_ERROR for an X-basis measurement) just before every measurement.
- reset: X_ERROR (Z_ERROR for an X-basis reset) just after every reset.
- idle: DEPOLARIZE1 on a qubit that waits through a layer, per layer: the same probability
  whatever the layer lasts (a measure-and-reset layer costs what a gate layer costs). This is
  the unit of the published families, and what `hardware.error_rates.idle` means everywhere;
  durations set the planner's cycle time, not the noise.
- readout_idle: a further DEPOLARIZE1 on a qubit that waits through a layer that measures or
  resets other qubits (SI1000's resonator idle; in our circuits the data qubits wait through
  exactly one such layer per round, which is where `uniform` puts stim's per-round data noise).

The families' ratios to p are `ftplanner.physics.noise_families`; an architecture's rates are
`ftplanner.architecture.hardware.resolve_hardware`'s, the ones the planner reads
(`NoiseModel.for_architecture`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace

from ftplanner.architecture.hardware import NOISE_RATES, resolve_point
from ftplanner.architecture.models import Architecture
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.physics.noise_families import FAMILIES, family_rates  # noqa: F401  (FAMILIES: re-exported)

MAX_LINK_RATE = 15 / 16  # DEPOLARIZE2 beyond this is no longer a mixture of Paulis
SIGNIFICANT_DIGITS = 6


def rounded_rate(x: float) -> float:
    """A derived rate (a multiple of p, a link rate from a fidelity) rounded to 6 significant digits: what a
    circuit is built with, so its metadata and file name read cleanly (p_link=0.0109893, not
    0.010989333333333406) and match across runs."""
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


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
        return NoiseModel.family_model("uniform", p)

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
        return NoiseModel.family_model("si1000", p)

    @staticmethod
    def family_model(family: str, p: float) -> NoiseModel:
        """The named family (`uniform` or `si1000`) at two-qubit rate p (`physics.noise_families`)."""
        return NoiseModel(family=family, p=p, **family_rates(family, p))

    @staticmethod
    def for_architecture(arch: Architecture, p_link: float | None = None) -> NoiseModel:
        """The noise of an architecture's hardware, as `architecture.hardware.resolve_point` resolves it.

        The family at p = the resolved two_qubit rate, with every resolved rate (two_qubit,
        single_qubit, measurement, reset, idle) in place of the family's: the rates the planner
        reads. readout_idle is always the family's. `p_link` is the boundary-crossing gate rate
        (see `with_link_fidelity` to derive it from a Bell-pair fidelity).
        """
        hardware = resolve_point(arch)
        p = hardware.error_rates["two_qubit"]
        readout_idle = family_rates(hardware.family, p)["readout_idle"]
        return NoiseModel(family=hardware.family, p=p, readout_idle=readout_idle,
                          link=None if p_link is None else float(p_link),
                          **{op: hardware.error_rates[op] for op in NOISE_RATES})

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
        """The family name, or family-<hash> when rates differ from the family at p.

        The hash reads the fields with `durations_ns: None`, as they were when a model could
        carry durations, so a model whose circuits did not change keeps its label (and the
        sinter stores keyed by it stay valid).
        """
        if replace(self, link=None) == NoiseModel.family_model(self.family, self.p):
            return self.family
        fields = {**asdict(replace(self, link=None)), "durations_ns": None}
        digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:8]
        return f"{self.family}-{digest}"

