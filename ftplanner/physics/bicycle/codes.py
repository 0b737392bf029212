"""The bivariate-bicycle code blocks of IBM's bicycle architecture and their physical footprint.

A block is one code with its logical processing unit (LPU): 12 logical qubits, of which one is
the pivot the compiler uses to synthesise measurements, leaving 11 data logical qubits (Yoder et
al., "Tour de gross", arXiv:2506.03094; IBM's compiler, `PathArchitecture::for_qubits`, packs
ceil(n / 11) blocks). Physical qubits: 2n for the code (n data and n check qubits, Bravyi et al.,
Nature 627, 778 (2024)) plus the LPU ancillas: 103 for the gross code (Cross, He, Rall, Yoder,
"Improved QLDPC surgery", arXiv:2407.18393); for the two-gross code no count is published, so we
scale it with the distance (the ancilla system grows with the weight of the measured logical,
Θ(w) in that paper): 103 x 18 / 12 ≈ 155. Bridge qubits between blocks are not counted.

Time unit: the instruction table counts time steps of the syndrome circuit, 8 per syndrome cycle
(the depth-8 circuit of Bravyi et al.: the idle instruction lasts 8, and the compiler turns idle
time into cycles as time / 8). The cycle lasts one reset, 7 two-qubit layers and one measurement
unless the architecture gives hardware.cycle_time_ns.
"""

from __future__ import annotations

from dataclasses import dataclass

STEPS_PER_CYCLE = 8
TWO_QUBIT_LAYERS = 7


@dataclass(frozen=True)
class BicycleCode:
    """One code block [[n, k, d]] with its LPU."""

    family: str
    n: int
    k: int
    d: int
    lpu_qubits: int
    lpu_source: str

    @property
    def data_logical_qubits(self) -> int:
        """Logical qubits a block holds for the workload: k less the pivot."""
        return self.k - 1

    @property
    def physical_qubits(self) -> int:
        """Code (2n) plus LPU qubits of one block."""
        return 2 * self.n + self.lpu_qubits

    @property
    def name(self) -> str:
        return f"[[{self.n},{self.k},{self.d}]]"


CODES = {
    "gross": BicycleCode("gross", 144, 12, 12, 103, "Cross et al. 2024, arXiv:2407.18393: 103 LPU ancillas"),
    "two_gross": BicycleCode("two_gross", 288, 12, 18, 155,
                             "scaled from the gross code's 103 by the distance, 18 / 12 (no published count)"),
}


def syndrome_cycle_ns(reset_ns, two_qubit_ns, measurement_ns):
    """One syndrome cycle of the depth-8 circuit: reset, 7 two-qubit layers, measurement (ns)."""
    return reset_ns + TWO_QUBIT_LAYERS * two_qubit_ns + measurement_ns
