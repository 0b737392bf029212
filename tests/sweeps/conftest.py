"""Example architectures loaded once for the sweep tests."""

from __future__ import annotations

import pytest

import ftplanner as ftp
from tests.conftest import ROOT

TRILLION = ROOT / "architectures" / "networked-trillion-gate.yaml"
POC = ROOT / "architectures" / "networked-poc-2030.yaml"
STARLING = ROOT / "architectures" / "ibm-starling-2029.yaml"


@pytest.fixture(scope="session")
def trillion():
    return ftp.load(TRILLION)


@pytest.fixture(scope="session")
def poc():
    return ftp.load(POC)


@pytest.fixture(scope="session")
def starling():
    return ftp.load(STARLING)
