"""Resolve an Architecture into the numbers the planner uses, recording which were defaults.

Error rates and durations are `ftplanner.architecture.hardware.resolve_hardware`'s (the
resolution the simulator's noise model reads too); this module adds the error law, the
cycle and reaction times and the profile's conventions.

Profiles: `ftplanner` uses the calibrated error law of the hardware's noise family, a
syndrome cycle of reset + 2 single-qubit layers + 4 two-qubit layers + measurement, 2(d+1)^2
qubits per tile and a 10 us decoder reaction time. `azure-re` reproduces the Azure Resource
Estimator: p = the largest error rate, 0.03 (p/0.01)^((d+1)/2) per logical cycle, a
syndrome cycle of 4 two-qubit gates + 2 measurements, 2d^2 qubits per tile, no reaction time.
Bivariate-bicycle code families (code.family gross, two_gross) read p as the uniform-noise p
that bounds every rate (their instruction table is for uniform circuit noise), a syndrome cycle
of reset + 7 two-qubit layers + measurement (`ftplanner.physics.bicycle.codes`), and the
calibration's block-memory law of the family where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ftplanner.architecture.hardware import effective_p, resolve_hardware
from ftplanner.architecture.models import Architecture
from ftplanner.architecture.values import Values
from ftplanner.calibration import Calibration
from ftplanner.physics.bicycle import syndrome_cycle_ns
from ftplanner.physics.block_memory_law import BlockMemoryLaw
from ftplanner.physics.data_blocks import STEPS_PER_ROTATION
from ftplanner.physics.error_law import AZURE_RE_LAW, ErrorLaw

DEFAULT_REACTION_TIME_S = {"ftplanner": 10e-6, "azure-re": 0.0}
NEAR_THRESHOLD = 1 / 3  # of p_th: above it, distances beyond a fit's fail more than its law says (README "Calibrating")


@dataclass(frozen=True)
class Machine:
    """Every number the planner reads, in SI units, over the design points (arrays of shape (n,)),
    with the list of fields that took defaults."""

    profile: str
    error_rates: dict[str, np.ndarray]
    durations_ns: dict[str, np.ndarray]
    p_physical: np.ndarray  # the error law's x axis for this hardware
    law: ErrorLaw  # memory, per logical basis of one patch
    law_family: str
    seam_law: ErrorLaw
    surgery_law: ErrorLaw | None  # None: merges cost what idle memory costs
    cycle_time_s: np.ndarray
    reaction_time_s: np.ndarray
    max_distance: np.ndarray
    layout: str
    defaults: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    bases_per_patch: int = 1  # logical bases a patch must protect (ftplanner: X and Z; Azure: its law is per qubit)
    block_law: BlockMemoryLaw | None = None  # the calibration's law for a bivariate-bicycle code family, if fitted

    def take(self, index) -> Machine:
        """The machine at a subset of the design points."""
        return replace(self, error_rates={op: r[index] for op, r in self.error_rates.items()},
                       durations_ns={op: t[index] for op, t in self.durations_ns.items()},
                       p_physical=self.p_physical[index], cycle_time_s=self.cycle_time_s[index],
                       reaction_time_s=self.reaction_time_s[index], max_distance=self.max_distance[index])


def resolve(values: Values, calibration: Calibration) -> Machine:
    """The resolved machine at every design point of `values` under `calibration` (ignored by azure-re)."""
    arch = values.arch
    hardware = resolve_hardware(values)
    rates, durations = hardware.error_rates, hardware.durations_ns
    defaults: list[str] = list(hardware.defaults)
    warnings: list[str] = []
    profile = arch.profile
    surgery_law, seam_law, bases = None, calibration.seam, 1
    if profile == "azure-re":
        law, law_family = AZURE_RE_LAW, "azure-re"
        p = np.max([rates[op] for op in ("two_qubit", "single_qubit", "measurement", "t_gate")], axis=0)
        cycle_ns = 4 * durations["two_qubit"] + 2 * durations["measurement"]
    else:
        law, law_family, warning = calibration.memory_law(arch.hardware.noise_model)
        if warning:
            warnings.append(warning)
        p = effective_p(hardware, law_family)
        if arch.code.family == "rotated_surface":
            warnings += _near_threshold(p, law)
        surgery_law, _, _ = calibration.surgery_law(law_family)
        seam_law, _, _ = calibration.seam_law(law_family)
        bases = 2
        cycle_ns = durations["reset"] + 2 * durations["single_qubit"] + 4 * durations["two_qubit"] + durations["measurement"]
    block_law = None
    if arch.code.family != "rotated_surface":  # the bicycle table is for uniform circuit noise, on its own cycle
        p = effective_p(hardware, "uniform")
        cycle_ns = syndrome_cycle_ns(durations["reset"], durations["two_qubit"], durations["measurement"])
        block_law = calibration.block_law(arch.code.family)
    given_cycle = values.number("hardware.cycle_time_ns")
    if given_cycle is not None:
        cycle_ns = given_cycle
    else:
        defaults.append("hardware.cycle_time_ns")
    reaction_us = values.number("decoder.reaction_time_us")
    if reaction_us is not None:
        reaction_s = reaction_us * 1e-6
    else:
        defaults.append("decoder.reaction_time_us")
        reaction_s = np.full(values.n, DEFAULT_REACTION_TIME_S[profile])
    return Machine(
        profile=profile,
        error_rates=rates,
        durations_ns=durations,
        p_physical=p,
        law=law,
        law_family=law_family,
        seam_law=seam_law,
        surgery_law=surgery_law,
        bases_per_patch=bases,
        cycle_time_s=cycle_ns * 1e-9,
        reaction_time_s=reaction_s,
        max_distance=values.count("code.max_distance"),
        layout=arch.code.layout,
        defaults=tuple(defaults),
        warnings=tuple(warnings),
        block_law=block_law,
    )


def _near_threshold(p: np.ndarray, law: ErrorLaw) -> list[str]:
    """A warning where p is below the law's threshold but above NEAR_THRESHOLD of it: there the power law,
    fitted at small distances, underpredicts larger ones (the default calibration's, held out at d = 13, 15:
    up to 1.45x per round at 0.41 p_th, within its errors at 0.3 p_th; tests/fit/test_distance_holdout.py)."""
    ratio = np.asarray(p, float) / law.threshold
    near = ratio[(ratio > NEAR_THRESHOLD) & (ratio < 1)]
    if not near.size:
        return []
    return [f"physical error is {near.max():.2f} of the error law's threshold {law.threshold:.3g}: this near threshold "
            "the law, fitted at small distances, underpredicts the logical error of larger ones (the default "
            "calibration's, fitted at d <= 11, by up to 1.45x per round at d = 13-15); sample the distances the plan "
            "needs (ftplanner calibrate --distances) before trusting it"]


def single_machine(machine: Machine) -> Machine:
    """The machine's numbers at its one design point as plain floats (for a Plan's assumptions)."""
    first = lambda x: float(np.asarray(x).ravel()[0])  # noqa: E731
    return replace(machine, error_rates={k: first(v) for k, v in machine.error_rates.items()},
                   durations_ns={k: first(v) for k, v in machine.durations_ns.items()}, p_physical=first(machine.p_physical),
                   cycle_time_s=first(machine.cycle_time_s), reaction_time_s=first(machine.reaction_time_s),
                   max_distance=int(first(machine.max_distance)))


def assumptions(arch: Architecture, machine: Machine) -> dict:
    """The resolved inputs the plan used (one design point), with the fields that took defaults listed."""
    return {
        "architecture": arch.model_dump(mode="json"),
        "resolved": {
            "error_rates": machine.error_rates,
            "durations_ns": machine.durations_ns,
            "p_physical": machine.p_physical,
            "error_law": {"family": machine.law_family, "A": machine.law.A, "threshold": machine.law.threshold,
                          "per": machine.law.per, "source": machine.law.source},
            "seam_law": {"A": machine.seam_law.A, "threshold": machine.seam_law.threshold, "offset": machine.seam_law.offset,
                         "at_p": machine.seam_law.at_p, "source": machine.seam_law.source},
            "surgery_law": None if machine.surgery_law is None else {
                "A": machine.surgery_law.A, "threshold": machine.surgery_law.threshold, "source": machine.surgery_law.source},
            "logical_bases_per_patch": machine.bases_per_patch,
            "cycle_time_s": machine.cycle_time_s,
            "reaction_time_s": machine.reaction_time_s,
            "qubits_per_tile": "2d^2" if machine.profile == "azure-re" else "2(d+1)^2",
            "steps_per_rotation": STEPS_PER_ROTATION[machine.layout],
        },
        "defaults": list(machine.defaults),
    }
