"""Which module pairs talk: the per-pair share of remote logical operations.

Sources, in order of preference: the program or a representative circuit, whose interaction graph is split
into the data modules by recursive Kernighan-Lin bisection (networkx) so that the measured
cut fraction is the share of operations that cross modules; a `cross_module_fraction`
number, spread evenly over module pairs; or uniformly random interactions, (M - 1) / M.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import networkx as nx
import numpy as np
from networkx.algorithms.community import kernighan_lin_bisection

from ftplanner.architecture.models import Architecture
from ftplanner.programs.interaction import InteractionGraph, read_interaction_graph
from ftplanner.programs.read import count_program


@dataclass(frozen=True)
class Traffic:
    """Share of remote operations per data-module pair: a symmetric matrix whose upper triangle
    sums to 1, or None when every pair carries the same share (kept implicit: O(1) in M)."""

    pair_share: np.ndarray | None
    cross_module_fraction: float
    source: str


def uniform_cross_fraction(modules, fraction=None):
    """Share of operations crossing modules: the given fraction (0 on one module), else (M-1)/M (numpy-broadcasting)."""
    m = np.asarray(modules, dtype=float)
    if fraction is None:
        return (m - 1) / m
    return np.where(m > 1, np.asarray(fraction, dtype=float), 0.0)


def uniform_traffic(modules: int, fraction: float | None = None) -> Traffic:
    """Random interactions ((M-1)/M cross) or a given fraction, spread evenly over pairs."""
    m = int(modules)
    cross = float(uniform_cross_fraction(m, fraction))
    source = "uniformly random interactions, (M-1)/M" if fraction is None else "workload.cross_module_fraction"
    return Traffic(pair_share=None, cross_module_fraction=cross, source=source)


def partition(graph: nx.Graph, parts: int, seed: int = 0) -> dict:
    """Balanced split of the graph's nodes into `parts` groups minimising cut weight: node -> group."""
    nodes = sorted(graph.nodes, key=str)
    assignment: dict = {}

    def split(group: list, first: int, count: int) -> None:
        if count == 1 or len(group) <= 1:
            assignment.update({node: first for node in group})
            return
        left_count = count // 2
        left_size = round(len(group) * left_count / count)
        members = set(group)  # the subgraph built in `group`'s order: networkx's subgraph view iterates a set,
        sub = nx.Graph()      # whose order changes with Python's hash seed, and Kernighan-Lin follows node order
        sub.add_nodes_from(group)
        sub.add_edges_from((u, v, d) for u in group for v, d in graph[u].items() if v in members)
        initial = (set(group[:left_size]), set(group[left_size:]))
        left, right = kernighan_lin_bisection(sub, partition=initial, weight="weight", seed=seed)
        split(sorted(left, key=str), first, left_count)
        split(sorted(right, key=str), first + left_count, count - left_count)

    split(nodes, 0, int(parts))
    return assignment


def circuit_traffic(interactions: InteractionGraph, modules: int) -> Traffic:
    """Partition the circuit's qubits over `modules` data modules and measure the cut."""
    m = int(modules)
    share = np.zeros((m, m))
    if m < 2:
        return Traffic(pair_share=share, cross_module_fraction=0.0, source=f"circuit {interactions.source}")
    group = partition(interactions.graph, m)
    total = 0.0
    for a, b, data in interactions.graph.edges(data=True):
        weight = data.get("weight", 1)
        total += weight
        if group[a] != group[b]:
            share[group[a], group[b]] += weight
            share[group[b], group[a]] += weight
    cut = np.triu(share, k=1).sum()
    fraction = float(cut / total) if total else 0.0
    if cut:
        share /= cut
    source = (f"circuit {interactions.source}: {interactions.qubits} qubits, {interactions.two_qubit_gates} multi-qubit "
              f"gates, Kernighan-Lin partition into {m} modules cuts {fraction:.1%}")
    return Traffic(pair_share=share, cross_module_fraction=fraction, source=source)


@lru_cache(maxsize=32)
def _interactions(path: str) -> InteractionGraph:
    return read_interaction_graph(path)


def traffic_for(arch: Architecture, data_modules: int) -> Traffic:
    """The workload's traffic over `data_modules`: its circuit, its fraction, or random interactions."""
    workload = arch.workload
    if workload.program:
        interactions = replace(count_program(workload.program).interactions, source=workload.program)
        return circuit_traffic(interactions, data_modules)
    if workload.circuit_file:
        return circuit_traffic(_interactions(workload.circuit_file), data_modules)
    fraction = None if workload.cross_module_fraction == "auto" else workload.cross_module_fraction
    return uniform_traffic(data_modules, fraction)
