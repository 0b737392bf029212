"""The design space of one qubit in the Azure Resource Estimator's T-factory model, built once with numpy.

Source: Microsoft's open-source Azure Quantum Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp), its T-factory builder
(``system/modeling/tfactory.rs``), re-derived. For one qubit every admissible design is costed
once: one row per non-decreasing distance sequence, with its per-round output errors, failure
probabilities and unit counts (exact binomial quantiles, unit_counts.py), and the qubits and
runtime of every choice of unit kinds. The searches (search.py) pick from these tables.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np

from ftplanner.physics.azure_factory.model import (
    _FACTORY_FAILURE_BUDGET,
    _INPUTS_PER_UNIT,
    _MAX_EXTRA_ROUNDS,
    _MAX_UNITS,
    _UNITS,
    AzureRound,
    AzureTFactory,
)
from ftplanner.physics.azure_factory.unit_counts import _units_for_one, _units_needed

# Everything except the target error (and the runtime cap) is a property of the qubit, so each
# qubit's designs are built once with numpy: one row per non-decreasing sequence of distance
# indices, with its per-round errors, failure probabilities and unit counts (the same for both
# unit kinds, which change only qubits and runtime).

_OK, _OUT_ABOVE_IN, _FAIL_LOW, _FAIL_HIGH, _TOO_MANY_UNITS = 0, 1, 2, 3, 4


@cache
def _distance_tuples(n_dist: int, n_rounds: int, first: int) -> np.ndarray:
    """Non-decreasing distance-index tuples starting at >= first, lexicographic (K × rounds)."""
    combos = np.array(list(itertools.combinations_with_replacement(range(first, n_dist), n_rounds)),
                      dtype=np.intp).reshape(-1, n_rounds)
    combos.setflags(write=False)
    return combos


@dataclass
class _Rows:
    """All distance sequences of one round count (first-round index >= the first bound)."""

    n_rounds: int
    idx: np.ndarray  # (K, rounds) distance indices
    status: np.ndarray  # _OK or why the estimator's builder rejects the design
    errs: list  # per round: (K,) output error after the round
    fails: list  # per round: (K,) failure probability of one unit
    units: np.ndarray  # (K, rounds) units per round (valid where status == _OK)
    admissible: np.ndarray  # (K,) status OK and every round within the estimator's bounds


class _Qubit:
    def __init__(self, clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns,
                 prefactor, threshold, max_distance):
        self.t_gate_error = t_gate_error
        self.dist = np.arange(1, max_distance + 1, 2, dtype=np.int64)
        self.n_dist = int(self.dist.size)
        ratio = p_code / threshold
        self.logical_c = prefactor * ratio ** ((self.dist + 1) // 2).astype(float)
        cycle_ns = np.rint((4.0 * two_qubit_gate_ns + 2.0 * measurement_ns) * self.dist).astype(np.int64)
        patch_qubits = 2 * self.dist * self.dist
        valid = np.nonzero(self.logical_c <= 0.1 * t_gate_error)[0]
        first_valid = int(valid[0]) if valid.size else self.n_dist
        self.physical_ok = clifford_error <= 0.1 * t_gate_error
        # Per round position (first / later) and unit kind: Clifford error, qubits and
        # duration per unit at each distance index; in the first round index 0 (d = 1) means
        # physical qubits.
        self.c_first = self.logical_c.copy()
        unit_qubits = np.array([u.logical_patches * patch_qubits for u in _UNITS])  # (kinds, L)
        unit_runtime = np.array([u.logical_cycles * cycle_ns for u in _UNITS])
        self.qubits_tab = [unit_qubits.copy(), unit_qubits]
        self.runtime_tab = [unit_runtime.copy(), unit_runtime]
        if self.physical_ok:
            t_gate = int(round(t_gate_ns))
            self.c_first[0] = clifford_error
            self.qubits_tab[0][:, 0] = [u.physical_qubits for u in _UNITS]
            self.runtime_tab[0][:, 0] = [u.physical_steps * t_gate for u in _UNITS]
        self.qubits_list = [t.tolist() for t in self.qubits_tab]
        self.runtime_list = [t.tolist() for t in self.runtime_tab]
        # Smallest distance index per round, as the estimator bounds its search: physical or
        # logical d >= 3 first, then the smallest admissible logical distance (non-decreasing).
        self.left = [0 if self.physical_ok else max(1, first_valid)]
        for _ in range(1, _MAX_EXTRA_ROUNDS):
            self.left.append(max(self.left[-1], first_valid))
        self._rows: dict = {}  # n_rounds -> _Rows; ("costs" | "lists", n_rounds) -> derived views
        self.tables: dict = {}  # n_rounds -> search._Table (the exhaustive search's sorted designs)

    # -- building ------------------------------------------------------------------------

    def rows(self, n_rounds: int) -> _Rows | None:
        if n_rounds not in self._rows:
            self._rows[n_rounds] = self._build_rows(n_rounds)
        return self._rows[n_rounds]

    def _build_rows(self, n_rounds: int) -> _Rows | None:
        if self.left[0] >= self.n_dist:
            return None
        idx = _distance_tuples(self.n_dist, n_rounds, self.left[0])
        k = idx.shape[0]
        quantile = _FACTORY_FAILURE_BUDGET / n_rounds

        # forward: output errors and failure probabilities, as the builder adds rounds
        e = np.full(k, self.t_gate_error)
        status = np.zeros(k, dtype=np.int8)
        errs, fails = [], []
        for pos in range(n_rounds):
            c = (self.c_first if pos == 0 else self.logical_c)[idx[:, pos]]
            e_next = 35.0 * (e * e * e) + 7.1 * c
            status[e_next > e] = _OUT_ABOVE_IN
            errs.append(e_next)
            fails.append(15.0 * e + 356.0 * c)
            e = e_next

        # backward: units per round, from one T state out of the last round
        units = np.ones((k, n_rounds), dtype=np.int64)
        needed = np.ones(k, dtype=np.int64)
        for pos in range(n_rounds - 1, -1, -1):
            q = fails[pos]
            live = status == _OK
            status[live & (q <= 0.0)] = _FAIL_LOW
            status[live & (q >= 1.0)] = _FAIL_HIGH
            live = status == _OK
            n = np.ones(k, dtype=np.int64)
            if pos == n_rounds - 1:
                n[live] = _units_for_one(q[live], quantile)
            elif live.any():
                n[live] = _units_needed(needed[live], q[live], quantile)
            status[live & (n < 0)] = _TOO_MANY_UNITS
            if pos > 0:  # the round before would need at least 15·n units
                status[live & (n >= _MAX_UNITS // _INPUTS_PER_UNIT)] = _TOO_MANY_UNITS
            n = np.where((n > 0) & (n < _MAX_UNITS // _INPUTS_PER_UNIT), n, 1)
            units[:, pos] = n
            needed = _INPUTS_PER_UNIT * n

        admissible = (status == _OK) & np.all(idx >= np.asarray(self.left[:n_rounds]), axis=1)
        return _Rows(n_rounds, idx, status, errs, fails, units, admissible)

    def cost(self, rows: _Rows, row: int, kinds) -> tuple[int, int]:
        """(physical qubits, runtime ns) of one design."""
        qubits = runtime = 0
        for pos, k in enumerate(kinds):
            tab = 0 if pos == 0 else 1
            i = int(rows.idx[row, pos])
            qubits = max(qubits, int(rows.units[row, pos]) * self.qubits_list[tab][k][i])
            runtime += self.runtime_list[tab][k][i]
        return qubits, runtime

    def factory(self, n_rounds: int, row: int, kinds) -> AzureTFactory:
        rows = self.rows(n_rounds)
        rounds = []
        for pos, k in enumerate(kinds):
            k, i, tab = int(k), int(rows.idx[row, pos]), (0 if pos == 0 else 1)
            n = int(rows.units[row, pos])
            rounds.append(
                AzureRound(
                    unit=_UNITS[k].name,
                    units=n,
                    distance=int(self.dist[i]),
                    physical=bool(pos == 0 and self.physical_ok and i == 0),
                    physical_qubits=n * self.qubits_list[tab][k][i],
                    runtime_ns=self.runtime_list[tab][k][i],
                    output_error=float(rows.errs[pos][row]),
                    failure_probability=float(rows.fails[pos][row]),
                )
            )
        qubits, runtime = self.cost(rows, row, kinds)
        return AzureTFactory(
            rounds=tuple(rounds),
            physical_qubits=qubits,
            runtime_ns=runtime,
            output_error=float(rows.errs[-1][row]),
            outputs_per_run=1,  # the quantile of successful last-round units: 1 when one is needed
        )

    # -- views used by the searches ----------------------------------------------------------

    def costs(self, n_rounds: int) -> dict:
        """{unit kinds: (qubits, runtime ns)} over all rows of one round count (built once)."""
        key = ("costs", n_rounds)
        if key not in self._rows:
            rows = self.rows(n_rounds)
            costs = {}
            for kinds in itertools.product(range(len(_UNITS)), repeat=n_rounds):
                qubits = runtime = None
                for pos, k in enumerate(kinds):
                    tab = 0 if pos == 0 else 1
                    q = rows.units[:, pos] * self.qubits_tab[tab][k, rows.idx[:, pos]]
                    r = self.runtime_tab[tab][k, rows.idx[:, pos]]
                    qubits = q if qubits is None else np.maximum(qubits, q)
                    runtime = r if runtime is None else runtime + r
                costs[kinds] = (qubits, runtime)
            self._rows[key] = costs
        return self._rows[key]

    def search_lists(self, n_rounds: int):
        """Plain-Python views of one round count for the step-by-step search (built once)."""
        key = ("lists", n_rounds)
        if key not in self._rows:
            rows = self.rows(n_rounds)
            costs = {k: (q.tolist(), r.tolist()) for k, (q, r) in self.costs(n_rounds).items()}
            row_of = {t: i for i, t in enumerate(map(tuple, rows.idx.tolist()))}
            self._rows[key] = (row_of, rows.status.tolist(), rows.errs[-1].tolist(), costs)
        return self._rows[key]
