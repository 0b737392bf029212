"""Module interconnect topologies: which links exist and how traffic between modules loads them.

Traffic between two modules follows a shortest path; a pair that is not directly linked is
joined by entanglement swapping at each intermediate module (or at the switch), so every
hop consumes pairs on its own link. `Routes.loads` turns an M x M matrix of per-pair traffic
into per-link traffic in O(M^2) with numpy (prefix sums and difference arrays, no path lists).
Ring pairs at equal distance both ways split their traffic evenly. When every pair carries the
same traffic, `hop_classes` and `even_link_loads` give the same answer without any M x M
array, so machines of many thousands of modules stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

TOPOLOGIES = ("all_to_all", "ring", "line", "switched")


@dataclass(frozen=True)
class Routes:
    """The links of a topology over `modules` modules and the hop count of every route."""

    topology: str
    modules: int
    edges: tuple[tuple[str, str], ...]
    hops: np.ndarray  # modules x modules, 0 on the diagonal

    def loads(self, traffic: np.ndarray) -> np.ndarray:
        """Traffic carried by each link (ordered as `edges`) for symmetric per-pair `traffic`."""
        m = self.modules
        upper = np.triu(np.asarray(traffic, dtype=float), k=1)
        if m < 2:
            return np.zeros(0)
        if self.topology == "all_to_all":
            i, j = np.triu_indices(m, k=1)
            return upper[i, j]
        if self.topology == "switched":
            return upper.sum(axis=0) + upper.sum(axis=1)
        if self.topology == "line":
            # link k joins modules k and k+1; it carries every pair i <= k < j
            from_left = np.cumsum(upper, axis=0)  # [k, j] = sum over i <= k
            to_right = np.cumsum(from_left[:, ::-1], axis=1)[:, ::-1]  # [k, j] = sum over j' >= j
            return np.array([to_right[k, k + 1] for k in range(m - 1)])
        # ring: link k joins k and k+1 (mod m); clockwise from i to j uses links i .. j-1
        i, j = np.triu_indices(m, k=1)
        w = upper[i, j]
        clockwise = j - i
        share_cw = np.where(clockwise < m - clockwise, 1.0, np.where(clockwise == m - clockwise, 0.5, 0.0))
        diff = np.zeros(m + 1)
        np.add.at(diff, i, w * share_cw)
        np.add.at(diff, j, -w * share_cw)
        ccw = w * (1 - share_cw)  # links j .. m-1 and 0 .. i-1
        np.add.at(diff, j, ccw)
        diff[m] -= ccw.sum()
        diff[0] += ccw.sum()
        np.add.at(diff, i, -ccw)
        return np.cumsum(diff)[:m]


def routes(modules: int, topology: str) -> Routes:
    """The links and route lengths of `topology` over `modules` modules."""
    m = int(modules)
    index = np.arange(m)
    gap = np.abs(index[:, None] - index[None, :])
    if topology == "all_to_all":
        edges = tuple((f"m{i}", f"m{j}") for i, j in zip(*np.triu_indices(m, k=1)))
        hops = (gap > 0).astype(int)
    elif topology == "switched":
        edges = tuple((f"m{i}", "switch") for i in range(m)) if m > 1 else ()
        hops = 2 * (gap > 0)
    elif topology == "line":
        edges = tuple((f"m{k}", f"m{k + 1}") for k in range(m - 1))
        hops = gap
    elif topology == "ring" and m <= 2:  # two modules on a ring share one link, as on a line
        return Routes(topology="line", modules=m, edges=tuple((f"m{k}", f"m{k + 1}") for k in range(m - 1)), hops=gap)
    elif topology == "ring":
        edges = tuple((f"m{k}", f"m{(k + 1) % m}") for k in range(m))
        hops = np.minimum(gap, m - gap)
    else:
        raise ValueError(f"unknown topology {topology!r}; expected one of {', '.join(TOPOLOGIES)}")
    return Routes(topology=topology, modules=m, edges=edges, hops=hops)


SAME_HOPS = ("all_to_all", "switched")  # topologies whose every route has the same number of hops


def same_hop_links(modules, topology: str):
    """For all_to_all and switched: (hops of every route, module pairs, links, routes each link carries),
    numpy-broadcasting over module counts. all_to_all: a link per pair; switched: a link per module
    to the switch, carrying the module's M - 1 routes."""
    m = np.asarray(modules)
    pairs = m * (m - 1) // 2
    if topology == "all_to_all":
        return 1, pairs, pairs, 1
    return 2, pairs, m, m - 1


def hop_classes(modules: int, topology: str) -> tuple[np.ndarray, np.ndarray]:
    """(hops, number of module pairs at that many hops) over all pairs of `modules` modules."""
    m = int(modules)
    if m < 2:
        return np.zeros(0, int), np.zeros(0, int)
    if topology in SAME_HOPS:
        hops, pairs, _, _ = same_hop_links(m, topology)
        return np.array([hops]), np.array([pairs])
    if topology == "line" or m <= 2:
        h = np.arange(1, m)
        return h, m - h
    if topology == "ring":
        h = np.arange(1, m // 2 + 1)
        return h, np.where(2 * h == m, m // 2, m)
    raise ValueError(f"unknown topology {topology!r}; expected one of {', '.join(TOPOLOGIES)}")


def even_link_loads(modules: int, topology: str, load_per_route) -> tuple[np.ndarray, np.ndarray]:
    """(links in each group, load on each link of the group) when every pair carries the same
    traffic and a route of h hops puts `load_per_route[..., h - 1]` on each of its links (the
    leading axes are design points)."""
    m = int(modules)
    hops, pairs = hop_classes(m, topology)
    load = np.asarray(load_per_route, dtype=float)
    if m < 2:
        return np.zeros(0, int), np.zeros(load.shape[:-1] + (0,))
    if topology in SAME_HOPS:
        _, _, links, routes_per_link = same_hop_links(m, topology)
        return np.array([links]), routes_per_link * load[..., hops - 1]
    if topology == "ring" and m > 2:
        total = np.sum(pairs * hops * load[..., hops - 1], axis=-1, keepdims=True)
        return np.array([m]), total / m
    # line: link k (between k and k+1) is crossed by the routes of h hops starting in [k-h+1, k]
    loads = np.empty(load.shape[:-1] + (m - 1,))
    for start in range(0, m - 1, 1024):  # blocks keep the (links x hops) table small
        k = np.arange(start, min(start + 1024, m - 1))[:, None]
        crossing = np.clip(np.minimum(k, m - 1 - hops[None, :]) - np.maximum(0, k - hops[None, :] + 1) + 1, 0, None)
        loads[..., start:start + len(k)] = load[..., hops - 1] @ crossing.T
    return np.ones(m - 1, int), loads


@dataclass(frozen=True)
class SwitchTree:
    """More modules than one switch has ports: a tree of `ports`-port switches. Each leaf switch serves
    ports - 1 modules and spends its last port on an uplink, each inner switch joins ports - 1 switches below
    it, and the root joins up to `ports`; modules fill the leaves in order. A route between two modules whose
    lowest common switch is on level k (leaves: 1) takes 2k hops and 2k - 1 swaps.

    Links fall into classes of alike links (the module links, and each level's uplinks, by how full their
    groups are), so even traffic over thousands of modules costs a few numbers per class.
    """

    modules: int
    ports: int

    @property
    def branching(self) -> int:
        return self.ports - 1

    @cached_property
    def levels(self) -> int:
        """Switch levels: the fewest whose root can join every group below it."""
        levels, span = 1, 1
        while -(-self.modules // span) > self.ports:
            levels, span = levels + 1, span * self.branching
        return levels

    def span(self, level: int) -> int:
        """Modules under one full switch of `level` (level 0: a module itself; the root: all of them)."""
        return self.modules if level >= self.levels else self.branching ** level

    def switches_per_level(self) -> np.ndarray:
        return np.array([-(-self.modules // self.span(k)) for k in range(1, self.levels + 1)])

    def _last_start(self, level: int) -> int:
        """First module of the last (possibly partial) group of `level`; 0 at the root."""
        return 0 if level >= self.levels else ((self.modules - 1) // self.span(level)) * self.span(level)

    def _group_size(self, first_module: int, level: int) -> int:
        """Modules in the `level` group (0: the module itself) holding `first_module`."""
        start = (first_module // self.span(level)) * self.span(level)
        return min(self.span(level), self.modules - start)

    @cached_property
    def link_classes(self) -> tuple[tuple[int, int, np.ndarray], ...]:
        """(level of the group below the link (0: a module link), alike links, routes each carries by the level
        of their lowest common switch (array over levels 1..L)) for every class of links."""
        classes = []
        for level in range(self.levels):
            unit = self.span(level)
            units = -(-self.modules // unit)
            cuts = sorted({0, units} | {self._last_start(k) // unit for k in range(level + 1, self.levels + 1)})
            for lo, hi in zip(cuts, cuts[1:]):
                members = [(lo, hi - lo)]
                if hi == units and self._group_size(lo * unit, level) == unit and \
                        self._group_size((units - 1) * unit, level) < unit:  # a partial last group: its own class
                    members = [(lo, hi - lo - 1), (units - 1, 1)]
                for first, count in members:
                    if count > 0:
                        classes.append((level, count, self._routes(first * unit, level)))
        return tuple(classes)

    def _routes(self, first_module: int, level: int) -> np.ndarray:
        """Routes through the uplink of the `level` group holding `first_module`, by lowest-common-switch level."""
        own = self._group_size(first_module, level)
        sizes = [own] + [self._group_size(first_module, k) for k in range(level + 1, self.levels + 1)]
        routes = np.zeros(self.levels)
        routes[level:] = own * np.diff(sizes)
        return routes

    def hop_classes(self) -> tuple[np.ndarray, np.ndarray]:
        """(hops, module pairs at that many hops), as `hop_classes` gives for the other topologies."""
        within = [0]
        for level in range(1, self.levels + 1):
            span = self.span(level)
            full, rest = divmod(self.modules, span)
            within.append(full * span * (span - 1) // 2 + rest * (rest - 1) // 2)
        pairs = np.diff(within)
        hops = 2 * np.arange(1, self.levels + 1)
        return hops[pairs > 0], pairs[pairs > 0]

    def loads(self, load_per_route) -> tuple[np.ndarray, np.ndarray]:
        """(alike links of each class, load on one link of each class) when every module pair carries the same
        traffic and a route of h hops puts `load_per_route[..., h - 1]` on each of its links."""
        load = np.asarray(load_per_route, dtype=float)
        classes = self.link_classes
        by_level = load[..., 2 * np.arange(1, self.levels + 1) - 1]
        return np.array([count for _, count, _ in classes]), \
            np.stack([by_level @ routes for _, _, routes in classes], axis=-1)

    def hops(self) -> np.ndarray:
        """modules x modules hop counts: twice the level of each pair's lowest common switch."""
        index = np.arange(self.modules)
        level = np.full((self.modules, self.modules), self.levels)
        for k in range(self.levels - 1, 0, -1):
            group = index // self.span(k)
            level = np.where(group[:, None] == group[None, :], k, level)
        return np.where(index[:, None] == index[None, :], 0, 2 * level)

    def matrix_loads(self, traffic: np.ndarray) -> np.ndarray:
        """Traffic on each link (module links, then each level's uplinks in group order) for symmetric per-pair
        `traffic` (modules x modules)."""
        upper = np.triu(np.asarray(traffic, dtype=float), k=1)
        both = upper + upper.T
        out = [both.sum(axis=1)]
        for level in range(1, self.levels):
            starts = np.arange(0, self.modules, self.span(level))
            blocks = np.add.reduceat(np.add.reduceat(both, starts, axis=0), starts, axis=1)
            out.append(blocks.sum(axis=1) - np.diag(blocks))
        return np.concatenate(out)

    def edges(self) -> tuple[tuple[str, str], ...]:
        """Every link's ends, in the order of `matrix_loads`: module to leaf switch, then switch to parent."""
        def name(level, group):
            return "switch" if level >= self.levels else f"s{level}.{group}"
        ends = [(f"m{i}", name(1, i // self.span(1))) for i in range(self.modules)]
        for level in range(1, self.levels):
            groups = -(-self.modules // self.span(level))
            ends += [(name(level, g), name(level + 1, g * self.span(level) // self.span(level + 1)))
                     for g in range(groups)]
        return tuple(ends)

    def class_ends(self) -> tuple[tuple[str, str], ...]:
        """Names of the link classes of `link_classes`, for reports."""
        def below(level):
            return "each module" if level == 0 else f"each level-{level} switch"
        def above(level):
            return "root switch" if level + 1 >= self.levels else f"its level-{level + 1} switch"
        return tuple((below(level), above(level)) for level, _, _ in self.link_classes)
