"""The one resolution of an architecture's `hardware` section: every error rate and duration it implies.

The planner (`ftplanner.plan.resolve`) and the simulator (`ftplanner.sim.noise.NoiseModel.
for_architecture`) both read the hardware through `resolve_hardware`, so they cannot disagree.
Rules, per operation, first that applies:

- error_rates (two_qubit, single_qubit, measurement, reset, idle, t_gate): the value given
  (or swept); else the named preset's; else t_gate = single_qubit; else the noise family's
  ratio × p (`ftplanner.physics.noise_families`), capped at 0.5, where p is the given two_qubit
  rate (or the preset's).
- durations_ns (two_qubit, single_qubit, measurement, reset, t_gate): the value given; else
  the preset's; else 50 / 25 / 500 / 100 ns (two_qubit / single_qubit / measurement / reset);
  else (t_gate) single_qubit's.

Every rate means the same everywhere: a probability per operation, and idle is a DEPOLARIZE1
probability per qubit per idle layer (the unit of the published families). Durations set the
cycle time the planner uses; they do not change the noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.values import Values
from ftplanner.physics.hardware_presets import HARDWARE_PRESETS
from ftplanner.physics.noise_families import family_rates, family_ratios

RATED = ("two_qubit", "single_qubit", "measurement", "reset", "idle", "t_gate")
TIMED = ("two_qubit", "single_qubit", "measurement", "reset", "t_gate")
NOISE_RATES = ("two_qubit", "single_qubit", "measurement", "reset", "idle")  # the rates a circuit's noise reads
DEFAULT_DURATIONS_NS = {"two_qubit": 50.0, "single_qubit": 25.0, "measurement": 500.0, "reset": 100.0}


@dataclass(frozen=True)
class ResolvedHardware:
    """An architecture's hardware over its design points: arrays of shape (n,) per operation
    (plain floats from `resolve_point`), and the dotted fields that took defaults."""

    family: str  # the noise family (hardware.noise_model)
    error_rates: dict  # op -> rate, for RATED
    durations_ns: dict  # op -> ns, for TIMED
    defaults: tuple[str, ...]


def resolve_hardware(values: Values) -> ResolvedHardware:
    """The hardware of `values`' architecture at each of its design points (see the module docstring)."""
    hw = values.arch.hardware
    preset = HARDWARE_PRESETS.get(hw.preset, {}) if hw.preset else {}
    defaults: list[str] = []
    p = values.number("hardware.error_rates.two_qubit")
    if p is None:
        p = np.full(values.n, preset["error_rates"]["two_qubit"])
    family = family_rates(hw.noise_model, p)
    rates = {}
    for op in RATED:
        given = values.number(f"hardware.error_rates.{op}")
        if given is not None:
            rates[op] = given
            continue
        defaults.append(f"hardware.error_rates.{op}")
        if op in preset.get("error_rates", {}):
            rates[op] = np.full(values.n, preset["error_rates"][op])
        elif op == "t_gate":
            rates[op] = rates["single_qubit"]
        else:
            rates[op] = np.minimum(0.5, family[op])
    durations = {}
    for op in TIMED:
        given = values.number(f"hardware.durations_ns.{op}")
        if given is not None:
            durations[op] = given
            continue
        defaults.append(f"hardware.durations_ns.{op}")
        default = preset.get("durations_ns", {}).get(op) or DEFAULT_DURATIONS_NS.get(op)
        durations[op] = np.full(values.n, default) if default else durations["single_qubit"]
    return ResolvedHardware(family=hw.noise_model, error_rates=rates, durations_ns=durations, defaults=tuple(defaults))


def resolve_point(arch: Architecture) -> ResolvedHardware:
    """The hardware of an architecture as written (its one design point), as plain floats."""
    hw = resolve_hardware(Values(arch))
    return ResolvedHardware(family=hw.family, error_rates={op: _first(r) for op, r in hw.error_rates.items()},
                            durations_ns={op: _first(t) for op, t in hw.durations_ns.items()}, defaults=hw.defaults)


def _first(x) -> float:
    return float(np.asarray(x).ravel()[0])


def effective_p(hardware: ResolvedHardware, family: str | None = None) -> np.ndarray:
    """The family's p that upper-bounds every noise rate: max over ops with a nonzero ratio of rate / ratio.

    `family` defaults to the hardware's own (the planner passes the family its error law was fitted on).
    """
    ratios = family_ratios(family or hardware.family)
    return np.max([hardware.error_rates[op] / ratios[op] for op in NOISE_RATES if ratios[op] > 0], axis=0)
