"""The Azure Quantum Resource Estimator's T-factory design, re-derived for the `azure-re` profile.

This module reproduces how Microsoft's open-source Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp) chooses a T factory for
the default gate-based ``surface_code``. It is our own implementation of the model described
in the estimator's source (``system/modeling/tfactory.rs``, ``estimates/factory``,
``system/optimization/tfactory_exhaustive.rs``, ``distillation_units_map.rs``,
``code_distance_iterators.rs`` and ``estimates/physical_estimation``); nothing is copied.

Model
-----
* Logical patch at odd distance d: 2·d² physical qubits, logical cycle (4·t_2q + 2·t_meas)·d,
  logical (Clifford) error per cycle ``A·(p/p_th)^((d+1)/2)`` with A = 0.03, p_th = 0.01 and
  p = max(Clifford error, measurement error), Clifford error = max(1q, 2q, idle).
* Two distillation units, both 15 T in -> 1 T out, with the same error model:
  output error ``35·e³ + 7.1·c`` and failure probability ``15·e + 356·c`` (e = input T
  error, c = Clifford error of the qubits the unit runs on):

  ==========================  ==========================  ===============================
  unit                        on physical qubits (d = 1)  on logical patches (distance d)
  ==========================  ==========================  ===============================
  "15-to-1 RM prep"           31 qubits, 24 t_T            31 patches, 11 logical cycles
  "15-to-1 space efficient"   12 qubits, 45 t_T            20 patches, 13 logical cycles
  ==========================  ==========================  ===============================

  (t_T: the T-gate time, as qsharp 1.31 does; older sources use the measurement time.)
  A unit may run on physical qubits only in the first round and only if the physical Clifford
  error is ≤ 0.1·(physical T error); a logical unit is admissible at distance d only if its
  logical error rate is ≤ 0.1·(physical T error) (but in the first round, when physical
  units are admissible, every logical distance ≥ 3 is). The first round's input error is
  the physical T-gate error.
* A factory is 1-4 rounds; distances never decrease from one round to the next; every round
  must lower the error (else the design is rejected), and every failure probability must lie
  in (0, 1). Units per round are fixed from the last round backwards: the last round must
  deliver 1 T state, earlier rounds 15× the next round's units. A round's unit count is the
  smallest n for which the (0.01 / rounds)-quantile of Binomial(n, 1 − failure) successful
  units still covers what the next round needs; the factory's outputs per run are that
  quantile for its last round (1 in practice).
* Qubits = max over rounds of (units × unit qubits) (rounds reuse space); runtime = sum of
  the rounds' durations.
* The estimator keeps the designs whose output error is ≤ the target on a Pareto frontier
  of (qubits per output, runtime) and then uses the one with the smallest normalised volume
  qubits × runtime / outputs whose runtime fits in the algorithm's runtime. It searches 1-3
  rounds, and 4 only if nothing with ≤ 3 rounds meets the target. The largest distance a
  factory may use is the algorithm's code distance.
* If the target is looser than the physical T error, the estimator uses a trivial factory
  (one patch at the maximum distance for one logical cycle; output error = T-gate error).

Search
------
For one qubit every admissible design is costed once with numpy (one row per non-decreasing
distance sequence; unit counts from exact binomial quantiles via the regularised incomplete
beta function). Two ways to pick from them:

* ``search="estimator"`` (default) replays the estimator's own search on that table: for each
  round count and choice of unit kinds, a binary search per round for the smallest distances
  worth trying (later rounds at the maximum), then a walk over larger non-decreasing distance
  tuples; a step stops going to larger distances once the design meets the target or is
  dominated in (qubits per output, runtime) by a design already kept. This pruning can miss
  the cheapest design (e.g. a larger distance needing fewer units).
* ``search="exhaustive"`` returns the true minimum of qubits × runtime over all admissible
  designs (a sorted table with a running best, so each target is one binary search).

Validation. Both modes give the estimator's factory on every row of the reference table.
Against qsharp 1.31 itself (random logical counts, budgets, preset and custom gate-based
qubits; ~1300 estimates) the estimator mode matched every factory (units, distances, unit
counts, qubits, runtime, output error; number of factories except where the estimator's
runtime overflowed, see below); the exhaustive mode differs from
it in about one case in 1000-1500, and in all 14 such cases we ran, the estimator returned
exactly the estimator-mode design. Known limits: above 1000 units in a round the estimator's
binomial quantile switches to approximations (we stay exact); exact ties between designs are
broken by our enumeration order, which may not be the estimator's insertion order; when
depth × logical cycle overflows 64 bits the estimator's reported runtime wraps around (its
factory count then uses floating point) while `azure_factory_count` uses exact integers.

Costs. Per qubit (error rates, times, maximum distance) the designs are built once (~1-5 ms);
each further target costs ~0.1-1 ms in estimator mode and ~0.04 ms in exhaustive mode;
repeated calls hit an LRU cache (a few µs).
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import TYPE_CHECKING, Optional

import numpy as np
from scipy.special import betainc, betaincinv

from ftplanner.physics.hardware_presets import HARDWARE_PRESETS

if TYPE_CHECKING:  # pragma: no cover
    from ftplanner.physics.factories import FactoryDesign

__all__ = [
    "AzureRound",
    "AzureTFactory",
    "azure_preset_tfactory_kwargs",
    "azure_tfactory",
    "azure_tfactory_detail",
]

SOURCE = "Azure Quantum Resource Estimator (qsharp 1.31) T-factory model, reimplemented in ftplanner"


@dataclass(frozen=True)
class _Unit:
    name: str
    physical_qubits: int  # qubits when run on physical qubits (first round, d = 1)
    physical_steps: int  # duration in T-gate times on physical qubits
    logical_patches: int  # logical patches when run on a surface-code distance d
    logical_cycles: int  # duration in logical cycles on distance d


# In the estimator's order (RM prep first), which fixes the order of its search and of ties.
_UNITS = (
    _Unit("15-to-1 RM prep", 31, 24, 31, 11),
    _Unit("15-to-1 space efficient", 12, 45, 20, 13),
)
_INPUTS_PER_UNIT = 15
_FACTORY_FAILURE_BUDGET = 0.01  # split evenly between the rounds
_MAX_ROUNDS = 3
_MAX_EXTRA_ROUNDS = 4
_MAX_UNITS = 10**18  # the estimator gives up on a round needing this many units


@dataclass(frozen=True)
class AzureRound:
    """One distillation round: `units` copies of `unit` on distance `distance` (1 = physical)."""

    unit: str
    units: int
    distance: int
    physical: bool
    physical_qubits: int  # units × qubits per unit
    runtime_ns: int
    output_error: float
    failure_probability: float


@dataclass(frozen=True)
class AzureTFactory:
    """A factory as the estimator reports it (``tfactory`` section of its report)."""

    rounds: tuple[AzureRound, ...]
    physical_qubits: int
    runtime_ns: int
    output_error: float
    outputs_per_run: int

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(r.unit for r in self.rounds)

    @property
    def distances(self) -> tuple[int, ...]:
        return tuple(r.distance for r in self.rounds)

    @property
    def units_per_round(self) -> tuple[int, ...]:
        return tuple(r.units for r in self.rounds)

    @property
    def normalized_volume(self) -> float:
        """Physical qubits × runtime (ns) per output T state: what the estimator minimises."""
        return self.physical_qubits * self.runtime_ns / self.outputs_per_run

    @property
    def protocol(self) -> str:
        parts = []
        for r in self.rounds:
            where = "physical" if r.physical else f"d{r.distance}"
            parts.append(f"{r.unit} x{r.units} @{where}")
        return " | ".join(parts)


# --------------------------------------------------------------------------------------------
# helpers


def azure_preset_tfactory_kwargs(preset: str) -> dict:
    """The error/time keyword arguments of `azure_tfactory` for a named Azure qubit preset."""
    rates, times = HARDWARE_PRESETS[preset]["error_rates"], HARDWARE_PRESETS[preset]["durations_ns"]
    return {
        "clifford_error": max(rates["single_qubit"], rates["two_qubit"], rates["idle"]),
        "t_gate_error": rates["t_gate"],
        "measurement_error": rates["measurement"],
        "two_qubit_gate_ns": times["two_qubit"],
        "measurement_ns": times["measurement"],
        "t_gate_ns": times["t_gate"],
    }


_THRESHOLDS: dict[tuple[int, float], np.ndarray] = {}
_TABLE_EXTRA_UNITS = 4096  # longest threshold table; larger unit counts are found by bisection
_TABLE_MIN_GROUP = 32  # build a table only for this many rows sharing a demand (else bisect)
_NORMAL = NormalDist()


def _table_size(needed: int, q_max: float) -> int:
    """Table length (a power of two, 64-4096) that should cover failure probabilities <= q_max."""
    q = min(q_max, 0.999)
    guess = (needed * q + 5.0 * math.sqrt(needed * q + 1.0)) / (1.0 - q) + 16.0
    size = 64
    while size < guess and size < _TABLE_EXTRA_UNITS:
        size *= 2
    return size


def _extra_unit_thresholds(needed: int, quantile: float, q_max: float) -> np.ndarray:
    """B[m] = the failure probability below which `needed + m` units suffice.

    `needed + m` units that each fail with probability q deliver at least `needed` successes
    at the given quantile iff P(failures >= m + 1) < quantile, i.e. I_q(m + 1, needed) <
    quantile (regularised incomplete beta), i.e. q < betaincinv(m + 1, needed, quantile).
    B increases with m. It is tabulated per (needed, quantile), long enough for `q_max`
    (at most 4096 entries; rarer, larger counts are found by bisection).
    """
    key = (needed, quantile)
    b = _THRESHOLDS.get(key)
    if b is not None and (b[-1] > q_max or b.size >= _TABLE_EXTRA_UNITS):
        return b
    size = _table_size(needed, q_max)
    if b is not None:
        size = max(size, min(2 * b.size, _TABLE_EXTRA_UNITS))
    b = betaincinv(np.arange(1, size + 1, dtype=float), float(needed), quantile)
    b.setflags(write=False)
    _THRESHOLDS[key] = b
    return b


def _extra_units_by_bisection(needed: np.ndarray, q: np.ndarray, quantile: float,
                              known_short: np.ndarray) -> np.ndarray:
    """Smallest m > known_short with I_q(m + 1, needed) < quantile, per entry (-1: past the cap).

    Brackets the answer around its normal approximation, widens the bracket until it holds,
    then bisects (each step one vectorised incomplete-beta evaluation)."""
    needed = needed.astype(float)
    cap = _MAX_UNITS - needed
    z = _NORMAL.inv_cdf(1.0 - quantile)
    spread = z * np.sqrt(needed * q * (1.0 - q)) / (1.0 - q)
    guess = (needed * q + spread) / (1.0 - q)
    width = 0.1 * spread / np.sqrt(1.0 - q) + 4.0
    lo = np.maximum(known_short.astype(float), np.floor(guess - width))
    hi = np.minimum(np.maximum(lo + 1.0, np.ceil(guess + width)), cap)
    floor = known_short.astype(float)
    # lo must fall short (else restart it from what is known), hi must suffice (else widen)
    short = ~(betainc(lo + 1.0, needed, q) < quantile) | (lo <= floor)
    lo = np.where(short, lo, floor)
    enough = betainc(hi + 1.0, needed, q) < quantile
    while True:
        grow = ~enough & (hi < cap)
        if not grow.any():
            break
        lo = np.where(grow, hi, lo)
        hi = np.where(grow, np.minimum(2.0 * hi + 1.0, cap), hi)
        enough = np.where(grow, betainc(hi + 1.0, needed, q) < quantile, enough)
    while True:
        gap = enough & ((hi - lo) > 1.0)
        if not gap.any():
            break
        mid = np.floor((lo + hi) / 2.0)
        good = betainc(mid + 1.0, needed, q) < quantile
        hi = np.where(gap & good, mid, hi)
        lo = np.where(gap & ~good, mid, lo)
    return np.where(enough, hi, -1.0).astype(np.int64)


def _units_for_one(q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest n with P(no success among n units) = q^n < quantile (one output needed)."""
    with np.errstate(divide="ignore"):
        n = np.floor(math.log(quantile) / np.log(q)).astype(np.int64) + 1
    return np.maximum(n, 1)


def _units_needed(needed: np.ndarray, q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest unit count per entry so the quantile of successes covers `needed` (-1: hopeless)."""
    order = np.argsort(needed, kind="stable")
    sorted_needed = needed[order]
    sorted_q = q[order]
    cuts = np.flatnonzero(sorted_needed[1:] != sorted_needed[:-1]) + 1
    bounds = np.concatenate(([0], cuts, [sorted_needed.size]))
    extra = np.full(sorted_needed.size, -2, dtype=np.int64)  # -2: not settled yet
    known_short = np.full(sorted_needed.size, -1, dtype=np.int64)
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        value = int(sorted_needed[lo])
        qs = sorted_q[lo:hi]
        q_max = float(qs.max())
        if (value, quantile) not in _THRESHOLDS and (
            hi - lo < _TABLE_MIN_GROUP or _table_size(value, q_max) > 3 * (hi - lo)
        ):
            continue  # a table would cost more than bisecting these few rows
        b = _extra_unit_thresholds(value, quantile, q_max)
        m = np.searchsorted(b, qs, side="right")
        inside = m < b.size
        extra[lo:hi] = np.where(inside, m, -2)
        known_short[lo:hi] = np.where(inside, -1, b.size - 1)
    todo = extra == -2
    if todo.any():
        extra[todo] = _extra_units_by_bisection(sorted_needed[todo], sorted_q[todo], quantile, known_short[todo])
    n = np.empty(q.shape, dtype=np.int64)
    n[order] = np.where(extra >= 0, sorted_needed + extra, -1)
    return n


# --------------------------------------------------------------------------------------------
# the design space of one qubit
#
# Everything except the target error (and the runtime cap) is a property of the qubit, so each
# qubit's designs are built once with numpy: one row per non-decreasing sequence of distance
# indices, with its per-round errors, failure probabilities and unit counts (the same for both
# unit kinds, which change only qubits and runtime).

_OK, _OUT_ABOVE_IN, _FAIL_LOW, _FAIL_HIGH, _TOO_MANY_UNITS = 0, 1, 2, 3, 4


@lru_cache(maxsize=None)
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
        self._tables: dict[int, Optional[_Table]] = {}

    # -- building ------------------------------------------------------------------------

    def rows(self, n_rounds: int) -> Optional[_Rows]:
        if n_rounds not in self._rows:
            self._rows[n_rounds] = self._build_rows(n_rounds)
        return self._rows[n_rounds]

    def _build_rows(self, n_rounds: int) -> Optional[_Rows]:
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

    # -- exhaustive optimum ----------------------------------------------------------------

    def table(self, n_rounds: int) -> Optional[_Table]:
        if n_rounds not in self._tables:
            self._tables[n_rounds] = self._build_table(n_rounds)
        return self._tables[n_rounds]

    def _build_table(self, n_rounds: int) -> Optional[_Table]:
        rows = self.rows(n_rounds)
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
        for a, (qubits, runtime) in enumerate(self.costs(n_rounds).values()):  # product order
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

    def exhaustive(self, target: float, max_runtime_ns: Optional[float]) -> Optional[AzureTFactory]:
        best = None  # (key, n_rounds, table, position)
        reached = False
        for n_rounds in range(1, _MAX_EXTRA_ROUNDS + 1):
            if n_rounds > _MAX_ROUNDS and reached:
                break  # 4 rounds are tried only when nothing with <= 3 rounds meets the target
            t = self.table(n_rounds)
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
                found = self._capped(n_rounds, target, max_runtime_ns)
                if found is None:
                    continue
                qubits, runtime, row, kinds = found
            key = (float(qubits) * float(runtime), -float(qubits))
            if best is None or key < best[0]:
                best = (key, n_rounds, row, kinds)
        if best is None:
            return None
        _, n_rounds, row, kinds = best
        return self.factory(n_rounds, row, kinds)

    def _capped(self, n_rounds: int, target: float, max_runtime_ns: float):
        rows = self.rows(n_rounds)
        ok = rows.admissible & (rows.errs[-1] <= target)
        best = None
        for kinds, (qubits, runtime) in self.costs(n_rounds).items():
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

    # -- the estimator's own pruned search ----------------------------------------------------

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

    def _search_lists(self, n_rounds: int):
        """Plain-Python views of one round count for the step-by-step search (built once)."""
        key = ("lists", n_rounds)
        if key not in self._rows:
            rows = self.rows(n_rounds)
            costs = {k: (q.tolist(), r.tolist()) for k, (q, r) in self.costs(n_rounds).items()}
            row_of = {t: i for i, t in enumerate(map(tuple, rows.idx.tolist()))}
            self._rows[key] = (row_of, rows.status.tolist(), rows.errs[-1].tolist(), costs)
        return self._rows[key]

    def estimator(self, target: float, max_runtime_ns: Optional[float]) -> Optional[AzureTFactory]:
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
            left = self.left[:n_rounds]
            if self.rows(n_rounds) is None or left[-1] >= self.n_dist:
                return
            row_of, status, last_err, costs = self._search_lists(n_rounds)
            right = [self.n_dist - 1] * n_rounds
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
        return self.factory(best[2], best[3], best[4])


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


@lru_cache(maxsize=64)
def _qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns, prefactor,
           threshold, max_distance) -> _Qubit:
    return _Qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns, prefactor,
                  threshold, max_distance)


@lru_cache(maxsize=4096)
def _design(
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    t_gate_ns: float,
    max_output_error: float,
    logical_error_prefactor: float,
    threshold: float,
    max_distance: int,
    max_runtime_ns: Optional[float],
    search: str,
) -> Optional[AzureTFactory]:
    p_code = max(clifford_error, measurement_error)
    if not (0.0 < t_gate_error < 1.0) or clifford_error >= threshold or p_code > threshold:
        return None  # the estimator refuses qubits at or above the code's threshold
    if max_distance < 1 or not (max_output_error > 0.0):
        return None

    if max_output_error > t_gate_error:
        # Trivial factory: the physical T gate is already good enough; the estimator then
        # reports one patch at the maximum distance for one logical cycle, with the T gate's
        # own error as output error (checked against qsharp 1.31).
        d = int(max_distance)
        err = t_gate_error
        runtime = int(round((4.0 * two_qubit_gate_ns + 2.0 * measurement_ns) * d))
        if max_runtime_ns is not None and runtime > max_runtime_ns:
            return None
        rnd = AzureRound("trivial 1-to-1", 1, d, False, 2 * d * d, runtime, err, 0.0)
        return AzureTFactory((rnd,), 2 * d * d, runtime, err, 1)

    qubit = _qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, t_gate_ns,
                   logical_error_prefactor, threshold, int(max_distance))
    if search == "estimator":
        return qubit.estimator(max_output_error, max_runtime_ns)
    return qubit.exhaustive(max_output_error, max_runtime_ns)


_SEARCHES = ("estimator", "exhaustive")


def azure_tfactory_detail(
    *,
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    max_output_error: float,
    logical_error_prefactor: float = 0.03,
    threshold: float = 0.01,
    max_distance: int = 50,
    max_runtime_ns: Optional[float] = None,
    t_gate_ns: Optional[float] = None,
    search: str = "estimator",
) -> Optional[AzureTFactory]:
    """The estimator's T factory with per-round detail, or None if no design reaches the target.

    `clifford_error` is max(one-qubit, two-qubit, idle error); the surface code sees
    max(`clifford_error`, `measurement_error`). To reproduce the estimator, pass the
    algorithm's code distance as `max_distance` (it never lets a factory round exceed it) and
    optionally the algorithm runtime as `max_runtime_ns` (it only uses factories that finish
    within it). `t_gate_ns` (default: `two_qubit_gate_ns`, as in every preset) times the
    units that run on bare physical qubits. `search="estimator"` replays the estimator's
    pruned search; `search="exhaustive"` returns the true optimum of the same model (they
    differ rarely).
    """
    if search not in _SEARCHES:
        raise ValueError(f"search must be one of {_SEARCHES}, got {search!r}")
    t_gate_ns = two_qubit_gate_ns if t_gate_ns is None else t_gate_ns
    return _design(
        float(clifford_error), float(t_gate_error), float(measurement_error), float(two_qubit_gate_ns),
        float(measurement_ns), float(t_gate_ns), float(max_output_error), float(logical_error_prefactor),
        float(threshold), int(max_distance), None if max_runtime_ns is None else float(max_runtime_ns), search,
    )


@lru_cache(maxsize=4096)
def _as_factory_design(detail: AzureTFactory, syndrome_cycle_ns: float):
    from ftplanner.physics.factories import FactoryDesign  # imported late: written in parallel

    return FactoryDesign(
        protocol=detail.protocol,
        output_error=detail.output_error,
        physical_qubits=detail.physical_qubits,
        code_cycles=detail.runtime_ns / syndrome_cycle_ns,
        outputs_per_run=detail.outputs_per_run,
        output_kind="T",
        source=SOURCE,
    )


def azure_tfactory(
    *,
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    max_output_error: float,
    logical_error_prefactor: float = 0.03,
    threshold: float = 0.01,
    max_distance: int = 50,
    max_runtime_ns: Optional[float] = None,
    t_gate_ns: Optional[float] = None,
    search: str = "estimator",
) -> "FactoryDesign | None":
    """The T factory the Azure Resource Estimator would build, as a `FactoryDesign`.

    `code_cycles` is the factory runtime in syndrome cycles of 4·t_2q + 2·t_meas (a run
    always takes its full time in this model: failures are absorbed by spare units, not by
    repetition). `protocol` lists each round as "<unit> x<units> @d<distance>" (or
    "@physical"), rounds separated by " | ". See `azure_tfactory_detail` for the arguments.
    """
    detail = azure_tfactory_detail(
        clifford_error=clifford_error, t_gate_error=t_gate_error, measurement_error=measurement_error,
        two_qubit_gate_ns=two_qubit_gate_ns, measurement_ns=measurement_ns,
        max_output_error=max_output_error, logical_error_prefactor=logical_error_prefactor,
        threshold=threshold, max_distance=max_distance, max_runtime_ns=max_runtime_ns, t_gate_ns=t_gate_ns,
        search=search,
    )
    if detail is None:
        return None
    return _as_factory_design(detail, 4.0 * float(two_qubit_gate_ns) + 2.0 * float(measurement_ns))
