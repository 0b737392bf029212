"""Median wall time of one `ftplanner.estimate` after import, against the Azure Resource Estimator.

Run: python benchmarks/bench_estimate.py
With the `bench` extra installed (PyPI `qsharp`), the same logical counts are estimated by
Microsoft's Resource Estimator in this process and the ratio is printed.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import ftplanner as ftp
from ftplanner.calibration import load_calibration

ROOT = Path(__file__).resolve().parents[1]
COUNTS = {"numQubits": 1000, "tCount": 1_000_000_000, "rotationCount": 1_000_000, "rotationDepth": 100_000}


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm caches (factory tables, calibration)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    calibration = load_calibration("default")
    azure_arch = ftp.load({"name": "w2", "profile": "azure-re", "hardware": {"preset": "qubit_gate_ns_e3"},
                           "code": {"max_distance": 50}, "workload": {"logical_counts": COUNTS}})
    results = {"azure-re profile, W2 counts": median_seconds(lambda: ftp.estimate(azure_arch, calibration), 200)}
    for path in sorted((ROOT / "architectures").glob("*.yaml")):
        arch = ftp.load(path)
        results[path.stem] = median_seconds(lambda arch=arch: ftp.estimate(arch, calibration), 200)
    for name, seconds in results.items():
        print(f"ftplanner estimate  {name:32s} median {seconds * 1e3:8.3f} ms")
    try:
        from qsharp.estimator import EstimatorParams, LogicalCounts, QubitParams
    except ImportError:
        print("qsharp not installed (pip install -e '.[bench]'): no Azure baseline in this run")
        return
    params = EstimatorParams()
    params.qubit_params.name = QubitParams.GATE_NS_E3
    params.error_budget = 1e-3
    counts = LogicalCounts(COUNTS)
    azure = median_seconds(lambda: counts.estimate(params), 20)
    ours = results["azure-re profile, W2 counts"]
    print(f"azure resource estimator W2 counts             median {azure * 1e3:8.3f} ms")
    print(f"ratio azure / ftplanner (same counts, same process): {azure / ours:.1f}x")


if __name__ == "__main__":
    main()
