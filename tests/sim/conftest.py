"""Fixtures for the Stim experiment tests: cached builds and a small decode loop."""

from __future__ import annotations

from functools import cache

import numpy as np
import pymatching
import pytest
import stim

from ftplanner.sim import NoiseModel, build

NOISE = NoiseModel.uniform(1e-3).with_link(1e-2)


@cache
def _build(kind: str, distance: int, basis: str, observable: str, noisy: bool) -> stim.Circuit:
    return build(kind, distance, basis, NOISE if noisy else None, observable=observable).circuit


@pytest.fixture(scope="session")
def noiseless():
    """noiseless(kind, d, basis, observable) -> the circuit without noise (cached)."""
    return lambda kind, d, basis, observable: _build(kind, d, basis, observable, False)


@pytest.fixture(scope="session")
def noisy():
    """noisy(kind, d, basis, observable) -> the circuit under uniform p = 1e-3, p_link = 1e-2 (cached)."""
    return lambda kind, d, basis, observable: _build(kind, d, basis, observable, True)


def _logical_failures(circuit: stim.Circuit, shots: int, seed: int = 2024) -> int:
    matching = pymatching.Matching.from_detector_error_model(circuit.detector_error_model(decompose_errors=True))
    sampler = circuit.compile_detector_sampler(seed=seed)
    detectors, observables = sampler.sample(shots, separate_observables=True, bit_packed=True)
    predictions = matching.decode_batch(detectors, bit_packed_shots=True, bit_packed_predictions=True)
    return int(np.any(predictions != observables, axis=1).sum())


@pytest.fixture(scope="session")
def logical_failures():
    """logical_failures(circuit, shots, seed=2024) -> shots where PyMatching misses an observable flip."""
    return _logical_failures
