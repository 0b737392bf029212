"""The bicycle instruction set and its compiled costs against IBM's published figures.

Figures: Yoder et al., "Tour de gross", arXiv:2506.03094, as IBM's compiler tabulates them
(qiskit-community/bicycle-architecture-compiler at c99eb04, crates/bicycle_numerics/src/model.rs),
also in tests/data/bicycle_instructions.csv (the project's reference copy; blank cells there were
not found). The compiler's sample run (notebooks/random_circuits.ipynb: 22 qubits, two gross
blocks, p = 1e-4, random pi/8 rotations) gave 30-40 measurements, one joint measurement, one T,
14,115 time steps for five rotations and 4.82e-6 error (9.65e-7 each), with the T injection of 73 + 120
steps then.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest

from ftplanner.physics.bicycle import (
    CODES,
    block_instructions,
    fifteen_to_one,
    instruction_set,
    pairs_per_remote_measurement,
    product_steps,
    remote_link_error,
)
from ftplanner.physics.block_memory_law import BlockMemoryLaw
from ftplanner.physics.error_law import ErrorLaw
from tests.conftest import DATA

# (code, p) -> instruction -> (error per use, time steps): model.rs at c99eb04
PUBLISHED = {
    ("gross", 1e-3): {"idle": (1.61e-9, 8), "shift": (4.01e-7, 12), "in_module_measurement": (1.11e-5, 120),
                      "inter_module_joint_measurement": (2.01e-3, 120), "t_injection": (2.01e-3, 351 + 120)},
    ("gross", 1e-4): {"idle": (1.44e-15, 8), "shift": (6.07e-14, 12), "in_module_measurement": (1.01e-9, 120),
                      "inter_module_joint_measurement": (4.81e-8, 120), "t_injection": (8.79e-7, 109 + 120)},
    ("two_gross", 1e-3): {"idle": (8.2e-21, 8), "shift": (3.25e-15, 12), "in_module_measurement": (1e-11, 216),
                          "inter_module_joint_measurement": (1e-9, 216), "t_injection": (2.1e-8, 2167 + 216)},
    ("two_gross", 1e-4): {"idle": (5.29e-39, 8), "shift": (1.34e-37, 12), "in_module_measurement": (1e-20, 216),
                          "inter_module_joint_measurement": (1e-18, 216), "t_injection": (1e-18, 407 + 216)},
}


@pytest.mark.parametrize("code, p", list(PUBLISHED), ids=[f"{c}-{p:g}" for c, p in PUBLISHED])
def test_the_default_model_reproduces_the_published_table(code, p):
    ins = instruction_set(code, p)
    assert ins.in_range.all()
    for name, (error, steps) in PUBLISHED[(code, p)].items():
        assert ins.error[name][0] == pytest.approx(error, rel=1e-9), name
        assert ins.steps[name][0] == pytest.approx(steps, rel=1e-12), name


def test_the_reference_copy_agrees_where_it_has_values():
    """Every filled cell of the reference CSV, but the one duration model.rs has since corrected (193 -> 229)."""
    with (DATA / "bicycle_instructions.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 18
    for row in rows:
        ins = instruction_set(row["code"], float(row["p"]))
        assert ins.error[row["instruction"]][0] == pytest.approx(float(row["error_per_use"]), rel=1e-9)
        if row["duration_units"] and (row["code"], row["p"], row["instruction"]) != ("gross", "1e-4", "t_injection"):
            assert ins.steps[row["instruction"]][0] == float(row["duration_units"])
    assert instruction_set("gross", 1e-4).steps["t_injection"][0] == 229  # 109 + 120 since 5c1bd77 ("Fix timing")


def test_between_the_two_points_errors_follow_a_power_law_in_p():
    mid = np.sqrt(1e-3 * 1e-4)
    ins = instruction_set("gross", [mid])
    low, high = instruction_set("gross", 1e-4), instruction_set("gross", 1e-3)
    for name in ins.error:
        assert ins.error[name][0] == pytest.approx(np.sqrt(low.error[name][0] * high.error[name][0]), rel=1e-9)


def test_errors_grow_with_p_and_the_table_flags_its_edges():
    p = np.geomspace(3e-5, 3e-3, 41)
    ins = instruction_set("two_gross", p)
    for name, error in ins.error.items():
        assert np.all(np.diff(error) >= 0), name
    assert not ins.in_range[0] and not ins.in_range[-1] and ins.in_range[20]
    assert ins.error["idle"][0] == instruction_set("two_gross", 1e-4).error["idle"][0]  # clamped: an upper bound


def test_a_block_law_sets_idle_and_keeps_the_tables_ratios():
    law = BlockMemoryLaw(A=3e-9, p_ref=1e-3, exponent=5.0, source="synthetic")
    p = np.array([1e-4, 4e-4, 1e-3, 2e-3])
    scaled, tabled = instruction_set("gross", p, law), instruction_set("gross", p)
    assert scaled.in_range.all()  # the law extends the range
    np.testing.assert_allclose(scaled.error["idle"], law.per_round(p), rtol=1e-12)
    inside = p <= 1e-3
    for name in ("shift", "in_module_measurement", "inter_module_joint_measurement"):
        np.testing.assert_allclose((scaled.error[name] / scaled.error["idle"])[inside],
                                   (tabled.error[name] / tabled.error["idle"])[inside], rtol=1e-9)
    assert scaled.error["inter_module_joint_measurement"][3] <= 1.0


def test_a_rotation_over_two_gross_blocks_costs_what_the_compilers_sample_run_measured():
    ins = instruction_set("gross", 1e-4)
    meas, aut = block_instructions()
    assert 30 <= 2 * meas <= 40  # the sample's 30-40 measurements per rotation
    error = 2 * (meas * ins.error["in_module_measurement"][0] + aut * ins.automorphism_error[0]) \
        + ins.error["inter_module_joint_measurement"][0] + ins.error["t_injection"][0]
    assert error == pytest.approx(9.65e-7, rel=0.01)
    steps = product_steps(2, ins.steps["in_module_measurement"], ins.automorphism_steps,
                          ins.steps["inter_module_joint_measurement"], 73 + 120)
    assert steps[0] == pytest.approx(14115 / 5, rel=0.01)  # its five rotations ended at 14,115 steps


def test_ghz_layers_make_longer_paths_no_slower_past_three_blocks():
    ins = instruction_set("gross", 1e-3)
    args = (ins.steps["in_module_measurement"], ins.automorphism_steps, ins.steps["inter_module_joint_measurement"], 0)
    one, two, three, many = (product_steps(b, *args)[0] for b in (1, 2, 3, 900))
    assert one < two < three == many


def test_fifteen_to_one_suppresses_the_input_error_cubed():
    out = fifteen_to_one(1e-3, 10, 0.0, 100, 0.0, 5)
    assert out.output_error == pytest.approx(35e-9)
    assert out.success == pytest.approx((1 - 1e-3) ** 15)
    assert out.steps == 15 * 10 + 11 * 100 + 4 * 5
    assert fifteen_to_one(1e-3, 10, 1e-7, 100, 1e-8, 5).output_error == pytest.approx(35e-9 + 11e-7 + 4e-8)


def test_a_remote_joint_measurement_uses_d_pairs_a_round_and_adds_the_links_error():
    assert pairs_per_remote_measurement(CODES["gross"].d, 120) == 12 * 15
    assert pairs_per_remote_measurement(CODES["two_gross"].d, 216) == 18 * 27
    seam = ErrorLaw(A=0.1, threshold=0.1, at_p=1e-3, offset=1e-3)
    assert remote_link_error(seam, 12, 1e-3, 1e-3, 120) == 0.0  # a link gate no worse than the bulk adds nothing
    extra = remote_link_error(seam, 12, np.array([2e-3, 1e-2, 3e-2]), 1e-3, 120)
    assert np.all(np.diff(extra) > 0) and extra[0] > 0


def test_a_block_holds_eleven_data_qubits_on_its_code_and_lpu_qubits():
    gross, two = CODES["gross"], CODES["two_gross"]
    assert (gross.name, gross.data_logical_qubits, gross.physical_qubits) == ("[[144,12,12]]", 11, 288 + 103)
    assert (two.name, two.data_logical_qubits, two.physical_qubits) == ("[[288,12,18]]", 11, 576 + 155)
