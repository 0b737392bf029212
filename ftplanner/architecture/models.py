"""The architecture file as typed pydantic models: every field, its unit and its default.

Unknown keys are errors (extra="forbid"). Defaults that depend on the profile (for example
the decoder reaction time, which the Azure Resource Estimator does not model) are left as
None here and resolved, and marked as defaults, by `ftplanner.architecture.hardware` (rates and
durations) and `ftplanner.plan.resolve` (the rest of the machine).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ftplanner.architecture.units import SECONDS_PER_UNIT, parse_duration, parse_in_named_unit
from ftplanner.physics.hardware_presets import HARDWARE_PRESETS


class Section(BaseModel):
    """Base of every section: unknown keys are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True)


MAX_COUNT = 10**18  # the planner counts in int64, which wraps a little past 9.2e18
MIN_RATE = 1e-15  # a nonzero error rate below this is under what the planner's float arithmetic resolves
MAX_NAME = 100  # the name becomes report file names, and file systems allow 255 bytes


def _at_most_max_count(value: int) -> int:
    if value > MAX_COUNT:
        shown = f"{value:.3g}" if value < 10**300 else f"a {len(str(value))}-digit number"
        raise ValueError(f"must be at most 1e18 (the planner counts in 64-bit integers), got {shown}")
    return value


def _resolvable_rate(value: float) -> float:
    if 0 < value < MIN_RATE:
        raise ValueError(f"must be 0 or at least {MIN_RATE:g} (smaller rates are below what the planner resolves), "
                         f"got {value!r}")
    return value


def _whole_number(value):
    """Counts may be written 1.0e12 in YAML; accept integral floats, refuse 1.5 or '12'."""
    if isinstance(value, bool):
        raise ValueError("expected a whole number, got a boolean")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite whole number, got {value}")
        if not value.is_integer():
            raise ValueError(f"expected a whole number, got {value}")
        return int(value)
    if isinstance(value, str):
        raise ValueError(f"expected a whole number, got the string {value!r}")
    return value


def _duration_in(unit: str, named: bool = True, positive: bool = False):
    """A duration field stored in `unit`; accepts a number (in `unit`) or a string like '10us'.

    `named`: the key's name (or its section's, durations_ns) says the unit, so a string must be in
    that unit ('10ms' for latency_us is refused); max_runtime, named without one, takes any unit.
    `positive`: the schema's number must be above 0 (the field adds its own Field(gt=0) check).
    """
    if not named:
        units = "|".join(k for k in SECONDS_PER_UNIT if k != "µs")
        validator = BeforeValidator(lambda v: parse_duration(v, unit))
    else:
        units = "us|µs" if unit == "us" else unit

        def validator_function(v, info: ValidationInfo):
            name = info.field_name or ""
            return parse_in_named_unit(v, unit, name if name.endswith(f"_{unit}") else f"durations_{unit}.{name}")

        validator = BeforeValidator(validator_function)
    number = {"type": "number", "exclusiveMinimum" if positive else "minimum": 0}
    schema = {"anyOf": [number, {"type": "string", "pattern": rf"^\s*[0-9.eE+-]+\s*({units})\s*$"}]}
    return Annotated[float, validator, WithJsonSchema(schema)]


# The bounds come before the validators so that the JSON Schema shows them as minimum / maximum;
# the upper bound is checked by _at_most_max_count, whose message says why, and only shown here.
_AT_MOST_MAX_COUNT = Field(json_schema_extra={"maximum": MAX_COUNT})
Count = Annotated[int, Field(ge=0, strict=False), BeforeValidator(_whole_number), AfterValidator(_at_most_max_count),
                  _AT_MOST_MAX_COUNT]
PositiveCount = Annotated[int, Field(ge=1), BeforeValidator(_whole_number), AfterValidator(_at_most_max_count),
                          _AT_MOST_MAX_COUNT]
ErrorRate = Annotated[float, Field(strict=True, ge=0, le=0.5), AfterValidator(_resolvable_rate)]
Fraction = Annotated[float, Field(strict=True, ge=0, le=1)]
PositiveFloat = Annotated[float, Field(strict=True, gt=0)]
PositiveNs = Annotated[_duration_in("ns", positive=True), Field(gt=0)]
Auto = Literal["auto"]


class ErrorRates(Section):
    """Physical error probabilities per operation (unset ones follow the noise family or preset)."""

    two_qubit: ErrorRate | None = Field(None, description="two-qubit gate (CNOT/CZ): DEPOLARIZE2 probability; the "
                                                          "noise family's p, which the other rates default from")
    single_qubit: ErrorRate | None = Field(None, description="single-qubit Clifford gate: DEPOLARIZE1 probability")
    measurement: ErrorRate | None = Field(None, description="measurement: probability that the result flips")
    reset: ErrorRate | None = Field(None, description="reset: probability that the qubit starts flipped")
    idle: ErrorRate | None = Field(None, description="DEPOLARIZE1 probability per waiting qubit per circuit layer "
                                                     "(durations do not scale it)")
    t_gate: ErrorRate | None = Field(None, description="physical T gate (magic-state injection); default: single_qubit")


class DurationsNs(Section):
    """Operation durations in nanoseconds (a number, or a string in ns such as '50ns'; '1us' is refused)."""

    two_qubit: PositiveNs | None = Field(None, description="two-qubit gate, ns (default: the preset's, else 50)")
    single_qubit: PositiveNs | None = Field(None, description="single-qubit gate, ns (default: the preset's, else 25)")
    measurement: PositiveNs | None = Field(None, description="measurement, ns (default: the preset's, else 500)")
    reset: PositiveNs | None = Field(None, description="reset, ns (default: the preset's, else 100)")
    t_gate: PositiveNs | None = Field(None, description="physical T gate, ns (default: the preset's, else single_qubit)")


class Hardware(Section):
    """The physical qubits: a named preset and/or per-operation error rates and durations."""

    preset: Literal[tuple(HARDWARE_PRESETS)] | None = Field(  # type: ignore[valid-type]
        None, description="the Azure Resource Estimator's qubit model of that name (rates and durations); the "
                          "fields given below override it")
    noise_model: Literal["uniform", "si1000"] = Field(
        "uniform", description="noise family: uniform (every rate p, Stim's circuit-depolarizing model) or si1000 "
                               "(Gidney et al. 2021: single-qubit p/10, measurement 5p, reset 2p, idle p/10); "
                               "unset rates follow it")
    error_rates: ErrorRates = ErrorRates()
    durations_ns: DurationsNs = DurationsNs()
    cycle_time_ns: PositiveNs | None = Field(
        None, description="syndrome-extraction cycle; default: derived from the durations"
    )

    @model_validator(mode="after")
    def _needs_error_rates(self):
        if self.preset is None and self.error_rates.two_qubit is None:
            raise ValueError("set hardware.preset or hardware.error_rates.two_qubit; the planner needs a physical error rate")
        if self.preset is None and self.error_rates.two_qubit == 0:
            raise ValueError("error_rates.two_qubit must be above 0")
        return self


class Code(Section):
    """The error-correcting code and the layout of the logical data block."""

    family: Literal["rotated_surface", "gross", "two_gross"] = Field(
        "rotated_surface", description="rotated_surface (patches of distance d, lattice surgery), or one of IBM's "
                                       "bivariate-bicycle codes planned at the instruction level of the bicycle "
                                       "architecture: gross [[144,12,12]] or two_gross [[288,12,18]] blocks of 11 data "
                                       "logical qubits each (Yoder et al., arXiv:2506.03094); for these, max_distance, "
                                       "layout and storage do not apply")
    max_distance: Annotated[int, Field(ge=3, le=999)] = Field(
        101, description="largest code distance the planner may choose; a design that needs more is infeasible")
    layout: Literal["compact", "intermediate", "fast"] = Field(
        "fast", description="data block of Litinski's Game of Surface Codes (2019): compact (1.5n + 3 tiles, up to 9 "
                            "logical steps per rotation), intermediate (2n + 4, 5) or fast (2n + sqrt(8n) + 1, 1)")
    storage: Literal["patches", "yoked"] = Field(
        "patches", description="where idle logical qubits wait: patches (in the data block) or yoked (the cheapest "
                               "plain or yoked-surface-code cold storage for their share of the budget, Gidney et "
                               "al. 2023; the data block then holds workload.active_qubits)")


class Decoder(Section):
    """The decoder; its reaction time bounds the speed of sequential non-Clifford steps."""

    name: Literal["pymatching"] = Field("pymatching", description="the decoder the calibration was simulated with")
    reaction_time_us: _duration_in("us") | None = Field(
        None, description="default 10 us (profile ftplanner) or 0 (profile azure-re, which does not model it)"
    )


class Modules(Section):
    """Quantum modules (QPUs); `physical_qubits` is the capacity of each."""

    count: Auto | PositiveCount = Field("auto", description="modules, or auto: the fewest that hold the design")
    physical_qubits: PositiveCount | None = Field(None, description="capacity per module; default: unlimited")


class Link(Section):
    """One quantum link between two modules."""

    bell_pair_rate_hz: PositiveFloat = Field(1.0e6, description="raw Bell pairs per second one link produces, Hz")
    bell_pair_fidelity: Annotated[float, Field(strict=True, gt=0, le=1)] = Field(
        0.99, description="fidelity of each raw pair to a Bell state (a Werner state; 1 - F becomes two-qubit "
                          "depolarizing noise on the crossing gate)")
    latency_us: _duration_in("us") = Field(10.0, description="one-way classical latency between linked modules, us "
                                                             "(a remote non-Clifford step waits a round trip per hop)")


class Memory(Section):
    """Entanglement storage at the ends of each physical link: pairs made ahead wait here, and decay."""

    coherence_time_us: Annotated[_duration_in("us", positive=True), Field(gt=0)] = Field(
        ..., description="T of a stored pair, us: its fidelity decays as 1/4 + (F - 1/4) exp(-t / T)")
    qubits_per_link: PositiveCount = Field(..., description="memory qubits at each end of a physical link: one "
                                                            "stored pair each")


class Switch(Section):
    """The entanglement switch of a `switched` network (for scale: Cisco's announced entanglement-distribution
    chip makes about 1e6 pairs/s per output channel and up to 2e8 per chip)."""

    ports: PositiveCount | None = Field(None, description="links one switch can terminate; more modules than ports "
                                                          "are joined by a tree of such switches (each spends a port "
                                                          "on its uplink); default: unlimited")
    pairs_per_s: PositiveFloat | None = Field(None, description="Bell pairs per second one switch can swap; "
                                                                "default: unlimited")
    count: Auto | PositiveCount = Field("auto", description="copies of the switching fabric (one switch, or the tree "
                                                            "of them) working side by side; auto: the fewest whose "
                                                            "busiest switch meets the peak demand")


class Network(Section):
    """How modules are linked and how Bell pairs are improved."""

    topology: Literal["all_to_all", "ring", "line", "switched"] = Field(
        "all_to_all", description="which modules are linked: every pair, a ring, a line, or each to a central switch; "
                                  "pairs between unlinked modules are swapped along the shortest path")
    links_per_module_pair: Auto | PositiveCount = Field(
        "auto", description="physical links on each topology link, or auto: the fewest that meet the peak demand")
    link: Link = Link()
    distillation: Literal["none", "auto"] | Annotated[int, Field(ge=0, le=20), BeforeValidator(_whole_number)] = Field(
        "auto", description="recurrence rounds on every delivered pair: a number, none (0), or auto: the fewest whose "
                            "seam error fits the network's share of the budget")
    memory: Memory | None = Field(None, description="pair storage; default: none (pairs are used as they arrive)")
    distillation_protocol: Literal["dejmps", "bbpssw"] = Field(
        "dejmps", description="recurrence protocol: dejmps (Deutsch et al. 1996) or bbpssw (Bennett et al. 1996, "
                              "twirled to Werner form after each round)")
    switch: Switch | None = Field(None, description="the switch of a switched network; default: one switch of "
                                                    "unlimited ports and capacity")

    @model_validator(mode="after")
    def _switch_needs_a_switched_network(self):
        if self.switch is not None and self.topology != "switched":
            raise ValueError(f"network.switch describes a switched network; the topology is {self.topology}")
        return self


class Factories(Section):
    """Magic-state factories: which protocols may be used, how many and where."""

    protocols: list[str] = Field(default_factory=lambda: ["auto"], min_length=1,
                                 description="[auto], or families: 15-to-1, (15-to-1)x(15-to-1), (15-to-1)x(20-to-4), "
                                             "cultivation, cultivation x (15-to-1)")
    placement: Literal["per_module", "dedicated_modules"] = Field(
        "per_module", description="per_module: spread over every module beside the data; dedicated_modules: on modules "
                                  "of their own, every magic state crossing a link")
    count: Auto | PositiveCount = Field("auto", description="factory copies, or auto: enough to keep up with the logical "
                                                            "clock (fewer may make magic-state supply bind)")

    @field_validator("protocols")
    @classmethod
    def _known_protocols(cls, protocols: list[str]) -> list[str]:
        if protocols == ["auto"]:
            return protocols
        from ftplanner.physics.factories import FAMILIES, protocol_family  # the catalogue owns the names

        unknown = [name for name in protocols if protocol_family(name) not in FAMILIES]
        if unknown:
            raise ValueError(f"unknown protocol {', '.join(map(repr, unknown))}; use auto or one of: {', '.join(FAMILIES)}")
        return protocols


class LogicalCounts(Section):
    """Logical counts in the Azure Resource Estimator's field names, so its exports drop in."""

    numQubits: PositiveCount = Field(description="logical qubits of the algorithm")
    tCount: Count = Field(0, description="T gates (each consumes one T state)")
    rotationCount: Count = Field(0, description="arbitrary single-qubit rotations, each synthesised from T gates")
    rotationDepth: Count = Field(0, description="layers of rotations that must run in sequence")
    cczCount: Count = Field(0, description="CCZ gates (Toffolis)")
    ccixCount: Count = Field(0, description="CCiX gates (Toffolis up to a phase, as in the Azure estimator)")
    measurementCount: Count = Field(0, description="single-qubit measurements")

    @model_validator(mode="after")
    def _depth_within_count(self):
        if self.rotationDepth > self.rotationCount:
            raise ValueError(f"rotationDepth ({self.rotationDepth}) cannot exceed rotationCount ({self.rotationCount})")
        if self.rotationCount > 0 and self.rotationDepth == 0:
            raise ValueError("rotationDepth must be at least 1 when rotationCount is above 0")
        return self


class Workload(Section):
    """The algorithm: its logical counts (inline or from a JSON file) and its parallelism."""

    logical_counts: LogicalCounts | None = None
    logical_counts_file: str | None = Field(None, description="JSON with the same fields, relative to this file")
    t_depth: PositiveCount | None = Field(
        None, description="layers of non-Clifford operations that may run in parallel, one logical step and one "
                          "decoder reaction each; default: every operation in sequence")
    active_qubits: PositiveCount | None = Field(
        None, description="logical qubits that take part in operations at a time (the data block holds them); the "
                          "rest idle in storage when code.storage is yoked; default: all of numQubits")
    reaction_depth: PositiveCount | None = Field(
        None, description="non-Clifford operations on the longest classically-dependent chain, one decoder reaction "
                          "each; default: t_depth, else every non-Clifford operation in sequence")
    success_probability: Annotated[float, Field(strict=True, gt=0, le=1)] = Field(
        1.0, description="probability that one run's output is usable when no fault occurs (the algorithm's own); "
                         "expected runtime = runtime / (success_probability x (1 - failure_probability))")
    cross_module_fraction: Auto | Fraction = Field(
        "auto", description="share of logical operations that cross modules; auto: (M-1)/M, or measured on circuit_file")
    circuit_file: str | None = Field(
        None, description="a representative OpenQASM 2 or 3 circuit, relative to this file; its interaction graph "
                          "is partitioned over the modules to measure the cross-module fraction")
    program: str | None = Field(
        None, description="the program itself, relative to this file: OpenQASM 2 or 3 (.qasm) or QIR (.ll, .bc); its "
                          "logical counts, t_depth and reaction_depth are counted from it (a t_depth or "
                          "reaction_depth given here wins) and its interaction graph is partitioned like circuit_file's")

    @model_validator(mode="after")
    def _one_source_of_counts(self):
        if self.logical_counts is None:
            raise ValueError("give logical_counts, logical_counts_file naming a JSON file of them, or program")
        if self.circuit_file and self.cross_module_fraction != "auto":
            raise ValueError("give circuit_file or cross_module_fraction, not both: the circuit measures the fraction")
        if self.program and self.cross_module_fraction != "auto":
            raise ValueError("give program or cross_module_fraction, not both: the program measures the fraction")
        if self.program and self.circuit_file:
            raise ValueError("give program or circuit_file, not both: the program's interaction graph is partitioned")
        if self.active_qubits is not None and self.active_qubits > self.logical_counts.numQubits:
            raise ValueError(f"active_qubits ({self.active_qubits}) cannot exceed logical_counts.numQubits "
                             f"({self.logical_counts.numQubits})")
        return self


class BudgetSplit(Section):
    """Fractions of the failure budget per component (default: equal shares of those present)."""

    logical: Fraction = Field(description="share of the data block's memory and lattice surgery (above 0)")
    magic: Fraction = Field(0.0, description="share of imperfect magic states")
    network: Fraction = Field(0.0, description="share of the seams of remote merges")
    rotation_synthesis: Fraction = Field(0.0, description="share of the rotations' approximation error")

    @model_validator(mode="after")
    def _sums_to_at_most_one(self):
        total = self.logical + self.magic + self.network + self.rotation_synthesis
        if total > 1 + 1e-9:
            raise ValueError(f"the fractions add up to {total:g}; they must add up to at most 1")
        if self.logical <= 0:
            raise ValueError("logical must be above 0")
        return self


class Execution(Section):
    """How the logical computation is clocked."""

    clock: Literal["auto", "logical_steps", "reaction_limited"] = Field(
        "auto", description="logical_steps: every logical layer takes its code cycles (d each); reaction_limited: one "
                            "decoder reaction per step of the longest dependent chain, Cliffords absorbed, with "
                            "workspace for the operations in flight; auto: the smaller physical qubits x runtime "
                            "(logical_steps under profile azure-re)")


class Budget(Section):
    """The probability that the whole run fails, and how it is shared."""

    total_failure: Annotated[float, Field(strict=True, gt=0, lt=1)] = Field(
        1.0e-3, description="largest acceptable probability that a run fails (a union bound over the parts)")
    split: Literal["equal", "optimise"] | BudgetSplit = Field(
        "equal", description="equal shares of the parts present, 'optimise' (least physical qubits x runtime), "
                             "or fractions per part")


class Constraints(Section):
    """Limits a plan must respect, else it is infeasible and says which."""

    max_runtime: Annotated[_duration_in("s", named=False), Field(gt=0)] | None = Field(None, description="seconds, or e.g. 30d")
    max_physical_qubits: PositiveCount | None = Field(None, description="at most this many physical qubits in all; "
                                                                        "default: no limit")
    max_modules: PositiveCount | None = Field(None, description="at most this many modules; default: no limit")


class Architecture(Section):
    """A fault-tolerant machine and the workload it must run: one architecture YAML file."""

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME, pattern=r"^[A-Za-z0-9._-]+$")] = Field(
        description="names the report files: letters, digits, '.', '_' and '-'")
    profile: Literal["ftplanner", "azure-re"] = Field(
        "ftplanner", description="ftplanner: the calibrated error law and every model of the README; azure-re: the "
                                 "Azure Quantum Resource Estimator's assumptions, which it reproduces")
    hardware: Hardware = Hardware.model_construct()
    code: Code = Code()
    decoder: Decoder = Decoder()
    modules: Modules = Modules()
    network: Network = Network()
    factories: Factories = Factories()
    workload: Workload
    execution: Execution = Execution()
    budget: Budget = Budget()
    constraints: Constraints = Constraints()
    calibration: str = Field("default", description="'default' or a path to a calibration file")

    @model_validator(mode="after")
    def _clock_of_profile(self):
        if self.profile == "azure-re" and self.execution.clock == "reaction_limited":
            raise ValueError("execution.clock: profile azure-re reproduces the Azure Resource Estimator, which clocks "
                             "logical steps only; use logical_steps or auto, or profile ftplanner")
        if self.profile == "azure-re" and self.code.storage == "yoked":
            raise ValueError("code.storage: profile azure-re keeps every logical qubit in the data block; use patches, "
                             "or profile ftplanner")
        if self.code.storage == "patches" and self.workload.active_qubits not in (None, self.workload.logical_counts.numQubits):
            raise ValueError("workload.active_qubits needs code.storage: yoked (with patches every logical qubit sits "
                             "in the data block)")
        return self
