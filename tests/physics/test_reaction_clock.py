"""The reaction-limited clock's pieces (Fowler 2012, arXiv:1210.4626; Gidney & Ekera 2019, arXiv:1905.09749)."""

from __future__ import annotations

import numpy as np

from ftplanner.physics.reaction_clock import (
    WORKSPACE_TILES_PER_OPERATION,
    operations_in_flight,
    parallel_chains,
    step_time_s,
    workspace_tiles,
)


def test_a_step_is_one_reaction_and_never_shorter_than_a_cycle():
    assert step_time_s(10e-6, 1e-6) == 10e-6
    assert step_time_s(0.0, 1e-6) == 1e-6


def test_merges_of_d_cycles_overlap_as_many_steps_as_fit():
    # GE2019: d = 27 at a 1 us cycle and a 10 us reaction: a merge spans three steps
    assert operations_in_flight(27, 1e-6, 10e-6) == 3
    assert operations_in_flight(10, 1e-6, 10e-6) == 1
    assert operations_in_flight(3, 1e-6, 100e-6) == 1  # a slow decoder: one at a time
    d = np.arange(3, 61, 2)
    assert (np.diff(operations_in_flight(d, 1e-6, 10e-6)) >= 0).all()


def test_chains_are_the_operations_over_the_longest_chain():
    assert parallel_chains(2.698e9, 1.624e9) == 2
    assert parallel_chains(1e8, 1e8) == 1
    assert parallel_chains(0, 1e8) == 1  # nothing to run still leaves the block's one chain


def test_workspace_is_chains_times_in_flight_times_the_routing_ring():
    tiles = workspace_tiles(27, 1e-6, 10e-6, 2.698e9, 1.624e9)
    assert tiles == 2 * 3 * WORKSPACE_TILES_PER_OPERATION
    assert workspace_tiles(np.array([9, 27, 45]), 1e-6, 10e-6, 1e6, 1e6).tolist() == [6, 18, 30]
