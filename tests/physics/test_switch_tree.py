"""A tree of P-port switches: leaves serve P - 1 modules, inner switches P - 1 switches, the root P; routes climb
to the lowest common switch (2 hops per level). Counted by hand and against the per-pair matrix."""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.physics.topology import SwitchTree


def test_sixty_eight_modules_on_fifty_port_switches_by_hand():
    tree = SwitchTree(68, 50)  # leaves of 49 and 19 modules under one root
    assert tree.levels == 2 and list(tree.switches_per_level()) == [2, 1]
    hops, pairs = tree.hop_classes()
    assert list(hops) == [2, 4] and list(pairs) == [49 * 48 // 2 + 19 * 18 // 2, 49 * 19]
    counts, loads = tree.loads(np.array([0.0, 1.0, 0.0, 1.0]))  # one unit per route (of 2 or 4 hops) on each link
    assert sorted(zip(counts.tolist(), loads.tolist())) == [(1, 931.0), (1, 931.0), (19, 67.0), (49, 67.0)]


@pytest.mark.parametrize("ports", [3, 4, 10])
def test_levels_grow_when_the_root_runs_out_of_ports(ports):
    """L levels join at most P (P - 1)^(L - 1) modules."""
    for levels in (1, 2, 3):
        most = ports * (ports - 1) ** (levels - 1)
        assert SwitchTree(most, ports).levels == levels
        assert SwitchTree(most + 1, ports).levels == levels + 1


@pytest.mark.parametrize("modules, ports", [(68, 50), (100, 10), (1000, 10), (37, 4), (200, 3)])
def test_alike_link_classes_carry_what_the_per_pair_matrix_says(modules, ports):
    tree = SwitchTree(modules, ports)
    hops = tree.hops()
    hop_counts, pairs = tree.hop_classes()
    assert pairs.sum() == modules * (modules - 1) // 2
    assert all((hops == h).sum() == 2 * n for h, n in zip(hop_counts, pairs))
    load = np.random.default_rng(modules).uniform(1, 2, 2 * tree.levels)  # per route, by its hops
    traffic = np.where(hops > 0, load[np.maximum(hops, 1) - 1], 0.0)
    per_link = tree.matrix_loads(traffic)
    counts, loads = tree.loads(load)
    assert len(per_link) == len(tree.edges()) == counts.sum() == modules + tree.switches_per_level()[:-1].sum()
    assert np.allclose(np.sort(per_link), np.sort(np.repeat(loads, counts)))
