"""Gidney & Fowler's CCZ factory as Gidney & Ekera 2019 cost it (arXiv:1812.01238, arXiv:1905.09749 estimate_costs.py)."""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.physics.factories import choose_factory
from ftplanner.physics.factories.design import protocol_family
from ftplanner.physics.factories.gidney_fowler import evaluate, gidney_fowler_ccz


def test_the_2019_factory():
    """GE2019 at p = 1e-3: d1 = 15, d2 = 27, 13 x 7 tiles, one CCZ state per 135 cycles, 5.4e-11 each
    (2e-3 injected, 1.38e-6 after 15-to-1)."""
    error, qubits, cycles = evaluate(1e-3, 15, 27)
    assert error == pytest.approx(5.4e-11, rel=0.01)
    assert qubits == 13 * 7 * 2 * 28**2 and cycles == 135
    chosen = choose_factory(1e-3, 5.5e-11, output_kind="CCZ", protocols=["GF-CCZ"])
    assert chosen.protocol == "(GF-CCZ)_{15,27}" and protocol_family(chosen.protocol) == "gf-ccz"


def test_more_distance_never_more_error_and_lower_p_never_worse():
    d2 = np.arange(15, 61, 2)
    errors = evaluate(1e-3, 15, d2)[0]
    assert (np.diff(errors) <= 0).all()
    assert (evaluate(5e-4, 15, d2)[0] < errors).all()


def test_the_frontier_is_a_frontier():
    designs = gidney_fowler_ccz(1e-3)
    costs = [d.space_time_per_output for d in designs]
    errors = [d.output_error for d in designs]
    assert costs == sorted(costs) and errors == sorted(errors, reverse=True)
    assert all(d.output_kind == "CCZ" and d.outputs_per_run == 1 for d in designs)
    assert min(errors) > 2e-12  # the injected states set a floor: 28 (35 (2e-3)^3)^2
