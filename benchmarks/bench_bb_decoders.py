"""Decoder speed: BP-OSD and Relay-BP on the gross-code memory against PyMatching on a surface-code memory.

Run: python benchmarks/bench_bb_decoders.py [--shots N] [--surface-shots N]
On one core (no sinter workers: the decoders are called directly on sampled shots), prints shots
per second and failures per shot of (1) the gross [[144,12,12]] Z memory, 12 syndrome cycles at
uniform p = 3e-3, decoded by BP-OSD and by Relay-BP (settings: `ftplanner.sampling.decoders`),
and (2) a d = 13 rotated surface-code Z memory, 13 rounds, same noise, decoded by PyMatching
(the project's own builder). Decoder set-up (compiling the detector error model) is timed apart.
Needs the qldpc extra (pip install 'ftplanner[qldpc]').
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import stim

from ftplanner.sampling.decoders import decoder
from ftplanner.sim import NoiseModel, memory_circuit
from ftplanner.sim.bicycle import build_memory

P = 3e-3


def measure(circuit: stim.Circuit, name: str, shots: int, decompose: bool = False) -> tuple[float, float, float]:
    """(set-up seconds, shots per second, failures per shot) of one decoder on `shots` sampled shots."""
    dem = circuit.detector_error_model(decompose_errors=decompose)
    start = time.perf_counter()
    compiled = decoder(name).compile_decoder_for_dem(dem=dem)
    setup = time.perf_counter() - start
    detectors, observables = circuit.compile_detector_sampler(seed=7).sample(shots, separate_observables=True,
                                                                             bit_packed=True)
    start = time.perf_counter()
    predicted = compiled.decode_shots_bit_packed(bit_packed_detection_event_data=detectors)
    seconds = time.perf_counter() - start
    return setup, shots / seconds, float(np.any(predicted != observables, axis=1).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=int, default=300, help="shots per BB decoder")
    parser.add_argument("--surface-shots", type=int, default=20_000, help="shots for PyMatching")
    args = parser.parse_args()
    gross = build_memory("gross", "Z", NoiseModel.uniform(P), rounds=12).circuit
    surface = memory_circuit(13, 13, "Z", NoiseModel.uniform(P))
    rows = [("gross [[144,12,12]], 12 cycles", name, *measure(gross, name, args.shots)) for name in ("bposd", "relay-bp")]
    rows.append(("surface d=13, 13 rounds", "pymatching", *measure(surface, "pymatching", args.surface_shots, True)))
    print(f"uniform p = {P:g}, one core")
    print(f"{'memory':32} {'decoder':11} {'set-up s':>9} {'shots/s':>10} {'fail/shot':>10}")
    for memory, name, setup, rate, fail in rows:
        print(f"{memory:32} {name:11} {setup:9.2f} {rate:10.1f} {fail:10.2e}")
    fastest_bb = max(r[3] for r in rows[:2])
    print(f"PyMatching (d=13 surface) is {rows[2][3] / fastest_bb:.0f}x the faster BB decoder's shots/s")


if __name__ == "__main__":
    main()
