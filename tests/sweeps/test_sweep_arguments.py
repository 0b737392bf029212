"""Library sweep functions refuse bad values with InvalidArgument naming the Python parameter (no flags);
the `sweep` verb prints the same refusal with its flag, as one line, exit 2."""

from __future__ import annotations

import pytest

import ftplanner as ftp
from ftplanner.errors import InvalidArgument
from tests.sweeps.conftest import POC

WHERE = "(see `ftplanner sweep --help` or the README's list of sweepable fields)"
CASES = [
    ({"hardware.error_rate.two_qubit": 1e-3}, ["--vary", "hardware.error_rate.two_qubit=1e-3"],
     "hardware.error_rate.two_qubit: not a sweepable field; did you mean hardware.error_rates.two_qubit or "
     "hardware.error_rates.single_qubit or hardware.error_rates.t_gate?"),
    ({"hardware.error_rates.two_qubit": "1e-3.."}, ["--vary", "hardware.error_rates.two_qubit=1e-3.."],
     "hardware.error_rates.two_qubit=1e-3..: expected LIST or A..B:N[:log|lin]"),
    ({"hardware.error_rates.two_qubit": "1..2:3:cubic"}, ["--vary", "hardware.error_rates.two_qubit=1..2:3:cubic"],
     "hardware.error_rates.two_qubit=1..2:3:cubic: unknown scale 'cubic'; expected LIST or A..B:N[:log|lin]"),
    ({"hardware.error_rates.two_qubit": 0.7}, ["--vary", "hardware.error_rates.two_qubit=0.7"],
     "hardware.error_rates.two_qubit=0.7: Input should be less than or equal to 0.5"),
]


@pytest.mark.parametrize("vary, args, message", CASES)
def test_sweep_names_vary_and_the_verb_names_the_flag(poc, run, tmp_path, vary, args, message):
    with pytest.raises(InvalidArgument) as error:
        ftp.sweep(poc, vary)
    assert error.value.argument == "vary" and "--" not in str(error.value)
    assert str(error.value).startswith(f"vary: {message}")
    result = run("sweep", POC, *args, "--out", tmp_path)
    assert result.exit_code == 2
    expected = f"--vary {message}" + (f" {WHERE}" if "not a sweepable field" in message else "")
    assert result.output == expected + "\n"


def test_pareto_frontier_names_objectives_and_the_verb_names_pareto(poc, run, tmp_path):
    frame = ftp.sweep(poc, {"modules.physical_qubits": [40_000, 100_000]})
    with pytest.raises(InvalidArgument) as error:
        ftp.pareto_frontier(frame, ["reason"])
    assert error.value.argument == "objectives" and "--" not in str(error.value)
    assert str(error.value).startswith("objectives: 'reason' is not a numeric column; objectives are numeric columns")
    result = run("sweep", POC, "--vary", "modules.physical_qubits=40000,100000", "--pareto", "reason", "--out", tmp_path)
    assert result.exit_code == 2
    assert result.output == "--pareto" + str(error.value).removeprefix("objectives") + "\n"


def test_sensitivity_and_with_values_name_their_parameters(trillion):
    with pytest.raises(InvalidArgument) as error:
        ftp.sensitivity(trillion, ["modules.count"])
    assert (error.value.argument, error.value.subject) == ("paths", "modules.count")
    assert str(error.value) == "paths: modules.count: auto: the planner chooses it"
    with pytest.raises(InvalidArgument) as error:
        ftp.sweeps.with_values(trillion, {"modules.size": 3})
    assert str(error.value).startswith("values: modules.size: not a sweepable field;")
    assert str(error.value).endswith("(see ftplanner.plan.batch.SWEEPABLE or the README's list of sweepable fields)")
    assert "--" not in str(error.value)
