"""The fields a sweep may vary and the unit each is written in: plain names, without numpy, so that the CLI's help
lists them cheaply. `Values` reads these fields; `ftplanner.sweeps.paths` checks paths and values against them."""

from __future__ import annotations

# in the field's own unit (durations_ns in ns, *_us in us, max_runtime in s).
SWEEPABLE = (
    "hardware.error_rates.two_qubit", "hardware.error_rates.single_qubit", "hardware.error_rates.measurement",
    "hardware.error_rates.reset", "hardware.error_rates.idle", "hardware.error_rates.t_gate",
    "hardware.durations_ns.two_qubit", "hardware.durations_ns.single_qubit", "hardware.durations_ns.measurement",
    "hardware.durations_ns.reset", "hardware.durations_ns.t_gate", "hardware.cycle_time_ns",
    "code.max_distance", "decoder.reaction_time_us",
    "modules.count", "modules.physical_qubits",
    "network.link.bell_pair_rate_hz", "network.link.bell_pair_fidelity", "network.link.latency_us",
    "network.links_per_module_pair", "network.memory.coherence_time_us", "network.memory.qubits_per_link",
    "network.switch.ports", "network.switch.pairs_per_s", "network.switch.count",
    "factories.count",
    "workload.logical_counts.numQubits", "workload.logical_counts.tCount", "workload.logical_counts.rotationCount",
    "workload.logical_counts.rotationDepth", "workload.logical_counts.cczCount", "workload.logical_counts.ccixCount",
    "workload.logical_counts.measurementCount", "workload.t_depth", "workload.reaction_depth", "workload.active_qubits",
    "workload.success_probability", "workload.cross_module_fraction",
    "budget.total_failure", "constraints.max_runtime", "constraints.max_physical_qubits", "constraints.max_modules",
)


def unit(path: str) -> str:
    """The unit a path's values are in: the field's own unit, as in the architecture file."""
    if path.startswith("hardware.durations_ns.") or path.endswith("_ns"):
        return "ns"
    if path.endswith("_us"):
        return "us"
    if path.endswith("_hz"):
        return "Hz"
    return "s" if path == "constraints.max_runtime" else ""
