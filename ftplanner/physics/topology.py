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
