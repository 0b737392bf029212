"""Module interconnect topologies: how uniform all-pairs traffic loads the busiest link.

Traffic between every pair of modules is equal (the default locality model) and follows
shortest paths; a pair that is not directly linked is joined by entanglement swapping at
each intermediate module (or at the switch). Closed forms keep this O(1) in the module count.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopologyLoad:
    """Links, and for uniform traffic: the busiest link's share of pair-routes and the longest route."""

    links: int
    busiest_link_share: float  # fraction of all module-pair routes that use the busiest link
    max_hops: int
    mean_hops: float


def topology_load(modules: int, topology: str) -> TopologyLoad:
    """Link count and busiest-link share for `modules` modules under `topology`."""
    m = int(modules)
    if m < 2:
        return TopologyLoad(links=0, busiest_link_share=0.0, max_hops=0, mean_hops=0.0)
    pairs = m * (m - 1) / 2
    if topology == "all_to_all":
        return TopologyLoad(links=m * (m - 1) // 2, busiest_link_share=1 / pairs, max_hops=1, mean_hops=1.0)
    if topology == "line":
        middle = (m - 1) // 2  # the link between module `middle` and `middle + 1`
        crossing = (middle + 1) * (m - 1 - middle)
        total_hops = sum(k * (m - k) for k in range(1, m))
        return TopologyLoad(links=m - 1, busiest_link_share=crossing / pairs, max_hops=m - 1, mean_hops=total_hops / pairs)
    if topology == "ring":
        if m == 2:
            return TopologyLoad(links=1, busiest_link_share=1.0, max_hops=1, mean_hops=1.0)
        total_hops = m * sum(min(k, m - k) for k in range(1, m)) / 2
        return TopologyLoad(links=m, busiest_link_share=total_hops / m / pairs, max_hops=m // 2, mean_hops=total_hops / pairs)
    if topology == "switched":
        return TopologyLoad(links=m, busiest_link_share=(m - 1) / pairs, max_hops=2, mean_hops=2.0)
    raise ValueError(f"unknown topology {topology!r}; expected all_to_all, ring, line or switched")
