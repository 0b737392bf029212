// A 4-bit ripple-carry adder (Cuccaro, Draper, Kutin & Moulton, quant-ph/0410184, Fig. 4):
// b := a + b, with the carry out in cout. Hand count: 8 Toffolis (one per MAJ and UMA), all in
// sequence (t_depth 8), 5 measurements (b and cout), 10 qubits.
OPENQASM 3.0;
include "stdgates.inc";
gate maj a, b, c { cx c, b; cx c, a; ccx a, b, c; }
gate uma a, b, c { ccx a, b, c; cx c, a; cx a, b; }
qubit cin;
qubit[4] a;
qubit[4] b;
qubit cout;
bit[4] sum;
bit carry;
x a[0];
x b[1];
maj cin, b[0], a[0];
maj a[0], b[1], a[1];
maj a[1], b[2], a[2];
maj a[2], b[3], a[3];
cx a[3], cout;
uma a[2], b[3], a[3];
uma a[1], b[2], a[2];
uma a[0], b[1], a[1];
uma cin, b[0], a[0];
sum = measure b;
carry = measure cout;
