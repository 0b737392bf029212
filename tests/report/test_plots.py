"""Plot helpers: each draws what its plan holds, refuses plans without the data, and inlines as clean SVG."""

from __future__ import annotations

import re

import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure

import ftplanner as ftp
from ftplanner.calibration import load_calibration
from ftplanner.report import plots
from tests.conftest import DATA, ROOT

POC = ROOT / "architectures" / "networked-poc-2030.yaml"
STARLING = ROOT / "architectures" / "ibm-starling-2029.yaml"


@pytest.fixture(scope="module")
def poc():
    return ftp.estimate(POC)


@pytest.fixture(scope="module")
def above_threshold():
    return ftp.estimate({"name": "hot", "hardware": {"error_rates": {"two_qubit": 0.02}},
                         "workload": {"logical_counts": {"numQubits": 10, "tCount": 1e4}}})


def test_module_shares_split_every_physical_qubit(poc):
    shares = plots.module_shares(poc)
    total = sum(s.count * s.used for s in shares)
    assert total == pytest.approx(poc.physical_qubits)
    assert sum(s.count * s.factory_qubits for s in shares) == poc.physical_qubits_factories
    data = sum(s.count * s.data for s in shares)  # one tile per logical qubit
    assert data == pytest.approx(poc.logical_qubits * poc.physical_qubits_data / poc.layout_tiles)
    assert all(s.used <= s.capacity for s in shares)


def test_link_groups_merge_identical_links_and_keep_the_count(poc):
    groups = plots.link_groups(poc)
    assert sum(g.alike for g in groups) == poc.network.topology_links
    assert [g.raw_bell_pairs_per_s for g in groups] == sorted((g.raw_bell_pairs_per_s for g in groups), reverse=True)
    rate = poc.assumptions["architecture"]["network"]["link"]["bell_pair_rate_hz"]
    assert all(g.capacity == g.links * rate for g in groups)


@pytest.mark.parametrize("helper", [plots.module_breakdown, plots.failure_budget, plots.runtime_bounds,
                                    plots.bell_pair_demand, plots.calibration])
def test_every_helper_draws_a_figure_that_inlines_as_svg(poc, helper):
    fig = helper(poc)
    assert isinstance(fig, Figure) and fig.axes
    svg = plots.to_svg(fig, "t")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<metadata" not in svg  # no creation date or tool banner: reports regenerate identically
    ids = re.findall(r'\bid="([^"]*)"', svg)
    assert ids and all(i.startswith("t-") for i in ids)
    assert all(ref.startswith("#t-") for ref in re.findall(r'(?:href="|url\()([^")]*)', svg))


def test_svg_is_deterministic(poc):
    """Reports are committed: regenerating them must not change a byte of the plots."""
    assert plots.to_svg(plots.runtime_bounds(poc), "a") == plots.to_svg(plots.runtime_bounds(poc), "a")


def test_plots_without_data_say_why(above_threshold):
    assert not above_threshold.feasible
    for helper in (plots.module_breakdown, plots.failure_budget, plots.runtime_bounds, plots.bell_pair_demand):
        with pytest.raises(ValueError, match="hot"):
            helper(above_threshold)
    plots.calibration(above_threshold)  # the law exists even when no distance does


def test_single_unbounded_module_has_no_links_and_no_capacity():
    plan = ftp.estimate(STARLING)
    with pytest.raises(ValueError, match="one module"):
        plots.bell_pair_demand(plan)
    assert [s.capacity for s in plots.module_shares(plan)] == [None]


def test_binding_bound_is_highlighted(poc):
    bars = plots.runtime_bounds(poc).axes[0].patches
    colours = [tuple(bar.get_facecolor()) for bar in bars]
    binding = list(poc.runtime_bounds_s).index(poc.binding_constraint)
    assert colours.count(colours[binding]) == 1


def test_calibration_points_from_the_reference_sweep():
    """Reference: Stim SD6 memory sweep (tests/data/stim_sd6_threshold.csv, sinter format)."""
    points = plots.calibration_points(DATA / "stim_sd6_threshold.csv")
    assert set(points["d"]) >= {3, 5, 7}
    assert (points["low"] <= points["per_round"]).all() and (points["per_round"] <= points["high"]).all()
    row = points[(points["d"] == 3) & (points["p"] == 0.001)].iloc[0]
    shot = row["errors"] / row["shots"]
    assert row["per_round"] == pytest.approx((1 - (1 - 2 * shot) ** (1 / row["rounds"])) / 2)
    # the shipped uniform (SD6) law runs through the reference's measured points at p = 1e-3
    law = load_calibration().memory["uniform"]
    assert law.per_round(row["d"], row["p"]) == pytest.approx(row["per_round"], rel=0.5)


def test_calibration_plot_draws_measured_points_with_intervals(poc):
    fig = plots.calibration(poc, DATA / "stim_sd6_threshold.csv")
    bars = [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert len(bars) == len(plots.calibration_points(DATA / "stim_sd6_threshold.csv")["d"].unique())
    assert not [c for c in plots.calibration(poc).axes[0].containers if isinstance(c, ErrorbarContainer)]


def test_sci_text():
    assert plots.sci(2.541e-3) == "2.54\u202f\u00d7\u202f10\u207b\u00b3"
    assert plots.sci(1e12) == "1\u202f\u00d7\u202f10\u00b9\u00b2"
