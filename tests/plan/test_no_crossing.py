"""A circuit whose partition leaves no gate crossing modules plans with no cross traffic (issue #17)."""

from __future__ import annotations

import ftplanner as ftp
from ftplanner.report.summary import summary_text

QASM = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[10];\ncx q[0],q[1];\ncx q[1],q[9];\n'


def test_two_fixed_modules_with_no_crossing_gate(tmp_path):
    (tmp_path / "c.qasm").write_text(QASM)
    path = tmp_path / "a.yaml"
    path.write_text("name: nocross\nhardware:\n  error_rates: {two_qubit: 1.0e-3}\n"
                    "modules: {count: 2, physical_qubits: 40000}\n"
                    "workload:\n  logical_counts: {numQubits: 10, tCount: 1.0e+6}\n  circuit_file: c.qasm\n")
    plan = ftp.estimate(path)
    assert plan.feasible, plan.reason
    assert plan.modules == 2
    assert plan.network.cross_module_fraction == 0.0
    assert plan.failures["network"] == 0.0
    assert all(link.concurrent_merges >= 0 and link.peak_raw_bell_pairs_per_s >= 0 for link in plan.network.links)
    assert " -0 " not in summary_text(plan)
