"""Which module pairs talk: the per-pair share of remote logical operations.

Sources, in order of preference: the program or a representative circuit, whose interaction graph
is split into the data modules by recursive bisection so that the measured cut fraction is the share
of operations that cross modules; a `cross_module_fraction` number, spread evenly over module
pairs; or uniformly random interactions, (M - 1) / M. Each bisection cuts the qubits in reverse
Cuthill-McKee order (neighbours stay close: a chain or a grid splits along its length) and, up to
KL_MAX_QUBITS qubits, refines the cut by Kernighan-Lin (networkx), whose cost grows as the square
of the qubits; larger groups keep the ordered cut, so a circuit at the reader's limits splits in
seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.programs.interaction import InteractionGraph, read_interaction_graph
from ftplanner.programs.read import count_program

if TYPE_CHECKING:
    import networkx


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


KL_MAX_QUBITS = 4000  # Kernighan-Lin refines bisections of at most this many qubits


def partition(graph: networkx.Graph, parts: int, seed: int = 0) -> dict:
    """Balanced split of the graph's nodes into `parts` groups minimising cut weight: node -> group."""
    import networkx  # only circuit files and programs need networkx
    from networkx.algorithms.community import kernighan_lin_bisection

    order = {node: k for k, node in enumerate(_bandwidth_order(graph))}
    assignment: dict = {}

    def split(group: list, first: int, count: int) -> None:
        if count == 1 or len(group) <= 1:
            assignment.update({node: first for node in group})
            return
        left_count = count // 2
        left_size = round(len(group) * left_count / count)
        left, right = set(group[:left_size]), set(group[left_size:])
        if len(group) <= KL_MAX_QUBITS:
            members = set(group)  # the subgraph built in `group`'s order: networkx's subgraph view iterates a
            sub = networkx.Graph()  # set, whose order changes with Python's hash seed, and Kernighan-Lin follows it
            sub.add_nodes_from(group)
            sub.add_edges_from((u, v, d) for u in group for v, d in graph[u].items() if v in members)
            left, right = kernighan_lin_bisection(sub, partition=(left, right), weight="weight", seed=seed)
        split(sorted(left, key=order.__getitem__), first, left_count)
        split(sorted(right, key=order.__getitem__), first + left_count, count - left_count)

    split(sorted(graph.nodes, key=order.__getitem__), 0, int(parts))
    return assignment


def _bandwidth_order(graph: networkx.Graph) -> list:
    """The nodes in reverse Cuthill-McKee order (scipy's, linear in the edges), from nodes sorted by name."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    nodes = sorted(graph.nodes, key=str)
    index = {node: k for k, node in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in graph.edges], dtype=np.int64).reshape(-1, 2)
    ones = np.ones(len(edges))
    matrix = coo_matrix((np.concatenate([ones, ones]), (np.concatenate([edges[:, 0], edges[:, 1]]),
                                                       np.concatenate([edges[:, 1], edges[:, 0]]))),
                        shape=(len(nodes), len(nodes))).tocsr()
    return [nodes[k] for k in reverse_cuthill_mckee(matrix, symmetric_mode=True)]


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
              f"gates, bisection (Cuthill-McKee order, Kernighan-Lin refined up to {KL_MAX_QUBITS:,} qubits) into {m} modules cuts "
              f"{fraction:.1%}")
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
