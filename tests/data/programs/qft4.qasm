// The 4-qubit quantum Fourier transform (Nielsen & Chuang, Fig. 5.1) with its final swaps.
// Controlled phases cp(pi/2^k): cp(pi/2) is three T gates (rz(pi/4)), cp(pi/4) and cp(pi/8) three
// arbitrary rotations each (rz(pi/8), rz(pi/16)). Hand count: 9 T, 9 rotations in 7 rotation
// layers, 11 non-Clifford layers, 4 measurements.
OPENQASM 3.0;
include "stdgates.inc";
qubit[4] q;
bit[4] c;
h q[0];
cp(pi/2) q[1], q[0];
cp(pi/4) q[2], q[0];
cp(pi/8) q[3], q[0];
h q[1];
cp(pi/2) q[2], q[1];
cp(pi/4) q[3], q[1];
h q[2];
cp(pi/2) q[3], q[2];
h q[3];
swap q[0], q[3];
swap q[1], q[2];
c = measure q;
