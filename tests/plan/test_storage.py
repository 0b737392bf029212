"""Idle logical qubits in cold storage (code.storage: yoked; Gidney, Newman, Brooks & Jones 2023,
arXiv:2312.04522): the data block holds the active qubits, the rest wait in the cheapest plain or yoked
layout for their share of the logical budget."""

from __future__ import annotations

import pytest

import ftplanner as ftp
from ftplanner.physics.yoked_storage import cheapest_storage, storage_qubits


def arch(active=None, storage="yoked", **changes) -> dict:
    """1,400 logical qubits, 1e8 Toffolis at uniform p = 1e-3 and a 1 us cycle."""
    data = {"name": "cold", "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": 1e-3}, "cycle_time_ns": 1000},
            "code": {"storage": storage},
            "workload": {"logical_counts": {"numQubits": 1400, "cczCount": 10**8}}, "budget": {"total_failure": 0.01}}
    if active is not None:
        data["workload"]["active_qubits"] = active
    for section, fields in changes.items():
        data[section] = {**data.get(section, {}), **fields}
    return data


@pytest.fixture(scope="module")
def cold():
    return ftp.estimate(arch(active=120))


def test_idle_qubits_wait_in_the_cheapest_cold_storage(cold):
    assert cold.feasible, cold.reason
    assert cold.stored_logical_qubits == 1280 and cold.storage == "yoked-2d"
    # the storage is what the yoked model gives for its share of the logical budget over the run's rounds
    assert cold.physical_qubits_storage > 0
    hot = (cold.layout_tiles + cold.workspace_tiles) * 2 * (cold.code_distance + 1) ** 2
    assert cold.physical_qubits_data == hot + cold.physical_qubits_storage
    assert cold.physical_qubits == cold.physical_qubits_data + cold.physical_qubits_factories
    assert cold.layout_tiles == 2 * 120 + 31 + 1  # the fast block holds the active qubits only
    assert cold.failure_probability <= 0.01 * (1 + 1e-9)


def test_storage_meets_the_stored_share_of_the_budget(cold):
    rounds = cold.runtime_s / cold.cycle_time_s
    share = 1280 / (1280 + 2 * cold.layout_tiles)
    target = cold.budget["logical"] * share / (1280 * rounds)
    choice = cheapest_storage([target], p=1e-3, noise="uniform", odd_only=True)
    assert choice.kind[0] == cold.storage and choice.distance[0] == cold.storage_distance
    assert storage_qubits(choice, 1280)[0] == cold.physical_qubits_storage
    assert choice.error_per_round[0] * 1280 * rounds <= cold.budget["logical"] * share


def test_cold_storage_needs_fewer_qubits_than_patches(cold):
    patches = ftp.estimate(arch(storage="patches"))
    assert patches.storage == "patches" and patches.stored_logical_qubits == 0 and patches.physical_qubits_storage == 0
    assert cold.physical_qubits < 0.75 * patches.physical_qubits


def test_more_active_qubits_never_need_fewer_physical_qubits():
    qubits = [ftp.estimate(arch(active=a)).physical_qubits for a in (50, 120, 400, 1000, 1400)]
    assert qubits == sorted(qubits)
    assert ftp.estimate(arch(active=1400)).physical_qubits == ftp.estimate(arch(storage="patches")).physical_qubits


def test_a_tighter_budget_never_gives_cheaper_storage():
    plans = [ftp.estimate(arch(active=120, budget={"total_failure": b})) for b in (0.1, 1e-2, 1e-4, 1e-6)]
    storage = [plan.physical_qubits_storage for plan in plans]
    assert storage == sorted(storage)


@pytest.mark.parametrize("changes, message", [
    ({"workload": {"logical_counts": {"numQubits": 100}, "active_qubits": 200}}, "cannot exceed"),
    ({"code": {"storage": "patches"}, "workload": {"logical_counts": {"numQubits": 100}, "active_qubits": 50}},
     "needs code.storage: yoked"),
    ({"profile": "azure-re"}, "azure-re"),
])
def test_inconsistent_storage_is_refused(changes, message):
    data = arch(active=120)
    for section, fields in changes.items():
        data[section] = fields if not isinstance(fields, dict) else {**data.get(section, {}), **fields}
    with pytest.raises(ValueError, match=message):
        ftp.Architecture.model_validate(data)


def test_storage_columns_reach_the_csv_row(cold):
    row = cold.row()
    assert (row["storage"], row["stored_logical_qubits"]) == ("yoked-2d", 1280)
    assert row["physical_qubits_storage"] == cold.physical_qubits_storage and row["storage_distance"] > 0
    frame = ftp.sweep(arch(active=120), {"workload.active_qubits": [120, 600]})
    assert list(frame["stored_logical_qubits"]) == [1280, 800]
    assert frame["physical_qubits"].iloc[0] == cold.physical_qubits
