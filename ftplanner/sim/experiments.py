"""The experiments: rotated-surface-code memory, lattice surgery, and both cut by a module seam.

`build(kind, distance, basis, noise, ...)` returns an `Experiment`: its Stim circuit and the
metadata sinter stores with each result (and encodes in the file name, for
`sinter collect --metadata_func auto`). Kinds:

- memory: one patch, `rounds` rounds (default d), data prepared and read out in `basis`.
  Observable 0: the patch's logical in `basis`.
- surgery: patches A | seam | B side by side, `rounds` rounds apart (default d), merged for d
  rounds, split, `rounds` rounds apart, read out. In basis Z this measures Z_A·Z_B (X: X_A·X_B).
  Two complementary observable sets, each deterministic without noise:
  observable="parity": both patches start and end in `basis`; observables 0 the measured
  parity (product of the first merged round's new checks), 1 A's logical, 2 B's logical.
  observable="product": both patches start and end in the other basis O; observable 0 is
  O_A·O_B times the seam qubits measured at the split (for a ZZ merge, X_A·X_B·X_seam), the
  logical the merge must carry through; the parity outcome is then random and not observed.
  A surgery fails if either set flips, so calibrate both.
- seam: the surgery with every two-qubit gate across x = boundary_x a link gate (default: the
  cut between the seam column and B, so A and the seam share a module).
- seam_memory: the memory with a link cut through it (default: beside the middle column).

Without noise (noise=None) the circuit is the noiseless skeleton; otherwise `noisify.add_noise`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import stim

from ftplanner.sim.assemble import Observable, Phase, assemble
from ftplanner.sim.layout import Checks, check_distance, combine, patch_checks, patch_data, seam_x, surgery_columns
from ftplanner.sim.names import BASES, KINDS, OBSERVABLES, SEAM_KINDS, SURGERY_KINDS
from ftplanner.sim.noise import NoiseModel
from ftplanner.sim.noisify import add_noise


@dataclass(frozen=True)
class Experiment:
    """A built experiment: `circuit` plus what it is (for sinter's json_metadata)."""

    kind: str
    distance: int
    basis: str
    rounds: int
    observable: str | None  # surgery kinds: "parity" or "product"; None for memories
    noise: NoiseModel | None
    boundary_x: float | None
    circuit: stim.Circuit

    @property
    def metadata(self) -> dict[str, Any]:
        """kind, d, b (basis), r (rounds; for surgery the rounds before and after the merge), obs
        (surgery kinds), then for noisy circuits p and noise (family label), and for seams
        p_link and cut (boundary_x)."""
        meta: dict[str, Any] = {"kind": self.kind, "d": self.distance, "b": self.basis, "r": self.rounds}
        if self.observable is not None:
            meta["obs"] = self.observable
        if self.noise is not None:
            meta["p"] = self.noise.p
            meta["noise"] = self.noise.label
            if self.kind in SEAM_KINDS:
                meta["p_link"] = self.noise.link_rate
        if self.kind in SEAM_KINDS:
            meta["cut"] = self.boundary_x
        return meta

    @property
    def filename(self) -> str:
        """`k=v,...` + .stim, which `sinter.comma_separated_key_values` turns back into `metadata`."""
        return ",".join(f"{k}={v}" for k, v in self.metadata.items()) + ".stim"


def _basis(basis: str) -> str:
    if basis not in BASES:
        raise ValueError(f"basis must be Z or X, got {basis!r}")
    return basis


def _other(basis: str) -> str:
    return "X" if basis == "Z" else "Z"


def _memory_phases(distance: int, rounds: int, basis: str) -> tuple[list[Phase], list[Observable]]:
    phase = Phase(rounds, patch_checks(0, distance, distance), patch_data(0, distance, distance), basis, basis)
    return [phase], [Observable(data_xy=patch_data(0, 1, distance))]


def _surgery_phases(distance: int, rounds: int, basis: str, observable: str) -> tuple[list[Phase], list[Observable]]:
    a0, seam, b0 = surgery_columns(distance)
    apart = combine(patch_checks(a0, distance, distance), patch_checks(b0, distance, distance))
    merged = patch_checks(a0, 2 * distance + 1, distance)
    patches = np.concatenate([patch_data(a0, distance, distance), patch_data(b0, distance, distance)])
    everything = np.concatenate([patches, patch_data(seam, 1, distance)])
    other = _other(basis)
    outer = basis if observable == "parity" else other
    phases = [
        Phase(rounds, apart, patches, outer, outer),
        Phase(distance, merged, everything, other, other),
        Phase(rounds, apart, patches, outer, outer),
    ]
    if observable == "product":  # the first row of A, the seam (read at the split) and B
        return phases, [Observable(data_xy=patch_data(a0, 2 * distance + 1, 1))]
    apart_xy = {tuple(xy) for xy in apart.ancilla_xy.tolist()}
    new = np.array([xy not in apart_xy for xy in map(tuple, merged.ancilla_xy.tolist())]) & merged.is_b
    observables = [
        Observable(first_round_of=(1, merged.ancilla_xy[new])),
        Observable(data_xy=patch_data(a0, 1, distance)),
        Observable(data_xy=patch_data(b0 + distance - 1, 1, distance)),
    ]
    return phases, observables


def default_boundary_x(kind: str, distance: int) -> float:
    """Where a seam cuts by default: right of the surgery's seam column, or of a memory's middle column."""
    if kind == "seam":
        return seam_x(distance) + 0.5
    return distance + 0.5


def _phases(kind: str, distance: int, rounds: int, basis: str, observable: str = "parity"):
    if kind in SURGERY_KINDS:
        return _surgery_phases(distance, rounds, basis, observable)
    return _memory_phases(distance, rounds, basis)


def _check_boundary(phases: list[Phase], boundary_x: float) -> None:
    xs = np.concatenate([p.checks.ancilla_xy[:, 0] for p in phases])
    if not xs.min() < boundary_x < xs.max():
        raise ValueError(f"boundary_x {boundary_x} lies outside the layout (x in {xs.min()}..{xs.max()}): no gate crosses it")


def build(kind: str, distance: int, basis: str = "Z", noise: NoiseModel | None = None, *,
          rounds: int | None = None, boundary_x: float | None = None, observable: str = "parity") -> Experiment:
    """Build one experiment; see the module docstring for kinds, rounds and observables."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if observable not in OBSERVABLES:
        raise ValueError(f"observable must be one of {', '.join(OBSERVABLES)}, got {observable!r}")
    if observable != "parity" and kind not in SURGERY_KINDS:
        raise ValueError(f"observable={observable!r} applies to surgery kinds only ({', '.join(SURGERY_KINDS)})")
    check_distance(distance)
    basis = _basis(basis)
    rounds = distance if rounds is None else rounds
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds!r}")
    phases, observables = _phases(kind, distance, rounds, basis, observable)
    if kind in SEAM_KINDS:
        boundary_x = default_boundary_x(kind, distance) if boundary_x is None else float(boundary_x)
        _check_boundary(phases, boundary_x)
    elif boundary_x is not None:
        raise ValueError(f"boundary_x only applies to seam kinds ({', '.join(SEAM_KINDS)})")
    circuit = assemble(phases, observables, basis, boundary_x)
    if noise is not None:
        circuit = add_noise(circuit, noise)
    return Experiment(kind, int(distance), basis, int(rounds), observable if kind in SURGERY_KINDS else None,
                      noise, boundary_x, circuit)


def memory_circuit(distance: int, rounds: int | None = None, basis: str = "Z",
                   noise: NoiseModel | None = None) -> stim.Circuit:
    """Rotated surface-code memory: `rounds` rounds (default d) in `basis`."""
    return build("memory", distance, basis, noise, rounds=rounds).circuit


def surgery_circuit(distance: int, basis: str = "Z", noise: NoiseModel | None = None,
                    rounds: int | None = None, observable: str = "parity") -> stim.Circuit:
    """Lattice-surgery parity measurement (ZZ for basis Z, XX for X) between two patches."""
    return build("surgery", distance, basis, noise, rounds=rounds, observable=observable).circuit


def seam_circuit(distance: int, basis: str = "Z", noise: NoiseModel | None = None, rounds: int | None = None,
                 boundary_x: float | None = None, over: str = "surgery", observable: str = "parity") -> stim.Circuit:
    """The surgery (or, with over="memory", the memory) cut by a module boundary at boundary_x."""
    kinds = {"surgery": "seam", "memory": "seam_memory"}
    if over not in kinds:
        raise ValueError(f"over must be surgery or memory, got {over!r}")
    return build(kinds[over], distance, basis, noise, rounds=rounds, boundary_x=boundary_x, observable=observable).circuit


def link_gates_per_round(distance: int, kind: str = "seam", boundary_x: float | None = None) -> int:
    """Two-qubit gates crossing the boundary in one round of the busiest phase.

    Each is one Bell pair consumed (the gate is teleported), so for kind="seam" this is the
    Bell pairs per round of a remote merge: 2d − 1 with the default cut.
    """
    if kind not in SEAM_KINDS:
        raise ValueError(f"kind must be one of {', '.join(SEAM_KINDS)}, got {kind!r}")
    check_distance(distance)
    cut = default_boundary_x(kind, distance) if boundary_x is None else boundary_x
    phases, _ = _phases(kind, distance, 1, "Z")
    return max(_crossing(p.checks, cut) for p in phases)


def _crossing(checks: Checks, cut: float) -> int:
    ancilla_right = checks.ancilla_xy[:, 0, None] > cut
    data_right = checks.data_xy[..., 0] > cut
    return int(((ancilla_right != data_right) & checks.has_data).sum())
