"""The factory tables against the exact search: same choice, cost and speed, on a grid of distinct error rates.

Run: python benchmarks/bench_factory_tables.py [--rates 1000] [--lo 1e-4] [--hi 5e-3]

For each of --rates log-spaced error rates, points with targets from 1e-6 to 1e-18 per state and random
demands (states, runtime, whole copies or a fixed count of 3) choose a T factory and a CCZ factory twice: from
the tables (plan/factory_tables.py, all rates in one call) and by the exact search at each rate (the planner's
path for few rates). Prints how often the design is the same, the ratio of the qubit-seconds of the tables'
choice to the exact choice's (each with its own numbers), and microseconds per point of both paths.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ftplanner.architecture.values import AUTO
from ftplanner.physics.factories.tables import tables
from ftplanner.plan.factory_choice import Demand, FactoryChoice, _choose_exact
from ftplanner.plan.factory_tables import choose_tabulated


def points(rates: np.ndarray, per_rate: int, seed: int = 0):
    """(p, targets, demand) with `per_rate` points at each rate."""
    rng = np.random.default_rng(seed)
    n = rates.size * per_rate
    p = np.repeat(rates, per_rate)
    targets = np.tile(np.geomspace(1e-6, 1e-18, per_rate), rates.size)
    demand = Demand(states=np.round(10 ** rng.uniform(3, 11, n)), runtime_s=10 ** rng.uniform(-1, 5, n),
                    cycle_time_s=np.full(n, 1e-6), count=np.where(rng.random(n) < 0.2, 3, AUTO))
    return p, targets, demand


def compare(rates: np.ndarray, per_rate: int, kind: str) -> None:
    p, targets, demand = points(rates, per_rate)
    cap = np.full(p.size, np.inf)
    start = time.perf_counter()
    tab = FactoryChoice(*choose_tabulated(None, p, cap, targets, kind, demand))
    tab_us = (time.perf_counter() - start) / p.size * 1e6
    start = time.perf_counter()
    exact = _choose_exact(None, p, cap, targets, kind, demand)
    exact_us = (time.perf_counter() - start) / p.size * 1e6
    both = tab.found & exact.found
    same = np.array([a.protocol == b.protocol for a, b in zip(tab.design[both], exact.design[both])])
    ratio = demand.take(both).cost(tab.take(both)) / demand.take(both).cost(exact.take(both))
    print(f"{kind}: {rates.size:,} rates x {per_rate} targets: found by both {both.sum():,}, by the tables only "
          f"{(tab.found & ~exact.found).sum()}, by the search only {(~tab.found & exact.found).sum()}; same design "
          f"{same.mean():.1%}; qubit-seconds tables / exact: median {np.median(ratio):.4f}, min {ratio.min():.4f}, "
          f"max {ratio.max():.4f}, above 1.005 on {(ratio > 1.005).mean():.2%}, below 0.995 on {(ratio < 0.995).mean():.2%}"
          f"; {tab_us:,.1f} µs per point from the tables, {exact_us:,.0f} µs per point by the search")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, default=1000)
    parser.add_argument("--lo", type=float, default=1e-4)
    parser.add_argument("--hi", type=float, default=5e-3)
    args = parser.parse_args()
    tables()
    rates = np.geomspace(args.lo, min(args.hi, tables().nodes[-1]), args.rates)
    for kind in ("T", "CCZ"):
        compare(rates, 7, kind)


if __name__ == "__main__":
    main()
