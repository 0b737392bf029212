"""The Python API: load an architecture, estimate it, with provenance on every plan; the error laws it plans with."""

from __future__ import annotations

import platform
from dataclasses import replace
from functools import cache
from importlib import metadata
from pathlib import Path

from ftplanner.architecture import Architecture, input_hash, load_architecture
from ftplanner.calibration import Calibration, load_calibration
from ftplanner.plan.laws import ErrorLaws, error_laws
from ftplanner.plan.planner import plan_architecture
from ftplanner.report.reported import ReportedPlan


def load(source: str | Path | dict, *, program=None) -> Architecture:
    """Load and validate an architecture (YAML path or dict); raises SpecError with file:line problems.

    `program`: a Qiskit QuantumCircuit (or a program file) whose counts, depths and interaction graph
    make the workload, in place of `workload.program`.
    """
    return load_architecture(source, program=program)


# what a plan repeats of its calibration's provenance (the file itself holds the rest: fits, grid, noise models)
CALIBRATION_PROVENANCE = ("made_by", "created", "versions", "decoder")


@cache
def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def estimate(architecture: Architecture | str | Path | dict, calibration: Calibration | None = None,
             *, input_sha256: str | None = None) -> ReportedPlan:
    """Plan a machine for `architecture` (an Architecture, a YAML path or a dict).

    `input_sha256` names the file an already loaded Architecture came from, for provenance.
    """
    digest = input_sha256
    if not isinstance(architecture, Architecture):
        digest = input_hash(architecture)
        architecture = load_architecture(architecture)
    calibration = calibration or load_calibration(architecture.calibration)
    plan = plan_architecture(architecture, calibration)
    return ReportedPlan.of(replace(plan, provenance=provenance(architecture, calibration, digest)))


def laws(architecture: Architecture | str | Path | dict, calibration: Calibration | None = None) -> ErrorLaws:
    """The memory, surgery and seam laws `estimate` would plan `architecture` with, as functions of d.

    Takes the same arguments as `estimate` (and raises SpecError for a bad architecture like it);
    see `ftplanner.plan.laws.ErrorLaws` for what each law counts.
    """
    if not isinstance(architecture, Architecture):
        architecture = load_architecture(architecture)
    return error_laws(architecture, calibration or load_calibration(architecture.calibration))


def provenance(architecture: Architecture, calibration: Calibration, input_sha256: str | None = None) -> dict:
    """What a result came from: ftplanner version, input SHA-256 (of the file if given, else of the
    validated model), calibration, and the versions of Python and the libraries that compute it."""
    return {
        "ftplanner_version": _version("ftplanner"),
        "input_sha256": input_sha256 or input_hash(architecture.model_dump(mode="json")),
        "calibration": {"name": calibration.name, "path": calibration.path,
                        **{key: calibration.provenance[key] for key in CALIBRATION_PROVENANCE if key in calibration.provenance}},
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "pydantic": _version("pydantic"),
    }
