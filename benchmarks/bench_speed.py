"""Speed where users feel it, ftplanner against the Azure Resource Estimator in one run, as ratios.

Run: python benchmarks/bench_speed.py [--points 10000] [--repeats 30] [--memory-points 1000000]

1. A sweep whose every point has its own two-qubit error rate (W2: numQubits 200, tCount 1e8,
   measurementCount 1e6 on the qubit_gate_ns_e4 preset, rates log-spaced over 1e-4..3e-3):
   `ftplanner.sweep` against the estimator's batch call `LogicalCounts.estimate(params)` with one
   item per point (each item the preset with that two-qubit rate; batches of at most 1,000 items, the
   estimator's limit). Then 10 distinct rates x
   points/10 error budgets, where ftplanner's per-rate factory tables are shared.
2. One estimate on five workloads (W2 and the logical counts of tests/test_azure_compat.py):
   median of --repeats `ftplanner.estimate` calls after a warm-up against the median of the
   estimator's single call on the same counts, preset and budget; and the same estimate with its
   planner (`plan_points`) answering at once from a stored result, with the ratio an estimate would
   reach if the planner took no time: a floor that a faster planner alone cannot pass.
3. CLI start-up: wall time of `ftplanner validate FILE` and `ftplanner --help` in fresh processes
   (median of 5) against the 0.4 s target and a bare `python -c pass`.
4. Memory: the peak resident memory of a fresh process sweeping --memory-points points (default 1e6;
   10 rates x budgets) against one sweeping 10, per point: flat when the planner's chunking works.

The estimator comes with the `bench` extra (PyPI qsharp); without it only ftplanner's figures print.
Timings on a shared 2-core machine swing 2x: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from bench_estimate import median_seconds as median_s  # the script's folder is on sys.path

ROOT = Path(__file__).resolve().parents[1]
W2 = {"numQubits": 200, "tCount": 100_000_000, "measurementCount": 1_000_000}
WORKLOADS = {  # name: (logical counts, hardware preset)
    "W2": (W2, "qubit_gate_ns_e4"),
    "bench_estimate counts": ({"numQubits": 1000, "tCount": 1_000_000_000, "rotationCount": 1_000_000,
                               "rotationDepth": 100_000}, "qubit_gate_ns_e3"),
    "small T": ({"numQubits": 12, "tCount": 5000}, "qubit_gate_ns_e3"),
    "CCZ heavy": ({"numQubits": 5000, "tCount": 30_000_000_000, "cczCount": 100_000_000}, "qubit_gate_ns_e4"),
    "rotations": ({"numQubits": 800, "rotationCount": 20_000_000, "rotationDepth": 3_000_000,
                   "measurementCount": 100_000}, "qubit_gate_ns_e3"),
}
PRESET_NAMES = {"qubit_gate_ns_e3": "GATE_NS_E3", "qubit_gate_ns_e4": "GATE_NS_E4"}
BUDGET = 1e-3
VALIDATE_TARGET_S = 0.4


def architecture(counts: dict, preset: str) -> dict:
    return {"name": "bench-speed", "hardware": {"preset": preset}, "workload": {"logical_counts": counts},
            "budget": {"total_failure": BUDGET}}


def azure():
    """The estimator's classes, or None without the bench extra."""
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # qsharp points to its successor package
    try:
        from qsharp.estimator import EstimatorError, EstimatorParams, LogicalCounts, QubitParams
    except ImportError:
        return None
    return EstimatorError, EstimatorParams, LogicalCounts, QubitParams


AZURE_MAX_ITEMS = 1000  # the estimator refuses batches of more items


def azure_batch_s(az, counts: dict, preset: str, rates: np.ndarray, budgets: np.ndarray) -> float:
    """Seconds of batch calls with an item per (two-qubit rate, budget), at most AZURE_MAX_ITEMS per call."""
    error, params_type, logical_counts, qubit_params = az
    total = 0.0
    for start in range(0, len(rates), AZURE_MAX_ITEMS):
        chunk = slice(start, start + AZURE_MAX_ITEMS)
        params = params_type(num_items=len(rates[chunk]))
        for i, (rate, budget) in enumerate(zip(rates[chunk].tolist(), budgets[chunk].tolist())):
            item = params.items[i]
            item.qubit_params.name = getattr(qubit_params, PRESET_NAMES[preset])
            item.qubit_params.two_qubit_gate_error_rate = rate
            item.error_budget = budget
        begin = time.perf_counter()
        try:
            logical_counts(counts).estimate(params)
        except error:  # some item has no code distance that fits: the batch still ran
            pass
        total += time.perf_counter() - begin
    return total


def azure_single_s(az, counts: dict, preset: str, repeats: int) -> float:
    error, params_type, logical_counts, qubit_params = az
    params = params_type()
    params.qubit_params.name = getattr(qubit_params, PRESET_NAMES[preset])
    params.error_budget = BUDGET
    estimator_counts = logical_counts(counts)

    def once():
        try:
            estimator_counts.estimate(params)
        except error:
            pass
    return median_s(once, repeats)


def sweeps(points: int, az) -> None:
    import ftplanner as ftp
    from ftplanner.calibration import load_calibration

    arch = ftp.load(architecture(W2, "qubit_gate_ns_e4"))
    calibration = load_calibration(arch.calibration)
    ftp.sweep(arch, {"budget.total_failure": [BUDGET]}, calibration=calibration)  # imports (pandas) and laws, untimed
    rates = np.geomspace(1e-4, 3e-3, points)
    cases = {
        f"{points:,} distinct rates": ({"hardware.error_rates.two_qubit": rates.tolist()}, rates, np.full(points, BUDGET)),
        f"10 rates x {points // 10:,} budgets": (
            {"hardware.error_rates.two_qubit": np.geomspace(1e-4, 3e-3, 10).tolist(),
             "budget.total_failure": np.geomspace(1e-4, 1e-2, points // 10).tolist()},
            np.repeat(np.geomspace(1e-4, 3e-3, 10), points // 10),
            np.tile(np.geomspace(1e-4, 1e-2, points // 10), 10)),
    }
    for name, (grid, az_rates, az_budgets) in cases.items():
        start = time.perf_counter()
        frame = ftp.sweep(arch, grid, calibration=calibration)
        ours_us = (time.perf_counter() - start) / len(frame) * 1e6
        line = f"sweep W2, {name}: ftplanner {ours_us:,.1f} µs per point ({int(frame['feasible'].sum()):,} feasible)"
        if az is not None:
            theirs_us = azure_batch_s(az, W2, "qubit_gate_ns_e4", az_rates, az_budgets) / len(az_rates) * 1e6
            line += f"; Azure batch {theirs_us:,.1f} µs per point; Azure / ftplanner {theirs_us / ours_us:.2f}x"
        print(line)


def single_estimates(repeats: int, az) -> None:
    """Each workload's estimate against the estimator's single call; and the same estimate with its planner
    (`plan_points`) answering at once from a stored result: what resolving the machine, building the Plan and
    its provenance cost, a floor that no faster planner passes."""
    from unittest import mock

    import ftplanner as ftp
    from ftplanner.architecture.values import Values
    from ftplanner.calibration import load_calibration
    from ftplanner.plan import planner
    from ftplanner.plan.resolve import resolve

    ratios, floors = [], []
    for name, (counts, preset) in WORKLOADS.items():
        arch = ftp.load(architecture(counts, preset))
        calibration = load_calibration(arch.calibration)
        ours = median_s(lambda arch=arch, calibration=calibration: ftp.estimate(arch, calibration), repeats)
        planned = planner.plan_points(Values(arch), resolve(Values(arch), calibration))
        with mock.patch.object(planner, "plan_points", lambda values, machine, planned=planned: planned):
            outside = median_s(lambda arch=arch, calibration=calibration: ftp.estimate(arch, calibration), repeats)
        line = f"estimate {name:22s} ftplanner {ours * 1e3:7.3f} ms ({outside * 1e3:5.3f} ms outside the planner)"
        if az is not None:
            theirs = azure_single_s(az, counts, preset, max(5, repeats // 3))
            ratios.append(theirs / ours)
            floors.append(theirs / outside)
            line += f"; Azure {theirs * 1e3:7.3f} ms; Azure / ftplanner {theirs / ours:.2f}x"
        print(line)
    if ratios:
        print(f"estimate: median Azure / ftplanner over {len(ratios)} workloads {statistics.median(ratios):.2f}x (target 10x); "
              f"with a planner that took no time, {statistics.median(floors):.1f}x")


def start_up() -> None:
    def wall(*args: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], check=False, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    bare = wall("-c", "pass")
    validate = wall("-m", "ftplanner", "validate", str(ROOT / "architectures" / "networked-poc-2030.yaml"))
    helped = wall("-m", "ftplanner", "--help")
    print(f"start-up: python -c pass {bare:.3f} s; ftplanner validate {validate:.3f} s "
          f"({validate / VALIDATE_TARGET_S:.2f}x the {VALIDATE_TARGET_S} s target, {validate / bare:.1f}x a bare python); "
          f"ftplanner --help {helped:.3f} s ({helped / bare:.1f}x a bare python)")


_PEAK_SCRIPT = """
import resource, sys
import numpy as np
import ftplanner as ftp
sys.path.insert(0, {folder!r})
from bench_speed import W2, architecture
n = {points}
grid = {{"hardware.error_rates.two_qubit": np.geomspace(1e-4, 3e-3, 10).tolist(),
        "budget.total_failure": np.geomspace(1e-4, 1e-2, max(1, n // 10)).tolist()}}
frame = ftp.sweep(architecture(W2, "qubit_gate_ns_e4"), grid)
try:  # this process's own peak: Linux's ru_maxrss starts from the parent's resident memory at the fork
    with open("/proc/self/status") as status:
        peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
except OSError:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(len(frame), peak_mb)
"""


def memory(points: int) -> None:
    """Peak resident memory of a fresh process sweeping `points` points (10 rates x budgets), against one point."""
    def peak(n: int) -> tuple[int, float]:
        script = _PEAK_SCRIPT.format(folder=str(Path(__file__).resolve().parent), points=n)
        out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT)
        rows, mib = out.stdout.split()
        return int(rows), float(mib)

    (_, base), (rows, big) = peak(10), peak(points)
    print(f"memory: peak RSS {big:,.0f} MB sweeping {rows:,} points in a fresh process ({base:,.0f} MB for 10 points; "
          f"{(big - base) / rows * 2**20:,.0f} bytes per point; target: 1e6 points under 1 GB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000, help="points of the distinct-rate sweep (default 10,000)")
    parser.add_argument("--repeats", type=int, default=30, help="repeats of each single estimate (default 30)")
    parser.add_argument("--memory-points", type=int, default=1_000_000, help="points of the memory sweep (default 1e6)")
    args = parser.parse_args()
    az = azure()
    if az is None:
        print("qsharp not installed (pip install -e '.[bench]'): no Azure Resource Estimator figures in this run")
    sweeps(args.points, az)
    single_estimates(args.repeats, az)
    start_up()
    memory(args.memory_points)


if __name__ == "__main__":
    main()
