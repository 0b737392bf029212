"""Counts beyond int64 never wrap around: the point is infeasible with an overflow reason instead (issue #17)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.errors import InvalidArgument

COUNT_COLUMNS = ("physical_qubits", "physical_qubits_data", "physical_qubits_factories", "physical_qubits_per_module",
                 "modules", "factories", "links", "links_per_module_pair", "concurrent_remote_merges", "switches",
                 "logical_qubits", "layout_tiles", "workspace_tiles", "stored_logical_qubits", "physical_qubits_storage")


def arch(counts: dict, **sections) -> dict:
    return {"name": "huge", "hardware": {"error_rates": {"two_qubit": 1e-3}}, "workload": {"logical_counts": counts},
            **sections}


NETWORKED = dict(modules={"physical_qubits": 100_000}, network={"link": {"bell_pair_rate_hz": 1e-300}})


def assert_sane(row: dict) -> None:
    """Every count is whole and non-negative, or the point is infeasible with a reason."""
    if not row["feasible"]:
        assert row["reason"], row
    for column in COUNT_COLUMNS:
        value = row.get(column)
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            assert value >= 0, (column, value, row["reason"])


@pytest.mark.parametrize("qubits", [1e15, 1e17, 1e18])
def test_huge_qubit_counts_are_infeasible_not_negative(qubits):
    plan = ftp.estimate(arch({"numQubits": qubits, "tCount": 1e6}, code={"max_distance": 99}))
    assert not plan.feasible
    assert plan.reason.startswith("physical qubits beyond 1e+18, the most the planner counts"), plan.reason
    assert_sane(plan.row())


def test_a_vanishing_link_rate_is_infeasible_not_negative_links():
    plan = ftp.estimate(arch({"numQubits": 1000, "tCount": 1e8}, **NETWORKED))
    assert not plan.feasible
    assert plan.reason.startswith("network links beyond 1e+18, the most the planner counts"), plan.reason
    assert all(link.links >= 0 for link in plan.network.links)
    assert_sane(plan.row())


def test_sweep_refuses_counts_beyond_int64():
    with pytest.raises(InvalidArgument, match=r"tCount=1e\+30: beyond 9.2e\+18"):
        ftp.sweep(arch({"numQubits": 100, "tCount": 1e6}), {"workload.logical_counts.tCount": [1e6, 1e30]})


def test_property_huge_inputs_give_non_negative_counts_or_a_reason():
    rng = np.random.default_rng(17)
    frame = ftp.sweep(arch({"numQubits": 100, "tCount": 1e6}, **{**NETWORKED, "network": {}}), {
        "workload.logical_counts.numQubits": np.unique(10 ** rng.uniform(1, 18, 6).round()),
        "workload.logical_counts.tCount": 10 ** rng.uniform(3, 18, 5),
        "network.link.bell_pair_rate_hz": [1e-300, 1e-3, 1e6],
    })
    assert len(frame) > 0
    for row in frame.to_dict("records"):
        assert_sane(row)
    assert (~frame["feasible"]).any()
