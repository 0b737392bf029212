"""Architecture files: defaults, units, and one clear located message per bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import ftplanner as ftp
from ftplanner.architecture.units import parse_duration
from tests.conftest import MINIMAL

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):( (?P<field>[\w.]+):)? (?P<message>.+)$")


def problems(path):
    with pytest.raises(ftp.SpecError) as info:
        ftp.load(path)
    return info.value.problems


def test_minimal_file_takes_documented_defaults(write_yaml):
    arch = ftp.load(write_yaml(MINIMAL))
    assert arch.profile == "ftplanner"
    assert arch.code.layout == "fast" and arch.code.max_distance == 101
    assert arch.modules.count == "auto" and arch.modules.physical_qubits is None
    assert arch.budget.total_failure == 1e-3
    assert arch.workload.logical_counts.tCount == 1_000_000


@pytest.mark.parametrize("text, seconds", [("30d", 30 * 86400), ("10us", 1e-5), ("500 ns", 5e-7), ("1.5h", 5400), (2, 2)])
def test_durations_accept_units(text, seconds):
    assert parse_duration(text, "s") == pytest.approx(seconds)


def test_duration_fields_take_their_own_unit_and_max_runtime_any(write_yaml):
    arch = ftp.load(write_yaml(MINIMAL + "decoder: {reaction_time_us: 2000us}\nconstraints: {max_runtime: 30d}\n"))
    assert arch.decoder.reaction_time_us == 2000
    assert arch.constraints.max_runtime == pytest.approx(30 * 86400)
    assert ftp.load(write_yaml(MINIMAL + "decoder: {reaction_time_us: 2000 µs}\n")).decoder.reaction_time_us == 2000


def test_a_unit_contradicting_the_key_is_refused_with_the_number_to_write(write_yaml):
    with pytest.raises(ftp.SpecError) as info:
        ftp.load(write_yaml(MINIMAL + "decoder: {reaction_time_us: 2ms}\n"))
    assert [p.message for p in info.value.problems] == [
        "reaction_time_us is in µs: write 2000 (that is 2ms), or the number with its own unit, 2000us"]


BAD = [
    ("unknown key, close match", MINIMAL + "code: {layot: fast}\n", 5, "code.layot", "did you mean 'layout'"),
    ("unknown section", MINIMAL + "hardwar: {}\n", 5, "hardwar", "did you mean 'hardware'"),
    ("rate above 0.5", MINIMAL.replace("preset: qubit_gate_ns_e3", "error_rates: {two_qubit: 0.7}"),
     2, "hardware.error_rates.two_qubit", "at most 0.5"),
    ("negative rate", MINIMAL.replace("preset: qubit_gate_ns_e3", "error_rates: {two_qubit: -1.0e-3}"),
     2, "hardware.error_rates.two_qubit", "at least 0"),
    ("string rate", MINIMAL.replace("preset: qubit_gate_ns_e3", "error_rates: {two_qubit: abc}"),
     2, "hardware.error_rates.two_qubit", "valid number"),
    ("nan rate", MINIMAL.replace("preset: qubit_gate_ns_e3", "error_rates: {two_qubit: .nan}"),
     2, "hardware.error_rates.two_qubit", "finite"),
    ("no error rate", MINIMAL.replace("{preset: qubit_gate_ns_e3}", "{noise_model: uniform}"),
     2, "hardware", "hardware.preset or hardware.error_rates.two_qubit"),
    ("unknown preset", MINIMAL.replace("qubit_gate_ns_e3", "qubit_gate_ns_e9"), 2, "hardware.preset", "qubit_gate_ns_e3"),
    ("fractional count", MINIMAL.replace("1.0e6", "1.5"), 4, "workload.logical_counts.tCount", "whole number"),
    ("rotation depth above count", MINIMAL.replace("tCount: 1.0e6", "rotationCount: 10, rotationDepth: 20"),
     4, "workload.logical_counts", "cannot exceed"),
    ("bad duration", MINIMAL + "decoder: {reaction_time_us: 10 parsecs}\n", 5, "decoder.reaction_time_us", "not a duration"),
    ("zero capacity", MINIMAL + "modules: {physical_qubits: 0}\n", 5, "modules.physical_qubits", "at least 1"),
    ("fidelity above 1", MINIMAL + "network: {link: {bell_pair_fidelity: 1.2}}\n", 5, "network.link.bell_pair_fidelity", "at most 1"),
    ("count neither auto nor number", MINIMAL + "modules: {count: many}\n", 5, "modules.count", "'auto'"),
    ("budget of 1", MINIMAL + "budget: {total_failure: 1}\n", 5, "budget.total_failure", "below 1"),
    ("split over 1", MINIMAL + "budget: {split: {logical: 0.8, magic: 0.5}}\n", 5, "budget.split", "add up to 1.3"),
    ("missing workload", "name: x\nhardware: {preset: qubit_gate_ns_e3}\n", 1, "workload", "required"),
    ("bad name", MINIMAL.replace("name: minimal", "name: 'a b/c'"), 1, "name", "pattern"),
    ("list root", "- name: x\n", 1, "", "expected a mapping"),
    ("empty file", "", 1, "", "empty"),
    ("tab", MINIMAL + "code:\n\tlayout: fast\n", 6, "", "tab"),
    ("duplicate key", MINIMAL + "code: {layout: fast}\ncode: {layout: compact}\n", 6, "", "duplicate"),
    ("syntax", MINIMAL + "code: {layout: [fast}\n", 5, "", "YAML syntax"),
]


@pytest.mark.parametrize("case, text, line, field, fragment", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_located_message(write_yaml, case, text, line, field, fragment):
    path = write_yaml(text)
    found = problems(path)
    matching = [p for p in found if p.field == field]
    assert matching, f"no problem at {field!r}; got {[str(p) for p in found]}"
    assert matching[0].line == line
    assert fragment.lower() in matching[0].message.lower()
    assert all(LINE.match(str(p)) for p in found)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\x00\x01\x02binary")
    assert "binary" in problems(path)[0].message


def test_counts_file_is_read_relative_to_the_yaml(write_yaml, tmp_path):
    (tmp_path / "counts.json").write_text(json.dumps({"logicalCounts": {"numQubits": 7, "tCount": 99}}))
    arch = ftp.load(write_yaml(MINIMAL.replace("logical_counts: {numQubits: 100, tCount: 1.0e6}", "logical_counts_file: counts.json")))
    assert arch.workload.logical_counts.numQubits == 7 and arch.workload.logical_counts.tCount == 99


def test_counts_file_problems_name_that_file(write_yaml, tmp_path):
    (tmp_path / "counts.json").write_text('{\n  "numQubits": 7,\n  "tcount": 99\n}\n')
    found = problems(write_yaml(MINIMAL.replace("logical_counts: {numQubits: 100, tCount: 1.0e6}", "logical_counts_file: counts.json")))
    assert found[0].file.endswith("counts.json") and found[0].line == 3 and "tCount" in found[0].message


def test_missing_counts_file(write_yaml):
    found = problems(write_yaml(MINIMAL.replace("logical_counts: {numQubits: 100, tCount: 1.0e6}", "logical_counts_file: nowhere.json")))
    assert found[0].field == "workload.logical_counts_file" and "no such file" in found[0].message and found[0].line == 4


def test_missing_and_corrupt_calibration(write_yaml, tmp_path):
    assert "no such calibration" in problems(write_yaml(MINIMAL + "calibration: nope.json\n"))[0].message
    (tmp_path / "bad.json").write_text('{"name": "x", "memory": {}}')
    found = problems(write_yaml(MINIMAL + "calibration: bad.json\n"))
    assert found[0].field == "calibration" and found[0].line == 5


def test_every_problem_is_reported_not_only_the_first(write_yaml):
    text = MINIMAL + "code: {layot: fast}\ndecoder: {reaction_time_us: soon}\n"
    assert {p.field for p in problems(write_yaml(text))} >= {"code.layot", "decoder.reaction_time_us"}


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "ftplanner", *map(str, args)], capture_output=True, text=True)


def test_validate_cli_exit_codes_and_lines(write_yaml):
    good = run_cli("validate", write_yaml(MINIMAL, "good.yaml"))
    assert good.returncode == 0, good.stderr
    bad = run_cli("validate", write_yaml(MINIMAL + "code: {layot: fast}\n", "bad.yaml"))
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]) and lines[0].endswith("did you mean 'layout'?")


def test_schema_cli_prints_json_schema():
    result = run_cli("schema")
    schema = json.loads(result.stdout)
    assert result.returncode == 0
    assert {"name", "hardware", "workload", "network"} <= set(schema["properties"])
    assert schema["required"] == ["name", "workload"]


def test_factory_protocols_are_checked_against_the_catalogue(write_yaml):
    found = problems(write_yaml(MINIMAL + "factories: {protocols: [15-to-2]}\n"))
    assert found[0].field == "factories.protocols" and "15-to-1" in found[0].message and found[0].line == 5
    arch = ftp.load(write_yaml(MINIMAL + "factories: {protocols: ['(15-to-1)x(15-to-1)']}\n"))
    plan = ftp.estimate(arch)
    assert plan.feasible and " x (15-to-1)" in plan.factory.protocol
