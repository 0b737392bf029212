"""The Pareto frontier: nothing feasible beats a frontier design, a frontier design beats or ties every
other feasible one, infeasible designs never appear, and designs that tie are one point (the simplest kept)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ftplanner as ftp
from ftplanner.errors import InvalidArgument
from ftplanner.sweeps.pareto import nondominated
from tests.sweeps.conftest import POC


def _beats(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(a <= b) and np.any(a < b))


def _check_frontier(frame: pd.DataFrame, front: pd.DataFrame, objectives) -> None:
    feasible = frame[frame["feasible"].to_numpy(bool)]
    values = {i: feasible.loc[i, list(objectives)].to_numpy(float) for i in feasible.index}
    on = set(front.index)
    assert on <= set(feasible.index), "only feasible designs are on the frontier"
    for i in on:
        assert not any(_beats(v, values[i]) for v in values.values()), f"frontier row {i} is beaten"
    for i in set(values) - on:
        assert any(_beats(values[j], values[i]) or np.array_equal(values[j], values[i]) for j in on), \
            f"row {i} is beaten or matched by no frontier design"
    assert not front.duplicated(list(objectives)).any(), "a frontier point appears twice"
    tied = [sum(np.array_equal(v, values[i]) for v in values.values()) for i in front.index]
    assert front["tied_designs"].tolist() == tied
    assert front[objectives[0]].is_monotonic_increasing


@pytest.fixture(scope="module")
def frame(poc):
    return ftp.sweep(poc, {"hardware.error_rates.two_qubit": [5e-4, 1e-3, 2e-3, 8e-3],
                           "modules.physical_qubits": [25_000, 40_000, 100_000, 400_000],
                           "network.link.bell_pair_rate_hz": [1e5, 1e6]})


@pytest.mark.parametrize("objectives", [("physical_qubits", "runtime_s"), ("modules", "links"),
                                        ("physical_qubits", "runtime_s", "modules"),
                                        ("modules.physical_qubits", "raw_bell_pairs_per_s")])
def test_the_frontier_of_a_real_sweep_holds_its_defining_properties(frame, objectives):
    assert not frame["feasible"].all() and frame["feasible"].any()
    _check_frontier(frame, ftp.pareto_frontier(frame, objectives), objectives)


def test_infeasible_designs_never_make_the_frontier_even_when_they_look_best():
    frame = pd.DataFrame({"feasible": [True, True, False, True], "physical_qubits": [10, 20, 1, 30],
                          "runtime_s": [5.0, 1.0, 0.1, 0.5]})
    front = ftp.pareto_frontier(frame)
    assert front.index.tolist() == [0, 1, 3]
    _check_frontier(frame, front, ("physical_qubits", "runtime_s"))


def test_designs_with_equal_objectives_are_one_point_the_simplest_kept():
    frame = pd.DataFrame({"feasible": [True] * 6, "physical_qubits": [20, 10, 10, 30, 10, 20],
                          "runtime_s": [1.0, 2.0, 2.0, 1.0, 3.0, 1.0], "modules": [4, 3, 2, 1, 1, 4],
                          "links": [9, 0, 0, 0, 0, 8]})
    front = ftp.pareto_frontier(frame)
    assert front.index.tolist() == [2, 5]  # fewer modules at (10, 2.0); as many modules but fewer links at (20, 1.0)
    assert front["tied_designs"].tolist() == [2, 2]
    _check_frontier(frame, front, ("physical_qubits", "runtime_s"))
    # with modules an objective, the design of one module at (10, 3.0) and (30, 1.0) joins the frontier
    assert ftp.pareto_frontier(frame, ["physical_qubits", "runtime_s", "modules"]).index.tolist() == [2, 4, 5, 3]


def test_a_grid_whose_other_fields_do_not_move_the_best_design_has_a_frontier_of_one_point():
    """As in the README's sweep: the lowest error rate gives the fewest qubits and the shortest run whatever
    the link fidelity and module size, so the frontier over (physical_qubits, runtime_s) is one point."""
    frame = ftp.sweep(POC, {"hardware.error_rates.two_qubit": [5e-4, 1e-3],
                            "network.link.bell_pair_fidelity": [0.99, 0.999], "modules.physical_qubits": [40_000, 80_000]})
    front = ftp.pareto_frontier(frame)
    best = frame[frame["feasible"]]
    ties = best[(best["physical_qubits"] == best["physical_qubits"].min()) & (best["runtime_s"] == best["runtime_s"].min())]
    assert len(ties) > 1 and len(front) == 1 and front["tied_designs"].item() == len(ties)
    assert front["modules"].item() == ties["modules"].min()
    _check_frontier(frame, front, ("physical_qubits", "runtime_s"))


def test_a_missing_objective_value_keeps_a_design_off_the_frontier():
    frame = pd.DataFrame({"feasible": [True, True], "physical_qubits": [1.0, 2.0], "runtime_s": [np.nan, 1.0]})
    assert ftp.pareto_frontier(frame).index.tolist() == [1]


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_the_vectorized_mask_matches_brute_force_on_random_ties(k):
    rng = np.random.default_rng(k)
    for _ in range(20):
        values = rng.integers(0, 5, (rng.integers(1, 200), k)).astype(float)
        brute = [not any(_beats(other, row) for other in values) for row in values]
        assert nondominated(values).tolist() == brute


def test_a_hundred_thousand_points_take_well_under_a_second():
    import time

    rng = np.random.default_rng(0)
    values = np.column_stack([rng.integers(0, 10**6, 100_000), rng.random(100_000)])
    start = time.perf_counter()
    nondominated(values)
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("objectives, message", [(("qubits",), "'qubits' is not a column"),
                                                 (("reason",), "'reason' is not a numeric column"),
                                                 (("feasible",), "'feasible' is not a numeric column"),
                                                 ((), "at least one objective")])
def test_unknown_or_non_numeric_objectives_are_refused(frame, objectives, message):
    with pytest.raises(InvalidArgument, match=message):
        ftp.pareto_frontier(frame, objectives)
