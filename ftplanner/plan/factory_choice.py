"""Which factory and how many at each design point: the profile's factory model, sized to keep up with the logical clock.

Of the designs that reach a point's target error, the planner takes the one whose copies occupy the fewest
qubit-seconds over the run, in whole copies and whole runs; the least space-time per output state is only
its limit for many copies. (Chosen per state, a looser budget's cheaper-per-state factory could need more
qubits in whole copies than a harder budget's and push the machine onto a second module: issue #17.)"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.values import AUTO
from ftplanner.plan.resolve import Machine
from ftplanner.plan.unique import distinct_rows

if TYPE_CHECKING:
    from ftplanner.physics.factories.design import FactoryDesign


@dataclass(frozen=True)
class FactoryChoice:
    """The chosen factory per point (protocol None where no design reaches the target) and its numbers as arrays.

    A design's name, kind and source are kept as shared strings and its numbers as arrays, so that choosing for many
    points makes no object per point; `design_at(k)` (and `design`) build the FactoryDesign of a point."""

    protocol: np.ndarray  # object: FactoryDesign.protocol, or None
    output_kind: np.ndarray  # object: "T" or "CCZ", or None
    source: np.ndarray  # object: FactoryDesign.source, or None
    physical_qubits: np.ndarray
    code_cycles: np.ndarray
    outputs_per_run: np.ndarray
    output_error: np.ndarray
    least_space_time_per_output: np.ndarray  # of the cheapest-per-state design reaching the target: a floor

    @property
    def found(self) -> np.ndarray:
        return np.isfinite(self.output_error)

    @property
    def space_time_per_output(self) -> np.ndarray:
        """Qubit-cycles per output state, as FactoryDesign.space_time_per_output (NaN without a factory)."""
        return self.physical_qubits * self.code_cycles / self.outputs_per_run

    def design_at(self, k: int) -> FactoryDesign | None:
        """The FactoryDesign chosen at point k (None: no design)."""
        from ftplanner.physics.factories.design import FactoryDesign

        if self.protocol[k] is None:
            return None
        return FactoryDesign(self.protocol[k], float(self.output_error[k]), int(self.physical_qubits[k]),
                             float(self.code_cycles[k]), int(self.outputs_per_run[k]), self.output_kind[k], self.source[k])

    @property
    def design(self) -> np.ndarray:
        """Every point's FactoryDesign or None (an object array)."""
        out = np.empty(len(self.protocol), dtype=object)
        out[:] = [self.design_at(k) for k in range(len(self.protocol))]
        return out

    def take(self, index) -> FactoryChoice:
        """The choices at `index`."""
        return FactoryChoice(*(getattr(self, f.name)[index] for f in fields(self)))

    def put(self, at, other: FactoryChoice) -> None:
        """Replace the choices at positions `at` by `other`'s (in place: the arrays are this choice's own)."""
        for f in fields(self):
            getattr(self, f.name)[at] = getattr(other, f.name)

    __getitem__ = take  # indexed like the arrays beside it (`Designs` subsets and fills its columns so)
    __setitem__ = put

    def spread(self, n: int, at: np.ndarray) -> FactoryChoice:
        """These choices placed at positions `at` of n points; no factory elsewhere."""
        out = no_factory(n)
        out.put(at, self)
        return out


def no_factory(n: int) -> FactoryChoice:
    """n points without a factory."""
    return FactoryChoice(*(np.full(n, None, dtype=object) for _ in range(3)), *(np.full(n, np.nan) for _ in range(5)))


def _choice(designs) -> FactoryChoice:
    """The arrays of a sequence of designs (None: no design)."""
    def attribute(name, dtype=float):
        out = np.empty(len(designs), dtype=dtype)
        out[:] = [(np.nan if dtype is float else None) if d is None else getattr(d, name) for d in designs]
        return out

    return FactoryChoice(attribute("protocol", object), attribute("output_kind", object), attribute("source", object),
                         attribute("physical_qubits"), attribute("code_cycles"), attribute("outputs_per_run"),
                         attribute("output_error"), attribute("space_time_per_output"))


@dataclass(frozen=True)
class Demand:
    """What the factories must do at each point: deliver `states` output states within `runtime_s` (the run as
    the other bounds set it) on a code cycle of `cycle_time_s`, with `count` copies (AUTO: as many as keep up)."""

    states: np.ndarray
    runtime_s: np.ndarray
    cycle_time_s: np.ndarray
    count: np.ndarray

    def take(self, index) -> Demand:
        return Demand(*(getattr(self, f.name)[index] for f in fields(self)))

    def qubit_seconds(self, qubits, code_cycles, outputs_per_run):
        """Qubit-seconds a design's copies occupy: copies x qubits x the longer of the run and their supply time
        (infinite without a design); trailing axes of the design's numbers are candidates per point."""
        col = (slice(None),) + (None,) * (np.ndim(qubits) - 1)
        states, runtime, cycle, count = (getattr(self, f.name)[col] for f in fields(self))
        copies = np.where(count == AUTO, _copies(states, code_cycles, outputs_per_run, runtime, cycle), count)
        supply = magic_supply_times(states, code_cycles, outputs_per_run, copies, cycle)
        with np.errstate(invalid="ignore"):
            cost = copies * qubits * np.maximum(runtime, supply)
        return np.where(np.isfinite(qubits) & np.isfinite(cost), cost, np.inf)

    def cost(self, choice: FactoryChoice) -> np.ndarray:
        """`qubit_seconds` of each point's chosen design."""
        return self.qubit_seconds(choice.physical_qubits, choice.code_cycles, choice.outputs_per_run)


def ccz_states(toffolis, t_states):
    """CCZ states that serve a run when CCZ factories make every magic state: one per Toffoli, and one per two of
    the other T states through the catalysed |CCZ> -> 2|T> transformation (Gidney & Fowler, "Efficient magic state
    factories with a catalyzed |CCZ> to 2|T> transformation", Quantum 3, 135 (2019), arXiv:1812.01238)."""
    toffolis = np.asarray(toffolis, float)
    return toffolis + np.ceil((np.asarray(t_states, float) - 4.0 * toffolis) / 2.0 - 1e-9)


def cheaper_supply(t_choice: FactoryChoice, t_demand: Demand, ccz_choice: FactoryChoice, ccz_demand: Demand):
    """Per point, the factories whose copies occupy fewer qubit-seconds (`Demand.qubit_seconds`): T factories for
    `t_demand`, or CCZ factories for `ccz_demand`; returns (choice, states the chosen factories must deliver).
    The choice's least space-time is the lesser floor of both, so that it bounds any supply of the run."""
    use_ccz = ccz_demand.cost(ccz_choice) < t_demand.cost(t_choice)
    picked = t_choice.take(np.arange(len(t_choice.protocol)))  # a copy: put writes in place
    picked.put(use_ccz, ccz_choice.take(use_ccz))
    states = np.where(use_ccz, ccz_demand.states, t_demand.states)
    floor = np.fmin(t_choice.least_space_time_per_output * t_demand.states,
                    ccz_choice.least_space_time_per_output * ccz_demand.states)
    with np.errstate(invalid="ignore", divide="ignore"):
        picked.least_space_time_per_output[:] = floor / states
    return picked, states


def choose_factory_for(arch: Architecture, machine: Machine, points: np.ndarray, max_output_error: np.ndarray,
                       code_distance: np.ndarray, demand: Demand, output_kind: str = "T",
                       max_qubits: np.ndarray | None = None) -> FactoryChoice:
    """The factory reaching `max_output_error` per output state (of `output_kind`, T or CCZ) whose copies meet
    `demand` in the fewest qubit-seconds at each of `points`.

    Profile ftplanner: Litinski's protocols (catalogue and parametric model) at the machine's
    physical error rate, restricted to `factories.protocols` unless it is [auto] and to designs that
    fit `max_qubits` (a module's capacity: where none does, the cheapest of any size, which the placement
    then refuses with its reason); one table per distinct error rate serves every point at it. Profile
    azure-re: the Azure Resource Estimator's distillation-unit search, which caps factory distances at the algorithm's code
    distance and wants a run within the runtime; run once per distinct set of inputs (T states only).
    """
    rates = {op: r[points] for op, r in machine.error_rates.items()}
    times = {op: t[points] for op, t in machine.durations_ns.items()}
    if machine.profile == "azure-re":
        from ftplanner.physics.azure_factory import azure_tfactory

        clifford = np.maximum.reduce([rates["single_qubit"], rates["two_qubit"], rates["idle"]])
        keys = np.stack([clifford, rates["t_gate"], rates["measurement"], times["two_qubit"], times["measurement"],
                         max_output_error, code_distance, demand.runtime_s, times["t_gate"]], axis=1)
        unique, inverse = (keys, np.arange(len(keys))) if len(keys) < 2 else np.unique(keys, axis=0, return_inverse=True)
        found = [azure_tfactory(clifford_error=k[0], t_gate_error=k[1], measurement_error=k[2], two_qubit_gate_ns=k[3],
                                measurement_ns=k[4], max_output_error=k[5], max_distance=int(k[6]),
                                max_runtime_ns=k[7] * 1e9, t_gate_ns=k[8]) for k in unique]
        return _choice(found).take(inverse.ravel())
    allowed = None if arch.factories.protocols == ["auto"] else tuple(arch.factories.protocols)
    p = machine.p_physical[points]
    cap = np.full(len(points), np.inf) if max_qubits is None else np.nan_to_num(np.asarray(max_qubits, float), nan=np.inf)
    out = _choose_under(allowed, p, cap, max_output_error, output_kind, demand)
    over = np.flatnonzero(~out.found & np.isfinite(cap))  # none fits a module: the placement will say so
    if over.size:
        out.put(over, _choose_under(allowed, p[over], np.full(over.size, np.inf), max_output_error[over], output_kind,
                                    demand.take(over)))
    return out


def _choose_under(allowed, p: np.ndarray, cap: np.ndarray, max_output_error: np.ndarray, output_kind: str,
                  demand: Demand) -> FactoryChoice:
    """The design per point reaching its target within its qubit cap in the fewest qubit-seconds: from the
    factory tables inside their range of p (factory_tables.py), else one exact table search per distinct (p, cap)."""
    from ftplanner.plan.factory_tables import choose_tabulated, tabulated

    from_tables = tabulated(p)
    if not from_tables.any():
        return _choose_exact(allowed, p, cap, max_output_error, output_kind, demand)
    out = FactoryChoice(*choose_tabulated(allowed, p, cap, max_output_error, output_kind, demand))
    rest = np.flatnonzero(~from_tables)
    if rest.size:
        out.put(rest, _choose_exact(allowed, p[rest], cap[rest], max_output_error[rest], output_kind, demand.take(rest)))
    return out


def _choose_exact(allowed, p: np.ndarray, cap: np.ndarray, max_output_error: np.ndarray, output_kind: str,
                  demand: Demand) -> FactoryChoice:
    """`_choose_under` with one exact table search per distinct (p, cap)."""
    from ftplanner.physics.factories import factory_candidates

    out = no_factory(len(p))
    first, group = distinct_rows(p, cap) if len(p) > 1 else (np.zeros(len(p), np.int64), np.zeros(len(p), np.int64))
    for g, k in enumerate(first):
        at = np.flatnonzero(group == g)
        found = factory_candidates(float(p[k]), output_kind, protocols=allowed, max_qubits=float(cap[k]))
        table = _table(found.designs)
        chosen, cheapest = _fewest_qubit_seconds(found, table, max_output_error[at], demand.take(at))
        picked = table.take(chosen)  # index -1: the table's last, empty entry
        picked.least_space_time_per_output[:] = table.space_time_per_output[cheapest]
        out.put(at, picked)
    return out


_CHUNK = 2048  # points per candidate matrix in `_fewest_qubit_seconds`


def _fewest_qubit_seconds(found, table: FactoryChoice, targets: np.ndarray, demand: Demand):
    """(the design with the fewest qubit-seconds, the cheapest per state) per point among the candidates reaching
    its target, as positions in `table` (-1: none reaches it).

    A design costs at least states x its space-time per output (whole copies and runs only add), so only the
    candidates cheaper per state than the cheapest's whole cost can beat it: a prefix of the cost-sorted list.
    """
    index = found.index
    k = found.cheapest(targets)
    chosen = np.full(len(targets), -1, np.int64)
    rows = np.flatnonzero(k < index.size)
    if not rows.size:
        return chosen, chosen
    chosen[rows] = index[k[rows]]
    cheapest = chosen.copy()
    per_state = table.space_time_per_output[index]  # ascending: the table is sorted by it
    wanted = demand.take(rows)
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = wanted.cost(table.take(chosen[rows])) / (wanted.states * wanted.cycle_time_s)
    limit = np.searchsorted(per_state, bound, side="left")  # candidates before it may cost fewer qubit-seconds
    for start in range(0, rows.size, _CHUNK):
        r = rows[start:start + _CHUNK]
        first, end = k[r], limit[start:start + _CHUNK]
        width = int((end - first).max(initial=0))
        if width <= 1:
            continue
        position = first[:, None] + np.arange(width)
        at = index[np.minimum(position, index.size - 1)]
        ok = (position < end[:, None]) & (table.output_error[at] <= targets[r][:, None])
        cost = demand.take(r).qubit_seconds(table.physical_qubits[at], table.code_cycles[at], table.outputs_per_run[at])
        best = np.argmin(np.where(ok, cost, np.inf), axis=1)  # the first of equals: the cheapest per state
        chosen[r] = at[np.arange(r.size), best]
    return chosen, cheapest


_TABLES: dict[int, tuple[tuple, FactoryChoice]] = {}


def _table(designs: tuple) -> FactoryChoice:
    """A table of designs as arrays, with a last 'none' entry for index -1 (kept per table: they are cached per p)."""
    key = id(designs)
    if key not in _TABLES or _TABLES[key][0] is not designs:
        if len(_TABLES) >= 1024:
            _TABLES.clear()
        _TABLES[key] = (designs, _choice([*designs, None]))
    return _TABLES[key][1]


def _copies(t_states, code_cycles, outputs_per_run, runtime_s, cycle_time_s):
    """Copies (as floats) that deliver `t_states` within `runtime_s` in whole runs; see `factory_counts`."""
    with np.errstate(invalid="ignore", divide="ignore"):
        runs = np.maximum(1, np.floor(runtime_s / (code_cycles * cycle_time_s) * (1 + 1e-12)))
        needed = np.ceil(t_states / (runs * outputs_per_run) - 1e-9)
    return np.where(t_states > 0, needed, 0)


def factory_counts(t_states, code_cycles, outputs_per_run, runtime_s, cycle_time_s, count):
    """Factories needed to deliver `t_states` within `runtime_s` (count AUTO), else the fixed count.

    As the Azure Resource Estimator counts: each copy completes whole runs only, so a copy
    delivers floor(runtime / run time) x outputs per run states; a run longer than the whole
    algorithm still counts as one (the run then stretches and magic supply binds).
    """
    needed = _copies(t_states, code_cycles, outputs_per_run, runtime_s, cycle_time_s)
    return np.where(np.asarray(count) == AUTO, needed, count).astype(np.int64)


def magic_supply_times(t_states, code_cycles, outputs_per_run, factories, cycle_time_s):
    """Seconds for `factories` copies to deliver `t_states`, in whole runs."""
    with np.errstate(invalid="ignore", divide="ignore"):
        runs = np.ceil(t_states / (factories * outputs_per_run) - 1e-9)
        return np.where((t_states > 0) & (factories > 0), runs * code_cycles * cycle_time_s, 0.0)


def factory_count(t_states: float, factory, runtime_s: float, cycle_time_s: float, count) -> int:
    """`factory_counts` for one design point ('auto' or a fixed count)."""
    fixed = AUTO if count == "auto" else int(count)
    return int(factory_counts(t_states, factory.code_cycles, factory.outputs_per_run, runtime_s, cycle_time_s, fixed))


def magic_supply_time(t_states: float, factory, factories: int, cycle_time_s: float) -> float:
    """`magic_supply_times` for one design point."""
    return float(magic_supply_times(t_states, factory.code_cycles, factory.outputs_per_run, factories, cycle_time_s))
