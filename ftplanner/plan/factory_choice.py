"""Which factory and how many: the profile's factory model, sized to keep up with the logical clock."""

from __future__ import annotations

import math

from ftplanner.plan.resolve import Machine
from ftplanner.spec.models import Architecture


def choose_factory_for(arch: Architecture, machine: Machine, max_output_error: float):
    """The cheapest factory (space-time per output) reaching `max_output_error` per T state, or None.

    Profile ftplanner: Litinski's 15-to-1 protocols (catalogue and parametric model) at the
    machine's physical error rate, restricted to `factories.protocols` unless it is [auto].
    Profile azure-re: the Azure Resource Estimator's distillation-unit search.
    """
    rates, times = machine.error_rates, machine.durations_ns
    if machine.profile == "azure-re":
        from ftplanner.plan.azure_factories import azure_tfactory

        return azure_tfactory(
            clifford_error=max(rates["single_qubit"], rates["two_qubit"]),
            t_gate_error=rates["t_gate"],
            measurement_error=rates["measurement"],
            two_qubit_gate_ns=times["two_qubit"],
            measurement_ns=times["measurement"],
            max_output_error=max_output_error,
        )
    from ftplanner.plan.factories import choose_factory

    allowed = None if arch.factories.protocols == ["auto"] else tuple(arch.factories.protocols)
    return choose_factory(machine.p_physical, max_output_error, protocols=allowed)


def factory_count(t_states: float, factory, runtime_s: float, cycle_time_s: float, count) -> int:
    """Factories needed to deliver `t_states` within `runtime_s` (count='auto'), else the fixed count."""
    if count != "auto":
        return int(count)
    run_s = factory.code_cycles * cycle_time_s
    return max(1, math.ceil(t_states * run_s / (factory.outputs_per_run * runtime_s) - 1e-9))
