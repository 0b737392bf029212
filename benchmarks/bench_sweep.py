"""Time of a design-space sweep per point, its peak memory, and the Azure Resource Estimator on the same counts.

Run: python benchmarks/bench_sweep.py [--points 100000] [--quick]

Sweeps architectures/networked-trillion-gate.yaml with `ftplanner.sweep` over about --points
points (default 100,000; target: 1 µs per point or less), on two grids:
- "network": 10 two-qubit error rates (log 1e-4..3e-3) x link Bell-pair fidelity (0.95..0.999)
  x module capacity (2.5e5..1e7, log);
- "hardware": 100 error rates x fidelity x 10 module capacities.
Each runs cold (the factory tables, one ~50 ms search per distinct error rate, built in the
run) and warm (tables cached, as a second sweep in the same session sees them). Then (unless
--quick) 1,000,000 points, printing the peak resident memory, which stays flat in the number of
points apart from the result table itself (the planner runs 65,536 points at a time).

With the `bench` extra (PyPI `qsharp`), the Azure Resource Estimator's `LogicalCounts(...).estimate()`
runs in this process on a sample of the same points (same logical counts, error budget, gate
times; every error rate = the point's two-qubit rate, as the file's uniform noise; the estimator
has no modules or links) and the per-point ratio is printed; the Qualtran figure (14 µs per
surface-code cost evaluation) is a stated reference, as Qualtran is not installed here.
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import time
import warnings
from pathlib import Path

import numpy as np

import ftplanner as ftp
from ftplanner.calibration import load_calibration

ARCH = Path(__file__).resolve().parents[1] / "architectures" / "networked-trillion-gate.yaml"
CAPACITIES = [250_000, 400_000, 500_000, 750_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000]
QUALTRAN_US = 14.0  # Qualtran's surface-code cost model per evaluation, as quoted in the issue
AZURE_SAMPLE = 20


def grids(points: int) -> dict[str, dict[str, str | list[int]]]:
    """The two grids of about `points` points (see the module docstring)."""
    network_side = max(2, round(math.sqrt(points / 10)))
    hardware_side = max(2, round(math.sqrt(points / len(CAPACITIES))))
    return {
        "network": {"hardware.error_rates.two_qubit": "1e-4..3e-3:10:log",
                    "network.link.bell_pair_fidelity": f"0.95..0.999:{network_side}",
                    "modules.physical_qubits": f"2.5e5..1e7:{network_side}:log"},
        "hardware": {"hardware.error_rates.two_qubit": f"1e-4..3e-3:{hardware_side}:log",
                     "network.link.bell_pair_fidelity": f"0.95..0.999:{hardware_side}",
                     "modules.physical_qubits": CAPACITIES},
    }


def forget_factory_tables() -> None:
    """Drop the per-error-rate factory tables, so the next sweep builds them as a new session would."""
    from ftplanner.physics.factories.search import _candidate_table
    from ftplanner.plan import factory_choice

    _candidate_table.cache_clear()
    factory_choice._TABLES.clear()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def timed_sweep(arch, grid, calibration):
    start = time.perf_counter()
    frame = ftp.sweep(arch, grid, calibration=calibration)
    return frame, time.perf_counter() - start


def azure_us_per_point(arch, frame) -> float | None:
    """Median µs of one Azure Resource Estimator estimate on a sample of the sweep's points (None without qsharp)."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # qsharp points to its successor package
    try:
        from qsharp.estimator import (
            EstimatorError,
            EstimatorParams,
            LogicalCounts,
            QECScheme,
            QubitParams,
        )
    except ImportError:
        return None
    counts = LogicalCounts(arch.workload.logical_counts.model_dump())
    durations = arch.hardware.durations_ns
    times = []
    for rate in frame["hardware.error_rates.two_qubit"].iloc[np.linspace(0, len(frame) - 1, AZURE_SAMPLE).astype(int)]:
        params = EstimatorParams()
        params.qubit_params.name = QubitParams.GATE_NS_E3
        for field in ("one_qubit_gate_error_rate", "two_qubit_gate_error_rate", "one_qubit_measurement_error_rate",
                      "t_gate_error_rate", "idle_error_rate"):
            setattr(params.qubit_params, field, float(rate))
        params.qubit_params.one_qubit_gate_time = f"{durations.single_qubit:g} ns"
        params.qubit_params.t_gate_time = f"{durations.single_qubit:g} ns"
        params.qubit_params.two_qubit_gate_time = f"{durations.two_qubit:g} ns"
        params.qubit_params.one_qubit_measurement_time = f"{durations.measurement:g} ns"
        params.qec_scheme.name = QECScheme.SURFACE_CODE
        params.qec_scheme.max_code_distance = arch.code.max_distance
        params.error_budget = arch.budget.total_failure
        start = time.perf_counter()
        try:
            counts.estimate(params)
        except EstimatorError:  # no code distance fits: the estimate still ran
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000, help="about this many points (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-point memory run")
    args = parser.parse_args()

    arch = ftp.load(ARCH)
    calibration = load_calibration(arch.calibration)
    ftp.sweep(arch, calibration=calibration)  # import and calibration laws, outside the timings
    warm = {}
    for name, grid in grids(args.points).items():
        forget_factory_tables()
        frame, cold_s = timed_sweep(arch, grid, calibration)
        frame, warm_s = timed_sweep(arch, grid, calibration)
        warm[name] = warm_s / len(frame) * 1e6
        rates = frame["hardware.error_rates.two_qubit"].nunique()
        print(f"ftplanner sweep  {ARCH.name}, {name} grid: {len(frame):,} points ({rates} error rates, "
              f"{int(frame['feasible'].sum()):,} feasible): cold {cold_s:.3f} s = {cold_s / len(frame) * 1e6:.2f} µs per point, "
              f"warm {warm_s:.3f} s = {warm[name]:.2f} µs per point")
    ours_us = warm["network"]
    print(f"target 1 µs per point (warm, network grid): {'met' if ours_us <= 1 else 'not met'}; "
          f"peak RSS so far {peak_rss_mb():,.0f} MB")

    if not args.quick:
        million, seconds = timed_sweep(arch, grids(1_000_000)["network"], calibration)
        table_mb = million.memory_usage(deep=True).sum() / 2**20
        print(f"ftplanner sweep  {len(million):,} points in {seconds:.2f} s = {seconds / len(million) * 1e6:.3f} µs per point; "
              f"peak RSS {peak_rss_mb():,.0f} MB, of which the result table is {table_mb:,.0f} MB")
        del million

    print(f"Qualtran surface-code cost model (quoted, {QUALTRAN_US:g} µs per evaluation) / ftplanner: {QUALTRAN_US / ours_us:,.1f}x")
    azure_us = azure_us_per_point(arch, frame)
    if azure_us is None:
        print("qsharp not installed (pip install -e '.[bench]'): no Azure Resource Estimator baseline in this run")
        return
    print(f"Azure Resource Estimator, same counts, median of {AZURE_SAMPLE} points: {azure_us:,.0f} µs per estimate")
    print(f"ratio Azure / ftplanner sweep per point (same process): {azure_us / ours_us:,.0f}x")


if __name__ == "__main__":
    main()
