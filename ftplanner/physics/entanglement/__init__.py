"""Entanglement for the network model: Bell-diagonal pairs, swapping, recurrence distillation, memory.

Every function takes and returns numpy arrays and is vectorised over any leading shape; a
pair is the array (A, B, C, D) of its weights on (Phi+, Psi-, Psi+, Phi-), the convention of
Deutsch et al. (A is the fidelity). Error probabilities are stim's: `p_two_qubit` a
DEPOLARIZE2 after each two-qubit gate (each of the 15 non-identity Paulis at p / 15),
`p_measurement` a flip of each measurement outcome. Models and sources, by module:

* bell_states: the representation, `werner`, `twirled`, and the Pauli-frame (Walsh-Hadamard)
  transform that turns Pauli channels on Bell-diagonal pairs into products.
* swapping: Briegel, Duer, Cirac, Zoller, "Quantum repeaters: the role of imperfect local
  operations in quantum communication", PRL 81, 5932 (1998): h pairs joined by h - 1 Bell
  measurements, ideal (`swapped_fidelity`, Werner closed form) or with noisy CNOT and readout
  (`swap`, `swapped`).
* distillation: BBPSSW, Bennett et al., "Purification of noisy entanglement and faithful
  teleportation via noisy channels", PRL 76, 722 (1996), twirled to Werner form
  (`bbpssw_round`, `distilled`); DEJMPS, Deutsch et al., "Quantum privacy amplification and the
  security of quantum cryptography over noisy channels", PRL 77, 2818 (1996) (`dejmps_round`);
  both with noisy bilateral CNOTs and readout as in Duer & Briegel, "Entanglement purification
  and quantum error correction", Rep. Prog. Phys. 70, 1381 (2007); `distillation_round` and
  `distill` choose the protocol.
* memory: depolarizing decay of a stored pair, F(t) = 1/4 + (F0 - 1/4) e^(-t/T) (`decayed`),
  and its mean over waits uniform on [0, tau] (`mean_decay`).

The noisy closed forms are checked against exact 16 x 16 density-matrix simulations of the
circuits in tests/physics/test_entanglement.py.
"""

from __future__ import annotations

from ftplanner.physics.entanglement.bell_states import bell_diagonal, fidelity, twirled, werner
from ftplanner.physics.entanglement.distillation import (
    PROTOCOLS,
    bbpssw_round,
    dejmps_round,
    distill,
    distillation_round,
    distilled,
)
from ftplanner.physics.entanglement.memory import decayed, depolarized, mean_decay
from ftplanner.physics.entanglement.swapping import swap, swap_noise_characters, swapped, swapped_fidelity

__all__ = [
    "PROTOCOLS",
    "bbpssw_round",
    "bell_diagonal",
    "decayed",
    "dejmps_round",
    "depolarized",
    "distill",
    "distillation_round",
    "distilled",
    "fidelity",
    "mean_decay",
    "swap",
    "swap_noise_characters",
    "swapped",
    "swapped_fidelity",
    "twirled",
    "werner",
]
