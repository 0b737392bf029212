"""Counting programs: the time and memory of a 1e7-gate OpenQASM file, and agreement with the Azure estimator.

Run: python benchmarks/bench_programs.py [--gates N]
Prints (1) the time and peak memory to count an N-gate OpenQASM 2 file (default 1e7; written to
a temporary folder first: a 100-qubit Clifford+T+rotation circuit of 2-qubit ladders), with the
gates per second, and (2) for each hand-counted program of tests/data/programs, ftplanner's
logical counts beside those of the Azure Resource Estimator (`qdk`/`qsharp`, the `bench`
extra) and the time each takes, and whether they agree.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import warnings
from pathlib import Path

from ftplanner.programs.read import count_program

PROGRAMS = Path(__file__).resolve().parents[1] / "tests" / "data" / "programs"
QUBITS = 100
BLOCK = ["h q[{a}];", "t q[{a}];", "cx q[{a}], q[{b}];", "rz(0.1) q[{b}];", "ccx q[{a}], q[{b}], q[{c}];", "tdg q[{c}];",
         "cp(pi/8) q[{a}], q[{c}];", "s q[{b}];", "cx q[{c}], q[{a}];", "measure q[{a}] -> c[{a}];"]


def write_program(path: Path, gates: int) -> None:
    """`gates` statements cycling over BLOCK on shifting qubit triples (1e7 gates: about 200 MB)."""
    with open(path, "w") as handle:
        handle.write(f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[{QUBITS}];\ncreg c[{QUBITS}];\n')
        lines = []
        for k in range(gates):
            a = (k // len(BLOCK)) % QUBITS
            lines.append(BLOCK[k % len(BLOCK)].format(a=a, b=(a + 1) % QUBITS, c=(a + 2) % QUBITS))
            if len(lines) == 100_000:
                handle.write("\n".join(lines) + "\n")
                lines = []
        handle.write("\n".join(lines) + "\n" if lines else "")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def azure_estimate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from qdk.openqasm import estimate
        except ImportError:
            try:
                from qsharp.openqasm import estimate
            except ImportError:
                return None
    return estimate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gates", type=float, default=1e7)
    args = parser.parse_args()
    gates = int(args.gates)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.qasm"
        write_program(path, gates)
        before = peak_rss_mib()
        start, cpu = time.perf_counter(), time.process_time()
        counts = count_program(path)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"{gates:.3g} gates ({path.stat().st_size / 2**20:.0f} MB): counted in {wall:.1f} s wall, {cpu:.1f} s CPU "
              f"({gates / cpu / 1e6:.2f} M gates per CPU second); peak memory {peak_rss_mib():.0f} MiB "
              f"(before: {before:.0f} MiB)")
        print(f"  {counts.to_dict()}")
    estimate = azure_estimate()
    print("\nprogram                 field              ftplanner   Azure RE")
    for program in sorted(PROGRAMS.glob("*.qasm")):
        start = time.perf_counter()
        ours = count_program(program).logical_counts()
        ours_s = time.perf_counter() - start
        azure, azure_s = {}, float("nan")
        if estimate is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                azure = estimate(program.read_text())["logicalCounts"]
                azure_s = time.perf_counter() - start
        for key, value in ours.items():
            print(f"{program.name:23s} {key:18s} {value:9d}   {azure.get(key, '-')!s:>8s}")
        agree = "agree" if azure and all(azure[k] == v for k, v in ours.items()) else "no estimator" if not azure else "DIFFER"
        print(f"{program.name:23s} time: ftplanner {ours_s * 1e3:.1f} ms, Azure RE {azure_s * 1e3:.1f} ms: {agree}")


if __name__ == "__main__":
    main()
