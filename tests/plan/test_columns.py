"""One table of output columns: Plan.row(), the sweep's rows, the CSV and the README all follow it."""

from __future__ import annotations

import csv
import re

import pytest

import ftplanner as ftp
from ftplanner.architecture.values import Values
from ftplanner.calibration import load_calibration
from ftplanner.plan import columns
from ftplanner.plan.batch import plan_rows
from ftplanner.plan.planner import plan_points
from ftplanner.plan.resolve import resolve, single_machine
from ftplanner.plan.result import CSV_COLUMNS
from ftplanner.report.writers import write_outputs
from tests.conftest import ROOT, variant

POC = ROOT / "architectures" / "networked-poc-2030.yaml"
NAMES = [column.name for column in columns.COLUMNS]


CASES = {
    "feasible-networked": {},
    "infeasible-threshold": {"hardware__error_rates__two_qubit": 0.05},
    "infeasible-at-the-network": {"network__link__bell_pair_fidelity": 0.5},
    "infeasible-constraint": {"constraints__max_runtime": 1.0},
}


def test_the_table_names_each_column_once_with_a_meaning():
    assert tuple(NAMES) == CSV_COLUMNS == columns.CSV_COLUMNS
    assert len(set(NAMES)) == len(NAMES)
    assert all(column.meaning.strip() and "|" not in column.meaning + column.unit for column in columns.COLUMNS)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_plan_row_and_sweep_rows_have_exactly_the_tables_columns(case):
    arch = variant(POC, **CASES[case])
    plan = ftp.estimate(arch)
    assert plan.feasible == (case == "feasible-networked")
    if case != "infeasible-threshold":
        assert plan.modules > 1
    rows = plan_rows(arch, {})
    assert list(plan.row()) == list(rows) == NAMES


def test_the_csv_header_is_the_table(tmp_path):
    (path,) = write_outputs(ftp.estimate(POC), tmp_path, ["csv"])
    with path.open(newline="") as fh:
        assert next(csv.reader(fh)) == NAMES


def test_in_order_refuses_a_missing_or_extra_column():
    row = {name: 0 for name in reversed(NAMES)}
    assert list(columns.in_order(row)) == NAMES
    with pytest.raises(ValueError, match="missing \\['links'\\]"):
        columns.in_order({k: v for k, v in row.items() if k != "links"})
    with pytest.raises(ValueError, match="extra \\['spare'\\]"):
        columns.in_order({**row, "spare": 1})


def test_the_readme_lists_the_generated_table():
    text = (ROOT / "README.md").read_text()
    block = re.search(r"^### Output columns\n.*?<!-- columns:start -->\n(.*?)<!-- columns:end -->", text, re.S | re.M)
    assert block, "README.md lacks the ### Output columns block between <!-- columns:start --> and <!-- columns:end -->"
    assert block.group(1) == columns.markdown_table(), "regenerate it with ftplanner.plan.columns.markdown_table()"


@pytest.mark.parametrize("topology", ["all_to_all", "switched", "ring", "line"])
def test_a_single_plan_takes_its_network_from_the_planner_without_sizing_again(monkeypatch, topology):
    """Designs.plan builds the NetworkPlan (per-link loads) from the sizes the planner kept."""
    from ftplanner.plan import network, planner

    arch = variant(POC, network__topology=topology)
    values = Values(arch)
    machine = resolve(values, load_calibration(arch.calibration))
    designs = plan_points(values, machine)

    def refuse(*args, **kwargs):
        raise AssertionError("the network was sized again")

    monkeypatch.setattr(network, "size_networks", refuse)
    monkeypatch.setattr(planner, "size_networks", refuse)
    plan = designs.plan(0, single_machine(machine), arch)
    assert plan.modules > 1 and plan.network.links
    assert plan.network.links_total == plan.row()["links"] == int(designs.network["links"][0])
    busiest = plan.network.busiest
    assert plan.row()["bell_pairs_per_s_per_link"] == designs.rows(arch, machine.profile)["bell_pairs_per_s_per_link"][0]
    assert busiest.peak_raw_bell_pairs_per_s == designs.network["peak_raw_bell_pairs_per_s"][0]
    assert sum(link.count for link in plan.network.links) == plan.network.topology_links
    assert plan.network.failure == plan.failures["network"]
