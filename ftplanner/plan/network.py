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

from ftplanner.fit.calibration import ErrorLaw
from ftplanner.linknoise import p_link_from_fidelity
from ftplanner.plan.entanglement import distilled, swapped_fidelity
from ftplanner.plan.topology import even_link_loads, hop_classes, routes
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


def seam_failure(seam_law: ErrorLaw, d: int, p_link, remote_operations) -> float:
    """Link-induced logical failure of remote merges: each lasts d rounds."""
    return float(np.sum(np.asarray(remote_operations) * d * seam_law.per_round(d, p_link)))


MATRIX_MODULES = 2000  # above this, traffic is taken as even over pairs (no M x M arrays)
GROUP_ENDS = {"all_to_all": ("each module", "each other module"), "switched": ("each module", "switch"),
              "ring": ("each module", "next module")}


@dataclass(frozen=True)
class RouteSet:
    """Remote operations by route: hops and operations per route, and how to load the links."""

    hops: np.ndarray
    operations: np.ndarray  # over the run, per route in this entry
    routes: np.ndarray  # number of routes the entry stands for
    link_loads: object  # per-route load array (same shape) -> (group counts, load per link)
    edges: tuple


def route_set(modules: int, data_modules: int, topology: str, traffic: Traffic, merges: float,
              magic_states: float, dedicated_factories: bool) -> RouteSet:
    """The run's remote operations by route: every module pair (matrix) or hop classes (even traffic)."""
    spread_deliveries = dedicated_factories and modules > data_modules
    if modules <= MATRIX_MODULES and (traffic.pair_share is not None or spread_deliveries):
        share = traffic.pair_share if traffic.pair_share is not None else _even_share(data_modules)
        ops = np.zeros((modules, modules))
        ops[:data_modules, :data_modules] = merges * share
        if spread_deliveries:
            per_pair = magic_states / (data_modules * (modules - data_modules))
            ops[:data_modules, data_modules:] = per_pair
            ops[data_modules:, :data_modules] = per_pair
        topo = routes(modules, topology)
        i, j = np.nonzero(np.triu(ops, k=1))

        def loads(per_route):
            matrix = np.zeros((modules, modules))
            matrix[i, j] = per_route
            return np.ones(len(topo.edges), int), topo.loads(matrix)
        return RouteSet(topo.hops[i, j], ops[i, j], np.ones(len(i)), loads, topo.edges)
    # even traffic over all module pairs (factory deliveries included, when dedicated)
    hops, pairs = hop_classes(modules, topology)
    total = merges + (magic_states if dedicated_factories else 0.0)

    def loads(per_route):
        by_hops = np.zeros(int(hops.max()))
        by_hops[hops - 1] = per_route
        return even_link_loads(modules, topology, by_hops)

    if topology == "line" or modules <= 2:
        edges = tuple((f"m{k}", f"m{k + 1}") for k in range(modules - 1))
    else:
        edges = (GROUP_ENDS[topology],)
    return RouteSet(hops, np.full(len(hops), total / pairs.sum()), pairs.astype(float), loads, edges)


def _even_share(modules: int) -> np.ndarray:
    """Every data-module pair carries the same share of merges."""
    share = (np.ones((modules, modules)) - np.eye(modules)) / max(1, modules * (modules - 1) / 2)
    return share if modules > 1 else np.zeros((modules, modules))


def plan_network(*, modules: int, data_modules: int, topology: str, d: int, logical_depth: float,
                 magic_states: float, dedicated_factories: bool, traffic: Traffic, runtime_s: float,
                 fidelity: float, p_two_qubit: float, link_rate_hz: float, latency_s: float, links_per_pair,
                 distillation, seam_law: ErrorLaw, budget: float) -> NetworkPlan:
    """Size the network for a run of `runtime_s`; `budget` is the network share of the failure budget."""
    if modules < 2:
        return NetworkPlan()
    merges = traffic.cross_module_fraction * logical_depth
    rs = route_set(modules, data_modules, topology, traffic, merges, magic_states, dedicated_factories)
    used = rs.operations > 0
    remote = float(np.sum(rs.operations * rs.routes))
    max_hops = int(rs.hops[used].max()) if used.any() else 0
    route_fidelity = swapped_fidelity(fidelity, rs.hops)
    worst = float(route_fidelity[used].min()) if used.any() else fidelity
    common = dict(remote_operations=remote, cross_module_fraction=traffic.cross_module_fraction,
                  traffic_source=traffic.source, max_hops=max_hops)
    if worst <= 0.5:
        return NetworkPlan(**common, reason=(
            f"Bell pairs of fidelity {fidelity:g} give {worst:.3g} over {max_hops} hop(s); recurrence distillation "
            f"needs above 0.5: raise the link fidelity or use a more connected topology"))
    choices = range(MAX_DISTILLATION_ROUNDS + 1) if distillation == "auto" else [0 if distillation == "none" else int(distillation)]
    for rounds in choices:
        delivered, raw_per_delivered = distilled(route_fidelity, rounds)
        p_link = p_link_from_fidelity(delivered, p_two_qubit)
        failure = seam_failure(seam_law, d, p_link[used], (rs.operations * rs.routes)[used])
        if failure <= budget:
            break
    pairs_per_op = float(bell_pairs_per_round(d) * d)
    per_s = 1.0 / runtime_s
    counts, ops_on_link = rs.link_loads(rs.operations)
    _, raw_on_link = rs.link_loads(rs.operations * raw_per_delivered)
    ops_on_link, raw_on_link = ops_on_link * per_s, raw_on_link * pairs_per_op * per_s
    if links_per_pair == "auto":
        installed = np.maximum(1, np.ceil(raw_on_link / link_rate_hz - 1e-9)).astype(int)
    else:
        installed = np.full(len(raw_on_link), int(links_per_pair))
    capacity = installed * link_rate_hz
    supply = float(np.max(raw_on_link * runtime_s / capacity)) if len(installed) else 0.0
    links = tuple(LinkLoad(ends, int(n), float(o), float(o * pairs_per_op), float(r), int(c), float(min(1.0, r / cap)))
                  for ends, n, o, r, c, cap in zip(rs.edges, counts, ops_on_link, raw_on_link, installed, capacity))
    worst_index = int(np.argmin(np.where(used, delivered, np.inf)))
    weights = (rs.operations * rs.routes)[used]
    round_trip = 2.0 * latency_s * float((weights * rs.hops[used]).sum() / weights.sum()) if used.any() else 0.0
    return NetworkPlan(
        **common,
        bell_pairs_per_remote_operation=pairs_per_op,
        delivered_fidelity=float(delivered[worst_index]),
        p_link=float(p_link[worst_index]),
        distillation_rounds=rounds,
        raw_pairs_per_delivered=float(raw_per_delivered[worst_index]),
        round_trip_s=round_trip,
        links=links,
        supply_time_s=supply,
        failure=failure,
    )
