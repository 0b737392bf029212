"""Sampling throughput: ftplanner's calibration pipeline against raw `sinter.collect`, same circuits, same process.

Run: python benchmarks/bench_sampling.py [--max-shots N] [--workers W] [--repeats R]  (about 2.5 min)
The tasks are a calibration's (memory d = 5, 7 and surgery d = 5, both bases and observable
sets, uniform p = 2e-3, PyMatching). Each repeat samples them once through raw sinter.collect
and once through `ftplanner.sampling.local.sample` (store lock and repair, appending every
result to a fresh CSV store, progress callback, parent-bound workers), alternating which goes
first; error targets are off, so every run takes exactly max_shots per task. Prints shots per
second of wall time for each and the ratio ftplanner / raw over all repeats (all shots over all
seconds; aim >= 0.95), with the per-repeat ratios, which a shared machine makes noisy.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sinter

from ftplanner.sampling.local import sample
from ftplanner.sampling.progress import ProgressDisplay
from ftplanner.sampling.tasks import DECODER, metadata
from ftplanner.sim import BASES, OBSERVABLES, NoiseModel, build

NOISE = NoiseModel.uniform(2e-3)
NO_ERROR_TARGET = 10**12


def benchmark_tasks() -> list[sinter.Task]:
    experiments = [build("memory", d, b, NOISE) for d in (5, 7) for b in BASES]
    experiments += [build("surgery", 5, b, NOISE, observable=o) for b in BASES for o in OBSERVABLES]
    return [sinter.Task(circuit=e.circuit, decoder=DECODER, json_metadata=metadata(e, NOISE.label))
            for e in experiments]


def raw_seconds(tasks, max_shots: int, workers: int) -> float:
    start = time.perf_counter()
    sinter.collect(num_workers=workers, tasks=tasks, max_shots=max_shots, max_errors=NO_ERROR_TARGET)
    return time.perf_counter() - start


def pipeline_seconds(tasks, max_shots: int, workers: int, folder: Path, run: int) -> float:
    store = folder / f"stats-{run}.csv"
    start = time.perf_counter()
    display = ProgressDisplay(tasks, [], max_shots=max_shots, max_errors=NO_ERROR_TARGET, workers=workers, mode="quiet")
    stats = sample(tasks, store, max_shots=max_shots, max_errors=NO_ERROR_TARGET, workers=workers, progress=display)
    seconds = time.perf_counter() - start
    assert sum(s.shots for s in stats) == max_shots * len(tasks)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-shots", type=int, default=400_000, help="shots per task")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    tasks = benchmark_tasks()
    total = args.max_shots * len(tasks)
    raw, ours = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.repeats):
            for name in ("raw", "ftplanner") if run % 2 == 0 else ("ftplanner", "raw"):
                if name == "raw":
                    seconds = raw_seconds(tasks, args.max_shots, args.workers)
                    raw.append(total / seconds)
                else:
                    seconds = pipeline_seconds(tasks, args.max_shots, args.workers, Path(folder), run)
                    ours.append(total / seconds)
                print(f"repeat {run + 1} {name:>9}: {total:,} shots in {seconds:.1f} s "
                      f"= {total / seconds:,.0f} shots/s")
    ratios = [o / r for o, r in zip(ours, raw)]
    pooled = statistics.harmonic_mean(ours) / statistics.harmonic_mean(raw)  # all shots over all seconds
    print(f"{len(tasks)} tasks x {args.max_shots:,} shots on {args.workers} workers: raw sinter "
          f"{statistics.harmonic_mean(raw):,.0f} shots/s, ftplanner {statistics.harmonic_mean(ours):,.0f} shots/s "
          f"(over all repeats); ratio ftplanner / raw = {pooled:.3f} (median per repeat "
          f"{statistics.median(ratios):.3f}: " + ", ".join(f"{r:.3f}" for r in ratios) + ")")


if __name__ == "__main__":
    main()
