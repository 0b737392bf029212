"""Every file in tests/bad_inputs/ is refused with one located line per problem, never a traceback.

Each case file starts with `# expect: FIELD: FRAGMENT`: a problem at FIELD (empty for
file-level problems) whose message contains FRAGMENT. The line of that problem must hold
the offending key when the key is written in the file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import ftplanner as ftp

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (?P<field>[\w.]*): (?P<fragment>.+)$")
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):( (?P<field>[\w.]+):)? (?P<message>.+)$")


def expectation(path: Path) -> tuple[str, str]:
    match = EXPECT.match(path.read_bytes().splitlines()[0])
    assert match, f"{path.name} lacks its '# expect: FIELD: FRAGMENT' first line"
    return match.group("field").decode(), match.group("fragment").decode()


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input_gives_the_expected_located_problem(path):
    field, fragment = expectation(path)
    with pytest.raises(ftp.SpecError) as info:
        ftp.load(path)
    found = [p for p in info.value.problems if p.field == field]
    assert found, f"expected a problem at {field!r}, got: {[str(p) for p in info.value.problems]}"
    problem = next((p for p in found if fragment.lower() in p.message.lower()), None)
    assert problem, f"no message with {fragment!r}: {[str(p) for p in found]}"
    lines = Path(problem.file).read_bytes().splitlines()
    assert 1 <= problem.line <= max(1, len(lines))
    key = field.rsplit(".", 1)[-1].encode()
    if field and key in path.read_bytes() and Path(problem.file) == path:
        assert key in lines[problem.line - 1], f"line {problem.line} of {path.name} does not hold {key!r}"
    assert "\n" not in str(problem)


def test_cli_refuses_every_case_with_exit_code_two_and_no_traceback():
    result = subprocess.run([sys.executable, "-m", "ftplanner", "validate", *map(str, CASES)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout.strip() == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) >= len(CASES)
    assert all(LINE.match(line) for line in lines), [line for line in lines if not LINE.match(line)]
