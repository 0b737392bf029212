"""The Azure Resource Estimator's T factory for given qubit error rates and times: the package's entry points.

Source: Microsoft's open-source Azure Quantum Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp), re-derived for the `azure-re`
profile. `azure_tfactory_detail` returns the estimator's factory with per-round detail (or the
trivial factory when the physical T gate is already good enough), `azure_tfactory` the same as a
FactoryDesign for the planner, and `azure_preset_tfactory_kwargs` the arguments for a named
Azure qubit preset.
"""

from __future__ import annotations

from functools import lru_cache

from ftplanner.physics.azure_factory.design_space import _Qubit
from ftplanner.physics.azure_factory.model import SOURCE, AzureRound, AzureTFactory
from ftplanner.physics.azure_factory.search import estimator, exhaustive
from ftplanner.physics.factories.design import FactoryDesign
from ftplanner.physics.hardware_presets import HARDWARE_PRESETS


def azure_preset_tfactory_kwargs(preset: str) -> dict:
    """The error/time keyword arguments of `azure_tfactory` for a named Azure qubit preset."""
    rates, times = HARDWARE_PRESETS[preset]["error_rates"], HARDWARE_PRESETS[preset]["durations_ns"]
    return {
        "clifford_error": max(rates["single_qubit"], rates["two_qubit"], rates["idle"]),
        "t_gate_error": rates["t_gate"],
        "measurement_error": rates["measurement"],
        "two_qubit_gate_ns": times["two_qubit"],
        "measurement_ns": times["measurement"],
        "t_gate_ns": times["t_gate"],
    }


@lru_cache(maxsize=64)
def _qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns, prefactor,
           threshold, max_distance) -> _Qubit:
    return _Qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns, prefactor,
                  threshold, max_distance)


@lru_cache(maxsize=4096)
def _design(
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    t_gate_ns: float,
    max_output_error: float,
    logical_error_prefactor: float,
    threshold: float,
    max_distance: int,
    max_runtime_ns: float | None,
    search: str,
) -> AzureTFactory | None:
    p_code = max(clifford_error, measurement_error)
    if not (0.0 < t_gate_error < 1.0) or clifford_error >= threshold or p_code > threshold:
        return None  # the estimator refuses qubits at or above the code's threshold
    if max_distance < 1 or not (max_output_error > 0.0):
        return None

    if max_output_error > t_gate_error:
        # Trivial factory: the physical T gate is already good enough; the estimator then
        # reports one patch at the maximum distance for one logical cycle, with the T gate's
        # own error as output error (checked against qsharp 1.31).
        d = int(max_distance)
        err = t_gate_error
        runtime = int(round((4.0 * two_qubit_gate_ns + 2.0 * measurement_ns) * d))
        if max_runtime_ns is not None and runtime > max_runtime_ns:
            return None
        rnd = AzureRound("trivial 1-to-1", 1, d, False, 2 * d * d, runtime, err, 0.0)
        return AzureTFactory((rnd,), 2 * d * d, runtime, err, 1)

    qubit = _qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns,
                   logical_error_prefactor, threshold, int(max_distance))
    if search == "estimator":
        return estimator(qubit, max_output_error, max_runtime_ns)
    return exhaustive(qubit, max_output_error, max_runtime_ns)


_SEARCHES = ("estimator", "exhaustive")


def azure_tfactory_detail(
    *,
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    max_output_error: float,
    logical_error_prefactor: float = 0.03,
    threshold: float = 0.01,
    max_distance: int = 50,
    max_runtime_ns: float | None = None,
    t_gate_ns: float | None = None,
    search: str = "estimator",
) -> AzureTFactory | None:
    """The estimator's T factory with per-round detail, or None if no design reaches the target.

    `clifford_error` is max(one-qubit, two-qubit, idle error); the surface code sees
    max(`clifford_error`, `measurement_error`). To reproduce the estimator, pass the
    algorithm's code distance as `max_distance` (it never lets a factory round exceed it) and
    optionally the algorithm runtime as `max_runtime_ns` (it only uses factories that finish
    within it). `t_gate_ns` (default: `two_qubit_gate_ns`, as in every preset) times the
    units that run on bare physical qubits. `search="estimator"` replays the estimator's
    pruned search; `search="exhaustive"` returns the true optimum of the same model (they
    differ rarely).
    """
    if search not in _SEARCHES:
        raise ValueError(f"search must be one of {_SEARCHES}, got {search!r}")
    t_gate_ns = two_qubit_gate_ns if t_gate_ns is None else t_gate_ns
    return _design(
        float(clifford_error), float(t_gate_error), float(measurement_error), float(two_qubit_gate_ns),
        float(measurement_ns), float(t_gate_ns), float(max_output_error), float(logical_error_prefactor),
        float(threshold), int(max_distance), None if max_runtime_ns is None else float(max_runtime_ns), search,
    )


@lru_cache(maxsize=4096)
def _as_factory_design(detail: AzureTFactory, syndrome_cycle_ns: float):
    return FactoryDesign(
        protocol=detail.protocol,
        output_error=detail.output_error,
        physical_qubits=detail.physical_qubits,
        code_cycles=detail.runtime_ns / syndrome_cycle_ns,
        outputs_per_run=detail.outputs_per_run,
        output_kind="T",
        source=SOURCE,
    )


def azure_tfactory(
    *,
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    max_output_error: float,
    logical_error_prefactor: float = 0.03,
    threshold: float = 0.01,
    max_distance: int = 50,
    max_runtime_ns: float | None = None,
    t_gate_ns: float | None = None,
    search: str = "estimator",
) -> FactoryDesign | None:
    """The T factory the Azure Resource Estimator would build, as a `FactoryDesign`.

    `code_cycles` is the factory runtime in syndrome cycles of 4·t_2q + 2·t_meas (a run
    always takes its full time in this model: failures are absorbed by spare units, not by
    repetition). `protocol` lists each round as "<unit> x<units> @d<distance>" (or
    "@physical"), rounds separated by " | ". See `azure_tfactory_detail` for the arguments.
    """
    detail = azure_tfactory_detail(
        clifford_error=clifford_error, t_gate_error=t_gate_error, measurement_error=measurement_error,
        two_qubit_gate_ns=two_qubit_gate_ns, measurement_ns=measurement_ns,
        max_output_error=max_output_error, logical_error_prefactor=logical_error_prefactor,
        threshold=threshold, max_distance=max_distance, max_runtime_ns=max_runtime_ns, t_gate_ns=t_gate_ns,
        search=search,
    )
    if detail is None:
        return None
    return _as_factory_design(detail, 4.0 * float(two_qubit_gate_ns) + 2.0 * float(measurement_ns))
