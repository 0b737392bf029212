"""The factory choice for many distinct error rates at once, from the shipped factory tables (physics/factories/tables.py).

Per point, the candidates of its rate's interval are the union of the exact search's designs at the interval's
two nodes and the next node out on each side, with numbers interpolated at the point's rate (within 0.4 % in
output error and 1.5 % in code cycles up to 5e-3, tests/physics/test_factory_tables.py). The rule is the exact
path's (factory_choice.py): of the designs reaching the target within the qubit cap, the one whose whole copies
occupy the fewest qubit-seconds, ties to the cheapest per state. The search at each rate can find designs the
nodes lack and the reverse, so the choice can differ from the exact search's at that rate;
benchmarks/bench_factory_tables.py measures by how much (over 1,000 rates: the same cost within 0.5 % or less
on about 94 % of points; cheaper by more on ~25 %, costlier by more on ~6 %, at worst 1.46x). Every point in
the tables' range takes them, single estimates included, so that sweeps and estimates stay one model; outside
it (above 5e-3, below 1e-5) the exact search serves.
"""

from __future__ import annotations

import functools

import numpy as np

NOTE = "; numbers interpolated in p from the factory tables (ftplanner/data/factory_tables.npz)"


def tabulated(p: np.ndarray) -> np.ndarray:
    """The points whose factory the tables choose: every point inside the tables' range of p, single estimates
    and sweeps alike, so that a sweep's point and the estimate of that design are one plan."""
    from ftplanner.physics.factories.tables import tables

    return tables().covers(p)


def choose_tabulated(allowed, p: np.ndarray, cap: np.ndarray, targets: np.ndarray, output_kind: str, demand) -> tuple:
    """`factory_choice._choose_under` from the tables, for rates inside their range: the fields of its
    FactoryChoice (protocol, output kind and source or None, qubits, code cycles, outputs per run, output error,
    least space-time per output; NaN without a design). `demand` is its factory_choice.Demand."""
    from ftplanner.physics.factories import protocol_family
    from ftplanner.physics.factories.parameters import FAMILY
    from ftplanner.physics.factories.tables import tables

    t = tables()
    families = None if allowed is None else np.array(sorted({FAMILY[protocol_family(f)] for f in allowed}))
    interval = t.interval_of(p)
    n = len(p)
    out = (*(np.full(n, None, dtype=object) for _ in range(3)), *(np.full(n, np.nan) for _ in range(5)))
    for k in np.unique(interval).tolist():
        at = np.flatnonzero(interval == k)
        iv = t.interval(k)
        keep = t.is_ccz[iv.design] == (output_kind == "CCZ")
        if families is not None:
            keep &= np.isin(t.rows[iv.design, 0], families)
        iv = iv._replace(design=iv.design[keep], log_error=iv.log_error[keep], log_cycles=iv.log_cycles[keep],
                         resolved=iv.resolved[keep])
        if iv.design.size:
            _choose_in(t, iv, k, at, p, cap, targets, output_kind, demand, out)
    return out


def _choose_in(t, iv, k, at, p, cap, targets, output_kind, demand, out: tuple) -> None:
    """Fill `out` at points `at` (all in interval k) from the interval's candidates."""
    log_error, log_cycles = iv.at(p[at])
    qubits, outputs = t.qubits[iv.design], t.outputs[iv.design]
    with np.errstate(divide="ignore"):
        ok = (log_error <= np.log(targets[at])[:, None]) & (qubits <= cap[at][:, None])
    log_per_state = log_cycles
    log_per_state += np.log(qubits / outputs)
    masked = np.where(ok, log_per_state, np.inf)
    cheapest = np.argmin(masked, axis=1)
    rows = np.flatnonzero(np.isfinite(masked[np.arange(at.size), cheapest]))
    if not rows.size:
        return
    wanted = demand.take(at[rows])
    c = cheapest[rows]
    per_state_c = np.exp(log_per_state[rows, c])
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = wanted.qubit_seconds(qubits[c], per_state_c * outputs[c] / qubits[c], outputs[c]) / (
            wanted.states * wanted.cycle_time_s)
        log_bound = np.log(np.where(np.isnan(bound), np.inf, bound))
    rival = ok[rows] & (log_per_state[rows] < log_bound[:, None])  # only these can occupy fewer qubit-seconds
    rival[np.arange(rows.size), c] = True
    i, j = np.nonzero(rival)
    per_state = np.exp(log_per_state[rows[i], j])
    cost = demand.take(at[rows[i]]).qubit_seconds(qubits[j], per_state * outputs[j] / qubits[j], outputs[j])
    order = np.lexsort((per_state, cost, i))
    first = order[np.r_[True, i[order][1:] != i[order][:-1]]]  # per point: fewest qubit-seconds, then cheapest
    chosen = j[first]
    points = at[rows]
    error = np.exp(log_error[rows, chosen])
    cycles = per_state[first] * outputs[chosen] / qubits[chosen]
    protocols, sources = _names(t, iv, k, chosen, p[points])
    for column, values in zip(out, (protocols, output_kind, sources, qubits[chosen], cycles, outputs[chosen], error,
                                    per_state_c)):
        column[points] = values


def _names(t, iv, k, chosen, p) -> tuple[np.ndarray, np.ndarray]:
    """The chosen candidates' protocol names and sources at their rates (as the search writes them), as object
    arrays sharing one string per distinct name."""
    from ftplanner.physics.factories.parameters import CULTIVATED, gap_db

    rows = t.rows[iv.design[chosen]]
    gaps = np.full(len(chosen), -1, dtype=np.int64)
    for j in np.unique(chosen[np.isin(rows[:, 0], CULTIVATED)]).tolist():  # cultivation families: the cut's gap moves with p
        here = chosen == j
        gaps[here] = np.rint(gap_db(int(t.rows[iv.design[j], 1]), int(t.rows[iv.design[j], 2]), p[here]))
    keys, inverse = np.unique(chosen * 4096 + gaps + 1, return_inverse=True)  # (candidate, gap) pairs: gaps < 4095 dB
    names, sources = np.empty(keys.size, dtype=object), np.empty(keys.size, dtype=object)
    for n, (j, gap) in enumerate(zip((keys // 4096).tolist(), (keys % 4096 - 1).tolist())):
        names[n], sources[n] = _label(k, int(iv.design[j]), bool(iv.resolved[j]), gap)
    return names[inverse], sources[inverse]


@functools.lru_cache(maxsize=65_536)
def _label(k: int, design: int, resolved: bool, gap: int) -> tuple[str, str]:
    """(protocol name, source) of the tables' design (a row of Tables.rows) in interval k, at that cultivation gap."""
    from ftplanner.physics.factories.parameters import protocol, source
    from ftplanner.physics.factories.tables import tables

    t = tables()
    middle = float(np.sqrt(t.nodes[k] * t.nodes[k + 1]))
    row = t.rows[design]
    return protocol(row, middle, None if gap < 0 else gap), source(row, resolved, middle) + NOTE
