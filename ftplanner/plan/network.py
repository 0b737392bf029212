"""First network estimate: Bell-pair demand on the busiest link, distillation, link count, seam error.

A lattice-surgery merge that crosses a module boundary consumes one Bell pair per
boundary-crossing two-qubit gate (the gate is teleported): 2d - 1 per round, as counted on
the seam circuit (`ftplanner.sim.link_gates_per_round`; a test keeps the two equal), for d rounds. Under
`dedicated_modules` every magic state also crosses a link, at the same cost as a remote merge.
Pairs between modules that are not directly linked are swapped end to end, then distilled
(BBPSSW recurrence); the link-induced logical error of each remote merge follows the
calibration's seam law at the delivered pairs' link-gate error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


from ftplanner.fit.calibration import ErrorLaw
from ftplanner.linknoise import p_link_from_fidelity
from ftplanner.plan.entanglement import distilled, swapped_fidelity
from ftplanner.plan.topology import topology_load

MAX_DISTILLATION_ROUNDS = 10


def bell_pairs_per_round(d):
    """Boundary-crossing gates per round of a remote merge at distance d (seam circuit count)."""
    return 2 * d - 1


@dataclass(frozen=True)
class NetworkPlan:
    """The network's sizing for one design; all zero for a single module."""

    remote_operations: float = 0.0
    cross_module_fraction: float = 0.0
    bell_pairs_per_remote_operation: float = 0.0
    topology_links: int = 0
    max_hops: int = 0
    delivered_fidelity: float = 1.0
    p_link: float = 0.0
    distillation_rounds: int = 0
    raw_pairs_per_delivered: float = 1.0
    bell_pairs_per_s_busiest_route: float = 0.0  # delivered end-to-end pairs/s through the busiest link
    raw_bell_pairs_per_s_per_link: float = 0.0  # raw pairs/s the busiest link must supply
    links_per_module_pair: int = 0
    link_utilisation: float = 0.0
    supply_time_s: float = 0.0  # time the busiest link needs to supply the run's pairs
    failure: float = 0.0
    reason: str = ""


def seam_failure(seam_law: ErrorLaw, d: int, p_link: float, remote_operations: float) -> float:
    """Link-induced logical failure of all remote merges: each lasts d rounds."""
    return float(remote_operations * d * seam_law.per_round(d, p_link))


def plan_network(*, modules: int, data_modules: int, topology: str, d: int, logical_depth: float,
                 magic_states: float, dedicated_factories: bool, cross_module_fraction, runtime_s: float,
                 fidelity: float, p_two_qubit: float, link_rate_hz: float, links_per_pair, distillation,
                 seam_law: ErrorLaw, budget: float) -> NetworkPlan:
    """Size the network for a run of `runtime_s`; `budget` is the network share of the failure budget."""
    if modules < 2:
        return NetworkPlan()
    if cross_module_fraction == "auto":
        fraction = (data_modules - 1) / data_modules
    else:
        fraction = float(cross_module_fraction) if data_modules > 1 else 0.0
    remote = fraction * logical_depth + (magic_states if dedicated_factories else 0.0)
    pairs_per_op = bell_pairs_per_round(d) * d
    load = topology_load(modules, topology)
    end_to_end = float(swapped_fidelity(fidelity, load.max_hops))
    if end_to_end <= 0.5:
        return NetworkPlan(remote_operations=remote, cross_module_fraction=fraction, reason=(
            f"Bell pairs of fidelity {fidelity:g} give {end_to_end:.3g} over {load.max_hops} hop(s); "
            f"recurrence distillation needs above 0.5: raise the link fidelity or use a more connected topology"))
    choices = range(MAX_DISTILLATION_ROUNDS + 1) if distillation == "auto" else [0 if distillation == "none" else int(distillation)]
    for rounds in choices:
        delivered, raw_per_delivered = (float(x) for x in distilled(end_to_end, rounds))
        p_link = float(p_link_from_fidelity(delivered, p_two_qubit))
        failure = seam_failure(seam_law, d, p_link, remote)
        if failure <= budget:
            break
    pairs_total = remote * pairs_per_op
    delivered_per_s = pairs_total * load.busiest_link_share / runtime_s
    raw_per_s = delivered_per_s * raw_per_delivered
    links = max(1, math.ceil(raw_per_s / link_rate_hz)) if links_per_pair == "auto" else int(links_per_pair)
    supply_time = pairs_total * load.busiest_link_share * raw_per_delivered / (links * link_rate_hz)
    return NetworkPlan(
        remote_operations=remote,
        cross_module_fraction=fraction,
        bell_pairs_per_remote_operation=pairs_per_op,
        topology_links=load.links,
        max_hops=load.max_hops,
        delivered_fidelity=delivered,
        p_link=p_link,
        distillation_rounds=rounds,
        raw_pairs_per_delivered=raw_per_delivered,
        bell_pairs_per_s_busiest_route=delivered_per_s,
        raw_bell_pairs_per_s_per_link=raw_per_s / links,
        links_per_module_pair=links,
        link_utilisation=min(1.0, raw_per_s / (links * link_rate_hz)),
        supply_time_s=supply_time,
        failure=failure,
    )
