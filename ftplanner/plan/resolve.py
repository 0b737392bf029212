"""Resolve an Architecture into the numbers the planner uses, recording which were defaults.

Profiles: `ftplanner` uses the calibrated error law of the hardware's noise family, a
syndrome cycle of reset + 2 single-qubit layers + 4 two-qubit layers + measurement, 2(d+1)^2
qubits per tile and a 10 us decoder reaction time. `azure-re` reproduces the Azure Resource
Estimator: p = the largest error rate, 0.03 (p/0.01)^((d+1)/2) per logical cycle, a
syndrome cycle of 4 two-qubit gates + 2 measurements, 2d^2 qubits per tile, no reaction time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ftplanner.fit.calibration import AZURE_RE_LAW, Calibration, ErrorLaw
from ftplanner.sim.noise import NoiseModel
from ftplanner.spec.models import Architecture
from ftplanner.spec.presets import HARDWARE_PRESETS


def family_ratios(family: str) -> dict[str, float]:
    """Each operation's error rate relative to the two-qubit rate p, from the simulated noise family."""
    p = 0.1  # any valid p: the ratios do not depend on it
    model = NoiseModel.family_model(family, p)
    return {op: getattr(model, op) / p for op in ("two_qubit", "single_qubit", "measurement", "reset", "idle")}


DEFAULT_DURATIONS_NS = {"two_qubit": 50.0, "single_qubit": 25.0, "measurement": 500.0, "reset": 100.0}
DEFAULT_REACTION_TIME_S = {"ftplanner": 10e-6, "azure-re": 0.0}


@dataclass(frozen=True)
class Machine:
    """Every number the planner reads, in SI units, with the list of fields that took defaults."""

    profile: str
    error_rates: dict[str, float]
    durations_ns: dict[str, float]
    p_physical: float  # the error law's x axis for this hardware
    law: ErrorLaw  # memory, per logical basis of one patch
    law_family: str
    seam_law: ErrorLaw
    surgery_law: ErrorLaw | None  # None: merges cost what idle memory costs
    cycle_time_s: float
    reaction_time_s: float
    max_distance: int
    layout: str
    defaults: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    bases_per_patch: int = 1  # logical bases a patch must protect (ftplanner: X and Z; Azure: its law is per qubit)


def _rates_and_durations(arch: Architecture, defaults: list[str]) -> tuple[dict, dict]:
    hw = arch.hardware
    preset = HARDWARE_PRESETS.get(hw.preset, {}) if hw.preset else {}
    given_rates = hw.error_rates.model_dump()
    p = given_rates["two_qubit"] if given_rates["two_qubit"] is not None else preset["error_rates"]["two_qubit"]
    rates = {}
    for op, ratio in {**family_ratios(hw.noise_model), "t_gate": None}.items():
        if given_rates.get(op) is not None:
            rates[op] = given_rates[op]
            continue
        defaults.append(f"hardware.error_rates.{op}")
        if op in preset.get("error_rates", {}):
            rates[op] = preset["error_rates"][op]
        elif op == "t_gate":
            rates[op] = rates["single_qubit"]
        else:
            rates[op] = min(0.5, ratio * p)
    given_times = hw.durations_ns.model_dump()
    durations = {}
    for op in ("two_qubit", "single_qubit", "measurement", "reset", "t_gate"):
        if given_times.get(op) is not None:
            durations[op] = given_times[op]
            continue
        defaults.append(f"hardware.durations_ns.{op}")
        durations[op] = preset.get("durations_ns", {}).get(op) or DEFAULT_DURATIONS_NS.get(op) or durations["single_qubit"]
    return rates, durations


def _effective_p(rates: dict, family: str) -> float:
    """The family's p that upper-bounds every given rate: max over ops of rate / ratio."""
    ratios = family_ratios(family)
    return max(rates[op] / ratios[op] for op in ratios if ratios[op] > 0)


def resolve(arch: Architecture, calibration: Calibration) -> Machine:
    """The resolved machine for `arch` under `calibration` (ignored by the azure-re profile)."""
    defaults: list[str] = []
    warnings: list[str] = []
    rates, durations = _rates_and_durations(arch, defaults)
    profile = arch.profile
    surgery_law, seam_law, bases = None, calibration.seam, 1
    if profile == "azure-re":
        law, law_family = AZURE_RE_LAW, "azure-re"
        p = max(rates[op] for op in ("two_qubit", "single_qubit", "measurement", "t_gate"))
        cycle_ns = 4 * durations["two_qubit"] + 2 * durations["measurement"]
    else:
        law, law_family, warning = calibration.memory_law(arch.hardware.noise_model)
        if warning:
            warnings.append(warning)
        p = _effective_p(rates, law_family)
        surgery_law, _, _ = calibration.surgery_law(law_family)
        seam_law, _, _ = calibration.seam_law(law_family)
        bases = 2
        cycle_ns = durations["reset"] + 2 * durations["single_qubit"] + 4 * durations["two_qubit"] + durations["measurement"]
    if arch.hardware.cycle_time_ns is not None:
        cycle_ns = arch.hardware.cycle_time_ns
    else:
        defaults.append("hardware.cycle_time_ns")
    if arch.decoder.reaction_time_us is not None:
        reaction_s = arch.decoder.reaction_time_us * 1e-6
    else:
        defaults.append("decoder.reaction_time_us")
        reaction_s = DEFAULT_REACTION_TIME_S[profile]
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
        max_distance=arch.code.max_distance,
        layout=arch.code.layout,
        defaults=tuple(defaults),
        warnings=tuple(warnings),
    )
