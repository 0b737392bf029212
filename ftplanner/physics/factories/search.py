"""Choosing a factory: the candidate grid at one p_phys, its cost/error frontiers, and the cheapest design per target.

Sources: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205
(2019), arXiv:1905.06903: the paper's protocols (one-level 15-to-1 and (15-to-1)^n x 15-to-1,
20-to-4, 8-to-CCZ) are evaluated with its fault model on grids of code distances suited to
p_phys. C. Gidney, N. Shutty, C. Jones, "Magic state cultivation", arXiv:2409.17595 (2024):
cultivated T states (cultivation.py), alone and feeding Litinski's level-2 15-to-1 block in
place of his level-1 factories. The planner takes the design with the least space-time per
output state that reaches its target error.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from ftplanner.physics.factories.cultivation import FED, SOURCE, _feeder, _source
from ftplanner.physics.factories.design import (
    _BELOW_RESOLUTION,
    _PARAMETRIC,
    FAMILIES,
    FactoryDesign,
    _check_p,
    _fed_name,
    _name,
    protocol_family,
)
from ftplanner.physics.factories.error_model import (
    _evaluate_level1,
    _evaluate_level2,
    _Evaluated,
    _Feeder,
    _level1_feeder,
    _level2_base,
    _level2_costs,
    _surrogate,
)
from ftplanner.physics.factories.gidney_fowler import gidney_fowler_ccz
from ftplanner.physics.factories.layouts import _BLOCKS


def _pareto(error: np.ndarray, cost: np.ndarray, improve: float = 1.0) -> np.ndarray:
    """Indices, by increasing cost, of designs whose error beats every cheaper one (by the factor `improve`)."""
    order = np.lexsort((error, cost))
    order = order[np.isfinite(error[order]) & np.isfinite(cost[order])]
    running = np.minimum.accumulate(error[order])
    front = order[error[order] < np.concatenate([[np.inf], running[:-1]])]
    if improve >= 1.0:
        return front
    keep, best = [], np.inf
    for i in front:  # thin the (short) frontier
        if error[i] < best * improve:
            keep.append(i)
            best = error[i]
    return np.array(keep, dtype=int)


def _distance_span(p: float, worst: float, best: float, max_count: int) -> np.ndarray:
    """Odd distances >= 3 whose patch error per cycle runs from about `worst` down to `best`, evenly thinned."""
    log_lambda = math.log(100 * p)  # negative below the model's 1 % threshold
    k_lo = max(2, math.ceil(math.log(worst / 0.1) / log_lambda - 1e-9))
    k_hi = max(k_lo, math.ceil(math.log(best / 0.1) / log_lambda - 1e-9))
    ks = np.arange(k_lo, k_hi + 1)
    if ks.size > max_count:
        ks = np.unique(np.round(np.linspace(k_lo, k_hi, max_count)).astype(int))
    return 2 * ks - 1


def _level1_grid(p: float) -> np.ndarray:
    """(N, 3) one-level distances: d_Z over the useful span, d_m near d_Z and d_X near 2 d_Z."""
    rows = [(dx, dz, dm) for dz in _distance_span(p, 2 * p, 0.03 * p**2, 8)
            for dm in (dz - 2, dz, dz + 2) if dm >= 3
            for dx in range(2 * dz - 5, 2 * dz + 6, 2) if dx >= dz]
    return np.array(rows, dtype=float)


def _pace_bracket(run_cycles: np.ndarray, dm2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The even unit counts just below and at-or-above 2 c / d_m2, where units whose runs take c cycles
    keep pace with a level-2 block taking two states per d_m2 cycles (c = 6 d_m for level 1)."""
    need = 2 * run_cycles / dm2
    return np.maximum(2, 2 * np.floor(need / 2)), np.maximum(2, 2 * np.ceil(need / 2))


_BEYOND_NEED = 1e-21  # output error per state below any target


class _Batch(NamedTuple):
    """Evaluated designs of one protocol family, with what is needed to name them."""

    block: str  # "15-to-1" for one level, else the level-2 block
    level1: np.ndarray  # (N, 3) level-1 distances
    n_level1: np.ndarray  # (N,) level-1 factories (0 for one level)
    level2: np.ndarray  # (N, 3) level-2 distances (unused for one level)
    result: _Evaluated


def _take(feeder: _Feeder, pick: np.ndarray) -> _Feeder:
    """The feeders of designs `pick`."""
    return _Feeder(*(np.asarray(v)[pick] for v in feeder))


def _level2_batch(block: str, p: float, level1: _Batch, pick: np.ndarray, n_level1, level2: np.ndarray) -> _Batch:
    """Evaluate (15-to-1)^n x block with the one-level designs `pick` and level-2 distances (N, 3)."""
    l1 = level1.level1[pick]
    feeder = _level1_feeder(_Evaluated(*(np.asarray(v)[pick] for v in level1.result)), *l1.T)
    result = _evaluate_level2(block, p, feeder, n_level1, *level2.T)
    return _Batch(block, l1, np.asarray(n_level1, dtype=float), level2, result)


def _cost(batch: _Batch) -> np.ndarray:
    """Space-time per output state of every design in a batch."""
    outputs = 4 if batch.block == "20-to-4" and batch.n_level1.any() else 1
    return batch.result.physical_qubits * batch.result.code_cycles / outputs


def _spread(log_values: np.ndarray, count: int) -> np.ndarray:
    """Indices of at most `count` entries spread evenly over the range of the (sorted) values."""
    if log_values.size <= count:
        return np.arange(log_values.size)
    wanted = np.linspace(log_values[0], log_values[-1], count)
    return np.unique(np.abs(log_values[:, None] - wanted[None, :]).argmin(axis=0))


def _feeders(level1: _Batch, count: int) -> np.ndarray:
    """Up to `count` one-level designs to feed level 2: the cost/error frontier (each 20 % better
    than the previous), errors below 5 % (worse inputs do not distil), spread evenly in log error."""
    front = _pareto(level1.result.output_error, _cost(level1), improve=0.8)
    front = front[level1.result.output_error[front] < 0.05]
    return front[_spread(np.log(level1.result.output_error[front]), count)]


class _Shape(NamedTuple):
    """Where good level-2 designs lie relative to d_Z2 and the pace (from the paper's designs and our searches)."""

    dx_offsets: tuple[int, ...]  # d_X2 - 2 d_Z2
    dm_offsets: tuple[int, ...]  # d_m2 - d_Z2
    unit_counts: tuple[int, ...] = (0, 1)  # the even unit counts tried: 0 just below the pace, 1 at or above it


_SHAPES = {
    "15-to-1": _Shape((1, 3, 5), (0, 2)),
    # Fed by cultivation: a unit costs a few per cent of the block, so enough of them keep pace
    # with a shorter d_m2 than level-1 factories allow (the block's d_m2 faults are input-like
    # errors, which 15-to-1 suppresses to third order).
    "cultivation x 15-to-1": _Shape((1, 3, 5), (-4, -2, 0, 2)),
    "cultivation x 8-to-CCZ": _Shape((-5, -3, -1, 1, 3), (-2, 0, 2, 4)),
    "8-to-CCZ": _Shape((-5, -3, -1, 1, 3), (0, 2, 4)),
    "20-to-4": _Shape((-5, -3, -1, 1, 3), (-2, 0, 2, 4)),
}


class _Fed(NamedTuple):
    """Designs of n feeding units x a level-2 block: which feeder, how many, the level-2 distances, the results."""

    pick: np.ndarray  # (N,) index into the feeders
    n_units: np.ndarray  # (N,)
    level2: np.ndarray  # (N, 3)
    result: _Evaluated


def _search_fed(block: str, p: float, feeder: _Feeder, shape: _Shape) -> _Fed:
    """Two-level designs for one block fed by the given units: a coarse scan, then refinement around its frontier.

    Scan: every feeder with every level-2 d_Z2 (d_X2 = 2 d_Z2 + 3, d_m2 = d_Z2), with enough
    units to keep pace with the block. Refine: around each frontier design (each 2x better than
    the previous), the `shape` offsets of d_X2 and d_m2 and its unit counts around the pace.
    """
    dz2 = _distance_span(p, p / 10, 1e-12, 12).astype(float)
    pick, z = (a.ravel() for a in np.meshgrid(np.arange(feeder.run_cycles.size), dz2, indexing="ij"))
    dx2, dm2 = 2 * z + 3, z
    n_scan = _pace_bracket(feeder.run_cycles[pick], dm2)[1]
    scan = _evaluate_level2(block, p, _take(feeder, pick), n_scan, dx2, z, dm2)
    layout = _BLOCKS[block].layout
    outputs = layout.n_outputs if layout.output_kind == "T" else 1
    front = _pareto(scan.output_error, scan.physical_qubits * scan.code_cycles / outputs, improve=0.5)
    i, m, x, n_hi = (a.ravel() for a in np.meshgrid(front, shape.dm_offsets, shape.dx_offsets, shape.unit_counts,
                                                       indexing="ij"))
    m, x = np.maximum(3, z[i] + m), np.maximum(3, 2 * z[i] + x)
    n1 = np.where(n_hi == 1, *_pace_bracket(feeder.run_cycles[pick[i]], m)[::-1])
    rows = set(map(tuple, np.stack([pick[i], n1, x, z[i], m], axis=1).tolist()))
    seen = set(map(tuple, np.column_stack([pick, n_scan, dx2, z, dm2]).tolist()))
    scanned = _Fed(pick, n_scan, np.stack([dx2, z, dm2], axis=1), scan)
    if not rows - seen:
        return scanned
    arr = np.array(sorted(rows - seen))
    refined_pick = arr[:, 0].astype(int)
    refined = _evaluate_level2(block, p, _take(feeder, refined_pick), arr[:, 1], *arr[:, 2:5].T)
    return _Fed(*(np.concatenate(parts) for parts in zip(scanned[:3], (refined_pick, arr[:, 1], arr[:, 2:5]))),
                _Evaluated(*(np.concatenate(parts) for parts in zip(scan, refined))))


def _search_level2(block: str, p: float, feeders: _Batch) -> _Batch:
    """(15-to-1)^n x block designs fed by the one-level designs `feeders` (see _search_fed)."""
    l1 = feeders.level1
    fed = _search_fed(block, p, _level1_feeder(feeders.result, *l1.T), _SHAPES[block])
    return _Batch(block, l1[fed.pick], fed.n_units, fed.level2, fed.result)


def _search_distance2(block: str, p: float, level1: _Batch, limit: int,
                      rivals: tuple[np.ndarray, np.ndarray] | None = None) -> _Batch:
    """Designs for a block that detects one error (20-to-4, 8-to-CCZ), screened with its expansion.

    Every frontier one-level feeder, d_Z2 over the useful span, the block's d_X2 and d_m2 shapes
    and both factory counts around the pace are screened with the second-order expansion; at most
    `limit` designs of the screened frontier, spread in log error, are then run exactly. With
    `rivals` (errors, costs of other designs) only designs cheaper than every rival of equal or
    better error are kept: a 20-to-4 run costs ~15x a 15-to-1 run.
    """
    shape = _SHAPES[block]
    feeders = _feeders(level1, 24)
    dz2 = _distance_span(p, p / 10, 1e-12, 14).astype(float)
    f, z, x, m, n_hi = (a.ravel() for a in np.meshgrid(feeders, dz2, shape.dx_offsets, shape.dm_offsets, shape.unit_counts,
                                                     indexing="ij"))
    dx2, dm2 = np.maximum(3, 2 * z + x), np.maximum(3, z + m)
    l1 = level1.level1[f]
    feeder = _level1_feeder(_Evaluated(*(np.asarray(v)[f] for v in level1.result)), *l1.T)
    n1 = np.where(n_hi == 1, *_pace_bracket(feeder.run_cycles, dm2)[::-1])
    u, t_l1 = _level2_base(p, feeder, n1, dx2, z, dm2)
    p_fail, p_out = _surrogate(block)(u)
    layout = _BLOCKS[block].layout
    outputs = layout.n_outputs if layout.output_kind == "T" else 1
    qubits, cycles = _level2_costs(block, feeder, n1, dx2, z, dm2, t_l1, p_fail)
    error, cost = p_out / outputs, qubits * cycles / outputs
    error[(u.max(axis=0) > 0.05) | ~(p_fail < 0.5) | ~(error > 0)] = np.nan  # outside the expansion's reach
    front = _pareto(error, cost)
    front = front[error[front] > _BEYOND_NEED]  # and near the limit of what is resolved
    if rivals is not None and front.size:
        order = np.argsort(rivals[0])  # cheapest rival at or below each error level
        best_cost = np.minimum.accumulate(rivals[1][order])
        k = np.searchsorted(rivals[0][order], error[front], side="right") - 1
        front = front[(k < 0) | (cost[front] < np.where(k >= 0, best_cost[np.maximum(k, 0)], np.inf))]
    chosen = front[_spread(np.log(error[front]), limit)] if front.size else front
    return _level2_batch(block, p, level1, f[chosen], n1[chosen], np.stack([dx2, z, dm2], axis=1)[chosen])


class _Table(NamedTuple):
    """The candidate designs at one p_phys, sorted by cost, with arrays for fast selection."""

    designs: tuple[FactoryDesign, ...]
    error: np.ndarray
    cost: np.ndarray
    qubits: np.ndarray
    is_ccz: np.ndarray
    family: tuple[str, ...]
    t_index: np.ndarray  # positions of T designs; with t_best_error: running minimum of their error
    t_best_error: np.ndarray
    ccz_index: np.ndarray
    ccz_best_error: np.ndarray


def _designs_of(batch: _Batch) -> list[FactoryDesign]:
    """FactoryDesigns of the batch's frontier: designs that no cheaper design of the batch beats in error."""
    ev, one_level = batch.result, not batch.n_level1.any()
    kind = "CCZ" if batch.block == "8-to-CCZ" else "T"
    outputs = 4 if batch.block == "20-to-4" and not one_level else 1
    front = _pareto(ev.output_error, _cost(batch))
    # Python numbers for the whole frontier at once: converting numpy scalars one by one costs more
    l1, n1, l2 = (v[front].astype(int).tolist() for v in (batch.level1, batch.n_level1, batch.level2))
    names = [_name("15-to-1", tuple(a)) if one_level else
             f"{_name('15-to-1', tuple(a), n)} x {_name(batch.block, tuple(b))}" for a, n, b in zip(l1, n1, l2)]
    return _frontier_designs(names, [_PARAMETRIC] * len(names), ev, front, outputs, kind)


def _frontier_designs(names: Sequence[str], sources: Sequence[str], ev: _Evaluated, front: np.ndarray,
                      outputs: int, kind: str) -> list[FactoryDesign]:
    """FactoryDesigns of the designs `front` of an evaluated batch, with their names and sources."""
    columns = (ev.output_error[front].tolist(), np.rint(ev.physical_qubits[front]).astype(int).tolist(),
               ev.code_cycles[front].tolist(), ev.resolved[front].tolist())
    return [FactoryDesign(name, error, qubits, cycles, outputs, kind, source if resolved else source + _BELOW_RESOLUTION)
            for name, source, error, qubits, cycles, resolved in zip(names, sources, *columns)]


def _cultivation_designs(p: float) -> list[FactoryDesign]:
    """Cultivation alone and feeding a level-2 15-to-1 or 8-to-CCZ block: each one's frontier (arXiv:2409.17595).

    Every operating point of the frontier of cultivation alone feeds the block in place of
    Litinski's level-1 factories, on his level-2 grid of distances (_search_fed). Eight cultivated
    T states into one CCZ state is the factory Gidney 2025 (arXiv:2505.15917) runs.
    """
    source = _source(p)
    if not source.label:
        return []
    alone = _Evaluated(source.output_error, np.zeros(source.output_error.size), source.physical_qubits,
                       source.code_cycles, np.ones(source.output_error.size, dtype=bool))
    front = _pareto(alone.output_error, alone.physical_qubits * alone.code_cycles)
    # 15-to-1 leaves at least 35 e^3 of an input error e: past the first feeder that puts this
    # beyond any need, costlier ones cannot help
    spent = np.flatnonzero(35 * alone.output_error[front] ** 3 < _BEYOND_NEED)
    feeders = front[:spent[0] + 1] if spent.size else front
    units = [source.label[i] for i in front.tolist()]
    notes = [f"{SOURCE}; {source.where[i]}" for i in front.tolist()]
    designs = _frontier_designs(units, notes, alone, front, 1, "T")
    # 8-to-CCZ leaves about 28 e^2 of an input error e (two faulty inputs): alike, past the first beyond need
    spent_ccz = np.flatnonzero(28 * alone.output_error[front] ** 2 < _BEYOND_NEED)
    ccz_feeders = front[:spent_ccz[0] + 1] if spent_ccz.size else front
    ccz_feeders = ccz_feeders[_spread(np.log(alone.output_error[ccz_feeders]), 6)]  # an exact 8-to-CCZ run costs more
    for block, kind, fed_by in (("15-to-1", "T", feeders), ("8-to-CCZ", "CCZ", ccz_feeders)):
        fed = _search_fed(block, p, _feeder(*(v[fed_by] for v in (source.output_error, source.physical_qubits,
                                                                   source.code_cycles))),
                          _SHAPES[f"cultivation x {block}"])
        best = _pareto(fed.result.output_error, fed.result.physical_qubits * fed.result.code_cycles)
        picks = fed_by[fed.pick[best]].tolist()  # fed.pick indexes fed_by, which holds positions in the source
        counts, level2 = fed.n_units[best].astype(int).tolist(), fed.level2[best].astype(int).tolist()
        names = [_fed_name(source.label[k], n, block, tuple(d)) for k, n, d in zip(picks, counts, level2)]
        designs += _frontier_designs(names, [f"{SOURCE}; {source.where[k]}; {FED}" for k in picks], fed.result, best, 1,
                                     kind)
    return designs


@functools.lru_cache(maxsize=1024)  # a sweep may visit hundreds of error rates, chunk after chunk
def _candidate_table(p: float) -> _Table:
    """Evaluate the candidate grid at p_phys (cached per p; a cold build takes ~20-55 ms).

    One level: a grid of distances. (15-to-1) x (15-to-1): a scan and a refinement, run exactly.
    20-to-4 and 8-to-CCZ: screened with their second-order expansion, the best run exactly.
    Cultivation (where its data reach p): its operating points, and each feeding a 15-to-1 or
    8-to-CCZ block, searched as (15-to-1) x (15-to-1) is. Gidney & Fowler's CCZ factory: its
    frontier over (d1, d2).
    """
    grid = _level1_grid(p)
    level1 = _Batch("15-to-1", grid, np.zeros(len(grid)), np.zeros_like(grid), _evaluate_level1(p, *grid.T))
    feeders = _feeders(level1, 8)
    batches = [level1]
    if feeders.size:
        feed = _Batch("15-to-1", grid[feeders], np.zeros(feeders.size), grid[feeders],
                      _Evaluated(*(np.asarray(v)[feeders] for v in level1.result)))
        fifteen = _search_level2("15-to-1", p, feed)
        errors = np.concatenate([level1.result.output_error, fifteen.result.output_error])
        costs = np.concatenate([_cost(level1), _cost(fifteen)])
        keep = np.isfinite(errors) & np.isfinite(costs)
        batches += [fifteen, _search_distance2("8-to-CCZ", p, level1, 40),
                    _search_distance2("20-to-4", p, level1, 10, (errors[keep], costs[keep]))]
    found = [d for b in batches for d in _designs_of(b)] + _cultivation_designs(p) + gidney_fowler_ccz(p)
    designs = sorted(found, key=lambda d: d.space_time_per_output)
    error = np.array([d.output_error for d in designs])
    is_ccz = np.array([d.output_kind == "CCZ" for d in designs], dtype=bool)
    t_index, ccz_index = np.flatnonzero(~is_ccz), np.flatnonzero(is_ccz)
    return _Table(tuple(designs), error, np.array([d.space_time_per_output for d in designs]),
                  np.array([d.physical_qubits for d in designs], dtype=float), is_ccz,
                  tuple(protocol_family(d.protocol) for d in designs),
                  t_index, np.minimum.accumulate(error[t_index]) if t_index.size else error[t_index],
                  ccz_index, np.minimum.accumulate(error[ccz_index]) if ccz_index.size else error[ccz_index])


def candidates(p_phys: float) -> list[FactoryDesign]:
    """Parametric designs on a grid of distances suited to p_phys, cheapest first.

    Each family's cost/error frontier (designs no cheaper one of the family beats): one-level
    15-to-1 and (15-to-1)^n x (15-to-1), x (20-to-4), x (8-to-CCZ); for p_phys up to 2e-3 also
    cultivation and cultivation^n x (15-to-1). T-state errors reach below 1e-15 for p_phys up to
    5e-3 (1e-20 up to 1e-3); empty at or above the model's 1 % threshold.
    """
    p = _check_p(p_phys)
    return list(_candidate_table(p).designs) if p < 0.01 else []


def choose_factory(p_phys: float, max_output_error: float, output_kind: str = "T",
                   protocols: Sequence[str] | None = None) -> FactoryDesign | None:
    """The candidate with the least space-time per output state whose output error is at most the target.

    output_kind: "T" (magic states) or "CCZ". protocols: optional families to choose from, as in
    FAMILIES, written freely ("15-to-1", "(15-to-1) x (20-to-4)", "cultivation x 15-to-1", ...).
    Returns None when no candidate reaches the target (or p_phys is at or above the model's 1 %
    threshold).
    """
    target = float(max_output_error)
    if not target > 0:
        raise ValueError(f"max_output_error must be positive, got {max_output_error!r}")
    designs, index = choose_factories(p_phys, np.array([target]), output_kind, protocols)
    return designs[index[0]] if index[0] >= 0 else None


class Candidates(NamedTuple):
    """The designs at one p_phys and, cheapest per output first, the positions of those a choice may take, with
    the running minimum of their output error (the first position reaching a target is the cheapest that does)."""

    designs: tuple[FactoryDesign, ...]
    index: np.ndarray
    best_error: np.ndarray

    def cheapest(self, targets: np.ndarray) -> np.ndarray:
        """Per target, the position in `index` of the cheapest design reaching it (len(index) where none does)."""
        return np.searchsorted(-self.best_error, -np.asarray(targets, dtype=float), side="left")


def factory_candidates(p_phys: float, output_kind: str = "T", protocols: Sequence[str] | None = None,
                       max_qubits: float = np.inf) -> Candidates:
    """The designs of `output_kind` (T or CCZ) at p_phys from `protocols` (None: all) of at most `max_qubits`
    physical qubits (a module's capacity: a factory is never split), cheapest per output first."""
    p = _check_p(p_phys)
    if output_kind not in ("T", "CCZ"):
        raise ValueError(f"output_kind must be 'T' or 'CCZ', got {output_kind!r}")
    allowed = None if protocols is None else {protocol_family(name) for name in protocols}
    if allowed is not None and not allowed <= set(FAMILIES):
        raise ValueError(f"unknown protocol families {sorted(allowed - set(FAMILIES))}; known: {list(FAMILIES)}")
    if p >= 0.01:
        return Candidates((), np.zeros(0, np.int64), np.zeros(0))
    table = _candidate_table(p)
    if allowed is None and not np.isfinite(max_qubits):
        if output_kind == "T":
            return Candidates(table.designs, table.t_index, table.t_best_error)
        return Candidates(table.designs, table.ccz_index, table.ccz_best_error)
    keep = (table.is_ccz == (output_kind == "CCZ")) & (table.qubits <= max_qubits)
    if allowed is not None:
        keep &= np.array([family in allowed for family in table.family], dtype=bool)
    index = np.flatnonzero(keep)
    return Candidates(table.designs, index, np.minimum.accumulate(table.error[index]) if index.size else table.error[index])


def choose_factories(p_phys: float, max_output_errors: np.ndarray, output_kind: str = "T",
                     protocols: Sequence[str] | None = None,
                     max_qubits: float = np.inf) -> tuple[tuple[FactoryDesign, ...], np.ndarray]:
    """`choose_factory` for many targets at one p_phys: (the designs, index of each target's choice or -1); only
    designs of at most `max_qubits` physical qubits (a module's capacity: a factory is never split)."""
    found = factory_candidates(p_phys, output_kind, protocols, max_qubits)
    k = found.cheapest(max_output_errors)
    index = found.index
    return found.designs, np.where(k < index.size, index[np.minimum(k, index.size - 1)] if index.size else -1, -1)
