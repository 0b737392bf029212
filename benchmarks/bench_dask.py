"""Cluster sampling throughput: Dask LocalCluster with 1 and 2 workers against sinter's 2-process collection.

Run: python benchmarks/bench_dask.py [--max-shots N] [--repeats R]  (about 3 min; needs `pip install -e '.[cluster]'`)
The tasks are bench_sampling's (memory d = 5, 7 and surgery d = 5, both bases and observable
sets, uniform p = 2e-3, PyMatching). Each repeat samples them once with raw `sinter.collect` on
2 processes, and once with `ftplanner.sampling.sample_on_dask` (into a fresh store) on a
LocalCluster of 1 and of 2 single-threaded worker processes, rotating which goes first. The
clusters are started before the clock (a cluster is there before a calibration), sinter's
processes are started by each collect call (that is its cost). Error targets are off, so every
run takes exactly max_shots per task. Prints shots per second of wall time for each and the
ratios over all repeats (all shots over all seconds), with the per-repeat ratios and their
median: Dask 2 workers / sinter 2 processes (aim >= 0.9) and Dask 2 workers / Dask 1 worker
(aim >= 1.7). A shared machine makes them noisy; the medians are the steadier figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sinter
from bench_sampling import NO_ERROR_TARGET, benchmark_tasks
from distributed import Client, LocalCluster

from ftplanner.sampling import sample_on_dask


def sinter_seconds(tasks, max_shots: int) -> float:
    start = time.perf_counter()
    sinter.collect(num_workers=2, tasks=tasks, max_shots=max_shots, max_errors=NO_ERROR_TARGET)
    return time.perf_counter() - start


def dask_seconds(tasks, max_shots: int, client: Client, store: Path) -> float:
    start = time.perf_counter()
    stats = sample_on_dask(tasks, store, client=client, max_shots=max_shots, max_errors=NO_ERROR_TARGET)
    seconds = time.perf_counter() - start
    assert sum(s.shots for s in stats) == max_shots * len(tasks)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-shots", type=int, default=200_000, help="shots per task")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    tasks = benchmark_tasks()
    total = args.max_shots * len(tasks)
    rates: dict[str, list[float]] = {"sinter 2 processes": [], "dask 1 worker": [], "dask 2 workers": []}
    with tempfile.TemporaryDirectory() as folder, \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as one, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as two, \
            Client(one) as on_one, Client(two) as on_two:
        runs = {"sinter 2 processes": lambda store: sinter_seconds(tasks, args.max_shots),
                "dask 1 worker": lambda store: dask_seconds(tasks, args.max_shots, on_one, store),
                "dask 2 workers": lambda store: dask_seconds(tasks, args.max_shots, on_two, store)}
        names = list(runs)
        for repeat in range(args.repeats):
            for k in range(len(names)):
                name = names[(k + repeat) % len(names)]
                seconds = runs[name](Path(folder) / f"stats-{repeat}-{k}.csv")
                rates[name].append(total / seconds)
                print(f"repeat {repeat + 1} {name:>18}: {total:,} shots in {seconds:.1f} s = {total / seconds:,.0f} shots/s")
    pooled = {name: statistics.harmonic_mean(values) for name, values in rates.items()}  # all shots over all seconds
    print(f"{len(tasks)} tasks x {args.max_shots:,} shots, over {args.repeats} repeats: "
          + ", ".join(f"{name} {rate:,.0f} shots/s" for name, rate in pooled.items()))
    for (a, b), aim in [(("dask 2 workers", "sinter 2 processes"), 0.9), (("dask 2 workers", "dask 1 worker"), 1.7)]:
        per_repeat = [x / y for x, y in zip(rates[a], rates[b])]
        print(f"ratio {a} / {b} = {pooled[a] / pooled[b]:.3f} (aim >= {aim}); per repeat "
              + ", ".join(f"{r:.3f}" for r in per_repeat) + f", median {statistics.median(per_repeat):.3f}")


if __name__ == "__main__":
    main()
