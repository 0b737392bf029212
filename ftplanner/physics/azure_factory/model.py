"""The Azure Resource Estimator's T-factory model: distillation units, rounds and factories as it reports them.

Source: Microsoft's open-source Azure Quantum Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp), its
model of T factories for the default gate-based ``surface_code`` (``system/modeling/tfactory.rs``,
``estimates/factory``), re-derived; nothing is copied. The model, as the whole package implements it:

* Logical patch at odd distance d: 2·d² physical qubits, logical cycle (4·t_2q + 2·t_meas)·d,
  logical (Clifford) error per cycle ``A·(p/p_th)^((d+1)/2)`` with A = 0.03, p_th = 0.01 and
  p = max(Clifford error, measurement error), Clifford error = max(1q, 2q, idle).
* Two distillation units, both 15 T in -> 1 T out, with the same error model:
  output error ``35·e³ + 7.1·c`` and failure probability ``15·e + 356·c`` (e = input T
  error, c = Clifford error of the qubits the unit runs on):

  ==========================  ==========================  ===============================
  unit                        on physical qubits (d = 1)  on logical patches (distance d)
  ==========================  ==========================  ===============================
  "15-to-1 RM prep"           31 qubits, 24 t_T            31 patches, 11 logical cycles
  "15-to-1 space efficient"   12 qubits, 45 t_T            20 patches, 13 logical cycles
  ==========================  ==========================  ===============================

  (t_T: the T-gate time, as qsharp 1.31 does; older sources use the measurement time.)
  A unit may run on physical qubits only in the first round and only if the physical Clifford
  error is ≤ 0.1·(physical T error); a logical unit is admissible at distance d only if its
  logical error rate is ≤ 0.1·(physical T error) (but in the first round, when physical
  units are admissible, every logical distance ≥ 3 is). The first round's input error is
  the physical T-gate error.
* A factory is 1-4 rounds; distances never decrease from one round to the next; every round
  must lower the error (else the design is rejected), and every failure probability must lie
  in (0, 1). Units per round are fixed from the last round backwards: the last round must
  deliver 1 T state, earlier rounds 15× the next round's units. A round's unit count is the
  smallest n for which the (0.01 / rounds)-quantile of Binomial(n, 1 − failure) successful
  units still covers what the next round needs; the factory's outputs per run are that
  quantile for its last round (1 in practice).
* Qubits = max over rounds of (units × unit qubits) (rounds reuse space); runtime = sum of
  the rounds' durations.
* The estimator keeps the designs whose output error is ≤ the target on a Pareto frontier
  of (qubits per output, runtime) and then uses the one with the smallest normalised volume
  qubits × runtime / outputs whose runtime fits in the algorithm's runtime. It searches 1-3
  rounds, and 4 only if nothing with ≤ 3 rounds meets the target. The largest distance a
  factory may use is the algorithm's code distance.
* If the target is looser than the physical T error, the estimator uses a trivial factory
  (one patch at the maximum distance for one logical cycle; output error = T-gate error).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Azure Quantum Resource Estimator (qsharp 1.31) T-factory model, reimplemented in ftplanner"


@dataclass(frozen=True)
class _Unit:
    name: str
    physical_qubits: int  # qubits when run on physical qubits (first round, d = 1)
    physical_steps: int  # duration in T-gate times on physical qubits
    logical_patches: int  # logical patches when run on a surface-code distance d
    logical_cycles: int  # duration in logical cycles on distance d


# In the estimator's order (RM prep first), which fixes the order of its search and of ties.
_UNITS = (
    _Unit("15-to-1 RM prep", 31, 24, 31, 11),
    _Unit("15-to-1 space efficient", 12, 45, 20, 13),
)
_INPUTS_PER_UNIT = 15
_FACTORY_FAILURE_BUDGET = 0.01  # split evenly between the rounds
_MAX_ROUNDS = 3
_MAX_EXTRA_ROUNDS = 4
_MAX_UNITS = 10**18  # the estimator gives up on a round needing this many units


@dataclass(frozen=True)
class AzureRound:
    """One distillation round: `units` copies of `unit` on distance `distance` (1 = physical)."""

    unit: str
    units: int
    distance: int
    physical: bool
    physical_qubits: int  # units × qubits per unit
    runtime_ns: int
    output_error: float
    failure_probability: float


@dataclass(frozen=True)
class AzureTFactory:
    """A factory as the estimator reports it (``tfactory`` section of its report)."""

    rounds: tuple[AzureRound, ...]
    physical_qubits: int
    runtime_ns: int
    output_error: float
    outputs_per_run: int

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(r.unit for r in self.rounds)

    @property
    def distances(self) -> tuple[int, ...]:
        return tuple(r.distance for r in self.rounds)

    @property
    def units_per_round(self) -> tuple[int, ...]:
        return tuple(r.units for r in self.rounds)

    @property
    def normalized_volume(self) -> float:
        """Physical qubits × runtime (ns) per output T state: what the estimator minimises."""
        return self.physical_qubits * self.runtime_ns / self.outputs_per_run

    @property
    def protocol(self) -> str:
        parts = []
        for r in self.rounds:
            where = "physical" if r.physical else f"d{r.distance}"
            parts.append(f"{r.unit} x{r.units} @{where}")
        return " | ".join(parts)
