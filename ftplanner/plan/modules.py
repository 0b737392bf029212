"""Placing data tiles and factories on modules of a fixed physical capacity.

`per_module`: factories are spread as evenly as possible over all modules and data tiles
fill the remaining space. `dedicated_modules`: factories sit on modules of their own and
every magic state crosses a link to reach the data. Tiles and factories are indivisible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


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


def _per_module(tiles, tile_q, factories, factory_q, capacity, modules) -> Placement | None:
    """Spread factories evenly over `modules`, then tiles evenly over what is left; None if it does not fit."""
    factory_groups = [(n, f, (capacity - f * factory_q) // tile_q) for n, f in _spread(factories, modules)]
    if any(room < 0 for _n, _f, room in factory_groups) or sum(n * room for n, _f, room in factory_groups) < tiles:
        return None
    groups, left = [], tiles
    for n, f, room in factory_groups:
        here = min(n * room, left)
        left -= here
        groups += [ModuleGroup(m, t, f, t * tile_q + f * factory_q, capacity) for m, t in _spread(here, n)]
    return Placement(modules=modules, data_modules=modules, groups=tuple(groups))


def place(tiles: int, tile_qubits: int, factories: int, factory_qubits: int, capacity: int | None,
          count: int | str, placement: str) -> Placement:
    """Place the design on modules; `count` is 'auto' (fewest that fit) or a fixed number."""
    if capacity is None:
        modules = 1 if count == "auto" else int(count)
        capacity = math.ceil(tiles / modules) * tile_qubits + math.ceil(factories / modules) * factory_qubits
        if placement == "dedicated_modules" and factories and modules > 1:
            capacity = max(math.ceil(tiles / (modules - 1)) * tile_qubits, factories * factory_qubits)
    if tile_qubits > capacity:
        return Placement(0, 0, (), f"a module of {capacity:,} physical qubits cannot hold one data tile of {tile_qubits:,}: "
                                     f"raise modules.physical_qubits")
    if factories and factory_qubits > capacity:
        return Placement(0, 0, (), f"a module of {capacity:,} physical qubits cannot hold one factory of {factory_qubits:,}: "
                                     f"raise modules.physical_qubits")
    if placement == "dedicated_modules" and factories:
        per_factory_module = capacity // factory_qubits
        factory_modules = math.ceil(factories / per_factory_module)
        data_modules = math.ceil(tiles / (capacity // tile_qubits))
        total = factory_modules + data_modules
        if count != "auto" and total > int(count):
            return Placement(0, 0, (), f"needs {total} modules ({data_modules} data, {factory_modules} factory) but modules.count is {count}: "
                                     f"raise modules.count or modules.physical_qubits")
        groups = [ModuleGroup(n, 0, k, k * factory_qubits, capacity) for n, k in _spread(factories, factory_modules)]
        groups += [ModuleGroup(n, k, 0, k * tile_qubits, capacity) for n, k in _spread(tiles, data_modules)]
        return Placement(modules=total, data_modules=data_modules, groups=tuple(groups))
    total_qubits = tiles * tile_qubits + factories * factory_qubits
    if count != "auto":
        fitted = _per_module(tiles, tile_qubits, factories, factory_qubits, capacity, int(count))
        return fitted or Placement(0, 0, (), f"the design ({total_qubits:,} physical qubits) does not fit on {count} modules of "
                                        f"{capacity:,}: raise modules.count or modules.physical_qubits")
    lower = max(1, math.ceil(total_qubits / capacity))
    for modules in range(lower, lower + factories + tiles + 1):
        fitted = _per_module(tiles, tile_qubits, factories, factory_qubits, capacity, modules)
        if fitted:
            return fitted
    return Placement(0, 0, (), "no module count fits the design")  # unreachable: one tile or factory per module always fits
