"""Placing data tiles and factories on modules of a fixed physical capacity.

`per_module`: factories are spread as evenly as possible over all modules and data tiles
fill the remaining space. `dedicated_modules`: factories sit on modules of their own and
every magic state crosses a link to reach the data. Tiles and factories are indivisible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ftplanner.architecture.values import AUTO


@dataclass(frozen=True)
class ModuleGroup:
    """`count` identical modules, each holding `tiles` data tiles and `factories` factories."""

    count: int
    tiles: int
    factories: int
    physical_qubits: int
    capacity: int | None


@dataclass(frozen=True)
class Placement:
    """Where everything sits, or why it cannot be placed (`reason`, with modules = 0)."""

    modules: int
    data_modules: int
    groups: tuple[ModuleGroup, ...]
    reason: str = ""

    @property
    def max_physical_qubits_per_module(self) -> int:
        return max((g.physical_qubits for g in self.groups), default=0)


def _spread(total: int, bins: int) -> list[tuple[int, int]]:
    """Split `total` items over `bins` as evenly as possible: [(bins with k items, k), ...]."""
    low, extra = divmod(total, bins)
    return [(n, k) for n, k in ((extra, low + 1), (bins - extra, low)) if n > 0]


TILE_TOO_BIG, FACTORY_TOO_BIG, TOO_FEW_MODULES = 1, 2, 3  # why a design cannot be placed (0: it can)


@dataclass(frozen=True)
class ModuleCounts:
    """Module counts at each design point (arrays), and the capacity each module has."""

    modules: np.ndarray
    data_modules: np.ndarray
    capacity: np.ndarray
    max_physical_qubits_per_module: np.ndarray
    problem: np.ndarray  # 0, TILE_TOO_BIG, FACTORY_TOO_BIG or TOO_FEW_MODULES


def _ceil_div(a, b):
    return -(-a // b)


def _per_module_fit(tiles, tile_q, factories, factory_q, capacity, modules):
    """(fits, most physical qubits on one module) with factories spread evenly, tiles filling what is left."""
    low, extra = np.divmod(factories, modules)
    room_hi = (capacity - (low + 1) * factory_q) // tile_q  # the `extra` modules with one factory more
    room_lo = (capacity - low * factory_q) // tile_q
    n_lo = modules - extra
    fits = ~((extra > 0) & (room_hi < 0)) & ~((n_lo > 0) & (room_lo < 0)) & (extra * room_hi + n_lo * room_lo >= tiles)
    here_hi = np.where(extra > 0, np.minimum(extra * room_hi, tiles), 0)
    here_lo = np.minimum(n_lo * room_lo, tiles - here_hi)
    most_hi = np.where(extra > 0, _ceil_div(here_hi, np.maximum(extra, 1)) * tile_q + (low + 1) * factory_q, 0)
    most_lo = np.where(n_lo > 0, _ceil_div(here_lo, np.maximum(n_lo, 1)) * tile_q + low * factory_q, 0)
    return fits, np.maximum(most_hi, most_lo)


SCAN_ROUNDS = 4  # module counts tried one by one above the lower bound: 1 + 4 + 16 + 64, then bisection


def _bisect_fewest(low, tiles, tile_q, factories, factory_q, cap) -> np.ndarray:
    """The fewest modules from `low` up that hold each design (one that fits on a module: every tile and
    factory on its own module always fits, so tiles + factories is an upper bound); about 60 steps at most."""
    lo = np.asarray(low, dtype=np.int64) - 1  # known not to fit (or below the bound)
    hi = np.maximum(tiles + factories, lo + 1)  # known to fit
    while True:
        open_ = hi - lo > 1
        if not open_.any():
            return hi
        mid = np.where(open_, lo + (hi - lo) // 2, hi)
        fits = _per_module_fit(tiles, tile_q, factories, factory_q, cap, mid)[0]
        hi = np.where(open_ & fits, mid, hi)
        lo = np.where(open_ & ~fits, mid, lo)


def module_counts(tiles, tile_q, factories, factory_q, capacity, count, dedicated: bool) -> ModuleCounts:
    """Modules for each point: `count` AUTO (the fewest that fit) or fixed; `capacity` NaN = unlimited."""
    tiles, tile_q, factories, factory_q, count = (np.asarray(x, dtype=np.int64) for x in (tiles, tile_q, factories, factory_q, count))
    capacity = np.asarray(capacity, dtype=float)
    unlimited = np.isnan(capacity)
    fixed = np.where(count == AUTO, 1, count)
    with np.errstate(invalid="ignore"):
        cap = np.where(unlimited, 0, capacity).astype(np.int64)
    own = _ceil_div(tiles, fixed) * tile_q + _ceil_div(factories, fixed) * factory_q
    if dedicated:
        spread = np.maximum(_ceil_div(tiles, np.maximum(fixed - 1, 1)) * tile_q, factories * factory_q)
        own = np.where((factories > 0) & (fixed > 1), spread, own)
    cap = np.where(unlimited, own, cap)
    problem = np.where(tile_q > cap, TILE_TOO_BIG, np.where((factories > 0) & (factory_q > cap), FACTORY_TOO_BIG, 0))
    modules = np.zeros_like(tiles)
    data_modules = np.zeros_like(tiles)
    most = np.zeros_like(tiles)
    safe_fq = np.maximum(factory_q, 1)
    safe_tq = np.maximum(tile_q, 1)
    if dedicated:
        dedicated_points = (factories > 0) & (problem == 0)
        factory_modules = _ceil_div(factories, np.maximum(cap // safe_fq, 1))
        data_needed = _ceil_div(tiles, np.maximum(cap // safe_tq, 1))
        total = factory_modules + data_needed
        short = dedicated_points & (count != AUTO) & (total > count)
        problem = np.where(short, TOO_FEW_MODULES, problem)
        ok = dedicated_points & ~short
        modules = np.where(ok, total, modules)
        data_modules = np.where(ok, data_needed, data_modules)
        most = np.where(ok, np.maximum(_ceil_div(factories, np.maximum(factory_modules, 1)) * factory_q,
                                       _ceil_div(tiles, np.maximum(data_needed, 1)) * tile_q), most)
        spread_points = (problem == 0) & ~dedicated_points
    else:
        spread_points = problem == 0
    total_qubits = tiles * tile_q + factories * factory_q
    # the fewest modules that could fit: by qubits, and by whole tiles per module (both never exceed the answer)
    lower = np.maximum(np.ceil(total_qubits / np.maximum(cap, 1)), np.ceil(tiles / np.maximum(cap // safe_tq, 1)))
    trial = np.where(count == AUTO, np.maximum(1, lower).astype(np.int64), count)
    todo = np.flatnonzero(spread_points)
    window = 1  # the first tries are the lower bound, or the fixed count, and the few counts above it
    for _ in range(SCAN_ROUNDS):
        if not todo.size:
            break
        tried = trial[todo][:, None] + np.arange(window)
        fits, top = _per_module_fit(*(x[todo][:, None] for x in (tiles, tile_q, factories, factory_q, cap)), tried)
        found = fits.any(axis=1)
        first = np.argmax(fits, axis=1)[found]
        done = todo[found]
        rows = np.flatnonzero(found)
        modules[done] = data_modules[done] = tried[rows, first]
        most[done] = top[rows, first]
        auto = count[todo] == AUTO
        problem[todo[~found & ~auto]] = TOO_FEW_MODULES  # a fixed count that does not hold the design
        todo = todo[~found & auto]
        trial[todo] += window
        window *= 4
    if todo.size:  # far from the lower bound: bisect (fitting only gets easier with more modules)
        fewest = _bisect_fewest(trial[todo], *(x[todo] for x in (tiles, tile_q, factories, factory_q, cap)))
        modules[todo] = data_modules[todo] = fewest
        most[todo] = _per_module_fit(tiles[todo], tile_q[todo], factories[todo], factory_q[todo], cap[todo], fewest)[1]
    return ModuleCounts(modules, data_modules, cap, most, problem)


def _per_module(tiles, tile_q, factories, factory_q, capacity, modules) -> Placement:
    """Factories spread evenly over `modules`, then tiles evenly over what is left (it fits)."""
    factory_groups = [(n, f, (capacity - f * factory_q) // tile_q) for n, f in _spread(factories, modules)]
    groups, left = [], tiles
    for n, f, room in factory_groups:
        here = min(n * room, left)
        left -= here
        groups += [ModuleGroup(m, t, f, t * tile_q + f * factory_q, capacity) for m, t in _spread(here, n)]
    return Placement(modules=modules, data_modules=modules, groups=tuple(groups))


def place(tiles: int, tile_qubits: int, factories: int, factory_qubits: int, capacity: int | None,
          count: int | str, placement: str) -> Placement:
    """Place the design on modules; `count` is 'auto' (fewest that fit) or a fixed number."""
    fixed = AUTO if count == "auto" else int(count)
    counts = module_counts([tiles], [tile_qubits], [factories], [factory_qubits], [np.nan if capacity is None else capacity],
                           [fixed], placement == "dedicated_modules")
    return placement_of(tiles, tile_qubits, factories, factory_qubits, int(counts.capacity[0]), int(counts.modules[0]),
                        int(counts.data_modules[0]), placement == "dedicated_modules",
                        placement_problem(int(counts.problem[0]), tiles, tile_qubits, factories, factory_qubits,
                                          int(counts.capacity[0]), count, placement == "dedicated_modules"))


def placement_of(tiles: int, tile_qubits: int, factories: int, factory_qubits: int, capacity: int, modules: int,
                 data_modules: int, dedicated: bool, reason: str) -> Placement:
    """The module groups of a design placed on `modules` (as `module_counts` found), or why it could not be."""
    if reason:
        return Placement(0, 0, (), reason)
    if dedicated and factories:
        groups = [ModuleGroup(n, 0, k, k * factory_qubits, capacity) for n, k in _spread(factories, modules - data_modules)]
        groups += [ModuleGroup(n, k, 0, k * tile_qubits, capacity) for n, k in _spread(tiles, data_modules)]
        return Placement(modules=modules, data_modules=data_modules, groups=tuple(groups))
    return _per_module(tiles, tile_qubits, factories, factory_qubits, capacity, modules)


def placement_problem(problem: int, tiles: int, tile_qubits: int, factories: int, factory_qubits: int, capacity: int,
                      count, dedicated: bool) -> str:
    """The reason a design cannot be placed, as the user reads it ('' when it can)."""
    if problem == TILE_TOO_BIG:
        return (f"a module of {capacity:,} physical qubits cannot hold one data tile of {tile_qubits:,}: "
                f"raise modules.physical_qubits")
    if problem == FACTORY_TOO_BIG:
        return (f"a module of {capacity:,} physical qubits cannot hold one factory of {factory_qubits:,}: "
                f"raise modules.physical_qubits")
    if problem == TOO_FEW_MODULES and dedicated and factories:
        factory_modules = math.ceil(factories / (capacity // factory_qubits))
        data_modules = math.ceil(tiles / (capacity // tile_qubits))
        return (f"needs {factory_modules + data_modules} modules ({data_modules} data, {factory_modules} factory) but "
                f"modules.count is {count}: raise modules.count or modules.physical_qubits")
    if problem == TOO_FEW_MODULES:
        total_qubits = tiles * tile_qubits + factories * factory_qubits
        return (f"the design ({total_qubits:,} physical qubits) does not fit on {count} modules of "
                f"{capacity:,}: raise modules.count or modules.physical_qubits")
    return ""
