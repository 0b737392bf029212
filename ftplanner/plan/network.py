"""The network: Bell-pair demand per link, swapping, distillation, link counts, seam error, latency.

A lattice-surgery merge that crosses a module boundary consumes one Bell pair per
boundary-crossing two-qubit gate (the gate is teleported): 2d - 1 per round, as counted on
the seam circuit (`ftplanner.sim.link_gates_per_round`; a test keeps the two equal), for d
rounds. Under `dedicated_modules` every magic state also crosses, at the cost of a remote
merge, from a factory module to a data module. Pairs for modules that are not directly
linked are swapped end to end (fidelity drops per hop, every hop consumes a pair on its
link), then distilled with BBPSSW recurrence: the fewest rounds whose seam error fits the
network share of the budget. Links per module pair are sized from the raw pair rate, or, when
fixed, the run stretches until the busiest link has supplied its pairs. Each remote
non-Clifford step waits for a classical round trip, 2 x latency per hop, on top of the decoder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ftplanner.architecture.values import AUTO
from ftplanner.physics.entanglement import bbpssw_round, distilled, swapped_fidelity
from ftplanner.physics.error_law import ErrorLaw
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.physics.topology import SAME_HOPS, even_link_loads, hop_classes, routes, same_hop_links
from ftplanner.plan.traffic import Traffic

MAX_DISTILLATION_ROUNDS = 10


def bell_pairs_per_round(d):
    """Boundary-crossing gates per round of a remote merge at distance d (seam circuit count)."""
    return 2 * d - 1


@dataclass(frozen=True)
class LinkLoad:
    """`count` identical topology links (module pair, or module and switch) over the run."""

    ends: tuple[str, str]  # e.g. ("m0", "m1"); ("each", "pair") for a group of identical links
    count: int
    remote_operations_per_s: float  # remote operations whose route uses one such link
    bell_pairs_per_s: float  # delivered end-to-end pairs whose route uses it
    raw_bell_pairs_per_s: float  # raw pairs it must produce (distillation and swaps included)
    links: int  # physical links installed on it
    utilisation: float


@dataclass(frozen=True)
class NetworkPlan:
    """The network's sizing for one design; empty for a single module."""

    remote_operations: float = 0.0
    cross_module_fraction: float = 0.0
    traffic_source: str = ""
    bell_pairs_per_remote_operation: float = 0.0
    max_hops: int = 0
    delivered_fidelity: float = 1.0  # worst route, after distillation
    p_link: float = 0.0  # link-gate error of the worst route
    distillation_rounds: int = 0
    raw_pairs_per_delivered: float = 1.0  # worst route
    round_trip_s: float = 0.0  # classical round trip of a remote operation, traffic-weighted
    links: tuple[LinkLoad, ...] = ()
    supply_time_s: float = 0.0  # time the busiest link needs to supply the run's pairs
    failure: float = 0.0
    reason: str = ""

    @property
    def topology_links(self) -> int:
        """Links of the topology (module pairs or module-switch) that carry traffic."""
        return sum(link.count for link in self.links)

    @property
    def links_total(self) -> int:
        return sum(link.count * link.links for link in self.links)

    @property
    def busiest(self) -> LinkLoad | None:
        return max(self.links, key=lambda link: link.raw_bell_pairs_per_s, default=None)


MATRIX_MODULES = 2000  # above this, traffic is taken as even over pairs (no M x M arrays)
GROUP_ENDS = {"all_to_all": ("each module", "each other module"), "switched": ("each module", "switch"),
              "ring": ("each module", "next module")}


@dataclass(frozen=True)
class RouteSet:
    """Remote operations by route, per remote merge and per delivered magic state, and how to load the links."""

    hops: np.ndarray
    per_merge: np.ndarray  # operations on each route (one route of the entry) per remote merge of the run
    per_magic_state: np.ndarray  # the same per magic state crossing from a factory module
    routes: np.ndarray  # number of routes the entry stands for
    link_loads: object  # (points x routes) load per route -> (group counts, points x links load per link)
    edges: tuple  # the ends of each link group, shared by the points (empty for a batched set: see `ends`)
    modules: np.ndarray | None = None  # batched set: each point's module count, which names its link groups
    topology: str = ""

    def ends(self, k: int) -> tuple:
        """The ends of point k's link groups, in the order of its link counts and loads."""
        return self.edges if self.modules is None else even_edges(int(self.modules[k]), self.topology)


def route_set(modules: int, data_modules: int, topology: str, traffic: Traffic, dedicated_factories: bool) -> RouteSet:
    """The run's remote operations by route: every module pair (matrix) or hop classes (even traffic)."""
    spread_deliveries = dedicated_factories and modules > data_modules
    if modules <= MATRIX_MODULES and (traffic.pair_share is not None or spread_deliveries):
        merge = np.zeros((modules, modules))
        merge[:data_modules, :data_modules] = traffic.pair_share if traffic.pair_share is not None else _even_share(data_modules)
        magic = np.zeros((modules, modules))
        if spread_deliveries:
            per_pair = 1.0 / (data_modules * (modules - data_modules))
            magic[:data_modules, data_modules:] = per_pair
            magic[data_modules:, :data_modules] = per_pair
        topo = routes(modules, topology)
        i, j = np.nonzero(np.triu(merge + magic, k=1))

        def loads(per_route):
            out = np.empty((len(per_route), len(topo.edges)))
            matrix = np.zeros((modules, modules))
            for k, row in enumerate(per_route):
                matrix[i, j] = row
                out[k] = topo.loads(matrix)
            return np.ones(len(topo.edges), int), out
        return RouteSet(topo.hops[i, j], merge[i, j], magic[i, j], np.ones(len(i)), loads, topo.edges)
    # even traffic over all module pairs (factory deliveries included, when dedicated)
    hops, pairs = hop_classes(modules, topology)
    share = np.full(len(hops), 1.0 / pairs.sum())

    def loads(per_route):
        by_hops = np.zeros((len(per_route), int(hops.max())))
        by_hops[:, hops - 1] = per_route
        return even_link_loads(modules, topology, by_hops)

    return RouteSet(hops, share, share if dedicated_factories else np.zeros(len(hops)), pairs.astype(float), loads,
                    even_edges(modules, topology))


def even_edges(modules: int, topology: str) -> tuple:
    """The link groups of even traffic: every link of a line (or of two modules), else one group of alike links."""
    if topology == "line" or modules <= 2:
        return tuple((f"m{k}", f"m{k + 1}") for k in range(modules - 1))
    return (GROUP_ENDS[topology],)


def batched_even_route_set(modules: np.ndarray, topology: str, dedicated_factories: bool) -> RouteSet | None:
    """One route set for points of different module counts, when traffic is even over every pair and
    every route has the same hops (all_to_all, switched); None for other topologies."""
    if topology not in SAME_HOPS:
        return None
    hops, pairs, links, routes_per_link = same_hop_links(np.asarray(modules, dtype=float)[:, None], topology)
    share = 1.0 / pairs

    def loads(per_route):
        return links.astype(np.int64), routes_per_link * per_route

    return RouteSet(np.array([hops]), share, share if dedicated_factories else 0.0 * share, pairs, loads, (),
                    np.asarray(modules), topology)


def _even_share(modules: int) -> np.ndarray:
    """Every data-module pair carries the same share of merges."""
    share = (np.ones((modules, modules)) - np.eye(modules)) / max(1, modules * (modules - 1) / 2)
    return share if modules > 1 else np.zeros((modules, modules))


FIDELITY_TOO_LOW = 1  # NetworkSizes.problem: swapped pairs at or below 0.5 cannot be distilled


@dataclass(frozen=True)
class NetworkSizes:
    """The network of one module arrangement sized at k design points: arrays of k, links as k x links."""

    remote_operations: np.ndarray
    max_hops: np.ndarray
    worst_swapped_fidelity: np.ndarray
    problem: np.ndarray
    bell_pairs_per_remote_operation: np.ndarray
    delivered_fidelity: np.ndarray
    p_link: np.ndarray
    distillation_rounds: np.ndarray
    raw_pairs_per_delivered: np.ndarray
    round_trip_s: np.ndarray
    link_counts: np.ndarray  # per link group: shared by the points, or k x groups (a batched route set)
    operations_per_s: np.ndarray  # k x links
    raw_pairs_per_s: np.ndarray  # k x links
    installed: np.ndarray  # k x links
    supply_time_s: np.ndarray
    failure: np.ndarray


def size_networks(rs: RouteSet, *, d, merges, magic_states, runtime_s, fidelity, p_two_qubit, link_rate_hz, latency_s,
                  links_per_pair, distillation, seam_law: ErrorLaw, budget) -> NetworkSizes:
    """Size the network at k points sharing one route set; `budget` is the network share of the failure budget.

    Distillation takes the fewest BBPSSW rounds whose seam failure fits the budget (the most
    allowed when none does); links per pair are sized from the raw pair rate unless fixed
    (`links_per_pair` AUTO or a count per point).
    """
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731 - per point, against routes
    d = np.asarray(d, dtype=float)
    operations = col(merges) * rs.per_merge + col(magic_states) * rs.per_magic_state
    weights = operations * rs.routes
    used = operations > 0
    any_used = used.any(axis=1)
    remote = weights.sum(axis=1)
    max_hops = np.where(used, rs.hops, 0).max(axis=1, initial=0)
    route_fidelity = swapped_fidelity(col(fidelity), rs.hops)
    worst = np.where(any_used, np.where(used, route_fidelity, np.inf).min(axis=1, initial=np.inf), np.asarray(fidelity, float))
    problem = np.where(worst <= 0.5, FIDELITY_TOO_LOW, 0)
    if distillation == "auto":
        first, last = 0, MAX_DISTILLATION_ROUNDS
    else:
        first = last = 0 if distillation == "none" else int(distillation)
    budget = np.broadcast_to(np.asarray(budget, dtype=float), d.shape)
    p_two_qubit = np.broadcast_to(np.asarray(p_two_qubit, dtype=float), d.shape)

    def seam_failure(index, delivered_fidelity):
        p = p_link_from_fidelity(delivered_fidelity, col(p_two_qubit[index]))
        with np.errstate(invalid="ignore"):
            per_round = seam_law.per_round(col(d[index]), p)
            return p, np.where(used[index], weights[index] * col(d[index]) * per_round, 0.0).sum(axis=1)

    delivered, raw_per_delivered = distilled(route_fidelity, first)
    p_link, failure = seam_failure(slice(None), delivered)
    rounds = np.full(len(d), first)
    todo = np.flatnonzero(failure > budget)  # points that need more rounds, with their pairs so far
    f_r, raw_r = delivered[todo], raw_per_delivered[todo]
    for r in range(first + 1, last + 1):
        if not todo.size:
            break
        f_r, success = bbpssw_round(f_r)
        raw_r = raw_r * 2.0 / success
        p_r, fail_r = seam_failure(todo, f_r)
        take = (fail_r <= budget[todo]) | (r == last)
        done = todo[take]
        delivered[done], raw_per_delivered[done], p_link[done], failure[done] = f_r[take], raw_r[take], p_r[take], fail_r[take]
        rounds[done] = r
        todo, f_r, raw_r = todo[~take], f_r[~take], raw_r[~take]
    pairs_per_op = bell_pairs_per_round(d) * d
    counts, ops_on_link = rs.link_loads(operations)
    _, raw_on_link = rs.link_loads(operations * raw_per_delivered)
    per_s = 1.0 / col(runtime_s)
    ops_on_link = ops_on_link * per_s
    raw_on_link = raw_on_link * col(pairs_per_op) * per_s
    links_per_pair = np.asarray(links_per_pair)[:, None]
    auto_links = np.maximum(1, np.ceil(raw_on_link / col(link_rate_hz) - 1e-9))
    installed = np.where(links_per_pair == AUTO, auto_links, links_per_pair).astype(np.int64)
    supply = (raw_on_link * col(runtime_s) / (installed * col(link_rate_hz))).max(axis=1, initial=0.0)
    worst_route = np.argmin(np.where(used, delivered, np.inf), axis=1)
    pick = lambda a: np.take_along_axis(a, worst_route[:, None], axis=1)[:, 0]  # noqa: E731
    with np.errstate(invalid="ignore"):
        round_trip = 2.0 * np.asarray(latency_s, float) * (np.where(used, weights * rs.hops, 0).sum(axis=1) / remote)
    return NetworkSizes(
        remote_operations=remote, max_hops=max_hops, worst_swapped_fidelity=worst, problem=problem,
        bell_pairs_per_remote_operation=pairs_per_op, delivered_fidelity=pick(delivered), p_link=pick(p_link),
        distillation_rounds=rounds, raw_pairs_per_delivered=pick(raw_per_delivered),
        round_trip_s=np.where(any_used, round_trip, 0.0), link_counts=counts, operations_per_s=ops_on_link,
        raw_pairs_per_s=raw_on_link, installed=installed, supply_time_s=supply, failure=failure,
    )


def fidelity_problem(fidelity: float, worst_swapped: float, max_hops: int) -> str:
    """Why pairs of this fidelity cannot serve the worst route."""
    return (f"Bell pairs of fidelity {fidelity:g} give {worst_swapped:.3g} over {max_hops} hop(s); recurrence distillation "
            f"needs above 0.5: raise the link fidelity or use a more connected topology")


def network_plan(sizes: NetworkSizes, k: int, rs: RouteSet, traffic_source: str, cross_module_fraction: float,
                 fidelity: float, link_rate_hz: float) -> NetworkPlan:
    """The NetworkPlan of point k (with its per-link loads), or the reason it cannot be built."""
    common = dict(remote_operations=float(sizes.remote_operations[k]), cross_module_fraction=float(cross_module_fraction),
                  traffic_source=traffic_source, max_hops=int(sizes.max_hops[k]))
    if sizes.problem[k] == FIDELITY_TOO_LOW:
        return NetworkPlan(**common, reason=fidelity_problem(fidelity, float(sizes.worst_swapped_fidelity[k]), common["max_hops"]))
    pairs_per_op = float(sizes.bell_pairs_per_remote_operation[k])
    raw, installed, rate = sizes.raw_pairs_per_s[k], sizes.installed[k], sizes.operations_per_s[k]
    counts = sizes.link_counts[k] if sizes.link_counts.ndim > 1 else sizes.link_counts
    links = tuple(LinkLoad(ends, int(n), float(o), float(o * pairs_per_op), float(r), int(c), float(min(1.0, r / (c * link_rate_hz))))
                  for ends, n, o, r, c in zip(rs.ends(k), counts, rate, raw, installed))
    return NetworkPlan(
        **common,
        bell_pairs_per_remote_operation=pairs_per_op,
        delivered_fidelity=float(sizes.delivered_fidelity[k]),
        p_link=float(sizes.p_link[k]),
        distillation_rounds=int(sizes.distillation_rounds[k]),
        raw_pairs_per_delivered=float(sizes.raw_pairs_per_delivered[k]),
        round_trip_s=float(sizes.round_trip_s[k]),
        links=links,
        supply_time_s=float(sizes.supply_time_s[k]),
        failure=float(sizes.failure[k]),
    )


@dataclass(frozen=True, eq=False)
class SizedNetworks:
    """Networks the planner sized at k points on one route set, kept so that one point's NetworkPlan
    (with its per-link loads) is built from them without sizing again."""

    routes: RouteSet
    sizes: NetworkSizes
    traffic_source: str
    cross_module_fraction: np.ndarray
    fidelity: np.ndarray
    link_rate_hz: np.ndarray

    def plan(self, k: int) -> NetworkPlan:
        """The NetworkPlan of point k of these k."""
        return network_plan(self.sizes, k, self.routes, self.traffic_source, float(self.cross_module_fraction[k]),
                            float(self.fidelity[k]), float(self.link_rate_hz[k]))
