"""Inputs that cannot be static case files: FIFOs, devices, oversized files; and YAML merge keys that work."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import ftplanner as ftp
from ftplanner.inputs import MAX_YAML_BYTES
from tests.conftest import MINIMAL

COUNTS = "workload:\n  logical_counts: {numQubits: 100, tCount: 1.0e6}\n"
HARDWARE = "name: fifo-case\nhardware: {preset: qubit_gate_ns_e3}\n"


def only_problem(path):
    with pytest.raises(ftp.SpecError) as info:
        ftp.load(path)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "ftplanner", *map(str, args)], capture_output=True, text=True,
                          timeout=60)


def test_a_fifo_architecture_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "arch.yaml"
    os.mkfifo(fifo)
    result = cli("validate", fifo)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"{fifo}:1: {fifo} is a FIFO (named pipe); an input must be a regular file"


@pytest.mark.parametrize("key, text", [
    ("calibration", COUNTS + "calibration: {fifo}\n"),
    ("workload.logical_counts_file", "workload:\n  logical_counts_file: {fifo}\n"),
    ("workload.circuit_file", COUNTS + "  circuit_file: {fifo}\n"),
])
def test_a_fifo_named_by_the_architecture_is_refused_at_its_key(tmp_path, write_yaml, key, text):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    problem = only_problem(write_yaml(HARDWARE + text.replace("{fifo}", str(fifo))))
    assert problem.field == key and "FIFO" in problem.message and problem.line >= 3


def test_cli_refuses_dev_zero_at_once():
    result = cli("validate", "/dev/zero")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "/dev/zero:1: /dev/zero is a character device; an input must be a regular file"


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, write_yaml):
    big = tmp_path / "counts.json"
    with open(big, "wb") as handle:
        handle.truncate(MAX_YAML_BYTES + 1)  # sparse: no megabyte written
    problem = only_problem(write_yaml(HARDWARE + f"workload:\n  logical_counts_file: {big}\n"))
    assert problem.field == "workload.logical_counts_file" and "at most 1 MB" in problem.message
    assert only_problem(big).message.endswith("input files may be at most 1 MB")


def test_merge_keys_merge_and_a_later_key_wins(write_yaml):
    arch = ftp.load(write_yaml(MINIMAL + "network:\n  link:\n    <<: {latency_us: 5, bell_pair_rate_hz: 2.0e6}\n"
                                         "    latency_us: 7\n"))
    assert arch.network.link.latency_us == 7 and arch.network.link.bell_pair_rate_hz == 2e6


def test_a_merged_bad_value_is_located_where_it_is_written(write_yaml):
    path = write_yaml(MINIMAL + "network:\n  link:\n    <<: {bell_pair_fidelity: 2}\n")
    problem = only_problem(path)
    assert problem.field == "network.link.bell_pair_fidelity"
    assert "bell_pair_fidelity" in path.read_text().splitlines()[problem.line - 1]


def test_twenty_aliases_and_twenty_levels_are_within_the_limits(write_yaml):
    aliases = MINIMAL.replace("tCount", "measurementCount: &m 5, tCount") + "".join(f"x{i}: *m\n" for i in range(20))
    nested = MINIMAL + "factories: {protocols: " + "[" * 20 + "]" * 20 + "}\n"
    for text in (aliases, nested):
        with pytest.raises(ftp.SpecError) as info:
            ftp.load(write_yaml(text))
        assert not any("limit" in p.message for p in info.value.problems), info.value.problems


def test_a_circuit_path_holding_colon_space_loads_and_locates_its_errors(tmp_path, write_yaml):
    circuit = tmp_path / "odd: name.qasm"
    circuit.write_text("OPENQASM 2.0;\nqreg q[2];\ncx q[0], q[1];\n")
    arch = ftp.load(write_yaml(MINIMAL + f'  circuit_file: "{circuit.name}"\n'))
    assert arch.workload.circuit_file == str(circuit)
    circuit.write_text("OPENQASM 2.0;\nqreg q[2];\ncx q[0], q[5];\n")
    problem = only_problem(write_yaml(MINIMAL + f'  circuit_file: "{circuit.name}"\n'))
    assert (problem.file, problem.line) == (str(circuit), 3) and "outside register q[2]" in problem.message
