"""ftp.laws: the error laws the planner uses, checked against the planner's own outputs.

The planner's logical failure (ftplanner.physics.distance) is rebuilt here from the laws and the
plan's reported numbers: tiles x rounds x memory(d) + steps x d x surgery(d), with rounds =
max(steps x d, runtime / cycle) and steps = max(logical depth, 1) x steps per rotation.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.calibration import load_calibration
from ftplanner.plan.laws import ErrorLaws
from tests.conftest import ROOT
from tests.test_azure_compat import azure_architecture

NETWORKED = ROOT / "architectures" / "networked-poc-2030.yaml"
AZURE = azure_architecture({"numQubits": 100, "tCount": 1.0e6}, "qubit_gate_ns_e3")
DISTANCES = np.arange(3, 31, 2)


def planner_logical_failure(plan, laws) -> float:
    d = plan.code_distance
    steps = max(plan.logical_depth, 1.0) * plan.assumptions["resolved"]["steps_per_rotation"]
    rounds = max(steps * d, plan.runtime_s / plan.cycle_time_s)
    merges = steps * d * laws.surgery(d) if laws.has_surgery else 0.0
    return plan.layout_tiles * rounds * laws.memory(d) + merges


@pytest.fixture(scope="module")
def networked():
    return ftp.laws(NETWORKED), ftp.estimate(NETWORKED)


def test_exported_at_the_top_level():
    assert "laws" in ftp.__all__
    assert isinstance(ftp.laws(ftp.load(NETWORKED)), ErrorLaws)


def test_networked_laws_are_the_ones_the_plan_used(networked):
    laws, plan = networked
    assert plan.feasible, plan.reason
    assert (laws.profile, laws.family, laws.bases_per_patch) == ("ftplanner", "si1000", 2)
    assert laws.p_physical == pytest.approx(plan.p_physical, rel=1e-12)
    assert laws.cycle_time_s == pytest.approx(plan.cycle_time_s, rel=1e-12)
    assert laws.has_surgery
    assert planner_logical_failure(plan, laws) == pytest.approx(plan.failures["logical"], rel=1e-9)


def test_the_chosen_distance_is_the_smallest_that_fits(networked):
    laws, plan = networked
    d, steps = plan.code_distance, max(plan.logical_depth, 1.0) * plan.assumptions["resolved"]["steps_per_rotation"]
    smaller = d - 2
    rounds = max(steps * smaller, plan.runtime_s / plan.cycle_time_s)
    assert plan.layout_tiles * rounds * laws.memory(smaller) + steps * smaller * laws.surgery(smaller) > plan.budget["logical"]
    assert plan.failures["logical"] <= plan.budget["logical"]


def test_the_seam_law_gives_the_plans_network_failure(networked):
    laws, plan = networked
    net, d = plan.network, plan.code_distance
    assert net.max_hops == 1 and net.distillation_rounds == 0  # one link fidelity on every route
    assert laws.seam_at_fidelity(d, net.delivered_fidelity) == pytest.approx(laws.seam(d, net.p_link), rel=1e-12)
    assert net.remote_operations * d * laws.seam(d, net.p_link) == pytest.approx(plan.failures["network"], rel=1e-9)


def test_azure_laws_are_the_ones_the_plan_used():
    laws, plan = ftp.laws(AZURE), ftp.estimate(AZURE)
    assert plan.feasible, plan.reason
    assert (laws.profile, laws.family, laws.bases_per_patch) == ("azure-re", "azure-re", 1)
    d = DISTANCES.astype(float)
    # the estimator's own law: 0.03 (p / 0.01)^((d+1)/2) per logical cycle of d rounds
    np.testing.assert_allclose(laws.memory(d) * d, 0.03 * (plan.p_physical / 0.01) ** ((d + 1) / 2), rtol=1e-12)
    assert planner_logical_failure(plan, laws) == pytest.approx(plan.failures["logical"], rel=1e-9)


def test_no_surgery_law_under_azure_re_or_without_a_surgery_fit():
    with pytest.raises(ftp.InvalidArgument, match="azure-re"):
        ftp.laws(AZURE).surgery(11)
    calibration = replace(load_calibration("default"), surgery={})
    laws, plan = ftp.laws(NETWORKED, calibration), ftp.estimate(NETWORKED, calibration)
    assert not laws.has_surgery and laws.sources["surgery"] is None
    with pytest.raises(ftp.InvalidArgument, match="no surgery fit"):
        laws.surgery(11)
    assert planner_logical_failure(plan, laws) == pytest.approx(plan.failures["logical"], rel=1e-9)


@pytest.mark.parametrize("source", [NETWORKED, AZURE], ids=["networked", "azure-re"])
def test_memory_falls_with_d_below_threshold_and_rises_with_p(source):
    laws = ftp.laws(source)
    assert laws.p_physical < laws.memory_law.threshold
    assert np.all(np.diff(laws.memory(DISTANCES)) < 0)
    p = np.linspace(1e-4, 0.9 * laws.memory_law.threshold, 12)
    assert np.all(np.diff(laws.memory(11, p)) > 0)
    assert laws.memory(11) == pytest.approx(float(laws.memory(11, [laws.p_physical])[0]), rel=1e-12)


def test_surgery_is_a_nonnegative_charge_falling_with_d(networked):
    laws, _ = networked
    charge = laws.surgery(DISTANCES)
    assert np.all(charge >= 0) and np.all(np.diff(charge) < 0)


def test_seam_is_zero_at_the_bulk_rate_and_grows_with_the_link_error(networked):
    laws, _ = networked
    assert laws.seam_at_p == laws.p_two_qubit  # the law's calibration point is this architecture's bulk rate
    assert laws.seam(25, laws.p_two_qubit) == 0.0
    assert laws.seam_at_fidelity(25, 1.0) == 0.0
    p_link = np.linspace(laws.p_two_qubit, 0.05, 20)
    assert np.all(np.diff(laws.seam(25, p_link)) > 0)
    assert np.all(np.diff(laws.seam_at_fidelity(25, np.linspace(0.9, 1.0, 20))) < 0)


def test_vectorised_shapes_are_preserved(networked):
    laws, _ = networked
    grid = DISTANCES.reshape(2, 7)
    p = np.array([1e-4, 5e-4, 1e-3])
    assert laws.memory(grid).shape == (2, 7)
    assert laws.memory(DISTANCES[:, None], p).shape == (DISTANCES.size, 3)
    assert laws.surgery(DISTANCES[:, None], p).shape == (DISTANCES.size, 3)
    assert laws.seam(DISTANCES[:, None], np.linspace(0.001, 0.02, 5)).shape == (DISTANCES.size, 5)
    assert laws.seam_at_fidelity(grid, 0.99).shape == (2, 7)
    assert all(isinstance(value, float) for value in (laws.memory(11), laws.surgery(11), laws.seam(11, 0.01),
                                                      laws.seam_at_fidelity(11, 0.99)))
    np.testing.assert_array_equal(laws.memory(grid).ravel(), [laws.memory(d) for d in DISTANCES])
    with pytest.raises(ftp.InvalidArgument, match="distances"):
        laws.memory([0, 3])


def test_sources_carry_the_fits_with_their_errors(networked):
    laws, _ = networked
    fits = load_calibration("default")
    sources = laws.sources
    assert set(sources) == {"memory", "surgery", "seam"}
    for kind, law in (("memory", fits.memory["si1000"]), ("surgery", fits.surgery["si1000"]),
                      ("seam", fits.seam_by_family["si1000"])):
        assert sources[kind]["source"] == law.source and sources[kind]["family"] == "si1000"
        assert (sources[kind]["A"], sources[kind]["threshold"]) == (law.A, law.threshold)
        assert sources[kind]["A_stderr"] == law.A_stderr and sources[kind]["threshold_stderr"] == law.threshold_stderr
    assert sources["seam"]["at_p"] == laws.seam_at_p and sources["memory"]["bases_per_patch"] == 2
    azure = ftp.laws(AZURE).sources
    assert "A_stderr" not in azure["memory"] and "Azure" in azure["memory"]["source"]


def test_repr_has_one_line_per_law(networked):
    laws, _ = networked
    header, *lines = repr(laws).splitlines()
    assert "networked-poc-2030" in header and "si1000" in header
    assert [line.split()[0] for line in lines] == ["memory", "surgery", "seam"]
    assert all("si1000" in line and "A = " in line and "p_th = " in line for line in lines)
    assert "none" in repr(ftp.laws(AZURE)).splitlines()[2]


def test_a_bad_architecture_raises_spec_error_like_estimate(write_yaml):
    bad = {"name": "bad", "hardware": {"error_rates": {"two_qubit": -1}}, "workload": {"logical_counts": {"numQubits": 1}}}
    path = write_yaml("name: bad\nhardware: {noise_model: uniform, error_rates: {two_qubit: lots}}\n")
    for source in (bad, path):
        with pytest.raises(ftp.SpecError) as expected:
            ftp.estimate(source)
        with pytest.raises(ftp.SpecError) as raised:
            ftp.laws(source)
        assert str(raised.value) == str(expected.value)


def test_away_from_the_fitted_bulk_p_the_seam_is_evaluated_over_the_designs_own_p():
    from tests.conftest import variant

    arch = variant(NETWORKED, hardware__error_rates={"two_qubit": 2e-3, "single_qubit": 2e-4, "measurement": 2e-3,
                                                     "reset": 2e-3, "idle": 2e-4},
                   modules__physical_qubits=200_000)
    laws, plan = ftp.laws(arch), ftp.estimate(arch)
    assert laws.p_physical == pytest.approx(2e-3) != laws.seam_at_p
    assert laws.seam(15, laws.p_physical) == 0.0  # zero where the link gate is no worse than this bulk
    net, d = plan.network, plan.code_distance
    assert net.distillation_rounds == 0, "the check below assumes undistilled pairs on one route"
    assert net.remote_operations * d * laws.seam(d, net.p_link) == pytest.approx(plan.failures["network"], rel=1e-9)
