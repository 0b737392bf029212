"""Circuit-building speed and memory, and a small seam simulation: surgery failure vs link error.

Run: python benchmarks/bench_circuits.py [--max-shots N] [--workers W]
Prints (1) the median time to build a d = 25 lattice-surgery circuit with noise, (2) the time
and peak memory of a d = 51 build, (3) per-shot failure of a ZZ surgery across a module seam
at p = 1e-3 for several link error rates, d = 5 and 7, decoded by PyMatching through sinter,
with the Bell pairs a remote merge uses. Failure is shown for the two observable sets (parity:
the parity, A's or B's Z flipped; product: X_A·X_seam·X_B flipped) and their sum, the
surgery's failure to first order.
"""

from __future__ import annotations

import argparse
import math
import resource
import statistics
import time

import sinter

from ftplanner.sim import OBSERVABLES, NoiseModel, build, link_gates_per_round

P = 1e-3
P_LINKS = (1e-3, 1e-2, 3e-2, 6e-2, 1e-1)
SEAM_DISTANCES = (5, 7)


def median_build_seconds(distance: int, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        build("surgery", distance, "Z", NoiseModel.uniform(P))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def build_figures() -> None:
    build("surgery", 5, "Z", NoiseModel.uniform(P))  # warm imports
    d25 = build("surgery", 25, "Z", NoiseModel.uniform(P)).circuit
    print(f"surgery d=25 (uniform p=1e-3): {d25.num_qubits} qubits, {d25.num_detectors} detectors, "
          f"median build {median_build_seconds(25, 5) * 1e3:.0f} ms")
    start = time.perf_counter()
    d51 = build("surgery", 51, "Z", NoiseModel.si1000(P)).circuit
    seconds = time.perf_counter() - start
    print(f"surgery d=51 (si1000 p=1e-3): {d51.num_qubits} qubits, {d51.num_detectors} detectors, "
          f"build {seconds:.2f} s, peak memory of this process {peak_rss_mib():.0f} MiB")


def seam_table(max_shots: int, workers: int) -> None:
    tasks = [sinter.Task(circuit=e.circuit, json_metadata=e.metadata)
             for d in SEAM_DISTANCES for p_link in P_LINKS for observable in OBSERVABLES
             for e in [build("seam", d, "Z", NoiseModel.uniform(P).with_link(p_link), observable=observable)]]
    start = time.perf_counter()
    stats = sinter.collect(num_workers=workers, tasks=tasks, decoders=["pymatching"],
                           max_shots=max_shots, max_errors=200)
    seconds = time.perf_counter() - start
    rates = {}
    for s in stats:
        rate = s.errors / s.shots
        rates[(s.json_metadata["d"], s.json_metadata["p_link"], s.json_metadata["obs"])] = (
            rate, math.sqrt(rate * (1 - rate) / s.shots), s.errors)
    print(f"\nZZ surgery across a module seam, uniform p = {P:g}, rounds d apart + d merged + d apart;"
          f" failure per shot ± 1 sigma [errors], {seconds:.0f} s on {workers} workers")
    print("  Bell pairs (link gates) per merged round: "
          + ", ".join(f"d={d}: {link_gates_per_round(d)}" for d in SEAM_DISTANCES))
    columns = [f"d={d} {obs}" for d in SEAM_DISTANCES for obs in (*OBSERVABLES, "sum")]
    print(f"  {'p_link':>8} " + " ".join(f"{c:>24}" for c in columns))
    for p_link in P_LINKS:
        cells = []
        for d in SEAM_DISTANCES:
            parts = [rates[(d, p_link, obs)] for obs in OBSERVABLES]
            cells += [f"{r:.2e}±{e:.0e} [{n}]" for r, e, n in parts]
            cells.append(f"{sum(r for r, _, _ in parts):.2e}")
        print(f"  {p_link:>8g} " + " ".join(f"{c:>24}" for c in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-shots", type=int, default=300_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    build_figures()
    seam_table(args.max_shots, args.workers)


if __name__ == "__main__":
    main()
