"""Bivariate-bicycle (BB) code memories: the codes (`codes`), their depth-8 syndrome circuit (`circuit`), and the
experiment sinter samples (`experiment`: noisy circuit plus metadata).

    from ftplanner.sim.bicycle import build_memory
    exp = build_memory("gross", "Z", NoiseModel.uniform(3e-3))   # 12 cycles, 12 observables
"""

from ftplanner.sim.bicycle.circuit import memory_circuit
from ftplanner.sim.bicycle.codes import CODES, BBCode, bb_code
from ftplanner.sim.bicycle.experiment import KIND, BlockExperiment, build_memory

__all__ = ["CODES", "KIND", "BBCode", "BlockExperiment", "bb_code", "build_memory", "memory_circuit"]
