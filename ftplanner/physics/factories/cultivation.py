"""Magic-state cultivation as a source of T states: error and expected cost per kept state at any p.

Source: C. Gidney, N. Shutty, C. Jones, "Magic state cultivation: growing T states as cheap as
CNOT gates", arXiv:2409.17595 (2024), through the authors' data (Strilanc/magic-state-cultivation,
assets/emulated-historical-stats.csv) as shipped in ftplanner/data/cultivation_gsj2024.csv, whose
header says which rows were taken and how their figures follow from the file.

What it is. A noisy T state is injected into a small colour code, checked again and again while
the code grows to distance d1 (cultivation), then grafted into a matchable code of distance
d2 = 15 (escape). Each stage post-selects: an attempt is dropped when a check fails, or at the
end when the decoder's gap (its confidence, in dB) is below a cut. A tighter cut keeps fewer
shots, so it buys a lower error per kept state with more qubit-rounds per kept state. An
operating point is (d1, gap cut).

The figures. For each operating point: the error per kept state and the expected
qubit-rounds per kept state, retries included (the paper's end-to-end simulations, uniform
depolarizing noise). A unit occupies the circuit's qubits (454 for d1 = 3, 463 for d1 = 5), and
its expected code cycles per kept state are qubit-rounds / qubits (a round is a code cycle).
That is the paper's accounting: qubit-rounds count only the qubits in use, so this assumes the
qubits an attempt does not use yet (or frees when it is dropped early) serve other attempts; one
unit working alone would take longer.

T versus S. The authors simulate the S|+> proxy (the circuit with S gates for T gates, which
is Clifford); where both could be simulated, cultivating T|+> failed about twice as often as
S|+>, and the paper conjectures that this holds for every case it reports. We follow it: twice
the S proxy's error, at the S proxy's cost (the two circuits have the same qubits, rounds and
post-selection; only the gate differs). Doubling the cost instead would misstate what the
conjecture is about. The authors' file has the doubling applied already, so its figures are
used as they are.

Between and beyond the tabulated p. A gap cut is in dB of the decoder's confidence, whose scale
moves with p, so one cut is not one operating point at two p: in the authors' data a 96 dB cut
keeps about the same error per state at p = 5e-4 as at 1e-3 (1.1e-8, 1.0e-8) for a fifth of the
qubit-rounds. The data do not say which cut at one p matches which at another; we pair the k-th
loosest cut of each d1 at every tabulated p (the file has as many cuts per d1 at each p, and every
pair improves in both error and cost as p falls), and between two tabulated p interpolate an
operating point's error, qubit-rounds and cut linearly in log p (error and cost log-log). Below
the smallest tabulated p the figures of that p are used: an upper bound, since less noise does not
make cultivation worse. Above the largest tabulated p the source is not offered: the authors'
simulations stop there.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import math
from collections import defaultdict
from typing import NamedTuple

import numpy as np

from ftplanner.physics.factories.design import _PARAMETRIC, FactoryDesign, _check_p
from ftplanner.physics.factories.error_model import _Feeder

DATA_FILE = "cultivation_gsj2024.csv"
SOURCE = (f"magic-state cultivation, Gidney, Shutty & Jones 2024 (arXiv:2409.17595), the authors' data "
          f"(ftplanner/data/{DATA_FILE})")
FED = f"feeding Litinski's level-2 15-to-1 block, {_PARAMETRIC}"  # appended to a unit's source
PATCH_SIDE_SITES = 15  # d2: a cultivated state ends in a distance-15 patch, 15 lattice sites on a side


class _Curves(NamedTuple):
    """The operating points of one d1 at the tabulated p: rows are p (ascending), columns are cuts (loosest first)."""

    d1: int
    qubits: int
    log_p: np.ndarray  # (P,)
    gap_db: np.ndarray  # (P, K)
    error: np.ndarray  # (P, K) error per kept state
    qubit_rounds: np.ndarray  # (P, K) expected qubit-rounds per kept state


@functools.cache
def _curves() -> tuple[_Curves, ...]:
    """The data file as one _Curves per d1; ValueError if a p lacks some of a d1's cuts."""
    text = importlib.resources.files("ftplanner.data").joinpath(DATA_FILE).read_text()
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    by_d1: dict[int, dict[float, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_d1[int(row["d1"])][float(row["p"])].append(row)
    curves = []
    for d1, by_p in sorted(by_d1.items()):
        ps = sorted(by_p)
        tables = [sorted(by_p[p], key=lambda r: float(r["gap_cut"])) for p in ps]
        if len({len(t) for t in tables}) != 1 or len({r["qubits"] for t in tables for r in t}) != 1:
            raise ValueError(f"{DATA_FILE}: d1 = {d1} needs the same number of cuts and qubits at every p")

        def column(name, tables=tables):
            return np.array([[float(r[name]) for r in t] for t in tables])

        curves.append(_Curves(d1, int(tables[0][0]["qubits"]), np.log(ps), column("gap_cut"),
                              column("error_per_kept_state"), column("expected_qubit_rounds")))
    return tuple(curves)


class _Source(NamedTuple):
    """The operating points offered at one p, one entry per point (d1 ascending, then loosest cut first)."""

    label: tuple[str, ...]  # e.g. "cultivation(d1=5,gap=99)"
    output_error: np.ndarray  # per kept T state
    physical_qubits: np.ndarray  # one unit
    code_cycles: np.ndarray  # expected code cycles per kept state, retries included
    where: tuple[str, ...]  # how the figures were had at this p


def _at(c: _Curves, log_p: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, str] | None:
    """(cuts, errors, qubit-rounds, how they were had) of one d1's points at log p; None above the tabulated range."""
    p_grid = np.exp(c.log_p)
    if log_p > c.log_p[-1] + 1e-9:
        return None
    j = int(np.searchsorted(c.log_p, log_p - 1e-9))  # the first tabulated p at or above p
    if abs(log_p - c.log_p[j]) <= 1e-9:
        return c.gap_db[j], c.error[j], c.qubit_rounds[j], f"tabulated at p = {p_grid[j]:g}"
    if j == 0:
        return (c.gap_db[0], c.error[0], c.qubit_rounds[0],
                f"the figures of p = {p_grid[0]:g}, an upper bound below the tabulated range")
    w = (log_p - c.log_p[j - 1]) / (c.log_p[j] - c.log_p[j - 1])
    gap = (1 - w) * c.gap_db[j - 1] + w * c.gap_db[j]
    error, rounds = (np.exp((1 - w) * np.log(v[j - 1]) + w * np.log(v[j])) for v in (c.error, c.qubit_rounds))
    return gap, error, rounds, f"interpolated in log p between p = {p_grid[j - 1]:g} and {p_grid[j]:g}"


@functools.lru_cache(maxsize=1024)
def _source(p: float) -> _Source:
    """The operating points offered at p (none above the tabulated range)."""
    labels, errors, qubits, cycles, where = [], [], [], [], []
    for c in _curves():
        found = _at(c, math.log(p))
        if found is None:
            continue
        gap, error, rounds, how = found
        labels += [f"cultivation(d1={c.d1},gap={g})" for g in np.rint(gap).astype(int).tolist()]
        errors.append(error)
        qubits.append(np.full(gap.size, float(c.qubits)))
        cycles.append(rounds / c.qubits)
        where += [how] * gap.size
    empty = np.zeros(0)
    return _Source(tuple(labels), *(np.concatenate(v) if v else empty for v in (errors, qubits, cycles)),
                   tuple(where))


def cultivation(p_phys: float) -> list[FactoryDesign]:
    """Every cultivation operating point offered at p_phys, as one-state-per-run T factories.

    Empty above the authors' largest simulated p (2e-3); below their smallest (5e-4) the
    figures of 5e-4, an upper bound. See the module docstring for the T-versus-S convention.
    """
    s = _source(_check_p(p_phys))
    return [FactoryDesign(label, float(e), int(q), float(c), 1, "T", f"{SOURCE}; {how}")
            for label, e, q, c, how in zip(s.label, s.output_error, s.physical_qubits, s.code_cycles, s.where)]


def _feeder(output_error, physical_qubits, code_cycles) -> _Feeder:
    """Cultivation units as the feeders of a level-2 block, in place of Litinski's level-1 factories.

    A unit delivers a kept state every `code_cycles` on average (retries included, so its runs
    never fail) and is as wide as the distance-15 patch its state ends in. As with level-1
    outputs in Litinski's model, the state's own idling in that patch during the transfer is not
    counted: an error there is an input error, which the block suppresses to third order.
    """
    output_error, physical_qubits, code_cycles = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (output_error, physical_qubits, code_cycles)))
    return _Feeder(output_error, code_cycles, np.zeros(output_error.shape), physical_qubits,
                   np.full(output_error.shape, float(PATCH_SIDE_SITES)), np.ones(output_error.shape, dtype=bool))
