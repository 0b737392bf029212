"""The network failure's ± from the seam law's fit: the delta method against a Monte Carlo, and where it shows.

The network failure is sum over routes of (remote operations) x d x seam(d, p_link): only the
seam law is fitted; p_link comes from the closed-form pair model (Werner pairs, swaps,
distillation) and carries no fit uncertainty. The fit's parameters are log A, log p_th and
log u (`ftplanner.fit.mle`), with a normal covariance in them; the Monte Carlo draws from
that normal and evaluates the law at each draw.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.architecture.values import AUTO
from ftplanner.calibration import calibration_from_dict, load_calibration
from ftplanner.fit.seam import fit_seam
from ftplanner.plan.batch import plan_rows
from ftplanner.plan.network import route_set, seam_failure_stderr, size_networks
from ftplanner.plan.traffic import Traffic
from ftplanner.report.summary import summary_text
from ftplanner.report.writers import write_outputs
from tests.conftest import DATA, ROOT

SHIPPED = load_calibration("default").seam_by_family["uniform"]
POC = ROOT / "architectures" / "networked-poc-2030.yaml"
ONE_MODULE = ROOT / "architectures" / "ibm-starling-2029.yaml"


def _monte_carlo(law, d: float, p_link: float, bulk_p: float, operations: float, draws: int = 100_000) -> np.ndarray:
    """The network failure of one route under `draws` laws drawn from the fit's normal in log parameters (seeded)."""
    mean = np.log([law.A, law.threshold, law.offset])
    sample = np.exp(np.random.default_rng(20261126).multivariate_normal(mean, law.log_covariance(), draws))
    drawn = replace(law, A=sample[:, 0], threshold=sample[:, 1], offset=sample[:, 2])  # one law, arrays of draws
    return operations * d * drawn.seam_per_round(d, p_link, bulk_p)


def _delta(law, d: float, p_link: float, bulk_p: float, operations: float) -> tuple[float, float]:
    """(network failure, its delta-method stderr) of one route."""
    stderr = seam_failure_stderr(law, [d], [[p_link]], [bulk_p], [[operations]], [[True]])[0]
    return operations * d * float(law.seam_per_round(d, p_link, bulk_p)), float(stderr)


@pytest.mark.parametrize("d", [15, 19, 25])
def test_the_delta_method_agrees_with_a_monte_carlo_over_the_fit(d):
    """The shipped uniform law (offset independent of A and p_th: the file gives no correlation for it)."""
    failure, stderr = _delta(SHIPPED, d, 1e-2, 1e-3, 1e6)
    drawn = _monte_carlo(SHIPPED, d, 1e-2, 1e-3, 1e6)
    assert stderr / failure == pytest.approx(np.std(np.log(drawn)), rel=0.03)  # log-linear in A and p_th: near exact
    assert np.median(drawn) == pytest.approx(failure, rel=0.03)
    if stderr / failure < 0.7:  # first order in F itself while the spread is well below the value
        low, high = np.quantile(drawn, [0.15866, 0.84134])
        assert (high - low) / 2 == pytest.approx(stderr, rel=0.10)


def test_the_offsets_correlations_enter_where_the_fit_records_them():
    """A fresh fit (tests/data/seam_bulk_p.csv, bulk p = 2e-3) records them; log u moves with log p_th, which
    narrows the spread, and the Monte Carlo over the full covariance agrees."""
    law = fit_seam(DATA / "seam_bulk_p.csv", model="uniform", p=2e-3).to_error_law()
    assert 0.5 < law.offset_correlation_threshold < 1 and abs(law.offset_correlation_A) < 1
    failure, stderr = _delta(law, 21, 1e-2, 2e-3, 1e6)
    drawn = _monte_carlo(law, 21, 1e-2, 2e-3, 1e6)
    assert stderr / failure == pytest.approx(np.std(np.log(drawn)), rel=0.03)
    low, high = np.quantile(drawn, [0.15866, 0.84134])
    assert (high - low) / 2 == pytest.approx(stderr, rel=0.10)
    independent = replace(law, offset_correlation_A=None, offset_correlation_threshold=None)
    assert _delta(independent, 21, 1e-2, 2e-3, 1e6)[1] > 1.3 * stderr


def _sizes(law, merges, *, distillation="auto", budget=1e-3, memory_pairs=0.0):
    """The network of 4 modules, all to all, at d = 21 and p = 1e-3, links of pairs of fidelity 0.99."""
    rs = route_set(4, 4, "all_to_all", Traffic(None, 0.75, "even"), False)
    one = lambda x: np.full(len(merges), x)  # noqa: E731
    return size_networks(rs, d=one(21), cycle_time_s=one(1e-6), merges=np.asarray(merges, float), magic_states=one(0.0),
                         layers=one(1e6), t_logical=one(21.0), fidelity=one(0.99), bulk_p=one(1e-3),
                         p_two_qubit=one(1e-3), p_measurement=one(1e-3), link_rate_hz=one(1e6), latency_s=one(1e-5),
                         links_per_pair=one(AUTO), distillation=distillation, protocol="dejmps", seam_law=law,
                         budget=one(budget), memory_pairs=one(memory_pairs), coherence_time_s=one(1.0))


def test_no_standard_errors_no_stderr():
    exact = replace(SHIPPED, A_stderr=0.0, threshold_stderr=0.0, offset_stderr=0.0)
    unknown = replace(SHIPPED, A_stderr=None, threshold_stderr=None, offset_stderr=None)
    for law in (exact, unknown):
        sizes = _sizes(law, [1e6, 1e9])
        assert np.all(sizes.failure > 0) and np.all(sizes.failure_stderr == 0)


def test_the_stderr_is_linear_in_the_remote_operations():
    sizes = _sizes(SHIPPED, [1e6, 2e6], distillation="1", budget=1.0)
    assert sizes.distillation_rounds.tolist() == [1, 1]
    assert sizes.failure[1] == pytest.approx(2 * sizes.failure[0], rel=1e-12)
    assert sizes.failure_stderr[1] == pytest.approx(2 * sizes.failure_stderr[0], rel=1e-12)
    assert sizes.failure_stderr[0] > 0


@pytest.mark.parametrize("budget, memory_pairs", [(1.0, 0.0), (1e-4, 0.0), (1e-4, 1000.0)])
def test_the_stderr_is_taken_at_the_pairs_the_failure_is(budget, memory_pairs):
    """With only A uncertain the stderr is failure x A_stderr / A, whatever distillation (budget 1e-4) and
    pair storage (memories) did to the pairs."""
    only_a = replace(SHIPPED, threshold_stderr=0.0, offset_stderr=0.0)
    sizes = _sizes(only_a, [1e6, 1e7], budget=budget, memory_pairs=memory_pairs)  # within the budget: stored pairs
    assert (sizes.distillation_rounds > 0).all() == (budget < 1)
    assert (sizes.pair_storage_s > 0).all() == (memory_pairs > 0)
    assert np.allclose(sizes.failure_stderr, sizes.failure * SHIPPED.A_stderr / SHIPPED.A, rtol=1e-12)


def test_a_calibration_without_fit_errors_gives_zero_on_the_example():
    data = load_calibration("default").to_dict()
    for law in data["seam"].values():
        law.update(A_stderr=0.0, threshold_stderr=0.0, offset_stderr=0.0)
    plan = ftp.estimate(POC, calibration_from_dict(data, "exact-seam"))
    assert plan.row()["network_failure"] > 0 and plan.row()["network_failure_stderr"] == 0


def test_the_networked_example_reports_it_in_csv_json_summary_and_html(tmp_path):
    plan = ftp.estimate(POC)
    assert plan.modules > 1
    stderr = plan.network.failure_stderr
    assert 0 < stderr and plan.row()["network_failure_stderr"] == stderr
    csv_path, json_path, html_path = write_outputs(plan, tmp_path, ["csv", "json", "html"])
    with csv_path.open(newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert float(row["network_failure_stderr"]) == pytest.approx(stderr, rel=1e-5)
    report = json.loads(json_path.read_text())
    assert report["summary"]["network_failure_stderr"] == stderr == report["network"]["failure_stderr"]
    assert "(fit, 1σ)" in next(line for line in summary_text(plan).splitlines() if "network failure" in line)
    assert "± " in html_path.read_text(encoding="utf-8").split("<th>network failure</th>")[1].split("</tr>")[0]


def test_one_module_reports_zero():
    plan = ftp.estimate(ONE_MODULE)
    assert plan.modules == 1
    assert plan.row()["network_failure_stderr"] == 0.0 == plan.row()["network_failure"]
    assert plan_rows(ftp.load(ONE_MODULE), {})["network_failure_stderr"].tolist() == [0.0]
