"""What the planner found at each design point, as arrays: sized step by step, or stopped with a reason.

`Designs` holds one entry per point for every number a Plan reports. The planner fills it
as it goes (a point keeps what it had when it stopped, exactly as a Plan would), `rows`
gives the CSV columns for all points at once, and `plan` builds the full Plan of one point.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np

from ftplanner.plan.budget import PARTS
from ftplanner.plan.columns import in_order
from ftplanner.plan.factory_choice import FactoryChoice, no_factory
from ftplanner.plan.modules import placement_of, placement_problem
from ftplanner.plan.network import NetworkPlan, fidelity_problem
from ftplanner.plan.resolve import assumptions
from ftplanner.plan.result import Plan

BOUNDS = ("logical_clock", "magic_supply", "decoder_reaction", "bell_pair_supply")
MAX_ITERATIONS = 100  # each raises d by 2 or stretches the run; settles in a few
NETWORK_COLUMNS = ("problem", "cross_module_fraction", "remote_operations", "max_hops", "worst_swapped_fidelity",
                   "delivered_fidelity", "distillation_rounds", "failure", "supply_time_s", "round_trip_s", "links",
                   "links_per_module_pair", "busiest_raw_pairs", "busiest_links", "raw_pairs", "concurrent_remote_merges",
                   "peak_raw_bell_pairs_per_s", "pair_storage_s", "switches", "failure_stderr", "links_needed")  # raw pairs: over the run


class Reason(IntEnum):
    """Why a point stopped (FEASIBLE: it did not)."""

    FEASIBLE = 0
    THRESHOLD = 1
    NO_DISTANCE = 2
    NETWORK_DISTANCE = 3
    NO_FACTORY = 4
    PLACEMENT = 5
    SPANS_MODULES = 6  # planned again with a network share of the budget
    NETWORK = 7
    NO_SETTLE = 8
    BUDGET = 9
    RUNTIME = 10
    QUBITS = 11
    MODULES = 12
    SWITCH_PORTS = 13
    STORAGE = 14
    QUBIT_OVERFLOW = 15  # more physical qubits than MAX_COUNT
    LINK_OVERFLOW = 16  # more network links than MAX_COUNT
    BLOCK_TABLE = 17  # bicycle codes: p above the instruction table, and no block law in the calibration
    BLOCK_SIZE = 18  # bicycle codes: a module cannot hold one code block
    BLOCK_FAILURE = 19  # bicycle codes: the instructions' failures exceed the budget


MAX_COUNT = 1e18  # the most physical qubits or links the planner counts: int64 arithmetic on them stays exact


# user constraints: the field, the Designs column it limits, and the reason when it is broken
CONSTRAINTS = (("constraints.max_runtime", "runtime_s", Reason.RUNTIME),
               ("constraints.max_physical_qubits", "physical_qubits", Reason.QUBITS),
               ("constraints.max_modules", "modules", Reason.MODULES))


def _constant(n: int, text: str) -> np.ndarray:
    """An object array of one string (30x faster than np.full, which converts the string per element)."""
    out = np.empty(n, dtype=object)
    out.fill(text)
    return out


def _labels(mask: np.ndarray, yes, no: str | None) -> np.ndarray:
    """An object array of `yes` (a string, or an object array of them) where mask, else `no` (a string or None), sharing
    the string objects: np.where on strings then .astype(object) makes one string object per row."""
    return np.where(mask, np.asarray(yes, dtype=object), np.asarray(no, dtype=object))


def _per_second(over_run: np.ndarray, runtime_s: np.ndarray, where: np.ndarray) -> np.ndarray:
    """A count over the run as a rate over the final runtime, 0 where not `where`."""
    out = np.zeros(len(over_run))
    np.divide(over_run, runtime_s, out=out, where=where)
    return out


def expected_runtime(runtime_s, success_probability, failure_probability):
    """Seconds until a run succeeds, on average: runs repeat until one is both fault-free and usable."""
    return np.asarray(runtime_s, float) / (np.asarray(success_probability, float) * (1.0 - np.asarray(failure_probability, float)))


def _fmt(x: float) -> str:
    return f"{x:.2e}"


@dataclass
class Designs:
    """Per-point arrays (length n) of every number the planner reports; see `Plan` for their meaning.

    `start` builds every array; a point keeps the values of the last stage it reached.
    """

    law_family: str
    status: np.ndarray  # Reason
    feasible: np.ndarray
    budget: dict  # part -> share of the failure budget
    logical_qubits: np.ndarray
    layout_tiles: np.ndarray
    t_states: np.ndarray
    t_per_rotation: np.ndarray
    logical_depth: np.ndarray
    p_physical: np.ndarray
    cycle_time_s: np.ndarray
    threshold: np.ndarray
    max_distance: np.ndarray
    reaction_depth: np.ndarray  # steps of the longest dependent chain
    reaction_limited: np.ndarray  # the clock: True reaction-limited, False logical steps
    success_probability: np.ndarray  # a fault-free run's usable output (the algorithm's own)
    code_distance: np.ndarray  # 0: none found
    is_sized: np.ndarray  # physical qubits known
    physical_qubits: np.ndarray
    physical_qubits_data: np.ndarray
    physical_qubits_factories: np.ndarray
    factories: np.ndarray
    factory: FactoryChoice  # the chosen design per point (protocol None: no factory)
    factory_outputs: np.ndarray  # states the factories deliver over the run (T, or CCZ states)
    factory_space_time: np.ndarray  # qubit-seconds the factories need at the least: outputs x space-time per output
    factory_output_error: np.ndarray  # NaN: no factory
    workspace_tiles: np.ndarray  # routing tiles of the operations in flight (reaction-limited clock)
    stored_logical_qubits: np.ndarray  # idle in cold storage (code.storage: yoked)
    physical_qubits_storage: np.ndarray
    storage_kind: np.ndarray  # object: plain / yoked-1d / yoked-2d ('' without storage)
    storage_distance: np.ndarray
    tile_qubits: np.ndarray
    factory_qubits: np.ndarray
    module_count: np.ndarray  # modules.count asked for (AUTO or fixed)
    modules: np.ndarray  # 0: not placed
    data_modules: np.ndarray
    capacity: np.ndarray
    max_physical_qubits_per_module: np.ndarray
    placement_problem: np.ndarray
    network_state: np.ndarray  # 0: none, 1: stopped at the network, 2: sized
    network: dict  # NETWORK_COLUMNS, link_fidelity; "sizing" (object: SizedNetworks) and "sizing_row"
    runtime_s: np.ndarray  # NaN: not finished
    bounds_s: np.ndarray  # n x 4, as BOUNDS
    latency_s: np.ndarray
    failures: dict  # part -> failure probability per run (NaN: not finished)
    limits: dict  # constraints per point (only those set)
    overflow: np.ndarray  # the count (float) a QUBIT_OVERFLOW or LINK_OVERFLOW point needed

    @classmethod
    def start(cls, n: int, *, law_family: str, budget: dict, **inputs) -> Designs:
        """Points with their inputs (arrays of n, or one value for all) and nothing sized yet."""
        own = lambda x: x.copy() if x.shape == (n,) else np.full(n, x)  # noqa: E731
        counts = lambda: np.zeros(n, np.int64)  # noqa: E731
        network = {key: np.zeros(n) for key in (*NETWORK_COLUMNS, "link_fidelity")}
        network.update(sizing=np.full(n, None, dtype=object), sizing_row=counts())
        return cls(
            law_family=law_family, status=counts(), feasible=np.zeros(n, bool),
            budget={part: own(share) for part, share in budget.items()},
            **{name: own(np.asarray(value)) for name, value in inputs.items()},
            code_distance=counts(), is_sized=np.zeros(n, bool), physical_qubits=counts(), physical_qubits_data=counts(),
            physical_qubits_factories=counts(), factories=counts(), factory=no_factory(n),
            factory_outputs=np.zeros(n), factory_space_time=np.zeros(n), factory_output_error=np.full(n, np.nan), workspace_tiles=counts(),
            physical_qubits_storage=counts(), storage_kind=_constant(n, ""), storage_distance=counts(),
            tile_qubits=counts(), factory_qubits=counts(),
            module_count=counts(), modules=counts(), data_modules=counts(), capacity=counts(),
            max_physical_qubits_per_module=counts(), placement_problem=counts(), network_state=counts(),
            network=network, runtime_s=np.full(n, np.nan), bounds_s=np.full((n, len(BOUNDS)), np.nan),
            latency_s=np.zeros(n), failures={part: np.full(n, np.nan) for part in PARTS}, limits={},
            overflow=np.zeros(n),
        )

    def stop(self, index, reason: Reason) -> None:
        self.status[index] = reason

    def sized(self, index, *, placed, **columns) -> None:
        """Record one iteration's distance, factories and placement at `index`."""
        for name, column in columns.items():
            getattr(self, name)[index] = column
        self.is_sized[index] = True
        self.modules[index] = placed.modules
        self.data_modules[index] = placed.data_modules
        self.capacity[index] = placed.capacity
        self.max_physical_qubits_per_module[index] = placed.max_physical_qubits_per_module
        self.placement_problem[index] = placed.problem

    def networked(self, index, network: dict, *, complete: bool) -> None:
        for key, column in network.items():
            self.network[key][index] = column
        self.network_state[index] = 2 if complete else 1

    def finish(self, index, *, runtime, bounds, latency, failures) -> None:
        self.runtime_s[index] = runtime
        self.bounds_s[index] = bounds
        self.latency_s[index] = latency
        for part, column in failures.items():
            self.failures[part][index] = column
        self.feasible[index] = True

    @property
    def failure_probability(self) -> np.ndarray:
        return sum(self.failures[part] for part in PARTS)

    @property
    def binding(self) -> np.ndarray:
        return np.argmax(self.bounds_s, axis=1)

    def check_constraints(self, values) -> None:
        """Infeasible where a finished plan breaks its own budget or a user constraint, in that order."""
        limits = {path: values.number(path) for path, _, _ in CONSTRAINTS}
        limits["network.switch.ports"] = values.number("network.switch.ports")
        self.limits = {path: np.array(limit) for path, limit in limits.items() if limit is not None}
        checks = [(self.failure_probability > values.number("budget.total_failure") * (1 + 1e-9), Reason.BUDGET)]
        checks += [(getattr(self, column) > self.limits[path], reason) for path, column, reason in CONSTRAINTS
                   if path in self.limits]
        if "network.switch.ports" in self.limits:  # a tree needs a port beyond the modules of each leaf
            ports = self.limits["network.switch.ports"]
            checks.append(((self.modules > ports) & (ports < 3), Reason.SWITCH_PORTS))
        for broken, reason in checks:
            hit = self.feasible & broken
            self.status[hit] = reason
            self.feasible[hit] = False

    # ---- subsets -------------------------------------------------------------------------

    def _columns(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (np.ndarray, FactoryChoice)):  # FactoryChoice indexes as its arrays do
                yield f.name, value, None
            elif isinstance(value, dict):
                for key, column in value.items():
                    yield f.name, column, key

    def take(self, index) -> Designs:
        """The points at `index`."""
        subset = Designs(**{f.name: getattr(self, f.name) for f in fields(self)})
        for name, column, key in self._columns():
            if key is None:
                setattr(subset, name, column[index])
        for name in ("budget", "network", "failures", "limits"):
            setattr(subset, name, {key: column[index] for key, column in getattr(self, name).items()})
        return subset

    def put(self, index, other: Designs) -> None:
        """Replace the points at `index` by `other`'s (planned again)."""
        for name, column, key in self._columns():
            source = getattr(other, name)
            column[index] = source[key] if key is not None else source

    # ---- output --------------------------------------------------------------------------

    def reason(self, k: int, arch) -> str:
        """Point k's reason, as the user reads it ('' when feasible)."""
        status, p = Reason(int(self.status[k])), float(self.p_physical[k])
        max_d = int(self.max_distance[k])
        if status == Reason.THRESHOLD:
            return (f"physical error {_fmt(p)} is at or above the threshold {_fmt(float(self.threshold[k]))} "
                    f"of the {self.law_family} error model: lower the error rates")
        if status == Reason.NO_DISTANCE:
            return (f"no distance up to max_distance {max_d} keeps the logical failure within "
                    f"{_fmt(float(self.budget['logical'][k]))} at p = {_fmt(p)}: raise code.max_distance or the budget")
        if status == Reason.NETWORK_DISTANCE:
            return (f"no distance up to max_distance {max_d} keeps the network failure within "
                    f"{_fmt(float(self.budget['network'][k]))}: raise the link fidelity, allow distillation or "
                    f"put more of the workload on one module")
        if status == Reason.NO_FACTORY:
            target = float(self.budget["magic"][k] / self.t_states[k])
            if target == 0:
                return (f"the budget leaves magic states no share (budget.split.magic is 0) but the workload needs "
                        f"{float(self.t_states[k]):.3g} T states: give budget.split.magic a share")
            return (f"no factory reaches {_fmt(target)} error per T state at p = {_fmt(p)}: raise the budget, "
                    f"lower the error rates or allow more protocols")
        if status == Reason.PLACEMENT:
            count = "auto" if self.module_count[k] < 0 else int(self.module_count[k])
            return placement_problem(int(self.placement_problem[k]), int(self.layout_tiles[k] + self.workspace_tiles[k]),
                                     int(self.tile_qubits[k]), int(self.factories[k]), int(self.factory_qubits[k]),
                                     int(self.capacity[k]), count, arch.factories.placement == "dedicated_modules")
        if status == Reason.STORAGE:
            return (f"no plain or yoked cold storage up to distance 200 keeps {int(self.stored_logical_qubits[k]):,} idle "
                    f"logical qubits within their share of the logical budget at p = {_fmt(p)}: raise the budget, "
                    f"lower the error rates or keep more qubits active")
        if status == Reason.NETWORK:
            net = self.network
            return fidelity_problem(float(net["link_fidelity"][k]), float(net["worst_swapped_fidelity"][k]), int(net["max_hops"][k]))
        if status == Reason.QUBIT_OVERFLOW:
            return (f"physical qubits beyond {MAX_COUNT:.0e}, the most the planner counts: the design needs about "
                    f"{float(self.overflow[k]):.3g} at d = {int(self.code_distance[k])}: shrink the workload, "
                    f"lower the error rates or raise the budget")
        if status == Reason.LINK_OVERFLOW:
            return (f"network links beyond {MAX_COUNT:.0e}, the most the planner counts: the merges need at least "
                    f"{float(self.overflow[k]):.3g} links: raise network.link.bell_pair_rate_hz, fix "
                    f"network.links_per_module_pair or keep more operations within modules")
        if status == Reason.NO_SETTLE:
            return (f"distance and runtime did not settle in {MAX_ITERATIONS} iterations "
                    f"(last d = {int(self.code_distance[k])}): please report this architecture")
        if status == Reason.BUDGET:
            over = max(PARTS, key=lambda part: self.failures[part][k] - self.budget[part][k])
            return (f"{over} failure {_fmt(float(self.failures[over][k]))} exceeds its share "
                    f"{_fmt(float(self.budget[over][k]))} of the budget even at the largest distance tried")
        if status == Reason.RUNTIME:
            runtime, binding = float(self.runtime_s[k]), BOUNDS[int(self.binding[k])]
            text = (f"runtime {runtime:.3g} s exceeds constraints.max_runtime "
                    f"{float(self.limits['constraints.max_runtime'][k]):.3g} s (bound: {binding})")
            if binding == "decoder_reaction" and self.latency_s[k] > 0:
                text += (f"; link latency round trips add {float(self.latency_s[k]):.3g} s: lower network.link.latency_us "
                         f"or keep more operations within modules")
            return text
        if status == Reason.QUBITS:
            return (f"{int(self.physical_qubits[k]):,} physical qubits exceed constraints.max_physical_qubits "
                    f"{int(self.limits['constraints.max_physical_qubits'][k]):,}")
        if status == Reason.MODULES:
            return (f"{int(self.modules[k])} modules exceed constraints.max_modules "
                    f"{int(self.limits['constraints.max_modules'][k])}")
        if status == Reason.SWITCH_PORTS:
            return (f"{int(self.modules[k])} modules exceed the {int(self.limits['network.switch.ports'][k])} ports of "
                    f"network.switch.ports, and a switch of fewer than 3 ports cannot grow a tree (each switch needs "
                    f"a port for its uplink beyond those of its modules); use a switch with more ports, larger "
                    f"modules or another topology")
        return ""

    def rows(self, arch, profile: str) -> dict[str, np.ndarray]:
        """Every point as the columns of `Plan.row`, in the table's order (object arrays where a value may be None)."""
        n = len(self.status)
        placed = self.modules > 0
        networked = placed & (self.modules > 1)
        net, state = self.network, self.network_state
        sized_net = networked & (state > 0)
        full_net = networked & (state == 2)
        finished = ~np.isnan(self.runtime_s)
        binding = np.array(BOUNDS, dtype=object)[self.binding]

        def maybe(column, where):
            if where.all():
                return column
            out = np.full(n, None, dtype=object)
            out[where] = column[where]
            return out

        has_factory = ~np.isnan(self.factory_output_error)
        protocol = _labels(has_factory, self.factory.protocol, None)
        reasons = _constant(n, "")
        for k in np.flatnonzero(self.status != Reason.FEASIBLE):
            reasons[k] = self.reason(int(k), arch)
        failure = maybe(self.failure_probability, finished)
        return in_order({
            "name": _constant(n, arch.name),
            "feasible": self.feasible.copy(),
            "reason": reasons,
            "profile": _constant(n, profile),
            "code_family": _constant(n, "rotated_surface"),
            "code_distance": maybe(self.code_distance, self.code_distance > 0),
            "logical_qubits": self.logical_qubits,
            "layout": _constant(n, arch.code.layout),
            "layout_tiles": self.layout_tiles,
            "code_blocks": np.zeros(n, np.int64),
            "physical_qubits": maybe(self.physical_qubits, self.is_sized),
            "physical_qubits_data": maybe(self.physical_qubits_data, self.is_sized),
            "physical_qubits_factories": maybe(self.physical_qubits_factories, self.is_sized),
            "modules": maybe(self.modules, placed),
            "physical_qubits_per_module": maybe(self.max_physical_qubits_per_module, placed),
            "factories": np.where(self.is_sized, self.factories, 0),
            "factory_protocol": protocol,
            "factory_output_error": maybe(self.factory_output_error, has_factory),
            "factory_outputs": np.where(has_factory & self.is_sized, self.factory_outputs, 0.0),
            "t_states": self.t_states,
            "t_per_rotation": self.t_per_rotation,
            "logical_depth": self.logical_depth,
            "execution_clock": _labels(self.reaction_limited, "reaction_limited", "logical_steps"),
            "reaction_depth": self.reaction_depth,
            "workspace_tiles": np.where(self.is_sized, self.workspace_tiles, 0),
            "storage": _labels(self.stored_logical_qubits > 0, self.storage_kind, "patches"),
            "stored_logical_qubits": self.stored_logical_qubits,
            "storage_distance": np.where(self.is_sized, self.storage_distance, 0),
            "physical_qubits_storage": np.where(self.is_sized, self.physical_qubits_storage, 0),
            "runtime_s": maybe(self.runtime_s, finished),
            "expected_runtime_s": maybe(expected_runtime(self.runtime_s, self.success_probability,
                                                         self.failure_probability), finished),
            "binding_constraint": maybe(binding, finished),
            "failure_probability": failure,
            "logical_failure": maybe(self.failures["logical"], finished),
            "magic_failure": maybe(self.failures["magic"], finished),
            "rotation_synthesis_failure": maybe(self.failures["rotation_synthesis"], finished),
            "network_failure": maybe(self.failures["network"], finished),
            "network_failure_stderr": maybe(net["failure_stderr"], finished),
            "cross_module_fraction": np.where(sized_net, net["cross_module_fraction"], 0.0),
            "links": np.where(full_net, net["links"], 0).astype(np.int64),
            "remote_operations": np.where(sized_net, net["remote_operations"], 0.0),
            "l_coupler_measurements": np.zeros(n),
            "concurrent_remote_merges": np.where(full_net, net["concurrent_remote_merges"], 0).astype(np.int64),
            "peak_raw_bell_pairs_per_s": np.where(full_net, net["peak_raw_bell_pairs_per_s"], 0.0),
            "pair_storage_s": np.where(full_net, net["pair_storage_s"], 0.0),
            "switches": np.where(full_net, net["switches"], 0).astype(np.int64),
            "links_per_module_pair": np.where(full_net, net["links_per_module_pair"], 0).astype(np.int64),
            "bell_pairs_per_s_per_link": _per_second(net["busiest_raw_pairs"], self.runtime_s, full_net)
            / np.where(full_net, net["busiest_links"], 1),
            "raw_bell_pairs_per_s": _per_second(net["raw_pairs"], self.runtime_s, full_net),
            "delivered_fidelity": maybe(np.where(full_net, net["delivered_fidelity"], 1.0), networked),
            "distillation_rounds": np.where(full_net, net["distillation_rounds"], 0).astype(np.int64),
            "p_physical": self.p_physical,
            "cycle_time_s": self.cycle_time_s,
        })

    def plan(self, k: int, machine, arch) -> Plan:
        """The full Plan of point k (placement groups, links and assumptions included)."""
        placement, network = None, NetworkPlan()
        if self.is_sized[k]:
            placement = placement_of(int(self.layout_tiles[k] + self.workspace_tiles[k]), int(self.tile_qubits[k]),
                                     int(self.factories[k]),
                                     int(self.factory_qubits[k]), int(self.capacity[k]), int(self.modules[k]),
                                     int(self.data_modules[k]), arch.factories.placement == "dedicated_modules",
                                     self.reason(k, arch) if self.status[k] == Reason.PLACEMENT else "")
        if self.network_state[k] and self.modules[k] > 1:  # as the planner sized it
            network = self.network["sizing"][k].plan(int(self.network["sizing_row"][k]), float(self.runtime_s[k]))
        finished = not np.isnan(self.runtime_s[k])
        return Plan(
            name=arch.name, profile=machine.profile, feasible=bool(self.feasible[k]), reason=self.reason(k, arch),
            logical_qubits=int(self.logical_qubits[k]), layout=machine.layout, layout_tiles=int(self.layout_tiles[k]),
            t_states=float(self.t_states[k]), t_per_rotation=int(self.t_per_rotation[k]),
            logical_depth=float(self.logical_depth[k]), p_physical=machine.p_physical, cycle_time_s=machine.cycle_time_s,
            code_distance=int(self.code_distance[k]) or None,
            physical_qubits=int(self.physical_qubits[k]) if self.is_sized[k] else None,
            physical_qubits_data=int(self.physical_qubits_data[k]) if self.is_sized[k] else None,
            physical_qubits_factories=int(self.physical_qubits_factories[k]) if self.is_sized[k] else None,
            factories=int(self.factories[k]) if self.is_sized[k] else 0, factory=self.factory.design_at(k),
            factory_outputs=float(self.factory_outputs[k]),
            execution_clock="reaction_limited" if self.reaction_limited[k] else "logical_steps",
            reaction_depth=float(self.reaction_depth[k]), workspace_tiles=int(self.workspace_tiles[k]),
            storage=str(self.storage_kind[k]) if self.stored_logical_qubits[k] > 0 else "patches",
            stored_logical_qubits=int(self.stored_logical_qubits[k]), storage_distance=int(self.storage_distance[k]),
            physical_qubits_storage=int(self.physical_qubits_storage[k]),
            success_probability=float(self.success_probability[k]),
            runtime_s=float(self.runtime_s[k]) if finished else None,
            runtime_bounds_s=dict(zip(BOUNDS, map(float, self.bounds_s[k]))) if finished else {},
            latency_s=float(self.latency_s[k]),
            binding_constraint=BOUNDS[int(self.binding[k])] if finished else None,
            budget={part: float(self.budget[part][k]) for part in PARTS},
            failures={part: float(self.failures[part][k]) for part in PARTS} if finished else {},
            placement=placement, network=network, warnings=machine.warnings, assumptions=assumptions(arch, machine),
        )
