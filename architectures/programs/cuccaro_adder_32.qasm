// A 32-bit ripple-carry adder, b := a + b (Cuccaro, Draper, Kutin & Moulton, quant-ph/0410184):
// 64 Toffolis in one dependent chain, 66 qubits. The loops are counted without unrolling.
OPENQASM 3.0;
include "stdgates.inc";
const int n = 32;
gate maj a, b, c { cx c, b; cx c, a; ccx a, b, c; }
gate uma a, b, c { ccx a, b, c; cx c, a; cx a, b; }
qubit cin;
qubit[n] a;
qubit[n] b;
qubit cout;
bit[n] sum;
bit carry;
maj cin, b[0], a[0];
for int i in [1:n - 1] {
  maj a[i - 1], b[i], a[i];
}
cx a[n - 1], cout;
for int i in [n - 1:-1:1] {
  uma a[i - 1], b[i], a[i];
}
uma cin, b[0], a[0];
sum = measure b;
carry = measure cout;
