"""Wall time of a cold factory-candidate table (`_candidate_table`) per distinct physical error rate.

Run: python benchmarks/bench_factories.py
One warm-up build fills the per-layout caches (engines, layout tables, surrogates), as in any
sweep; then only the per-p table cache is cleared before each round of ~20 distinct error rates.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from ftplanner.physics.factories.search import _candidate_table

ERROR_RATES = [float(p) for p in np.geomspace(2e-5, 8e-3, 20)]


def main(rounds: int = 7) -> None:
    _candidate_table(1e-3)  # warm the per-layout caches
    per_table = []
    for _ in range(rounds):
        _candidate_table.cache_clear()
        for p in ERROR_RATES:
            start = time.perf_counter()
            _candidate_table(p)
            per_table.append(time.perf_counter() - start)
    total = [sum(per_table[i:i + len(ERROR_RATES)]) for i in range(0, len(per_table), len(ERROR_RATES))]
    print(f"cold _candidate_table: median {statistics.median(per_table) * 1e3:.2f} ms per table, "
          f"median {statistics.median(total) / len(ERROR_RATES) * 1e3:.2f} ms per table over rounds of "
          f"{len(ERROR_RATES)} error rates ({rounds} rounds)")


if __name__ == "__main__":
    main()
