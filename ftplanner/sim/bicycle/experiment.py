"""A BB-code memory experiment: its noisy Stim circuit and the metadata sinter stores with its results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stim

from ftplanner.sim.bicycle.circuit import memory_circuit
from ftplanner.sim.bicycle.codes import bb_code
from ftplanner.sim.names import BB_KIND as KIND
from ftplanner.sim.noise import NoiseModel
from ftplanner.sim.noisify import add_noise


@dataclass(frozen=True)
class BlockExperiment:
    """`rounds` syndrome cycles of code `code` in `basis` under `noise` (None: noiseless)."""

    code: str
    basis: str
    rounds: int
    noise: NoiseModel | None
    circuit: stim.Circuit

    @property
    def metadata(self) -> dict[str, Any]:
        """kind, code (family), d (the code's distance), b (basis), r (rounds), then p and noise when noisy."""
        meta: dict[str, Any] = {"kind": KIND, "code": self.code, "d": bb_code(self.code).distance, "b": self.basis,
                                "r": self.rounds}
        if self.noise is not None:
            meta["p"] = self.noise.p
            meta["noise"] = self.noise.label
        return meta

    @property
    def filename(self) -> str:
        """`k=v,...` + .stim, as the surface-code experiments (`sinter collect --metadata_func auto`)."""
        return ",".join(f"{k}={v}" for k, v in self.metadata.items()) + ".stim"


def build_memory(code: str, basis: str = "Z", noise: NoiseModel | None = None, rounds: int | None = None) -> BlockExperiment:
    """The BB memory of the named code (gross, two_gross): `rounds` cycles (default: the code's distance, as
    Bravyi et al. 2024 sample N_c = d cycles), noisy under `noise` through the project's noise pass."""
    bb = bb_code(code)
    rounds = bb.distance if rounds is None else rounds
    circuit = memory_circuit(bb, rounds, basis)
    if noise is not None:
        circuit = add_noise(circuit, noise)
    return BlockExperiment(code, basis, int(rounds), noise, circuit)
