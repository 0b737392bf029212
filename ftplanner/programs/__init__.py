"""Programs as the planner reads them: logical counts, depths and the interaction graph of OpenQASM 2/3,
QIR and Qiskit circuits (`read.count_program`), and a representative circuit's interaction graph
(`interaction`, for `workload.circuit_file`)."""
