"""The two searches over one qubit's T-factory designs: the Azure Resource Estimator's own, and the true optimum.

Source: Microsoft's open-source Azure Quantum Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp), its
factory search (``system/optimization/tfactory_exhaustive.rs``, ``distillation_units_map.rs``,
``code_distance_iterators.rs``), re-derived; nothing is copied. Both pick from one qubit's table
of costed designs (design_space.py):

* ``search="estimator"`` (default) replays the estimator's own search on it: for each
  round count and choice of unit kinds, a binary search per round for the smallest distances
  worth trying (later rounds at the maximum), then a walk over larger non-decreasing distance
  tuples; a step stops going to larger distances once the design meets the target or is
  dominated in (qubits per output, runtime) by a design already kept. This pruning can miss
  the cheapest design (e.g. a larger distance needing fewer units).
* ``search="exhaustive"`` returns the true minimum of qubits × runtime over all admissible
  designs (a sorted table with a running best, so each target is one binary search).
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

import numpy as np

from ftplanner.physics.azure_factory.design_space import _FAIL_LOW, _OK, _Qubit
from ftplanner.physics.azure_factory.model import _MAX_EXTRA_ROUNDS, _MAX_ROUNDS, _UNITS, AzureTFactory

# -- exhaustive optimum ------------------------------------------------------------------------


@dataclass
class _Table:
    """Admissible designs of one round count, each with its best unit kinds, sorted by error."""

    rows: np.ndarray  # row in _Rows
    kinds: np.ndarray  # index of the unit-kind assignment (product order)
    err: np.ndarray
    qubits: np.ndarray
    runtime: np.ndarray
    rank: np.ndarray  # position in the estimator's preference order
    best_prefix: np.ndarray  # best_prefix[k]: the design to use when the first k + 1 qualify


def _table(qubit: _Qubit, n_rounds: int) -> _Table | None:
    if n_rounds not in qubit.tables:
        qubit.tables[n_rounds] = _build_table(qubit, n_rounds)
    return qubit.tables[n_rounds]


def _build_table(qubit: _Qubit, n_rounds: int) -> _Table | None:
    rows = qubit.rows(n_rounds)
    if rows is None or not rows.admissible.any():
        return None
    sel = np.nonzero(rows.admissible)[0]
    # Unit kinds change cost but not error, so each distance sequence keeps only its best
    # kinds: the estimator prefers the smallest qubits × runtime (outputs per run = 1),
    # then more qubits per output (it scans its frontier from the most qubits down).
    best_vol = np.full(sel.size, np.inf)
    best_q = np.zeros(sel.size, dtype=np.int64)
    best_rt = np.zeros(sel.size, dtype=np.int64)
    best_a = np.zeros(sel.size, dtype=np.int64)
    for a, (qubits, runtime) in enumerate(qubit.costs(n_rounds).values()):  # product order
        qubits, runtime = qubits[sel], runtime[sel]
        vol = qubits.astype(float) * runtime
        better = (vol < best_vol) | ((vol == best_vol) & (qubits > best_q))
        best_vol = np.where(better, vol, best_vol)
        best_q = np.where(better, qubits, best_q)
        best_rt = np.where(better, runtime, best_rt)
        best_a = np.where(better, a, best_a)
    order = np.arange(sel.size)
    pref = np.lexsort((order, best_a, -best_q, best_vol))
    rank = np.empty(sel.size, dtype=np.int64)
    rank[pref] = order
    err = rows.errs[-1][sel]
    by_err = np.argsort(err, kind="stable")
    rank_sorted = rank[by_err]
    pos_of_rank = np.empty(sel.size, dtype=np.int64)
    pos_of_rank[rank_sorted] = order
    return _Table(
        rows=sel[by_err], kinds=best_a[by_err], err=err[by_err], qubits=best_q[by_err],
        runtime=best_rt[by_err], rank=rank_sorted,
        best_prefix=pos_of_rank[np.minimum.accumulate(rank_sorted)],
    )


def exhaustive(qubit: _Qubit, target: float, max_runtime_ns: float | None) -> AzureTFactory | None:
    best = None  # (key, n_rounds, table, position)
    reached = False
    for n_rounds in range(1, _MAX_EXTRA_ROUNDS + 1):
        if n_rounds > _MAX_ROUNDS and reached:
            break  # 4 rounds are tried only when nothing with <= 3 rounds meets the target
        t = _table(qubit, n_rounds)
        if t is None:
            continue
        k = int(np.searchsorted(t.err, target, side="right"))
        if k == 0:
            continue
        reached = True
        if max_runtime_ns is None:
            pos = int(t.best_prefix[k - 1])
            row = int(t.rows[pos])
            kinds = tuple(int(x) for x in np.unravel_index(int(t.kinds[pos]), (len(_UNITS),) * n_rounds))
            qubits, runtime = int(t.qubits[pos]), int(t.runtime[pos])
        else:
            # a runtime cap can favour unit kinds that are not the cheapest: scan them all
            found = _capped(qubit, n_rounds, target, max_runtime_ns)
            if found is None:
                continue
            qubits, runtime, row, kinds = found
        key = (float(qubits) * float(runtime), -float(qubits))
        if best is None or key < best[0]:
            best = (key, n_rounds, row, kinds)
    if best is None:
        return None
    _, n_rounds, row, kinds = best
    return qubit.factory(n_rounds, row, kinds)


def _capped(qubit: _Qubit, n_rounds: int, target: float, max_runtime_ns: float):
    rows = qubit.rows(n_rounds)
    ok = rows.admissible & (rows.errs[-1] <= target)
    best = None
    for kinds, (qubits, runtime) in qubit.costs(n_rounds).items():
        fit = np.nonzero(ok & (runtime <= max_runtime_ns))[0]
        if fit.size == 0:
            continue
        vol = qubits[fit].astype(float) * runtime[fit]
        cand = fit[vol == vol.min()]
        row = int(cand[np.argmax(qubits[cand])])
        key = (float(qubits[row]) * float(runtime[row]), -float(qubits[row]))
        if best is None or key < best[0]:
            best = (key, int(qubits[row]), int(runtime[row]), row, kinds)
    return None if best is None else best[1:]


# -- the estimator's own pruned search -----------------------------------------------------------


def estimator(qubit: _Qubit, target: float, max_runtime_ns: float | None) -> AzureTFactory | None:
    """Replays the estimator's search: for each round count and choice of unit kinds, a
    binary search per round for the smallest distances worth trying, then a walk over
    larger distances, both cut short by designs that an already-kept design dominates in
    (qubits per output, runtime). Kept: designs meeting the target, non-dominated."""
    pushed: list[tuple[int, int, int, int, tuple]] = []  # (qubits, runtime, rounds, row, kinds)
    pareto_q: list[int] = []  # the non-dominated kept points, qubits ascending ...
    pareto_r: list[int] = []  # ... and runtime strictly descending

    def dominated(qubits, runtime):
        i = bisect.bisect_right(pareto_q, qubits) - 1
        if i < 0:
            return False
        fr = pareto_r[i]
        return fr < runtime or (fr == runtime and pareto_q[i] < qubits)

    def keep(qubits, runtime):
        i = bisect.bisect_left(pareto_q, qubits)
        j = i
        while j < len(pareto_q) and pareto_r[j] >= runtime:
            j += 1
        if i < len(pareto_q) and pareto_q[i] == qubits and pareto_r[i] == runtime:
            return  # an equal point is already there
        del pareto_q[i:j], pareto_r[i:j]
        pareto_q.insert(i, qubits)
        pareto_r.insert(i, runtime)

    def run(n_rounds):
        left = qubit.left[:n_rounds]
        if qubit.rows(n_rounds) is None or left[-1] >= qubit.n_dist:
            return
        row_of, status, last_err, costs = qubit.search_lists(n_rounds)
        right = [qubit.n_dist - 1] * n_rounds
        for kinds in itertools.product(range(len(_UNITS)), repeat=n_rounds):
            qubits_of, runtime_of = costs[kinds]

            def worth_going_further(t, kinds=kinds, qubits_of=qubits_of, runtime_of=runtime_of):
                # True: larger distances could still help. Records designs meeting the target.
                row = row_of[t]
                st = status[row]
                if st != _OK:
                    return st != _FAIL_LOW
                qubits, runtime = qubits_of[row], runtime_of[row]
                meets = last_err[row] <= target
                free = not dominated(qubits, runtime)
                if free and meets:
                    pushed.append((qubits, runtime, n_rounds, row, kinds))
                    keep(qubits, runtime)
                return free and not meets

            found = _bisect_distances(n_rounds, left, right, worth_going_further)
            if found is not None:
                _walk_distances(n_rounds, left, right, found, worth_going_further)

    for n_rounds in range(1, _MAX_ROUNDS + 1):
        run(n_rounds)
    if not pushed:
        for n_rounds in range(_MAX_ROUNDS + 1, _MAX_EXTRA_ROUNDS + 1):
            run(n_rounds)
    # final clean-up and order as the estimator: drop dominated, most qubits first, then
    # the first design of smallest qubits × runtime that fits the runtime cap
    kept = [f for f in pushed if not dominated(f[0], f[1])]
    kept.sort(key=lambda f: (f[0], f[1]), reverse=True)
    best = None
    for f in kept:
        if max_runtime_ns is not None and f[1] > max_runtime_ns:
            continue
        if best is None or f[0] * f[1] < best[0] * best[1]:
            best = f
    if best is None:
        return None
    return qubit.factory(best[2], best[3], best[4])


def _bisect_distances(n_rounds, left, right, further):
    """Per round, the smallest distance index beyond which `further` says nothing improves
    (later rounds held at the maximum); None if even the maxima do not suffice or the minima
    already do. Mirrors the estimator's first search phase."""
    hi = list(right)
    if further(tuple(hi)):
        return None
    if not further(tuple(left)):
        return None
    mid = list(right)
    for cur in range(n_rounds):
        lo = left[cur] if cur == 0 else mid[cur - 1]
        while lo + 1 < hi[cur]:
            mid[cur] = (lo + hi[cur]) // 2
            if further(tuple(mid)):
                lo = mid[cur] + 1
            else:
                hi[cur] = mid[cur]
        if lo + 1 == hi[cur]:
            mid[cur] = lo
            if further(tuple(mid)):
                mid[cur] = hi[cur]
        else:
            mid[cur] = hi[cur]
    return mid


def _walk_distances(n_rounds, left, right, start, further):
    """Second phase: from `start`, visit larger non-decreasing distance tuples, advancing the
    last round while `further` allows and otherwise jumping to the next incomparable tuple."""
    cur = [max(c, lb) for c, lb in zip(start, left)]
    if not _jump(cur, left, right, n_rounds):
        return
    while True:
        if further(tuple(cur)):
            if not _advance(cur, left, right, n_rounds):
                return
        elif not _jump(cur, left, right, n_rounds):
            return


def _advance(cur, left, right, n_rounds):
    i = n_rounds - 1
    cur[i] += 1
    while cur[i] > right[i]:
        if i == 0:
            return False
        i -= 1
        cur[i] += 1
    for j in range(i + 1, n_rounds):
        cur[j] = max(cur[j - 1], left[j])
    return True


def _jump(cur, left, right, n_rounds):
    j = n_rounds - 1
    while j > 0 and (cur[j] <= cur[j - 1] + 1 or cur[j - 1] == right[j - 1]):
        j -= 1
    if j == 0:
        return False
    cur[j - 1] += 1
    for m in range(j, n_rounds):
        cur[m] = max(cur[m - 1], left[m])
    return True
