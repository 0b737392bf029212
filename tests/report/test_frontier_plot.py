"""The frontier plot reads: ticks labelled inside the data, log only over decades, units in the labels, one
dot per point, and a colour scale only where the colour means one thing per point."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import ftplanner as ftp
from ftplanner.report.frontier import axis_label, frontier
from ftplanner.report.summary import human_count
from tests.conftest import ROOT

TRILLION = ROOT / "architectures" / "networked-trillion-gate.yaml"
PREFIX = {" k": 1e3, " M": 1e6, " G": 1e9, " T": 1e12}


@pytest.fixture(scope="module")
def readme_sweep():
    """The README's Python example: 20 error rates x 4 module sizes of the trillion-gate machine."""
    return ftp.sweep(TRILLION, {"hardware.error_rates.two_qubit": "1e-4..3e-3:20:log",
                                "modules.physical_qubits": [250_000, 500_000, 1_000_000, 2_000_000]})


def _value(text: str) -> float:
    """A tick label back as a number: '20 M' -> 2e7, '2.6' -> 2.6."""
    text = text.replace("\u2212", "-")
    for suffix, size in PREFIX.items():
        if text.endswith(suffix):
            return float(text.removesuffix(suffix)) * size
    return float(text)


def labelled_ticks(axis, data: np.ndarray) -> list[tuple[float, str]]:
    """(position, label) of the drawn major ticks that carry a label and lie within the data's range."""
    low, high = sorted(axis.get_view_interval())
    ticks = [(tick.get_loc(), tick.label1.get_text()) for tick in axis.get_major_ticks()]
    return [(loc, text) for loc, text in ticks if text and low <= loc <= high and data.min() <= loc <= data.max()]


def _drawn(fig):
    FigureCanvasAgg(fig).draw()
    return fig.axes[0]


def test_the_readme_plot_labels_both_axes_inside_the_data(readme_sweep):
    ok = readme_sweep[readme_sweep["feasible"]]
    fig = readme_sweep.plot_frontier(x="physical_qubits", y="runtime_s", colour_by="modules.physical_qubits")
    ax = _drawn(fig)
    days = ok["runtime_s"].to_numpy(float) / 86400
    assert days.max() / days.min() < 10 and ax.get_yscale() == "linear"  # 2.5-2.7 d: no decade inside, so linear
    assert ax.get_xscale() == "log"  # 15 M to 460 M qubits
    for axis, data in ((ax.yaxis, days), (ax.xaxis, ok["physical_qubits"].to_numpy(float))):
        ticks = labelled_ticks(axis, data)
        assert len(ticks) >= 3, f"{axis.get_label_text()}: only {ticks} labelled inside the data"
        assert all(_value(text) == pytest.approx(loc, rel=0.01) for loc, text in ticks)
    assert ax.get_ylabel() == "runtime (d)" and ax.get_xlabel() == "physical qubits"
    # every module size gives the same qubits and runtime, so a colour per dot would show only the last drawn
    assert len(fig.axes) == 1 and "modules.physical_qubits not coloured" in ax.get_legend().get_title().get_text()
    assert len(ax.collections[0].get_offsets()) == len(ok.drop_duplicates(["physical_qubits", "runtime_s"]))


def test_a_colour_that_varies_point_by_point_gets_a_scale_with_its_unit():
    frame = pd.DataFrame({"feasible": [True, True, True, False], "physical_qubits": [1e5, 2e5, 3e5, 1e4],
                          "runtime_s": [10.0, 5.0, 7.0, 1.0], "network.link.latency_us": [1.0, 10.0, 5.0, 1.0]})
    fig = ftp.plot_frontier(frame, colour_by="network.link.latency_us")
    ax = _drawn(fig)
    legend = ax.get_legend()
    assert "2 of 3 points" in legend.get_texts()[0].get_text() and "1 infeasible" in legend.get_title().get_text()
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "network.link.latency_us (us)"
    assert ax.get_ylabel() == "runtime (s)" and ax.get_xscale() == ax.get_yscale() == "linear"


def test_a_colour_that_does_not_vary_is_said_not_drawn():
    frame = pd.DataFrame({"feasible": [True, True], "links": [10, 40], "physical_qubits": [2e6, 1e6], "modules": [4, 4]})
    fig = ftp.plot_frontier(frame, x="physical_qubits", y="links", colour_by="modules")
    ax = _drawn(fig)
    assert len(fig.axes) == 1 and "modules = 4 throughout" in ax.get_legend().get_title().get_text()


def test_ties_are_one_frontier_point_in_the_plot():
    frame = pd.DataFrame({"feasible": [True] * 4, "physical_qubits": [1e6, 1e6, 2e6, 3e6], "runtime_s": [9.0, 9.0, 3.0, 5.0],
                          "modules": [2, 1, 1, 1]})
    ax = _drawn(ftp.plot_frontier(frame))
    text = ax.get_legend().get_texts()[0].get_text()
    assert text == "Pareto frontier: 2 of 3 points (3 designs tie there)"


def test_labels_carry_units_they_lack():
    assert axis_label("peak_raw_bell_pairs_per_s", "Hz (pairs/s)") == "peak raw bell pairs per s"
    assert axis_label("expected_runtime_s", "h", duration=True) == "expected runtime (h)"
    assert axis_label("links", "links") == "links"
    assert axis_label("hardware.cycle_time_ns", "ns") == "hardware.cycle_time_ns (ns)"
    assert axis_label("failure_probability", "probability per run") == "failure probability (probability per run)"
    assert human_count(2e7) == "20 M"


def test_no_feasible_design_says_so():
    frame = pd.DataFrame({"feasible": [False], "physical_qubits": [1.0], "runtime_s": [1.0]})
    empty = frontier(frame, frame.iloc[:0])
    assert "no feasible design" in empty.axes[0].texts[0].get_text()
