"""Litinski's published factory table: the paper's designs and numbers, as shipped in data/.

Source: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205 (2019),
arXiv:1905.06903, the designs of its tables as computed by the
author's public script for the paper's parameter sets (ftplanner/data/factories_litinski2019.csv).
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import math

from ftplanner.physics.factories.design import FactoryDesign, _check_p


@functools.lru_cache(maxsize=1)
def _catalogue_rows() -> tuple[tuple[float, FactoryDesign], ...]:
    """(p_phys, design) for every row of data/factories_litinski2019.csv."""
    text = importlib.resources.files("ftplanner.data").joinpath("factories_litinski2019.csv").read_text()
    rows = []
    for row in csv.DictReader(text.splitlines()):
        p = float(row["p_phys"])
        rows.append((p, FactoryDesign(row["protocol"], float(row["p_out"]), int(row["qubits"]),
                                      float(row["code_cycles"]), int(row["outputs_per_run"]),
                                      row["output_kind"], f"{row['source']}; p_phys={p:g}")))
    return tuple(rows)


def litinski_catalogue(p_phys: float | None = None) -> list[FactoryDesign]:
    """The published designs (all of them, or those computed at p_phys)."""
    rows = _catalogue_rows()
    if p_phys is None:
        return [d for _, d in rows]
    p = _check_p(p_phys)
    return [d for q, d in rows if math.isclose(q, p, rel_tol=1e-9)]
