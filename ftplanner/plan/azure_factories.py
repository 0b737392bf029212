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
  "15-to-1 RM prep"           31 qubits, 24 t_meas         31 patches, 11 logical cycles
  "15-to-1 space efficient"   12 qubits, 45 t_meas         20 patches, 13 logical cycles
  ==========================  ==========================  ===============================

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
  (one patch at the maximum distance, one logical cycle, output error = logical error).

Search here
-----------
We evaluate *every* admissible design (all unit choices and all non-decreasing distance
sequences) with numpy and take the minimum normalised volume. The estimator instead runs a
pruned search (binary search on each round's distance, then a dominance-pruned walk); the
two agree on the reference table and on the sweeps in ``tests/test_azure_factories.py``, but
the pruned walk could in principle miss a design we find. Binomial quantiles use the exact
distribution (through the regularised incomplete beta function); the estimator's
``probability`` crate switches to approximations above 1000 units per round.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

import numpy as np
from scipy.special import betainc, betaincinv

if TYPE_CHECKING:  # pragma: no cover
    from ftplanner.plan.factories import FactoryDesign

__all__ = [
    "AZURE_PRESETS",
    "AzureRound",
    "AzureTFactory",
    "azure_preset_tfactory_kwargs",
    "azure_tfactory",
    "azure_tfactory_detail",
    "azure_factory_count",
]

# Source: microsoft/qsharp, source/resource_estimator/src/system/modeling/physical_qubit.rs
# (GateBasedPhysicalQubit::qubit_gate_ns_e3 / _e4 / qubit_gate_us_e3 / _e4), as shipped in
# PyPI `qsharp` 1.31. Error rates are per operation; times in ns. Note the microsecond
# presets' T gate error of 1e-6, far below their Clifford error.
AZURE_PRESETS: dict[str, dict] = {
    "qubit_gate_ns_e3": {
        "error_rates": {"one_qubit": 1e-3, "two_qubit": 1e-3, "measurement": 1e-3, "t_gate": 1e-3, "idle": 1e-3},
        "times_ns": {"one_qubit": 50.0, "two_qubit": 50.0, "measurement": 100.0, "t_gate": 50.0},
    },
    "qubit_gate_ns_e4": {
        "error_rates": {"one_qubit": 1e-4, "two_qubit": 1e-4, "measurement": 1e-4, "t_gate": 1e-4, "idle": 1e-4},
        "times_ns": {"one_qubit": 50.0, "two_qubit": 50.0, "measurement": 100.0, "t_gate": 50.0},
    },
    "qubit_gate_us_e3": {
        "error_rates": {"one_qubit": 1e-3, "two_qubit": 1e-3, "measurement": 1e-3, "t_gate": 1e-6, "idle": 1e-3},
        "times_ns": {"one_qubit": 100_000.0, "two_qubit": 100_000.0, "measurement": 100_000.0, "t_gate": 100_000.0},
    },
    "qubit_gate_us_e4": {
        "error_rates": {"one_qubit": 1e-4, "two_qubit": 1e-4, "measurement": 1e-4, "t_gate": 1e-6, "idle": 1e-4},
        "times_ns": {"one_qubit": 100_000.0, "two_qubit": 100_000.0, "measurement": 100_000.0, "t_gate": 100_000.0},
    },
}

SOURCE = "Azure Quantum Resource Estimator (qsharp 1.31) T-factory model, reimplemented in ftplanner"


@dataclass(frozen=True)
class _Unit:
    name: str
    physical_qubits: int  # qubits when run on physical qubits (first round, d = 1)
    physical_measurements: int  # duration in one-qubit measurement times on physical qubits
    logical_patches: int  # logical patches when run on a surface-code distance d
    logical_cycles: int  # duration in logical cycles on distance d


# Order matters only for ties: the estimator lists RM prep first.
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
    p = AZURE_PRESETS[preset]
    rates, times = p["error_rates"], p["times_ns"]
    return {
        "clifford_error": max(rates["one_qubit"], rates["two_qubit"], rates["idle"]),
        "t_gate_error": rates["t_gate"],
        "measurement_error": rates["measurement"],
        "two_qubit_gate_ns": times["two_qubit"],
        "measurement_ns": times["measurement"],
    }


_THRESHOLDS: dict[tuple[int, float], np.ndarray] = {}
_TABLE_EXTRA_UNITS = 4096  # thresholds tabulated per (needed, quantile); beyond: bisection


def _extra_unit_thresholds(needed: int, quantile: float) -> np.ndarray:
    """B[m] = the failure probability below which `needed + m` units suffice (m < 4096).

    `needed + m` units that each fail with probability q deliver at least `needed` successes
    at the given quantile iff P(failures >= m + 1) < quantile, i.e. I_q(m + 1, needed) <
    quantile (regularised incomplete beta), i.e. q < betaincinv(m + 1, needed, quantile).
    B increases with m.
    """
    key = (needed, quantile)
    b = _THRESHOLDS.get(key)
    if b is None:
        b = betaincinv(np.arange(1, _TABLE_EXTRA_UNITS + 1, dtype=float), float(needed), quantile)
        b.setflags(write=False)
        _THRESHOLDS[key] = b
    return b


def _extra_units_by_bisection(needed: int, q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest m with I_q(m + 1, needed) < quantile, per entry (-1 past the estimator's cap)."""
    lo = np.full(q.size, _TABLE_EXTRA_UNITS - 1, dtype=np.float64)  # known insufficient
    hi = lo.copy()
    cap = float(_MAX_UNITS - needed)
    todo = np.ones(q.size, dtype=bool)
    while todo.any():  # grow hi until sufficient (or past the cap)
        hi = np.where(todo, np.minimum(hi * 4.0, cap), hi)
        todo &= ~(betainc(hi + 1.0, float(needed), q) < quantile) & (hi < cap)
    hopeless = ~(betainc(hi + 1.0, float(needed), q) < quantile)
    while True:
        gap = (hi - lo) > 1.0
        if not gap.any():
            break
        mid = np.floor((lo + hi) / 2.0)
        good = betainc(mid + 1.0, float(needed), q) < quantile
        hi = np.where(gap & good, mid, hi)
        lo = np.where(gap & ~good, mid, lo)
    return np.where(hopeless, -1, hi.astype(np.int64))


def _units_for_one(q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest n with P(no success among n units) = q^n < quantile (one output needed)."""
    with np.errstate(divide="ignore"):
        n = np.floor(math.log(quantile) / np.log(q)).astype(np.int64) + 1
    return np.maximum(n, 1)


def _units_needed(needed: np.ndarray, q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest unit count per entry so the quantile of successes covers `needed` (-1: hopeless)."""
    n = np.empty(q.shape, dtype=np.int64)
    order = np.argsort(needed, kind="stable")
    sorted_needed = needed[order]
    sorted_q = q[order]
    cuts = np.flatnonzero(sorted_needed[1:] != sorted_needed[:-1]) + 1
    bounds = np.concatenate(([0], cuts, [sorted_needed.size]))
    out = np.empty(sorted_needed.size, dtype=np.int64)
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        value = int(sorted_needed[lo])
        qs = sorted_q[lo:hi]
        b = _extra_unit_thresholds(value, quantile)
        m = np.searchsorted(b, qs, side="right")
        far = m >= b.size
        if far.any():
            m[far] = _extra_units_by_bisection(value, qs[far], quantile)
        out[lo:hi] = np.where(m >= 0, value + m, -1)
    n[order] = out
    return n


# --------------------------------------------------------------------------------------------
# the search
#
# Everything except the target error is a property of the qubit, so all admissible designs
# for a qubit are costed once (numpy, one row per distance sequence, one column per choice of
# unit kinds) and kept sorted by output error with a running "best so far". A target then
# costs one binary search.


@lru_cache(maxsize=None)
def _distance_tuples(n_dist: int, n_rounds: int, left: tuple[int, ...]) -> np.ndarray:
    """Non-decreasing distance-index tuples with tuple[p] >= left[p], lexicographic (K × rounds)."""
    combos = np.array(list(itertools.combinations_with_replacement(range(n_dist), n_rounds)), dtype=np.intp)
    combos = combos.reshape(-1, n_rounds)
    keep = np.all(combos >= np.asarray(left, dtype=np.intp), axis=1)
    out = np.ascontiguousarray(combos[keep])
    out.setflags(write=False)
    return out


@dataclass
class _Table:
    """All admissible designs with a given number of rounds, sorted by output error."""

    n_rounds: int
    idx: np.ndarray  # (rows, rounds) distance indices
    units: list  # per round: (rows,) units
    errs: list  # per round: (rows,) output error after the round
    fails: list  # per round: (rows,) failure probability of one unit
    # one entry per distance sequence (with its best unit kinds), sorted by output error:
    err: np.ndarray
    row: np.ndarray
    assignment: np.ndarray
    qubits: np.ndarray
    runtime: np.ndarray
    rank: np.ndarray  # position in the estimator's preference order (volume, more qubits/output, enumeration)
    best_prefix: np.ndarray  # best_prefix[k]: the design to use when the first k + 1 qualify


class _Qubit:
    """Per-qubit data: distances, unit tables, and the design tables (built lazily)."""

    def __init__(self, clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns,
                 prefactor, threshold, max_distance):
        self.t_gate_error = t_gate_error
        self.clifford_error = clifford_error
        self.dist = np.arange(1, max_distance + 1, 2, dtype=np.int64)
        self.n_dist = int(self.dist.size)
        ratio = p_code / threshold
        self.logical_c = prefactor * ratio ** ((self.dist + 1) // 2).astype(float)
        cycle_ns = np.rint((4.0 * two_qubit_gate_ns + 2.0 * measurement_ns) * self.dist).astype(np.int64)
        patch_qubits = 2 * self.dist * self.dist
        valid = np.nonzero(self.logical_c <= 0.1 * t_gate_error)[0]
        first_valid = int(valid[0]) if valid.size else self.n_dist
        self.physical_ok = clifford_error <= 0.1 * t_gate_error
        # Per round position (first / later): Clifford error, qubits and duration per unit at
        # each distance index; in the first round index 0 (d = 1) means physical qubits.
        self.c_first = self.logical_c.copy()
        unit_qubits = np.array([u.logical_patches * patch_qubits for u in _UNITS])  # (kinds, L)
        unit_runtime = np.array([u.logical_cycles * cycle_ns for u in _UNITS])
        self.qubits_tab = [unit_qubits.copy(), unit_qubits]
        self.runtime_tab = [unit_runtime.copy(), unit_runtime]
        if self.physical_ok:
            t_meas = int(round(measurement_ns))
            self.c_first[0] = clifford_error
            self.qubits_tab[0][:, 0] = [u.physical_qubits for u in _UNITS]
            self.runtime_tab[0][:, 0] = [u.physical_measurements * t_meas for u in _UNITS]
        # Smallest admissible distance index per round, as the estimator bounds its search.
        self.left = [0 if self.physical_ok else max(1, first_valid)]
        for _ in range(1, _MAX_EXTRA_ROUNDS):
            self.left.append(max(self.left[-1], first_valid))
        self._tables: dict[int, Optional[_Table]] = {}

    def table(self, n_rounds: int) -> Optional[_Table]:
        if n_rounds not in self._tables:
            self._tables[n_rounds] = self._build(n_rounds)
        return self._tables[n_rounds]

    def _build(self, n_rounds: int) -> Optional[_Table]:
        left = tuple(self.left[:n_rounds])
        if left[-1] >= self.n_dist:
            return None
        idx = _distance_tuples(self.n_dist, n_rounds, left)
        quantile = _FACTORY_FAILURE_BUDGET / n_rounds

        # forward: output errors and failure probabilities (the same for both unit kinds)
        e = np.full(idx.shape[0], self.t_gate_error)
        ok = np.ones(idx.shape[0], dtype=bool)
        errs, fails = [], []
        for pos in range(n_rounds):
            c = (self.c_first if pos == 0 else self.logical_c)[idx[:, pos]]
            q = 15.0 * e + 356.0 * c
            e_next = 35.0 * (e * e * e) + 7.1 * c
            ok &= (e_next <= e) & (q > 0.0) & (q < 1.0)  # else the estimator rejects the design
            errs.append(e_next)
            fails.append(q)
            e = e_next
        keep = np.nonzero(ok)[0]
        if keep.size == 0:
            return None
        idx = idx[keep]
        errs = [x[keep] for x in errs]
        fails = [x[keep] for x in fails]

        # backward: units per round (the last round must deliver one T state)
        units = [None] * n_rounds
        n = _units_for_one(fails[-1], quantile)
        alive = np.ones(n.size, dtype=bool)
        units[-1] = n
        for pos in range(n_rounds - 2, -1, -1):
            n = _units_needed(_INPUTS_PER_UNIT * n, fails[pos], quantile)
            alive &= n > 0
            n = np.where(n > 0, n, 1)
            units[pos] = n
        if not alive.all():
            keep = np.nonzero(alive)[0]
            if keep.size == 0:
                return None
            idx = idx[keep]
            errs = [x[keep] for x in errs]
            fails = [x[keep] for x in fails]
            units = [x[keep] for x in units]
        n_rows = idx.shape[0]

        # Unit kinds change cost but not error, so each distance sequence keeps only its best
        # choice of kinds: the estimator's preference is the smallest qubits × runtime (outputs
        # per run = 1), then more qubits per output (it scans its frontier from the most
        # qubits down), then enumeration order.
        n_kinds = len(_UNITS)
        q_parts, r_parts = [], []
        for pos in range(n_rounds):
            tab = 0 if pos == 0 else 1
            q_parts.append([units[pos] * self.qubits_tab[tab][k, idx[:, pos]] for k in range(n_kinds)])
            r_parts.append([self.runtime_tab[tab][k, idx[:, pos]] for k in range(n_kinds)])
        best_vol = np.full(n_rows, np.inf)
        best_q = np.zeros(n_rows, dtype=np.int64)
        best_rt = np.zeros(n_rows, dtype=np.int64)
        best_a = np.zeros(n_rows, dtype=np.int64)
        for a, kinds in enumerate(itertools.product(range(n_kinds), repeat=n_rounds)):
            qubits = q_parts[0][kinds[0]]
            runtime = r_parts[0][kinds[0]]
            for pos in range(1, n_rounds):
                qubits = np.maximum(qubits, q_parts[pos][kinds[pos]])
                runtime = runtime + r_parts[pos][kinds[pos]]
            vol = qubits.astype(float) * runtime
            better = (vol < best_vol) | ((vol == best_vol) & (qubits > best_q))
            best_vol = np.where(better, vol, best_vol)
            best_q = np.where(better, qubits, best_q)
            best_rt = np.where(better, runtime, best_rt)
            best_a = np.where(better, a, best_a)
        rows = np.arange(n_rows)
        pref = np.lexsort((rows, best_a, -best_q, best_vol))
        rank = np.empty(n_rows, dtype=np.int64)
        rank[pref] = rows
        by_err = np.argsort(errs[-1], kind="stable")
        rank_sorted = rank[by_err]
        best_rank = np.minimum.accumulate(rank_sorted)
        pos_of_rank = np.empty(n_rows, dtype=np.int64)
        pos_of_rank[rank_sorted] = rows
        return _Table(
            n_rounds=n_rounds, idx=idx, units=units, errs=errs, fails=fails,
            err=errs[-1][by_err], row=by_err, assignment=best_a[by_err],
            qubits=best_q[by_err], runtime=best_rt[by_err], rank=rank_sorted,
            best_prefix=pos_of_rank[best_rank],
        )

    def best(self, n_rounds: int, target: float, max_runtime_ns: Optional[float]):
        """(table, position) of the preferred design meeting `target`, or None."""
        t = self.table(n_rounds)
        if t is None:
            return None
        k = int(np.searchsorted(t.err, target, side="right"))
        if k == 0:
            return None
        if max_runtime_ns is None:
            return t, int(t.best_prefix[k - 1])
        fits = np.nonzero(t.runtime[:k] <= max_runtime_ns)[0]
        if fits.size == 0:
            return None
        return t, int(fits[np.argmin(t.rank[fits])])

    def factory(self, t: _Table, pos_sorted: int) -> AzureTFactory:
        r = int(t.row[pos_sorted])
        kinds = np.unravel_index(int(t.assignment[pos_sorted]), (len(_UNITS),) * t.n_rounds)
        rounds = []
        for pos, k in enumerate(kinds):
            k, i, tab = int(k), int(t.idx[r, pos]), (0 if pos == 0 else 1)
            n = int(t.units[pos][r])
            rounds.append(
                AzureRound(
                    unit=_UNITS[k].name,
                    units=n,
                    distance=int(self.dist[i]),
                    physical=bool(pos == 0 and self.physical_ok and i == 0),
                    physical_qubits=int(n * self.qubits_tab[tab][k, i]),
                    runtime_ns=int(self.runtime_tab[tab][k, i]),
                    output_error=float(t.errs[pos][r]),
                    failure_probability=float(t.fails[pos][r]),
                )
            )
        return AzureTFactory(
            rounds=tuple(rounds),
            physical_qubits=int(t.qubits[pos_sorted]),
            runtime_ns=int(t.runtime[pos_sorted]),
            output_error=float(t.errs[-1][r]),
            outputs_per_run=1,  # the quantile of successful last-round units, 1 when one is needed
        )


@lru_cache(maxsize=256)
def _qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, prefactor, threshold,
           max_distance) -> _Qubit:
    return _Qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns, prefactor,
                  threshold, max_distance)


@lru_cache(maxsize=4096)
def _design(
    clifford_error: float,
    t_gate_error: float,
    measurement_error: float,
    two_qubit_gate_ns: float,
    measurement_ns: float,
    max_output_error: float,
    logical_error_prefactor: float,
    threshold: float,
    max_distance: int,
    max_runtime_ns: Optional[float],
) -> Optional[AzureTFactory]:
    p_code = max(clifford_error, measurement_error)
    if not (0.0 < t_gate_error < 1.0) or clifford_error >= threshold or p_code > threshold:
        return None  # the estimator refuses qubits at or above the code's threshold
    if max_distance < 1 or not (max_output_error > 0.0):
        return None

    if max_output_error > t_gate_error:
        # Trivial factory: the physical T gate is already good enough.
        d = int(max_distance)
        err = logical_error_prefactor * (p_code / threshold) ** ((d + 1) // 2)
        runtime = int(round((4.0 * two_qubit_gate_ns + 2.0 * measurement_ns) * d))
        if max_runtime_ns is not None and runtime > max_runtime_ns:
            return None
        rnd = AzureRound("trivial 1-to-1", 1, d, False, 2 * d * d, runtime, err, 0.0)
        return AzureTFactory((rnd,), 2 * d * d, runtime, err, 1)

    qubit = _qubit(clifford_error, t_gate_error, p_code, two_qubit_gate_ns, measurement_ns,
                   logical_error_prefactor, threshold, int(max_distance))
    best = None  # (rank key, table, position)
    reached = False
    for n_rounds in range(1, _MAX_EXTRA_ROUNDS + 1):
        if n_rounds > _MAX_ROUNDS and reached:
            break  # 4 rounds are tried only when nothing with <= 3 rounds meets the target
        t = qubit.table(n_rounds)
        if t is None:
            continue
        reached = reached or bool(t.err.size and t.err[0] <= max_output_error)
        found = qubit.best(n_rounds, max_output_error, max_runtime_ns)
        if found is None:
            continue
        t, pos = found
        key = (float(t.qubits[pos]) * float(t.runtime[pos]), -float(t.qubits[pos]))
        if best is None or key < best[0]:
            best = (key, t, pos)
    if best is None:
        return None
    return qubit.factory(best[1], best[2])


def _norm_args(clifford_error, t_gate_error, measurement_error, two_qubit_gate_ns, measurement_ns,
               max_output_error, logical_error_prefactor, threshold, max_distance, max_runtime_ns):
    return (
        float(clifford_error), float(t_gate_error), float(measurement_error),
        float(two_qubit_gate_ns), float(measurement_ns), float(max_output_error),
        float(logical_error_prefactor), float(threshold), int(max_distance),
        None if max_runtime_ns is None else float(max_runtime_ns),
    )


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
) -> Optional[AzureTFactory]:
    """The estimator's T factory with per-round detail, or None if no design reaches the target.

    `clifford_error` is max(one-qubit, two-qubit, idle error); the surface code sees
    max(`clifford_error`, `measurement_error`). To reproduce the estimator, pass the
    algorithm's code distance as `max_distance` (it never lets a factory round exceed it) and
    optionally the algorithm runtime as `max_runtime_ns` (it only uses factories that finish
    within it).
    """
    return _design(*_norm_args(clifford_error, t_gate_error, measurement_error, two_qubit_gate_ns,
                               measurement_ns, max_output_error, logical_error_prefactor, threshold,
                               max_distance, max_runtime_ns))


@lru_cache(maxsize=4096)
def _as_factory_design(detail: AzureTFactory, syndrome_cycle_ns: float):
    from ftplanner.plan.factories import FactoryDesign  # imported late: written in parallel

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
        threshold=threshold, max_distance=max_distance, max_runtime_ns=max_runtime_ns,
    )
    if detail is None:
        return None
    return _as_factory_design(detail, 4.0 * float(two_qubit_gate_ns) + 2.0 * float(measurement_ns))


def azure_factory_count(num_t_states: int, factory, algorithm_runtime_ns: float, syndrome_cycle_ns: float) -> int:
    """Number of factory copies the estimator runs in parallel.

    Each copy completes ⌊algorithm runtime / factory runtime⌋ runs, each yielding
    `outputs_per_run` T states; the count is ⌈T states / (runs × outputs per run)⌉.
    `factory` is a `FactoryDesign` (runtime = code_cycles × syndrome_cycle_ns) or an
    `AzureTFactory`.
    """
    num_t_states = int(num_t_states)
    if num_t_states <= 0:
        return 0
    if isinstance(factory, AzureTFactory):
        factory_ns = int(factory.runtime_ns)
    else:
        factory_ns = int(round(float(factory.code_cycles) * float(syndrome_cycle_ns)))
    algorithm_ns = int(round(float(algorithm_runtime_ns)))
    if factory_ns <= 0:
        raise ValueError("factory runtime must be positive")
    runs = algorithm_ns // factory_ns
    if runs == 0:
        raise ValueError(
            f"the factory ({factory_ns} ns) does not finish within the algorithm runtime ({algorithm_ns} ns)"
        )
    per_copy = runs * int(factory.outputs_per_run)
    return -(-num_t_states // per_copy)
