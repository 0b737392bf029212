"""Named hardware presets: the Azure Resource Estimator's gate-based qubit models.

Source: Microsoft Azure Quantum Resource Estimator, "qubit parameters" (predefined
qubit_gate_ns_e3/e4 and qubit_gate_us_e3/e4; microsoft/qsharp,
source/resource_estimator/src/system/modeling/physical_qubit.rs), as shipped in PyPI
`qsharp` 1.31. Note the microsecond presets' T-gate error of 1e-6, far below their
Clifford error. Times in ns; error rates per operation. The estimator has no reset operation: we
take reset to cost what a measurement costs.
"""

from __future__ import annotations

_NS_TIMES = {"two_qubit": 50.0, "single_qubit": 50.0, "measurement": 100.0, "reset": 100.0, "t_gate": 50.0}
_US_TIMES = {"two_qubit": 100e3, "single_qubit": 100e3, "measurement": 100e3, "reset": 100e3, "t_gate": 100e3}


def _rates(p: float, t_gate: float) -> dict[str, float]:
    return {"two_qubit": p, "single_qubit": p, "measurement": p, "reset": p, "idle": p, "t_gate": t_gate}


HARDWARE_PRESETS: dict[str, dict[str, dict[str, float]]] = {
    "qubit_gate_ns_e3": {"error_rates": _rates(1e-3, 1e-3), "durations_ns": _NS_TIMES},
    "qubit_gate_ns_e4": {"error_rates": _rates(1e-4, 1e-4), "durations_ns": _NS_TIMES},
    "qubit_gate_us_e3": {"error_rates": _rates(1e-3, 1e-6), "durations_ns": _US_TIMES},
    "qubit_gate_us_e4": {"error_rates": _rates(1e-4, 1e-6), "durations_ns": _US_TIMES},
}
