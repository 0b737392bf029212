"""The paper's distillation protocols written as data: rotation sequences, idling patterns, level-2 blocks.

Source: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205 (2019),
arXiv:1905.06903, the figures of the 15-to-1 (one level and
level-2 block), 20-to-4 and 8-to-CCZ protocols. A protocol applies pi/8 rotations about Z-type
Pauli products to qubits prepared in |+>; each rotation is measured by lattice surgery whose
ancilla runs along a number of d_X and d_Z patch sides and may touch output patches. The check
qubits are measured at the end and the run is kept only if all of them read +1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class _Rotation:
    """A pi/8 rotation about a Z-type Pauli product, and the lattice surgery that measures it."""

    support: int  # bitmask of the qubits in the Z string
    sign: int  # -1 when the string carries a minus sign
    n_dx: int  # the surgery ancilla runs along n_dx patch sides of length d_X ...
    n_dz: int  # ... and n_dz sides of length d_Z (0, 0: level-1 fast single-patch rotation)
    hits: int  # bitmask of the output patches whose boundary the ancilla touches (Z errors)


def _rotation(axis: str, n_dx: int, n_dz: int, hits: str) -> _Rotation:
    """Parse an axis such as "Z.ZZ." ('-' is a Z with a minus sign) and the output patches hit."""
    support = sum(1 << j for j, c in enumerate(axis) if c in "Z-")
    sign = -1 if axis.count("-") % 2 else 1
    return _Rotation(support, sign, n_dx, n_dz, sum(1 << int(c) for c in hits))


@dataclass(frozen=True)
class _Layout:
    """A protocol: qubits (outputs first), steps of rotations, and who idles after each step.

    `storage[s][j]` says how qubit j waits after the rotations of step s: '.' not alive,
    'i' for one step, 'c' while being consumed (d_m + 2 d_X cycles), 'b' both.
    """

    n_qubits: int
    n_outputs: int
    output_kind: str  # "T": each output should hold a magic state; "CCZ": the outputs hold |CCZ>
    steps: tuple[tuple[_Rotation, ...], ...]
    storage: tuple[str, ...]


def _layout(n_qubits: int, n_outputs: int, kind: str, rows) -> _Layout:
    """Build a layout from rows of ([(axis, n_dx, n_dz, hits), ...], storage pattern)."""
    steps = tuple(tuple(_rotation(*r) for r in rots) for rots, _ in rows)
    return _Layout(n_qubits, n_outputs, kind, steps, tuple(s for _, s in rows))


# One-level 15-to-1: output qubit 0, check qubits 1-4 in a row beside it. Rotations on a single
# check qubit use the fast faulty-T-measurement scheme (n_dx = n_dz = 0).
_L1_15TO1 = _layout(5, 1, "T", [
    ([(".Z...", 0, 0, ""), ("..Z..", 0, 0, ""), ("...Z.", 0, 0, ""), (".ZZZ.", 0, 3, "")], ".iii."),
    ([("ZZZ..", 1, 2, "0"), ("ZZ.Z.", 1, 3, "0")], "iiii."),
    ([("Z.ZZ.", 1, 3, "0"), ("Z..ZZ", 1, 4, "0"), ("....Z", 0, 0, "")], "iiiii"),
    ([("ZZ..Z", 1, 4, "0"), ("Z.Z.Z", 1, 4, "0")], "iiiii"),
    ([("ZZZZZ", 1, 4, "0"), ("..ZZZ", 0, 3, "")], "ciiii"),
    ([(".Z.ZZ", 0, 4, ""), (".ZZ.Z", 0, 4, "")], ".iiii"),
])

# Level-2 15-to-1 block fed by level-1 factories.
_L2_15TO1 = _layout(5, 1, "T", [
    ([(".Z...", 1, 1, ""), ("..Z..", 0, 3, "")], ".ii.."),
    ([("...Z.", 1, 3, ""), ("....Z", 0, 1, "")], ".iiii"),
    ([("ZZZ..", 1, 2, "0"), (".ZZZ.", 0, 4, "")], "iiiii"),
    ([("Z.ZZ.", 1, 3, "0"), ("ZZ.Z.", 1, 4, "0")], "iiiii"),
    ([("ZZ..Z", 1, 4, "0"), ("Z..ZZ", 1, 4, "0")], "iiiii"),
    ([("Z.Z.Z", 1, 4, "0"), ("ZZZZZ", 1, 4, "0")], "iiiii"),
    ([(".Z.ZZ", 1, 4, "0"), ("..ZZZ", 0, 3, "")], "ciiii"),
    ([(".ZZ.Z", 0, 4, "")], ".ii.i"),
])

# Level-2 20-to-4 block: outputs 0-3, check qubits 4-6.
_L2_20TO4 = _layout(7, 4, "T", [
    ([("....-..", 4, 1, ""), (".....-.", 0, 2, "")], "....ii."),
    ([("Z...ZZ.", 4, 2, "0"), ("....-ZZ", 0, 3, "")], "i...iii"),
    ([("Z....ZZ", 4, 3, "0"), ("......-", 0, 1, "")], "i...iii"),
    ([("Z...Z.Z", 4, 3, "0"), (".Z..ZZ.", 3, 3, "1")], "ii..iii"),
    ([("ZZZZ.Z.", 4, 2, "0123"), (".Z..Z.Z", 3, 3, "1")], "iiiiiii"),
    ([("ZZZZZ..", 4, 1, "0123"), (".Z...ZZ", 3, 3, "1")], "iiiiiii"),
    ([("ZZZZZZZ", 4, 3, "0123"), ("..Z.ZZ.", 2, 3, "2")], "iiiiiii"),
    ([("ZZZZ..Z", 4, 3, "0123"), ("..Z.Z.Z", 2, 3, "2")], "cciiiii"),
    ([("..Z..ZZ", 4, 3, "2"), ("...ZZZ.", 1, 3, "3")], "..ciiii"),
    ([("...ZZ.Z", 4, 3, "3"), ("...Z.ZZ", 1, 3, "3")], "...biii"),
])

# Level-2 8-to-CCZ block: outputs 0-2 hold |CCZ>, check qubit 3.
_L2_8TOCCZ = _layout(4, 3, "CCZ", [
    ([("Z..Z", 3, 1, "0"), ("...-", 0, 1, "")], "i..i"),
    ([("-Z.Z", 3, 1, "01"), ("-.ZZ", 3, 1, "02")], "iiii"),
    ([("ZZZZ", 3, 1, "012"), (".-ZZ", 2, 1, "12")], "ciii"),
    ([(".Z.Z", 3, 1, "1"), ("..ZZ", 1, 1, "2")], ".cbi"),
])


class _Block(NamedTuple):
    """A level-2 block: its layout, footprint d_X2 * (x d_X2 + z d_Z2) -> (x, z), cycles per t_L1."""

    layout: _Layout
    footprint: tuple[int, int]
    cycles_per_t_l1: float


_BLOCKS = {
    "15-to-1": _Block(_L2_15TO1, (1, 4), 7.5),
    "20-to-4": _Block(_L2_20TO4, (4, 3), 10.0),
    "8-to-CCZ": _Block(_L2_8TOCCZ, (3, 1), 4.0),
}
