"""The HTML report: one self-contained file with every section, numbers for people, infeasible plans explained."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import ftplanner as ftp
from ftplanner.report import html, plots
from ftplanner.report.writers import write_outputs
from tests.conftest import DATA, ROOT

POC = ROOT / "architectures" / "networked-poc-2030.yaml"
SECTIONS = ("resources", "factories", "network", "budget", "runtime", "calibration", "assumptions", "numbers", "provenance")


class Resources(HTMLParser):
    """Everything in a page that could make a browser fetch something: tags, src/href/action, CSS url() and @import."""

    def __init__(self, text: str):
        super().__init__()
        self.fetching, self.ids = [], []
        self.feed(text)
        self.fetching += [u for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", text) if not u.startswith("#")]
        self.fetching += re.findall(r"@import[^;]*", text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio", "source"):
            self.fetching.append(f"<{tag}>")
        for name in ("src", "href", "xlink:href", "action", "poster", "srcset"):
            if attrs.get(name) and not attrs[name].startswith("#"):
                self.fetching.append(attrs[name])
        if "id" in attrs:
            self.ids.append(attrs["id"])


@pytest.fixture(scope="module")
def poc():
    return ftp.estimate(POC)


@pytest.fixture(scope="module")
def page(poc):
    return poc.to_html()


def test_report_is_one_self_contained_file(page):
    found = Resources(page)
    assert found.fetching == []
    assert len(found.ids) == len(set(found.ids)), "element ids must be unique across the inline SVGs"
    assert page.count("<svg") == 5  # breakdown, network, budget, runtime, calibration
    assert "<style>" in page and "@media print" in page


def test_report_has_every_section(page, poc):
    for section in SECTIONS:
        assert f'id="{section}"' in page
    assert page.index("Feasible.") < page.index('id="resources"')  # the verdict leads
    assert f'<tr class="binding"><td>{plots.BOUND_LABELS[poc.binding_constraint]}\n<span class="tag bind">binds</span>' in page
    assert poc.factory.protocol in page and poc.provenance["input_sha256"] in page


def test_numbers_are_rounded_with_exact_tooltips(page, poc):
    assert 1e5 <= poc.physical_qubits < 1e6  # shown in thousands, three significant figures
    assert f'<span class="num" title="{poc.physical_qubits:,}">{poc.physical_qubits / 1e3:.3g}\u202fk</span>' in page
    runtime = html.fmt_duration(poc.runtime_s)
    assert str(runtime) in page and f'title="{poc.runtime_s!r} s"' in runtime
    assert str(html.fmt_prob(poc.failure_probability)) in page


@pytest.mark.parametrize("value, text", [
    (50, "50"), (6190, "6,190"), (190432, "190\u202fk"), (69_195_192, "69.2\u202fM"),
    (1e12, "1\u202f\u00d7\u202f10\u00b9\u00b2"),
])
def test_counts_for_people(value, text):
    assert str(html.fmt_count(value)).endswith(f">{text}</span>")


def test_missing_numbers_show_a_dash():
    assert str(html.fmt_count(None)) == str(html.fmt_count(float("nan"))) == "&ndash;"


def test_probabilities_and_durations_for_people():
    assert ">2.54\u202f\u00d7\u202f10\u207b\u00b3<" in str(html.fmt_prob(2.541e-3))
    assert ">0.0329<" in str(html.fmt_prob(0.0329))
    assert ">3.44\u00a0d<" in str(html.fmt_duration(297500.0))
    assert html.fmt_percent(0.0004) == "<0.1\u00a0%" and html.fmt_percent(0.259) == "25.9\u00a0%"


def test_assumptions_mark_defaults_with_their_resolved_values(poc):
    sections = dict(html.assumption_sections(poc))
    assert list(sections)[0] == "architecture"
    hardware = {row["field"]: row for row in sections["hardware"]}
    assert hardware["cycle_time_ns"]["default"] and hardware["cycle_time_ns"]["value"] == pytest.approx(850)
    assert hardware["error_rates.t_gate"]["default"] and hardware["error_rates.t_gate"]["value"] == pytest.approx(1e-4)
    assert not hardware["noise_model"]["default"]
    assert {row["field"] for row in sections["constraints"] if row["seconds"]} == {"max_runtime"}


@pytest.mark.parametrize("spec, reason", [
    ({"hardware": {"error_rates": {"two_qubit": 0.02}}}, "threshold"),
    ({"hardware": {"error_rates": {"two_qubit": 1e-3}}, "constraints": {"max_runtime": "1us"}}, "max_runtime"),
    ({"hardware": {"error_rates": {"two_qubit": 1e-3}}, "modules": {"physical_qubits": 1000}}, "cannot hold"),
    # modules small enough that the line needs several hops (with cultivation two 100,000-qubit modules fit)
    ({"hardware": {"error_rates": {"two_qubit": 1e-3}}, "modules": {"physical_qubits": 50000},
      "network": {"topology": "line", "link": {"bell_pair_fidelity": 0.7}}}, "distillation needs"),
])
def test_infeasible_plans_render_leading_with_the_reason(spec, reason):
    plan = ftp.estimate({"name": "no-go", "workload": {"logical_counts": {"numQubits": 50, "tCount": 1e6}}, **spec})
    assert not plan.feasible and reason in plan.reason
    page = plan.to_html()
    assert page.index("Infeasible:") < page.index(reason) < page.index('id="resources"')
    assert Resources(page).fetching == []
    for section in SECTIONS:
        assert f'id="{section}"' in page


def test_calibration_statistics_add_points(poc):
    page = poc.to_html(calibration_stats=DATA / "stim_sd6_threshold.csv")
    assert "95 % Wilson intervals" in page and "stim_sd6_threshold.csv" in page


def test_notebook_view_is_summary_and_breakdown(poc):
    cell = poc._repr_html_()
    assert cell.startswith('<div class="ftp">') and cell.count("<svg") == 1
    assert "Feasible." in cell and "<html" not in cell and Resources(cell).fetching == []
    assert "<style>" in cell and ".ftp " in cell  # styles scoped to the report's block


def test_writer_adds_html(tmp_path, poc):
    written = write_outputs(poc, tmp_path, ["html"])
    assert written == [tmp_path / "networked-poc-2030.html"]
    assert written[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
