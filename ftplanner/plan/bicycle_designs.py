"""The bicycle planner's points as the planner's outputs: CSV rows for sweeps, a Plan (with its BicyclePlan) per point.

`BicycleDesigns` answers what `ftplanner.plan.designs.Designs` answers (`rows`, `plan`), so
`plan_points` returns either and estimates, sweeps and reports need not know which code planned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.physics.bicycle import CODES, P_RANGE
from ftplanner.plan.bicycle import INSTRUCTION_CLASSES, BicyclePoints, plan_bicycle
from ftplanner.plan.budget import PARTS
from ftplanner.plan.columns import in_order
from ftplanner.plan.designs import BOUNDS, Reason, expected_runtime
from ftplanner.plan.modules import ModuleGroup, Placement
from ftplanner.plan.network import LinkLoad, NetworkPlan
from ftplanner.plan.resolve import Machine, assumptions
from ftplanner.plan.result import Plan

LABELS = {"in_module_measurements": "in-module Pauli measurement", "automorphisms": "automorphism",
          "l_coupler_measurements": "inter-module joint measurement (L-coupler)",
          "remote_joint_measurements": "remote joint measurement through Bell pairs",
          "idle_cycles": "idle syndrome cycle", "t_gates": "T gate"}


@dataclass(frozen=True)
class BicyclePlan:
    """The instruction-level breakdown of a bicycle-code plan: blocks, both link levels, instructions and errors."""

    code_family: str
    code: str  # [[n,k,d]]
    block_physical_qubits: int
    data_blocks: int
    factory_blocks: int
    blocks: int
    blocks_per_module: int
    distillation_level: int  # 0: T injection; 1 or 2 rounds of 15-to-1 in factory blocks
    factory_protocol: str | None  # the factory blocks' protocol (None: injection)
    magic_state_error: float  # per T gate, as the rotation consumes it
    steps_per_rotation: float  # time steps (8 per syndrome cycle) of one rotation over every data block
    seconds_per_rotation: float
    l_coupler_measurements: float  # joint measurements between blocks of one module over the run
    remote_joint_measurements: float  # between modules, through Bell pairs
    bell_pairs_per_remote_measurement: float
    remote_link_error: float  # the link's extra error per remote joint measurement
    instruction_uses: dict  # class -> uses over the run
    error_per_use: dict  # class -> error per use (remote: its in-module part; the link's extra is remote_link_error)
    failures: dict  # class -> failure over the run
    source: str


def _constant(n: int, value) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


def _e(x: float) -> str:
    return f"{x:.2e}"


@dataclass
class BicycleDesigns:
    """The bicycle planner's points with the inputs they came from."""

    points: BicyclePoints
    machine: Machine
    source: str

    def reason(self, k: int, arch: Architecture) -> str:
        """Point k's reason, as the user reads it ('' when feasible)."""
        pts, c = self.points, self.points.columns
        status, family = Reason(int(pts.status[k])), pts.family
        code = CODES[family]
        p = float(c["p_physical"][k])
        if status == Reason.BLOCK_TABLE:
            return (f"physical error {_e(p)} is above {P_RANGE[1]:.0e}, the highest the published {family} instruction "
                    f"table reaches (Yoder et al. 2025, IBM's bicycle compiler): lower the error rates, or give a "
                    f"calibration with a {family} block law")
        if status == Reason.BLOCK_SIZE:
            return (f"a module of {int(arch.modules.physical_qubits):,} physical qubits cannot hold one {family} block "
                    f"({code.physical_qubits} physical qubits: {2 * code.n} code + {code.lpu_qubits} LPU): raise "
                    f"modules.physical_qubits")
        if status == Reason.PLACEMENT:
            return (f"{int(c['blocks'][k]):,} {family} blocks on {int(c['fixed_module_count'][k]):,} modules need "
                    f"{int(c['blocks_per_module'][k]):,} per module, but a module holds {int(c['capacity'][k]):,}: "
                    f"raise modules.count or modules.physical_qubits")
        if status == Reason.NO_FACTORY:
            target = float(pts.budget["magic"][k] / c["t_states"][k]) if c["t_states"][k] else 0.0
            return (f"no T supply on {family} blocks reaches {_e(target)} per T state at p = {_e(p)} (injection, or one "
                    f"or two rounds of 15-to-1 in factory blocks): raise the budget or lower the error rates")
        if status == Reason.NETWORK:
            return (f"Bell pairs of fidelity {float(arch.network.link.bell_pair_fidelity):.4g} cannot be distilled "
                    f"(network.distillation: {arch.network.distillation}) to keep the "
                    f"{float(pts.uses['remote_joint_measurements'][k]):.3g} remote joint measurements within the "
                    f"network's share {_e(float(pts.budget['network'][k]))}: raise the link fidelity, allow "
                    f"distillation or put more blocks on each module")
        if status == Reason.BLOCK_FAILURE:
            return self._over_budget(k, arch)
        if status == Reason.RUNTIME:
            return (f"runtime {float(c['runtime_s'][k]):.3g} s exceeds constraints.max_runtime "
                    f"{float(c['limit_runtime_s'][k]):.3g} s (bound: {BOUNDS[int(np.argmax(pts.bounds_s[k]))]})")
        if status == Reason.QUBITS:
            return (f"{int(c['physical_qubits'][k]):,} physical qubits exceed constraints.max_physical_qubits "
                    f"{int(c['limit_physical_qubits'][k]):,}")
        if status == Reason.MODULES:
            return f"{int(c['modules'][k])} modules exceed constraints.max_modules {int(c['limit_modules'][k])}"
        if status == Reason.SWITCH_PORTS:
            return (f"{int(c['modules'][k])} modules exceed network.switch.ports {int(c['limit_modules'][k])}: the "
                    f"bicycle planner joins modules through one switch (trees of switches are planned for the "
                    f"surface code only); use a switch with more ports, larger modules or another topology")
        return ""

    def _over_budget(self, k: int, arch: Architecture) -> str:
        """The instruction class that fails most, per use and over the run, against the whole budget."""
        pts = self.points
        family, p, total = pts.family, float(pts.columns["p_physical"][k]), float(arch.budget.total_failure)
        failures = {cls: float(pts.uses[cls][k] * pts.per_use[cls][k]) for cls in INSTRUCTION_CLASSES}
        failures["remote_joint_measurements"] += float(pts.failures["network"][k])
        if float(pts.failures["logical"][k] + pts.failures["network"][k]) > total:
            del failures["t_gates"]  # a better T supply would not help: the Clifford instructions fail on their own
        worst = max(failures, key=failures.get)
        per_use = failures[worst] / float(pts.uses[worst][k])
        alone = "alone " if failures[worst] > total else ""
        return (f"{family} at p = {_e(p)}: the {LABELS[worst]} {alone}fails at {_e(per_use)} per use, and the run "
                f"needs {float(pts.uses[worst][k]):.3g} of them ({failures[worst]:.3g} expected failures) against a "
                f"failure budget of {_e(total)}: lower the error rates"
                + ("" if family == "two_gross" else ", or use the two_gross code"))

    def rows(self, arch: Architecture, profile: str) -> dict[str, np.ndarray]:
        """Every point as the columns of `Plan.row`, in the table's order (None where a value does not exist)."""
        pts, c = self.points, self.points.columns
        n = len(pts.status)
        feasible = pts.status == Reason.FEASIBLE
        stopped_early = np.isin(pts.status, [Reason.BLOCK_TABLE, Reason.BLOCK_SIZE, Reason.NO_FACTORY, Reason.PLACEMENT])
        sized = ~stopped_early
        finished = sized & (pts.status != Reason.NETWORK)
        networked = sized & (c["modules"] > 1)
        spans = finished & (c["net_boundaries"] > 0)

        def maybe(column, where, kind=float):
            out = np.full(n, None, dtype=object)
            out[where] = column[where].astype(kind)
            return out

        reasons = _constant(n, "")
        for k in np.flatnonzero(~feasible):
            reasons[k] = self.reason(int(k), arch)
        failure = sum(pts.failures[part] for part in PARTS)
        runtime = c["runtime_s"]
        links = c["net_links"]
        return in_order({
            "name": _constant(n, arch.name), "feasible": feasible, "reason": reasons, "profile": _constant(n, profile),
            "code_family": _constant(n, pts.family), "code_distance": c["code_distance"].astype(np.int64),
            "logical_qubits": c["logical_qubits"].astype(np.int64),
            "layout": _constant(n, None), "layout_tiles": _constant(n, None),
            "code_blocks": np.where(sized, c["blocks"], 0).astype(np.int64),
            "physical_qubits": maybe(c["physical_qubits"], sized, np.int64),
            "physical_qubits_data": maybe(c["physical_qubits_data"], sized, np.int64),
            "physical_qubits_factories": maybe(c["physical_qubits_factories"], sized, np.int64),
            "modules": maybe(c["modules"], sized, np.int64),
            "physical_qubits_per_module": maybe(c["blocks_per_module"] * c["block_qubits"], sized, np.int64),
            "factories": np.where(sized, c["factories"], 0).astype(np.int64),
            "factory_protocol": np.where(sized & (c["factories"] > 0), _protocol(c["distillation_level"], pts.family),
                                         None),
            "factory_output_error": maybe(c["magic_state_error"], sized & (c["factories"] > 0)),
            "factory_outputs": np.where(sized & (c["factories"] > 0), c["t_states"], 0.0),
            "t_states": c["t_states"], "t_per_rotation": c["t_per_rotation"].astype(np.int64),
            "logical_depth": c["logical_depth"], "execution_clock": _constant(n, "instruction_schedule"),
            "reaction_depth": c["chain"], "workspace_tiles": np.zeros(n, np.int64), "storage": _constant(n, "blocks"),
            "stored_logical_qubits": np.zeros(n, np.int64), "storage_distance": np.zeros(n, np.int64),
            "physical_qubits_storage": np.zeros(n, np.int64),
            "runtime_s": maybe(runtime, finished),
            "expected_runtime_s": maybe(expected_runtime(runtime, c["success_probability"], failure), finished),
            "binding_constraint": maybe(np.array(BOUNDS, dtype=object)[np.argmax(pts.bounds_s, axis=1)], finished, object),
            "failure_probability": maybe(failure, finished),
            **{f"{part}_failure": maybe(pts.failures[part], finished) for part in PARTS},
            "network_failure_stderr": maybe(np.zeros(n), finished),
            "cross_module_fraction": np.where(networked, c["cross_module_fraction"], 0.0),
            "remote_operations": np.where(networked, pts.uses["remote_joint_measurements"], 0.0),
            "l_coupler_measurements": np.where(sized, pts.uses["l_coupler_measurements"], 0.0),
            "concurrent_remote_merges": np.where(spans, 1, 0).astype(np.int64),
            "peak_raw_bell_pairs_per_s": np.where(spans, c["net_peak_raw_pairs_per_s"], 0.0),
            "pair_storage_s": np.zeros(n), "switches": np.where(spans & (arch.network.topology == "switched"), 1, 0),
            "links": np.where(spans, links, 0).astype(np.int64),
            "links_per_module_pair": np.where(spans, c["net_links_per_boundary"], 0).astype(np.int64),
            "bell_pairs_per_s_per_link": np.where(spans, _per_link_rate(c, runtime), 0.0),
            "raw_bell_pairs_per_s": np.where(spans, c["net_raw_pairs"] / np.where(spans, runtime, 1.0), 0.0),
            "delivered_fidelity": maybe(c["net_delivered_fidelity"], networked),
            "distillation_rounds": np.where(spans, c["net_rounds"], 0).astype(np.int64),
            "p_physical": c["p_physical"], "cycle_time_s": c["cycle_time_s"],
        })

    def plan(self, k: int, machine: Machine, arch: Architecture) -> Plan:
        """The full Plan of point k, with its BicyclePlan breakdown, placement and links."""
        pts, c = self.points, self.points.columns
        status = Reason(int(pts.status[k]))
        stopped_early = status in (Reason.BLOCK_TABLE, Reason.BLOCK_SIZE, Reason.NO_FACTORY, Reason.PLACEMENT)
        finished = not stopped_early and status != Reason.NETWORK
        value = lambda name: float(c[name][k])  # noqa: E731
        code = CODES[pts.family]
        failures = {part: float(pts.failures[part][k]) for part in PARTS} if finished else {}
        runtime = value("runtime_s") if finished else None
        placement = None if stopped_early else _placement(c, k, arch)
        network = _network_plan(pts, k, runtime, arch) if finished and value("net_boundaries") > 0 else NetworkPlan()
        bicycle = BicyclePlan(
            code_family=pts.family, code=code.name, block_physical_qubits=code.physical_qubits,
            data_blocks=int(value("data_blocks")), factory_blocks=int(value("factory_blocks")),
            blocks=int(value("blocks")), blocks_per_module=int(value("blocks_per_module")),
            distillation_level=int(value("distillation_level")),
            factory_protocol=str(_protocol(c["distillation_level"][k:k + 1], pts.family)[0]) or None,
            magic_state_error=value("magic_state_error"),
            steps_per_rotation=value("steps_per_rotation"), seconds_per_rotation=value("seconds_per_rotation"),
            l_coupler_measurements=float(pts.uses["l_coupler_measurements"][k]),
            remote_joint_measurements=float(pts.uses["remote_joint_measurements"][k]),
            bell_pairs_per_remote_measurement=value("net_pairs_per_remote"),
            remote_link_error=value("net_extra_per_remote"),
            instruction_uses={cls: float(pts.uses[cls][k]) for cls in INSTRUCTION_CLASSES},
            error_per_use={cls: float(pts.per_use[cls][k]) for cls in INSTRUCTION_CLASSES},
            failures={cls: float(pts.uses[cls][k] * pts.per_use[cls][k]) for cls in INSTRUCTION_CLASSES},
            source=self.source)
        return Plan(
            name=arch.name, profile=machine.profile, feasible=status == Reason.FEASIBLE, reason=self.reason(k, arch),
            logical_qubits=int(arch.workload.logical_counts.numQubits), layout="", layout_tiles=0,
            t_states=value("t_states"), t_per_rotation=int(value("t_per_rotation")), logical_depth=value("logical_depth"),
            p_physical=value("p_physical"), cycle_time_s=value("cycle_time_s"), code_distance=code.d,
            physical_qubits=None if stopped_early else int(value("physical_qubits")),
            physical_qubits_data=None if stopped_early else int(value("physical_qubits_data")),
            physical_qubits_factories=None if stopped_early else int(value("physical_qubits_factories")),
            factories=0 if stopped_early else int(value("factories")),
            factory_outputs=value("t_states") if value("factories") > 0 else 0.0,
            execution_clock="instruction_schedule", reaction_depth=value("chain"), storage="blocks",
            success_probability=value("success_probability"), runtime_s=runtime,
            runtime_bounds_s=dict(zip(BOUNDS, map(float, pts.bounds_s[k]))) if finished else {},
            latency_s=float(pts.bounds_s[k][2] - value("chain") * machine.reaction_time_s) if finished else 0.0,
            binding_constraint=BOUNDS[int(np.argmax(pts.bounds_s[k]))] if finished else None,
            budget={part: float(pts.budget[part][k]) for part in PARTS}, failures=failures,
            placement=placement, network=network, warnings=machine.warnings + _warnings(pts, k, arch, machine),
            assumptions=_assumptions(arch, machine, self.source), code_family=pts.family, bicycle=bicycle)


def _protocol(level: np.ndarray, family: str) -> np.ndarray:
    names = np.array(["", f"15-to-1 on {family} blocks", f"(15-to-1)x(15-to-1) on {family} blocks"], dtype=object)
    return names[level.astype(np.int64)]


def _per_link_rate(c: dict, runtime) -> np.ndarray:
    per_link = c["net_raw_pairs"] / np.maximum(c["net_topology_links"], 1) / np.maximum(c["net_links_per_boundary"], 1)
    return per_link / np.where(np.isfinite(runtime) & (runtime > 0), runtime, 1.0)


def _placement(c: dict, k: int, arch: Architecture) -> Placement:
    """Blocks packed module by module along the path: data blocks first, then factory blocks."""
    per, blocks, data = int(c["blocks_per_module"][k]), int(c["blocks"][k]), int(c["data_blocks"][k])
    modules, block_q = int(c["modules"][k]), int(c["block_qubits"][k])
    capacity = arch.modules.physical_qubits
    groups: dict[tuple[int, int], int] = {}
    for m in range(min(modules, 10_000)):
        first, last = m * per, min((m + 1) * per, blocks)
        held = max(last - first, 0)
        data_held = max(min(last, data) - first, 0)
        groups[(data_held, held - data_held)] = groups.get((data_held, held - data_held), 0) + 1
    return Placement(modules=modules, data_modules=int(c["data_modules"][k]),
                     groups=tuple(ModuleGroup(count, data_held, factory_held, (data_held + factory_held) * block_q, capacity)
                                  for (data_held, factory_held), count in groups.items()))


def _network_plan(pts: BicyclePoints, k: int, runtime: float, arch: Architecture) -> NetworkPlan:
    """The boundary links of the path, one group of identical links (they carry alike loads)."""
    c = pts.columns
    value = lambda name: float(c[name][k])  # noqa: E731
    remote = float(pts.uses["remote_joint_measurements"][k])
    count = int(value("net_topology_links"))
    per_link_remote = remote * value("net_hops") / max(count, 1)
    raw_per_link = value("net_raw_pairs") / max(count, 1)
    links = int(value("net_links_per_boundary"))
    rate = float(arch.network.link.bell_pair_rate_hz)
    ends = ("each module", "switch") if arch.network.topology == "switched" else ("each module", "the next on the path")
    load = LinkLoad(ends=ends, count=count, remote_operations_per_s=per_link_remote / runtime,
                    bell_pairs_per_s=per_link_remote * value("net_pairs_per_remote") / runtime,
                    raw_bell_pairs_per_s=raw_per_link / runtime, links=links,
                    utilisation=raw_per_link / runtime / max(links * rate, 1e-300), concurrent_merges=1,
                    peak_raw_bell_pairs_per_s=value("net_peak_raw_pairs_per_s"), capacity_bell_pairs_per_s=links * rate)
    return NetworkPlan(
        remote_operations=remote, cross_module_fraction=value("cross_module_fraction"),
        traffic_source="every rotation's path crosses each module boundary once",
        bell_pairs_per_remote_operation=value("net_pairs_per_remote"), max_hops=int(value("net_hops")),
        delivered_fidelity=value("net_delivered_fidelity"), p_link=value("net_p_link"),
        distillation_rounds=int(value("net_rounds")), raw_pairs_per_delivered=value("net_raw_per_pair"),
        round_trip_s=value("net_round_trip_s"), links=(load,), raw_bell_pairs_per_s=value("net_raw_pairs") / runtime,
        supply_time_s=float(pts.bounds_s[k][3]), links_chosen=arch.network.links_per_module_pair == "auto",
        switches=1 if arch.network.topology == "switched" else 0, failure=float(pts.failures["network"][k]))


def _warnings(pts: BicyclePoints, k: int, arch: Architecture, machine: Machine) -> tuple[str, ...]:
    out = []
    p = float(pts.columns["p_physical"][k])
    if machine.block_law is None and p < P_RANGE[0] * (1 - 1e-12):
        out.append(f"p = {_e(p)} is below the {P_RANGE[0]:.0e} of the published {pts.family} instruction table: its "
                   f"{P_RANGE[0]:.0e} figures are used, an upper bound")
    if machine.block_law is not None and not P_RANGE[0] <= p <= P_RANGE[1]:
        out.append(f"p = {_e(p)} is outside the instruction table's {P_RANGE[0]:.0e}..{P_RANGE[1]:.0e}: the block law "
                   f"sets idle, the other instructions keep the table's ratios at its nearer end")
    if arch.budget.split == "optimise":
        out.append("budget.split: optimise is not searched for bicycle codes; equal shares are used")
    if arch.network.memory is not None or arch.network.switch is not None:
        out.append("network.memory and network.switch capacities are not modelled for bicycle codes")
    return tuple(out)


def _assumptions(arch: Architecture, machine: Machine, source: str) -> dict:
    out = assumptions(arch, machine)
    code = CODES[arch.code.family]
    out["resolved"]["bicycle"] = {
        "code": code.name, "block_physical_qubits": code.physical_qubits, "lpu_qubits_source": code.lpu_source,
        "data_logical_qubits_per_block": code.data_logical_qubits, "instruction_source": source,
        "time_steps_per_cycle": 8, "interpolation": "log(error) linear in log(p) between 1e-4 and 1e-3",
    }
    out["resolved"]["cycle_time_s"] = machine.cycle_time_s
    return out




def plan_bicycle_points(values, machine: Machine) -> BicycleDesigns:
    """Plan every point of `values` for its bicycle code family (`ftplanner.plan.bicycle`)."""
    from ftplanner.physics.bicycle import instruction_set

    source = instruction_set(values.arch.code.family, machine.p_physical[:1], machine.block_law).source
    return BicycleDesigns(plan_bicycle(values, machine), machine, source)
