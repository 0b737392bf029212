"""The CLI starts without the libraries only some verbs need (#19): `ftplanner validate` and `--help` must not
wait for pandas, networkx, sinter, scipy or matplotlib. Checked in a fresh interpreter by what it imported,
not by timing (timings on shared machines are noise)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "networkx", "sinter", "scipy", "matplotlib", "pymatching")


def imported_after(code: str) -> set[str]:
    """Top-level packages of the heavy list that a fresh interpreter holds after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.splitlines()[-1])) & set(HEAVY)


def test_cli_import_leaves_heavy_libraries_out():
    assert imported_after("import ftplanner.cli") == set()


def test_validate_runs_without_heavy_libraries():
    code = ("import sys\nfrom ftplanner.cli import app\n"
            f"sys.argv = ['ftplanner', 'validate', {str(ROOT / 'architectures' / 'networked-poc-2030.yaml')!r}]\n"
            "try:\n    app()\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code")
    assert imported_after(code) == set()


def test_package_names_load_on_first_use():
    assert imported_after("import ftplanner") == set()
    assert "sinter" in imported_after("import ftplanner as ftp\nftp.calibrate")  # the name resolves, bringing its library
