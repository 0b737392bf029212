"""The factory tables: designs as rows re-evaluate to the search's own numbers, the shipped file is what the
search and the models give, and interpolation inside an interval stays within its stated bound."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ftplanner.physics.factories import factory_candidates
from ftplanner.physics.factories.parameters import design_row, evaluate, protocol, source
from ftplanner.physics.factories.tables import SAMPLES, nodes, tables


@pytest.mark.parametrize("p", [2e-4, 7e-4, 1.5e-3, 3e-3])
def test_every_searched_design_as_a_row_gives_back_its_numbers_name_and_source(p):
    """Round trip: the search's designs (cultivation-fed CCZ factories included) -> rows -> the same floats."""
    designs = factory_candidates(p).designs
    rows = np.array([design_row(d.protocol, p) for d in designs])
    numbers = evaluate(rows, p)
    assert numbers.output_error.tolist() == [d.output_error for d in designs]
    assert numbers.physical_qubits.tolist() == [d.physical_qubits for d in designs]
    assert numbers.code_cycles.tolist() == [d.code_cycles for d in designs]
    assert [protocol(r, p) for r in rows] == [d.protocol for d in designs]
    assert [source(r, ok, p) for r, ok in zip(rows, numbers.resolved)] == [d.source for d in designs]


def test_the_shipped_nodes_are_the_grid_with_the_cultivation_data_points():
    t = tables()
    assert np.allclose(t.nodes, nodes(), rtol=1e-13, atol=0)  # logspace's last bits differ between machines' libm
    assert {5e-4, 1e-3, 2e-3} <= set(t.nodes.tolist())  # cultivation's log-linear pieces are not split
    assert np.all(np.diff(np.log10(t.nodes)) < 0.06)


@pytest.mark.parametrize("k", [12, 31, 47])
def test_an_interval_holds_the_searchs_designs_at_its_nodes_with_their_numbers(k):
    """At a node the interpolation is the exact sample: each design the live search finds there is a candidate
    with the search's numbers, or another of its family beats it (no more error, cycles or qubits)."""
    t = tables()
    iv = t.interval(k)
    p = float(t.nodes[k])
    log_error, log_cycles = iv.at(np.array([p]))
    by_row = {tuple(t.rows[d].tolist()): i for i, d in enumerate(iv.design)}
    beaten = 0
    for d in factory_candidates(p).designs:
        row = design_row(d.protocol, p)
        if row in by_row:
            i = by_row[row]
            # the engine resolves errors to ~1e-20 absolute: batches of other sizes sum in another order
            assert math.isclose(math.exp(log_error[0, i]), d.output_error, rel_tol=1e-9, abs_tol=1e-18)
            assert math.isclose(math.exp(log_cycles[0, i]), d.code_cycles, rel_tol=1e-9)
            assert t.qubits[iv.design[i]] == d.physical_qubits
            continue
        beaten += 1
        rivals = [i for r, i in by_row.items() if r[0] == row[0]]
        assert any(math.exp(log_error[0, i]) <= d.output_error * (1 + 1e-9) + 1e-18
                   and math.exp(log_cycles[0, i]) <= d.code_cycles * (1 + 1e-9)
                   and t.qubits[iv.design[i]] <= d.physical_qubits for i in rivals), d.protocol
    assert beaten < len(by_row) / 4


def test_interpolated_numbers_stay_within_the_stated_bound_of_exact_evaluations():
    """0.4 % in output error, 1.5 % in code cycles, wherever a design's error is resolved and useful."""
    t = tables()
    rng = np.random.default_rng(7)
    for p in np.exp(rng.uniform(np.log(t.nodes[0]), np.log(t.nodes[-1]), 12)):
        iv = t.interval(int(t.interval_of(p)))
        log_error, log_cycles = iv.at(np.array([p]))
        exact = evaluate(t.rows[iv.design], float(p))
        useful = iv.resolved & (exact.output_error > 1e-18) & (exact.output_error < 1e-2)
        assert np.all(np.abs(log_error[0] - np.log(exact.output_error))[useful] < np.log(1.004)), p
        assert np.all(np.abs(log_cycles[0] - np.log(exact.code_cycles))[useful] < np.log(1.015)), p
        assert np.array_equal(t.qubits[iv.design], exact.physical_qubits)


def test_the_samples_are_the_gauss_lobatto_points():
    """Interior points: the roots of the derivative of the Legendre polynomial of degree 5."""
    roots = np.polynomial.legendre.Legendre.basis(SAMPLES.size - 1).deriv().roots()
    assert np.allclose(np.sort(roots), SAMPLES[1:-1])


@pytest.mark.slow
def test_the_shipped_file_is_what_the_build_writes():
    """python -m ftplanner.physics.factories.tables (~20 s) reproduces ftplanner/data/factory_tables.npz."""
    from ftplanner.physics.factories.tables import build

    built, shipped = build(), tables()
    for name in ("nodes", "offsets", "design", "log_error", "log_cycles", "resolved"):
        assert np.array_equal(built[name], getattr(shipped, name)), name
    assert np.array_equal(built["rows"], shipped.rows)
