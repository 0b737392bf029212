"""Which factory and how many: the profile's factory model, sized to keep up with the logical clock."""

from __future__ import annotations

import math

from ftplanner.plan.resolve import Machine
from ftplanner.spec.models import Architecture


def choose_factory_for(arch: Architecture, machine: Machine, max_output_error: float, code_distance: int,
                       runtime_s: float):
    """The cheapest factory (space-time per output) reaching `max_output_error` per T state, or None.

    Profile ftplanner: Litinski's protocols (catalogue and parametric model) at the machine's
    physical error rate, restricted to `factories.protocols` unless it is [auto].
    Profile azure-re: the Azure Resource Estimator's distillation-unit search, which caps
    factory distances at the algorithm's code distance and wants a run within the runtime.
    """
    rates, times = machine.error_rates, machine.durations_ns
    if machine.profile == "azure-re":
        from ftplanner.plan.azure_factories import azure_tfactory

        return azure_tfactory(
            clifford_error=max(rates["single_qubit"], rates["two_qubit"], rates["idle"]),
            t_gate_error=rates["t_gate"],
            measurement_error=rates["measurement"],
            two_qubit_gate_ns=times["two_qubit"],
            measurement_ns=times["measurement"],
            max_output_error=max_output_error,
            max_distance=code_distance,
            max_runtime_ns=runtime_s * 1e9,
            t_gate_ns=times["t_gate"],
        )
    from ftplanner.plan.factories import choose_factory

    allowed = None if arch.factories.protocols == ["auto"] else tuple(arch.factories.protocols)
    return choose_factory(machine.p_physical, max_output_error, protocols=allowed)


def factory_count(t_states: float, factory, runtime_s: float, cycle_time_s: float, count) -> int:
    """Factories needed to deliver `t_states` within `runtime_s` (count='auto'), else the fixed count.

    As the Azure Resource Estimator counts: each copy completes whole runs only, so a copy
    delivers floor(runtime / run time) x outputs per run states; a run longer than the whole
    algorithm still counts as one (the run then stretches and magic supply binds).
    """
    if count != "auto":
        return int(count)
    if t_states <= 0:
        return 0
    runs = max(1, math.floor(runtime_s / (factory.code_cycles * cycle_time_s) * (1 + 1e-12)))
    return math.ceil(t_states / (runs * factory.outputs_per_run) - 1e-9)


def magic_supply_time(t_states: float, factory, factories: int, cycle_time_s: float) -> float:
    """Seconds for `factories` copies to deliver `t_states`, in whole runs."""
    if t_states <= 0 or factories == 0:
        return 0.0
    return math.ceil(t_states / (factories * factory.outputs_per_run) - 1e-9) * factory.code_cycles * cycle_time_s
