// A Toffoli ladder uncomputed by measurement, with feed-forward (Gidney, arXiv:1709.06648, Fig. 3:
// an AND is uncomputed by an X-basis measurement and a CZ fix-up conditioned on its result).
// Hand count: 3 Toffolis, 2 T, 3 measurements, 7 qubits; 4 non-Clifford layers, and 6 reactions on
// the longest dependent chain (Toffoli, Toffoli, decode m[0], T, decode m[1], Toffoli).
OPENQASM 3.0;
include "stdgates.inc";
qubit[7] q;
bit[3] m;
ccx q[0], q[1], q[2];
ccx q[2], q[3], q[4];
h q[4];
m[0] = measure q[4];
if (m[0]) cz q[2], q[3];
t q[2];
h q[2];
m[1] = measure q[2];
if (m[1]) cz q[0], q[1];
ccx q[0], q[1], q[5];
if (m[1]) x q[6];
t q[6];
m[2] = measure q[5];
