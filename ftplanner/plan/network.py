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
from ftplanner.plan.topology import routes
from ftplanner.plan.traffic import Traffic

MAX_DISTILLATION_ROUNDS = 10


def bell_pairs_per_round(d):
    """Boundary-crossing gates per round of a remote merge at distance d (seam circuit count)."""
    return 2 * d - 1


@dataclass(frozen=True)
class LinkLoad:
    """One topology link (module pair, or module and switch) over the run."""

    ends: tuple[str, str]
    remote_operations_per_s: float
    bell_pairs_per_s: float  # delivered end-to-end pairs whose route uses this link
    raw_bell_pairs_per_s: float  # raw pairs this link must produce (distillation and swaps included)
    links: int
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
    def links_total(self) -> int:
        return sum(link.links for link in self.links)

    @property
    def busiest(self) -> LinkLoad | None:
        return max(self.links, key=lambda link: link.raw_bell_pairs_per_s, default=None)


def seam_failure(seam_law: ErrorLaw, d: int, p_link, remote_operations) -> float:
    """Link-induced logical failure of remote merges: each lasts d rounds."""
    return float(np.sum(np.asarray(remote_operations) * d * seam_law.per_round(d, p_link)))


def operations_matrix(modules: int, data_modules: int, traffic: Traffic, merges: float, magic_states: float,
                      dedicated_factories: bool) -> np.ndarray:
    """Remote operations per module pair over the run: merges among data modules, deliveries from factory modules."""
    ops = np.zeros((modules, modules))
    ops[:data_modules, :data_modules] = merges * traffic.pair_share
    if dedicated_factories and modules > data_modules:
        factory_modules = modules - data_modules
        per_pair = magic_states / (data_modules * factory_modules)
        ops[:data_modules, data_modules:] = per_pair
        ops[data_modules:, :data_modules] = per_pair
    return ops


def plan_network(*, modules: int, data_modules: int, topology: str, d: int, logical_depth: float,
                 magic_states: float, dedicated_factories: bool, traffic: Traffic, runtime_s: float,
                 fidelity: float, p_two_qubit: float, link_rate_hz: float, latency_s: float, links_per_pair,
                 distillation, seam_law: ErrorLaw, budget: float) -> NetworkPlan:
    """Size the network for a run of `runtime_s`; `budget` is the network share of the failure budget."""
    if modules < 2:
        return NetworkPlan()
    merges = traffic.cross_module_fraction * logical_depth
    ops = operations_matrix(modules, data_modules, traffic, merges, magic_states, dedicated_factories)
    remote = float(np.triu(ops, k=1).sum())
    topo = routes(modules, topology)
    used = np.triu(ops, k=1) > 0
    hops = topo.hops
    max_hops = int(hops[used].max()) if used.any() else 0
    route_fidelity = swapped_fidelity(fidelity, np.maximum(hops, 1))
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
        failure = seam_failure(seam_law, d, p_link[used], ops[used])
        if failure <= budget:
            break
    pairs_per_op = float(bell_pairs_per_round(d) * d)
    per_s = 1.0 / runtime_s
    ops_on_link = topo.loads(ops) * per_s
    delivered_on_link = ops_on_link * pairs_per_op
    raw_on_link = topo.loads(ops * raw_per_delivered) * pairs_per_op * per_s
    if links_per_pair == "auto":
        counts = np.maximum(1, np.ceil(raw_on_link / link_rate_hz - 1e-9)).astype(int)
    else:
        counts = np.full(len(topo.edges), int(links_per_pair))
    capacity = counts * link_rate_hz
    supply = float(np.max(raw_on_link * runtime_s / capacity)) if len(counts) else 0.0
    links = tuple(LinkLoad(ends, float(o), float(b), float(r), int(c), float(min(1.0, r / cap)))
                  for ends, o, b, r, c, cap in zip(topo.edges, ops_on_link, delivered_on_link, raw_on_link, counts, capacity))
    worst_index = np.unravel_index(np.argmin(np.where(used, delivered, np.inf)), delivered.shape)
    round_trip = 2.0 * latency_s * float((ops[used] * hops[used]).sum() / ops[used].sum()) if used.any() else 0.0
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

