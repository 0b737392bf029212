"""The network: Bell-pair demand per link at its peak, swapping, distillation, link counts, seam error, latency.

Traffic is counted per operation: every logical operation (a Pauli-product rotation that
consumes a T state, or a Pauli-product measurement) that spans modules is one remote
lattice-surgery merge, so the run's remote merges are the crossing share of its operations,
whatever the parallelism; under `dedicated_modules` every magic state also crosses, at the
cost of a remote merge, from a factory module to a data module. Parallelism sets when pairs
are needed: the operations of one logical layer run at once, so a link carries
ceil(its merges / layers) merges in flight whenever it is busy.

A remote merge consumes one Bell pair per boundary-crossing two-qubit gate (the gate is
teleported): 2d - 1 per round, as counted on the seam circuit
(`ftplanner.sim.link_gates_per_round`; a test keeps the two equal), for d rounds, and it
needs them inside its own window: a link carrying c merges must deliver, at its peak,
c (2d - 1) / t_cycle pairs per second (times the raw pairs each delivered pair costs). Pairs
for modules that are not directly linked are swapped end to end (fidelity drops per hop,
every hop consumes a pair on its link), then distilled by recurrence: the fewest rounds whose
seam error fits the network share of the budget. `links_per_module_pair: auto` installs the
links that meet the peak; a fixed count that falls short slows each merge on that link to
what its links deliver, and the patches keep running QEC rounds meanwhile: the extra time of
every layer that uses the link is added to the logical clock (the `bell_pair_supply` bound),
and the planner charges those rounds to the logical error. Each remote non-Clifford step
waits for a classical round trip, 2 x latency per hop, on top of the decoder.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from ftplanner.architecture.values import AUTO
from ftplanner.physics.entanglement import distill, distillation_round, mean_decay, swapped, werner
from ftplanner.physics.error_law import ErrorLaw
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.physics.topology import SAME_HOPS, SwitchTree, even_link_loads, hop_classes, routes, same_hop_links
from ftplanner.plan.traffic import Traffic

MAX_DISTILLATION_ROUNDS = 10


def bell_pairs_per_round(d):
    """Boundary-crossing gates per round of a remote merge at distance d (seam circuit count)."""
    return 2 * d - 1


@dataclass(frozen=True)
class LinkLoad:
    """`count` identical topology links (module pair, or module and switch): average rates over the run,
    and the peak while its merges are in flight."""

    ends: tuple[str, str]  # e.g. ("m0", "m1"); ("each", "pair") for a group of identical links
    count: int
    remote_operations_per_s: float  # remote operations whose route uses one such link, run average
    bell_pairs_per_s: float  # delivered end-to-end pairs whose route uses it, run average
    raw_bell_pairs_per_s: float  # raw pairs it must produce (distillation and swaps included), run average
    links: int  # physical links installed on it
    utilisation: float  # run-average raw rate / capacity of its links
    concurrent_merges: int = 0  # remote merges in flight on it when it is busy
    peak_raw_bell_pairs_per_s: float = 0.0  # raw pairs per second those merges need inside their window
    capacity_bell_pairs_per_s: float = 0.0  # links x one link's rate


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
    raw_bell_pairs_per_s: float = 0.0  # every link's raw pairs over the run / runtime
    supply_time_s: float = 0.0  # logical clock with every merge slowed to what its links deliver
    links_chosen: bool = False  # links_per_module_pair: auto (the planner chose the count to meet the peak)
    pair_storage_s: float = 0.0  # mean wait of a stored pair before use (0: pairs used as they arrive)
    switches: int = 0  # switches of a switched network, every copy of its fabric (one switch or a tree) counted
    switches_bind: bool = False  # merges wait longer for the switches than for the links
    switch_levels: int = 0  # levels of switches a route may climb (1: one switch; more: a tree; 0: not switched)
    failure: float = 0.0
    failure_stderr: float = 0.0  # 1-sigma of `failure` from the seam law's fit (`seam_failure_stderr`)
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
        """The topology link with the highest peak demand."""
        return max(self.links, key=lambda link: link.peak_raw_bell_pairs_per_s, default=None)


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
    tree: SwitchTree | None = None  # more modules than a switch's ports: the tree of switches that joins them
    link_levels: np.ndarray | None = None  # with a tree: each link group's level (0: module to leaf switch)

    def ends(self, k: int) -> tuple:
        """The ends of point k's link groups, in the order of its link counts and loads."""
        return self.edges if self.modules is None else even_edges(int(self.modules[k]), self.topology)


def route_set(modules: int, data_modules: int, topology: str, traffic: Traffic, dedicated_factories: bool,
              ports: float = np.inf) -> RouteSet:
    """The run's remote operations by route: every module pair (matrix) or hop classes (even traffic). A switched
    network of more modules than a switch's `ports` (at least 3) is a tree of switches (`SwitchTree`)."""
    spread_deliveries = dedicated_factories and modules > data_modules
    tree = SwitchTree(modules, int(ports)) if topology == "switched" and 3 <= ports < modules else None
    if modules <= MATRIX_MODULES and (traffic.pair_share is not None or spread_deliveries):
        merge = np.zeros((modules, modules))
        merge[:data_modules, :data_modules] = traffic.pair_share if traffic.pair_share is not None else _even_share(data_modules)
        magic = np.zeros((modules, modules))
        if spread_deliveries:
            per_pair = 1.0 / (data_modules * (modules - data_modules))
            magic[:data_modules, data_modules:] = per_pair
            magic[data_modules:, :data_modules] = per_pair
        topo = routes(modules, topology) if tree is None else None
        hops, edges = (topo.hops, topo.edges) if tree is None else (tree.hops(), tree.edges())
        link_loads = topo.loads if tree is None else tree.matrix_loads
        i, j = np.nonzero(np.triu(merge + magic, k=1))

        def loads(per_route):
            out = np.empty((len(per_route), len(edges)))
            matrix = np.zeros((modules, modules))
            for k, row in enumerate(per_route):
                matrix[i, j] = row
                out[k] = link_loads(matrix)
            return np.ones(len(edges), int), out
        levels = None if tree is None else np.concatenate(
            [np.zeros(modules, int)] + [np.full(n, level) for level, n in enumerate(tree.switches_per_level()[:-1], 1)])
        return RouteSet(hops[i, j], merge[i, j], magic[i, j], np.ones(len(i)), loads, edges, tree=tree,
                        link_levels=levels)
    # even traffic over all module pairs (factory deliveries included, when dedicated)
    hops, pairs = hop_classes(modules, topology) if tree is None else tree.hop_classes()
    share = np.full(len(hops), 1.0 / pairs.sum())

    def loads(per_route):
        by_hops = np.zeros((len(per_route), int(hops.max())))
        by_hops[:, hops - 1] = per_route
        return even_link_loads(modules, topology, by_hops) if tree is None else tree.loads(by_hops)

    return RouteSet(hops, share, share if dedicated_factories else np.zeros(len(hops)), pairs.astype(float), loads,
                    even_edges(modules, topology) if tree is None else tree.class_ends(), tree=tree,
                    link_levels=None if tree is None else np.array([level for level, _, _ in tree.link_classes]))


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
        return np.minimum(links, MAX_LINKS).astype(np.int64), routes_per_link * per_route  # beyond: TOO_MANY_LINKS

    return RouteSet(np.array([hops]), share, share if dedicated_factories else 0.0 * share, pairs, loads, (),
                    np.asarray(modules), topology)


def _even_share(modules: int) -> np.ndarray:
    """Every data-module pair carries the same share of merges."""
    share = (np.ones((modules, modules)) - np.eye(modules)) / max(1, modules * (modules - 1) / 2)
    return share if modules > 1 else np.zeros((modules, modules))


FIDELITY_TOO_LOW = 1  # NetworkSizes.problem: swapped pairs at or below 0.5 cannot be distilled
TOO_MANY_LINKS = 2  # NetworkSizes.problem: the links needed are beyond MAX_LINKS
MAX_LINKS = 1e18  # the most links counted (designs.MAX_COUNT): int64 sums of them stay exact


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
    operations: np.ndarray  # k x links: remote operations over the run through one link of the group
    raw_pairs: np.ndarray  # k x links: raw pairs over the run one link of the group produces
    concurrent_merges: np.ndarray  # k x links: merges in flight on it when busy (0: unused)
    peak_raw_pairs_per_s: np.ndarray  # k x links
    installed: np.ndarray  # k x links
    supply_time_s: np.ndarray
    failure: np.ndarray
    failure_stderr: np.ndarray  # 1-sigma of `failure` from the seam law's fit
    pair_storage_s: np.ndarray  # mean wait of a stored pair (0: no storage used)
    switches: np.ndarray  # switches of a switched network (0: none)
    switches_bind: np.ndarray  # the switches, not the links, make merges wait longest

    def busiest(self) -> np.ndarray:
        """Each point's link group with the highest peak demand (0 where there are no link groups)."""
        if self.peak_raw_pairs_per_s.shape[1] == 0:
            return np.zeros(len(self.peak_raw_pairs_per_s), np.int64)
        return np.argmax(self.peak_raw_pairs_per_s, axis=1)


def size_networks(rs: RouteSet, *, d, cycle_time_s, merges, magic_states, layers, t_logical, fidelity, bulk_p,
                  p_two_qubit, p_measurement, link_rate_hz, latency_s, links_per_pair, distillation, protocol: str, seam_law: ErrorLaw,
                  budget, memory_pairs=0, coherence_time_s=np.inf, switched=False, switch_pairs_per_s=np.inf,
                  switch_count=AUTO) -> NetworkSizes:
    """Size the network at k points sharing one route set; `budget` is the network share of the failure budget.

    `merges`: the run's remote merges (crossing operations); `layers`: the logical layers they run in
    (parallel operations share a layer); `t_logical`: the logical clock before any merge waits for pairs
    (layers shorter than a merge's d rounds overlap their merges); `bulk_p`: the bulk physical error the
    seam law is evaluated over (its offset scales with it, `ErrorLaw.seam_per_round`). Swaps and
    distillation rounds use the hardware's own two-qubit gate and measurement errors; distillation takes
    the fewest rounds of `protocol` (dejmps or bbpssw) whose seam failure fits the budget (the most
    allowed when none does); links per pair meet each link's peak demand unless fixed (`links_per_pair`
    AUTO or a count per point).
    `memory_pairs` (per physical link) and `coherence_time_s` describe pair storage: where it
    helps (fewer auto links, or less waiting on fixed ones) and the decayed pairs still fit the
    budget, links fill their memories between merges and every pair is taken to have waited as
    long as the memory takes to fill (conservative: fresh pairs count as stored ones).
    `switched`: every pair is swapped at a switch, one swap per delivered pair per switch it
    crosses; `switch_count` switches (AUTO: the fewest) of `switch_pairs_per_s` each share the
    peak, and where they fall short every merge waits for them as it does for its links.
    `failure_stderr` is the seam law's fit uncertainty on `failure` at the distance and rounds
    chosen for it (which, like the budget, read the central value).
    """
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731 - per point, against routes
    d = np.asarray(d, dtype=float)
    k = len(d)
    operations = col(merges) * rs.per_merge + col(magic_states) * rs.per_magic_state
    weights = operations * rs.routes
    used = operations > 0
    p_two_qubit = np.broadcast_to(np.asarray(p_two_qubit, dtype=float), d.shape)
    p_measurement = np.broadcast_to(np.asarray(p_measurement, dtype=float), d.shape)
    budget = np.broadcast_to(np.asarray(budget, dtype=float), d.shape)
    bulk_p = np.broadcast_to(np.asarray(bulk_p, dtype=float), d.shape)
    noise = (col(p_two_qubit), col(p_measurement))
    rounds_allowed = (0, MAX_DISTILLATION_ROUNDS) if distillation == "auto" else \
        (0, 0) if distillation == "none" else (int(distillation), int(distillation))

    def quality(link_fidelity, index=slice(None)):
        """Pair quality at points `index` from link pairs of `link_fidelity`: swapped, then distilled."""
        return _quality(rs, link_fidelity, used[index], weights[index], d[index], bulk_p[index],
                        tuple(x[index] for x in noise), budget[index], protocol, rounds_allowed, seam_law)

    fresh = quality(np.asarray(fidelity, float))
    pairs_per_op = bell_pairs_per_round(d) * d
    window = d * np.asarray(cycle_time_s, float)  # one merge: d rounds
    counts, ops_on_link = rs.link_loads(operations)
    layers = col(np.maximum(layers, 1.0))
    # a merge lasts its window; where steps come faster (a reaction-limited clock) the merges of several overlap
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap = np.maximum(1.0, np.nan_to_num(col(window) / (col(t_logical) / layers), nan=1.0, posinf=1.0))
    concurrent = np.maximum(np.ceil(ops_on_link / layers * overlap - 1e-9), 0.0)  # no -0 where no merge crosses
    layers = layers / overlap  # from here on: merge windows in sequence, the periods a link's merges take turns in
    rate = col(link_rate_hz)
    fixed = np.asarray(links_per_pair)[:, None]
    supply = _LinkSupply.of(rs, operations, fresh.raw_per_delivered, ops_on_link, concurrent, pairs_per_op, window,
                            rate, fixed, layers, t_logical, np.zeros((k, 1)))
    storage_s = np.zeros(k)
    memory_pairs = np.broadcast_to(np.asarray(memory_pairs, dtype=float), d.shape)
    can_store = np.flatnonzero((memory_pairs > 0) & (fresh.problem == 0))
    if can_store.size:
        # the time between a link's merges (its busy share of layers) bounds how long a memory can fill
        layer_s = col(np.asarray(t_logical, float) / layers[:, 0])
        with np.errstate(divide="ignore", invalid="ignore"):
            busy_share = np.where(concurrent > 0, ops_on_link / (concurrent * layers), 0.0)
            gap = np.where(busy_share > 0, layer_s / busy_share - col(window), np.inf)
        fill = np.minimum(col(memory_pairs / np.asarray(link_rate_hz, float)), np.maximum(gap, 0.0))
        fill = np.where(concurrent > 0, fill, 0.0)
        longest = fill.max(axis=1, initial=0.0)
        at = can_store
        decayed_fidelity = 0.25 + (np.asarray(fidelity, float)[at] - 0.25) * mean_decay(longest[at],
                                                                                      np.broadcast_to(coherence_time_s, d.shape)[at])
        stored = quality(decayed_fidelity, at)
        with_memory = _LinkSupply.of(rs, operations[at], stored.raw_per_delivered, ops_on_link[at], concurrent[at],
                                     pairs_per_op[at], window[at], rate[at], fixed[at], layers[at], np.asarray(t_logical)[at],
                                     fill[at])
        better = (with_memory.supply_time_s < supply.supply_time_s[at] * (1 - 1e-12)) | \
            ((with_memory.installed * _counts(counts, at)).sum(axis=1) < (supply.installed[at] * _counts(counts, at)).sum(axis=1))
        take = better & (stored.problem == 0) & (stored.failure <= budget[at])
        chosen = at[take]
        fresh = _put(fresh, chosen, _take(stored, take))
        supply = _put(supply, chosen, _take(with_memory, take))
        storage_s[chosen] = longest[chosen] / 2.0
    remote = weights.sum(axis=1)
    switches, switch_time_s = _switches(rs, counts, supply, switched, switch_pairs_per_s, switch_count, layers[:, 0],
                                        remote, window, t_logical)
    problem = np.where((fresh.problem == 0) & (links_needed(supply.installed, counts) >= MAX_LINKS),
                       TOO_MANY_LINKS, fresh.problem)
    pick = _worst_route_picker(used, fresh.delivered)
    with np.errstate(invalid="ignore"):
        round_trip = 2.0 * np.asarray(latency_s, float) * (np.where(used, weights * rs.hops, 0).sum(axis=1) / remote)
    return NetworkSizes(
        remote_operations=remote, max_hops=np.where(used, rs.hops, 0).max(axis=1, initial=0),
        worst_swapped_fidelity=fresh.worst, problem=problem, bell_pairs_per_remote_operation=pairs_per_op,
        delivered_fidelity=pick(fresh.delivered, np.asarray(fidelity, float)), p_link=pick(fresh.p_link, 0.0),
        distillation_rounds=fresh.rounds, raw_pairs_per_delivered=pick(fresh.raw_per_delivered, 1.0),
        round_trip_s=np.where(used.any(axis=1), round_trip, 0.0),
        link_counts=counts, operations=ops_on_link, raw_pairs=supply.raw_pairs, concurrent_merges=concurrent.astype(np.int64),
        peak_raw_pairs_per_s=supply.peak, installed=supply.installed,
        supply_time_s=np.maximum(supply.supply_time_s, switch_time_s), failure=fresh.failure,
        failure_stderr=seam_failure_stderr(seam_law, d, fresh.p_link, bulk_p, weights, used), pair_storage_s=storage_s,
        switches=switches, switches_bind=switch_time_s > supply.supply_time_s * (1 + 1e-12),
    )


def _worst_route_picker(used: np.ndarray, delivered: np.ndarray):
    """`pick(a, empty)`: each point's value of `a` (k x routes) on its worst used route; `empty` (a number or
    k values) where there are no routes at all (a partition that no gate crosses)."""
    k, routes = used.shape

    def pick(a, empty):
        if routes == 0:
            return np.broadcast_to(np.asarray(empty, dtype=float), (k,)).copy()
        worst = np.argmin(np.where(used, delivered, np.inf), axis=1)
        return np.take_along_axis(a, worst[:, None], axis=1)[:, 0]

    return pick


def links_needed(installed: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Links over every link group per point, in floats (links per group x groups can be beyond int64)."""
    return (np.asarray(installed, dtype=float) * np.asarray(counts, dtype=float)).sum(axis=1)


def seam_failure_stderr(seam_law: ErrorLaw, d, p_link, bulk_p, weights, used) -> np.ndarray:
    """1-sigma per point of the seam failure sum(weights x d x seam(d, p_link)) over the used routes, from the
    seam law's fit: the delta method over its (ln A, ln p_th, ln u) (`ErrorLaw.fit_stderr`).

    Only the seam law is fitted: p_link comes from the closed-form pair model (Werner pairs,
    swaps, distillation) and is taken as exact. Every route shares one draw of the law, so
    their gradients add before the variance is taken (the routes are fully correlated).
    """
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731
    with np.errstate(invalid="ignore"):
        gradient = seam_law.seam_log_gradient(col(d), p_link, col(bulk_p))  # 3 x points x routes
    per_point = np.where(used, weights * col(d) * gradient, 0.0).sum(axis=-1)
    return seam_law.fit_stderr(per_point)


def _switches(rs: RouteSet, counts, supply: _LinkSupply, switched: bool, pairs_per_s, count, layers, remote, window,
              t_logical):
    """(switches, the logical clock with merges waiting for the switches). `count` copies of the switching fabric
    (one switch, or the tree of them) work side by side (AUTO: the fewest whose busiest switch keeps up); merges
    wait where the switches fall short. At the peak a switch swaps one pair for every two link pairs its links
    carry, every link at its peak at once (conservative)."""
    t_logical = np.asarray(t_logical, float)
    if not switched:
        return np.zeros(len(t_logical), np.int64), t_logical
    swaps = _busiest_switch_swaps(rs, counts, supply.peak)
    fabric = 1 if rs.tree is None else int(rs.tree.switches_per_level().sum())
    pairs_per_s = np.asarray(pairs_per_s, dtype=float)
    count = np.asarray(count)
    with np.errstate(divide="ignore", invalid="ignore"):
        fewest = np.maximum(1, np.ceil(np.where(np.isinf(pairs_per_s), 0.0, swaps / pairs_per_s) - 1e-9))
        copies = np.where(count == AUTO, fewest, count)
        slowdown = np.maximum(np.where(np.isinf(pairs_per_s), 1.0, swaps / (copies * pairs_per_s)), 1.0)
    wait = (slowdown - 1.0) * window * np.minimum(layers, remote)  # every layer with a remote merge waits
    return np.minimum(copies * fabric, MAX_LINKS).astype(np.int64), t_logical + wait


def _busiest_switch_swaps(rs: RouteSet, counts, peak) -> np.ndarray:
    """Swaps per second at the peak on the busiest switch of one copy of the fabric: the one switch's, or, in a
    tree, on each level a switch whose every child link and uplink carries that level's busiest (an upper bound)."""
    if rs.tree is None:
        return (counts * peak).sum(axis=1) / 2.0
    tree, levels = rs.tree, rs.link_levels
    busiest = np.zeros(len(peak))
    for level in range(1, tree.levels + 1):
        below = peak[:, levels == level - 1].max(axis=1, initial=0.0)
        above = peak[:, levels == level].max(axis=1, initial=0.0)  # none at the root
        children = tree.ports if level == tree.levels else tree.branching
        children = min(children, -(-tree.modules // tree.span(level - 1)))
        busiest = np.maximum(busiest, (children * below + above) / 2.0)
    return busiest


def _counts(counts: np.ndarray, at) -> np.ndarray:
    """Link-group sizes at points `at` (shared by every point, or one row per point)."""
    return counts[at] if counts.ndim > 1 else counts


@dataclass(frozen=True)
class _Quality:
    """Pair quality per point (and route): after swapping and the distillation rounds the budget asks for."""

    worst: np.ndarray  # worst swapped fidelity before distillation
    problem: np.ndarray
    delivered: np.ndarray  # k x routes
    raw_per_delivered: np.ndarray  # k x routes
    p_link: np.ndarray  # k x routes
    failure: np.ndarray
    rounds: np.ndarray


def _quality(rs: RouteSet, link_fidelity, used, weights, d, bulk_p, noise, budget, protocol, rounds_allowed,
             seam_law) -> _Quality:
    col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731
    p_two_qubit, p_measurement = noise
    route_state = swapped(werner(col(link_fidelity)), rs.hops, p_two_qubit, p_measurement)  # k x routes x 4
    any_used = used.any(axis=1)
    worst = np.where(any_used, np.where(used, route_state[..., 0], np.inf).min(axis=1, initial=np.inf),
                     np.asarray(link_fidelity, float))
    first, last = rounds_allowed

    def seam_failure(index, delivered_fidelity):
        p = p_link_from_fidelity(delivered_fidelity, p_two_qubit[index])
        with np.errstate(invalid="ignore"):
            per_round = seam_law.seam_per_round(col(d[index]), p, col(bulk_p[index]))
            return p, np.where(used[index], weights[index] * col(d[index]) * per_round, 0.0).sum(axis=1)

    state, raw_per_delivered = distill(route_state, first, protocol, p_two_qubit, p_measurement)
    delivered = state[..., 0]
    p_link, failure = seam_failure(slice(None), delivered)
    rounds = np.full(len(d), first)
    todo = np.flatnonzero(failure > budget)  # points that need more rounds, with their pairs so far
    s_r, raw_r = state[todo], raw_per_delivered[todo]
    for r in range(first + 1, last + 1):
        if not todo.size:
            break
        s_r, success = distillation_round(s_r, protocol, p_two_qubit[todo], p_measurement[todo])
        f_r = s_r[..., 0]
        raw_r = raw_r * 2.0 / success
        p_r, fail_r = seam_failure(todo, f_r)
        take = (fail_r <= budget[todo]) | (r == last)
        done = todo[take]
        delivered[done], raw_per_delivered[done], p_link[done], failure[done] = f_r[take], raw_r[take], p_r[take], fail_r[take]
        rounds[done] = r
        todo, s_r, raw_r = todo[~take], s_r[~take], raw_r[~take]
    return _Quality(worst, np.where(worst <= 0.5, FIDELITY_TOO_LOW, 0), delivered, raw_per_delivered, p_link, failure,
                    rounds)


@dataclass(frozen=True)
class _LinkSupply:
    """Per point and link group: raw pairs over the run, the peak of its merges, links installed, and the
    logical clock with every merge waiting for its pairs."""

    raw_pairs: np.ndarray
    peak: np.ndarray
    installed: np.ndarray
    supply_time_s: np.ndarray

    @staticmethod
    def of(rs: RouteSet, operations, raw_per_delivered, ops_on_link, concurrent, pairs_per_op, window, rate, fixed, layers,
           t_logical, fill) -> _LinkSupply:
        """`fill`: how long each link's memory fills between its merges (0: no storage); a merge draws its
        window's production plus what the memory holds, `rate x fill` per link."""
        col = lambda x: np.asarray(x, dtype=float)[:, None]  # noqa: E731
        _, raw_ops_on_link = rs.link_loads(operations * raw_per_delivered)  # operations weighted by raw pairs per pair
        with np.errstate(invalid="ignore", divide="ignore"):
            raw_per_pair = np.where(ops_on_link > 0, raw_ops_on_link / ops_on_link, 0.0)
        peak = concurrent * raw_per_pair * col(pairs_per_op / window)  # (2d - 1) pairs per round of d rounds
        needed = peak * col(window)  # pairs the merges in flight take from one link group
        per_link = rate * (col(window) + fill)  # one link's pairs for them: its window's output plus its memory
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            wanted = np.where(fixed == AUTO, np.maximum(1, np.ceil(needed / per_link - 1e-9)), fixed)
        installed = np.minimum(np.nan_to_num(wanted, nan=MAX_LINKS, posinf=MAX_LINKS), MAX_LINKS).astype(np.int64)
        wait = np.maximum(needed - installed * per_link, 0.0) / (installed * rate)  # the rest comes at the link's rate
        busy_layers = np.minimum(layers, ops_on_link)  # layers in which the link carries a merge
        supply = np.asarray(t_logical, float) + (wait * busy_layers).max(axis=1, initial=0.0)
        return _LinkSupply(raw_ops_on_link * col(pairs_per_op), peak, installed, supply)


def _take(arrays, mask):
    """A dataclass of per-point arrays at the points where `mask` holds."""
    return replace(arrays, **{f.name: getattr(arrays, f.name)[mask] for f in fields(arrays)})


def _put(arrays, index, other):
    """A copy of a dataclass of per-point arrays with the points at `index` replaced by `other`'s."""
    columns = {}
    for f in fields(arrays):
        columns[f.name] = getattr(arrays, f.name).copy()
        columns[f.name][index] = getattr(other, f.name)
    return replace(arrays, **columns)


def fidelity_problem(fidelity: float, worst_swapped: float, max_hops: int) -> str:
    """Why pairs of this fidelity cannot serve the worst route."""
    return (f"Bell pairs of fidelity {fidelity:g} give {worst_swapped:.3g} over {max_hops} hop(s); recurrence distillation "
            f"needs above 0.5: raise the link fidelity or use a more connected topology")


def network_plan(sizes: NetworkSizes, k: int, rs: RouteSet, traffic_source: str, cross_module_fraction: float,
                 fidelity: float, link_rate_hz: float, runtime_s: float, links_chosen: bool) -> NetworkPlan:
    """The NetworkPlan of point k (with its per-link loads, averaged over a run of `runtime_s`), or the reason
    it cannot be built."""
    common = dict(remote_operations=float(sizes.remote_operations[k]), cross_module_fraction=float(cross_module_fraction),
                  traffic_source=traffic_source, max_hops=int(sizes.max_hops[k]))
    if sizes.problem[k] == FIDELITY_TOO_LOW:
        return NetworkPlan(**common, reason=fidelity_problem(fidelity, float(sizes.worst_swapped_fidelity[k]), common["max_hops"]))
    if sizes.problem[k] == TOO_MANY_LINKS:
        return NetworkPlan(**common, reason=f"network links beyond {MAX_LINKS:.0e}, the most the planner counts")
    pairs_per_op = float(sizes.bell_pairs_per_remote_operation[k])
    raw, installed, ops = sizes.raw_pairs[k] / runtime_s, sizes.installed[k], sizes.operations[k] / runtime_s
    counts = sizes.link_counts[k] if sizes.link_counts.ndim > 1 else sizes.link_counts
    links = tuple(LinkLoad(ends, int(n), float(o), float(o * pairs_per_op), float(r), int(c), float(r / (c * link_rate_hz)),
                           int(m), float(peak), float(c * link_rate_hz))
                  for ends, n, o, r, c, m, peak in zip(rs.ends(k), counts, ops, raw, installed,
                                                      sizes.concurrent_merges[k], sizes.peak_raw_pairs_per_s[k]))
    return NetworkPlan(
        **common,
        bell_pairs_per_remote_operation=pairs_per_op,
        delivered_fidelity=float(sizes.delivered_fidelity[k]),
        p_link=float(sizes.p_link[k]),
        distillation_rounds=int(sizes.distillation_rounds[k]),
        raw_pairs_per_delivered=float(sizes.raw_pairs_per_delivered[k]),
        round_trip_s=float(sizes.round_trip_s[k]),
        links=links,
        raw_bell_pairs_per_s=float((counts * sizes.raw_pairs[k]).sum() / runtime_s),
        supply_time_s=float(sizes.supply_time_s[k]),
        links_chosen=links_chosen,
        pair_storage_s=float(sizes.pair_storage_s[k]),
        switches=int(sizes.switches[k]),
        switches_bind=bool(sizes.switches_bind[k]),
        switch_levels=rs.tree.levels if rs.tree is not None else int(sizes.switches[k] > 0),
        failure=float(sizes.failure[k]),
        failure_stderr=float(sizes.failure_stderr[k]),
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
    links_chosen: np.ndarray  # per point: links_per_module_pair was auto

    def plan(self, k: int, runtime_s: float) -> NetworkPlan:
        """The NetworkPlan of point k of these k, its rates averaged over a run of `runtime_s`."""
        return network_plan(self.sizes, k, self.routes, self.traffic_source, float(self.cross_module_fraction[k]),
                            float(self.fidelity[k]), float(self.link_rate_hz[k]), runtime_s, bool(self.links_chosen[k]))
