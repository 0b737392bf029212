"""The planner: size distance, factories, modules and links at every design point at once.

Order of work: resolve the machine; share the failure budget; turn logical counts into magic
states and logical depth; pick the factory; then find the smallest distance whose logical
failure fits while the runtime (the slowest of the logical clock, magic supply, decoder
reaction and Bell-pair supply) may stretch the run, iterating until distance and runtime
agree. Every quantity is an array over design points: a single estimate is one point, a
sweep is many, and both run this code. A design that cannot work gets feasible=False and
the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.values import AUTO, Values
from ftplanner.calibration import Calibration, load_calibration
from ftplanner.physics.data_blocks import STEPS_PER_ROTATION, layout_tiles, qubits_per_tile
from ftplanner.physics.distance import choose_distance, log_logical_failure, run_rounds
from ftplanner.physics.logical_counts import logical_depth, magic_states, non_clifford_depth, t_per_rotation
from ftplanner.physics.reaction_clock import step_time_s, workspace_tiles
from ftplanner.physics.topology import SAME_HOPS, same_hop_links
from ftplanner.plan.bicycle_designs import plan_bicycle_points
from ftplanner.plan.budget import PARTS, candidate_splits, split_budget
from ftplanner.plan.designs import BOUNDS, MAX_COUNT, MAX_ITERATIONS, NETWORK_COLUMNS, Designs, Reason
from ftplanner.plan.factory_choice import (
    Demand,
    FactoryChoice,
    ccz_states,
    cheaper_supply,
    choose_factory_for,
    factory_counts,
    magic_supply_times,
)
from ftplanner.plan.modules import module_counts
from ftplanner.plan.network import (
    FIDELITY_TOO_LOW,
    MATRIX_MODULES,
    TOO_MANY_LINKS,
    SizedNetworks,
    batched_even_route_set,
    links_needed,
    route_set,
    size_networks,
)
from ftplanner.plan.resolve import Machine, resolve, single_machine
from ftplanner.plan.result import Plan
from ftplanner.plan.storage import Storage, cold_share, size_storage
from ftplanner.plan.traffic import traffic_for, uniform_cross_fraction
from ftplanner.plan.unique import distinct_rows, per_distinct

COUNTS = ("numQubits", "tCount", "rotationCount", "rotationDepth", "cczCount", "ccixCount", "measurementCount")


def plan_architecture(arch: Architecture, calibration: Calibration | None = None) -> Plan:
    """Plan `arch` (one design point)."""
    calibration = calibration or load_calibration(arch.calibration)
    values = Values(arch)
    machine = resolve(values, calibration)
    return plan_points(values, machine).plan(0, single_machine(machine), arch)


def plan_points(values: Values, machine: Machine) -> Designs:
    """Plan every design point of `values` on its resolved `machine` under its clock; `auto` keeps, point by
    point, the clock with the least physical qubits x runtime among feasible plans.

    `auto` plans each point first under the clock that an estimate says is likelier to win, then under the
    other only where a bound says that one could be cheaper (`_other_may_win`): the same answer as planning
    both everywhere (tests/plan/test_execution_clock.py checks it), at about the cost of one clock.
    """
    if values.arch.code.family != "rotated_surface":  # a bivariate-bicycle code: the instruction-level planner
        return plan_bicycle_points(values, machine)
    clock = values.arch.execution.clock
    if clock != "auto":
        return _plan_clocked(values, machine, clocked=clock == "logical_steps")
    if machine.profile == "azure-re":
        return _plan_clocked(values, machine, clocked=True)
    reaction = _reaction_likelier(values, machine)
    designs = _plan_mixed(values, machine, reaction)
    again = np.flatnonzero(_other_may_win(designs, reaction, machine))
    if again.size:
        other = _plan_mixed(values.take(again), machine.take(again), ~reaction[again])
        better = np.flatnonzero(_space_time(other) < _space_time(designs.take(again)))
        designs.put(again[better], other.take(better))
    return designs


def _space_time(designs: Designs) -> np.ndarray:
    """Physical qubits x runtime per point, the cost the planner's choices minimise (infinite where infeasible)."""
    return np.where(designs.feasible, designs.physical_qubits * designs.runtime_s, np.inf)


def _plan_mixed(values: Values, machine: Machine, reaction: np.ndarray) -> Designs:
    """Plan the points where `reaction` holds reaction-limited and the others in logical steps."""
    groups = [(np.flatnonzero(~reaction), True), (np.flatnonzero(reaction), False)]
    planned = [(at, _plan_clocked(values.take(at), machine.take(at), clocked=clocked)) for at, clocked in groups
               if at.size]
    if len(planned) == 1:
        return planned[0][1]
    (at, first), (other_at, other) = planned
    designs = first.take(np.zeros(values.n, np.int64))  # n points, every one filled below
    designs.put(at, first)
    designs.put(other_at, other)
    return designs


def _reaction_likelier(values: Values, machine: Machine) -> np.ndarray:
    """Where the reaction-limited clock is likelier to win: the logical-step clock at its first distance
    outlasts the dependent chain with an estimate of its link round trips (a choice of order, not of answer)."""
    job = _start(values, machine, "equal", True, np.zeros(values.n, bool))
    at = np.flatnonzero(machine.p_physical < machine.law.threshold)
    reaction = np.zeros(values.n, bool)
    if not at.size:
        return reaction
    first = _distance(job, at)
    network = values.arch.network
    may_span = (values.count("modules.count") != 1) & (values.number("modules.physical_qubits") is not None
                                                       or values.count("modules.count") > 1)
    fraction = values.number("workload.cross_module_fraction")
    cross = np.ones(values.n) if fraction is None else fraction
    round_trip = 2 * values.number("network.link.latency_us") * 1e-6 * (1 if network.topology == "all_to_all" else 2)
    chain_s = job.t_reaction + np.where(may_span, job.chain * cross * round_trip, 0.0)
    reaction[first.at] = first.t_logical > chain_s[first.at]
    return reaction


def _other_may_win(designs: Designs, reaction: np.ndarray, machine: Machine) -> np.ndarray:
    """Where the clock not yet planned could give less physical qubits x runtime.

    Planned in logical steps: only where the logical clock or the Bell-pair supply binds (or nothing was
    feasible); where the decoder or the magic supply binds, the reaction-limited run is no shorter and adds
    its workspace. Planned reaction-limited: unless logical steps at d - 2 already outlast the run (so their
    distance is no smaller) and data block less workspace x that clock, plus the factories' least
    space-time, costs at least as much.
    """
    infeasible = ~designs.feasible
    binding = np.where(designs.feasible, designs.binding, 0)
    logical_may = infeasible | (binding == BOUNDS.index("logical_clock")) | (binding == BOUNDS.index("bell_pair_supply"))
    with np.errstate(invalid="ignore"):
        steps = np.maximum(designs.logical_depth, 1.0) * STEPS_PER_ROTATION[machine.layout]
        d, cycle, runtime = designs.code_distance, designs.cycle_time_s, designs.runtime_s
        data = designs.physical_qubits_data - designs.workspace_tiles * designs.tile_qubits
        bound = data * steps * d * cycle + designs.factory_space_time
        steps_may = infeasible | ~(steps * (d - 2) * cycle >= runtime) | \
            ~(bound >= designs.physical_qubits * runtime * (1 + 1e-9))
    return np.where(reaction, steps_may, logical_may)


def _plan_clocked(values: Values, machine: Machine, *, clocked: bool) -> Designs:
    """Plan under one clock (logical steps, or reaction-limited); `optimise` keeps each point's least
    space-time feasible split of the budget."""
    if values.arch.budget.split != "optimise":
        return _plan_once(values, machine, values.arch.budget.split, clocked)
    first = _plan_once(values, machine, "equal", clocked)
    present = np.stack([first.budget[part] > 0 for part in PARTS], axis=1)
    for pattern in np.unique(present, axis=0):
        group = np.flatnonzero((present == pattern).all(axis=1))
        subset, sub_machine = values.take(group), machine.take(group)
        tried = [_plan_once(subset, sub_machine, split, clocked)
                 for split in candidate_splits(tuple(part for part, on in zip(PARTS, pattern) if on))]
        cost = np.array([_space_time(t) for t in tried])
        best = np.argmin(cost, axis=0)
        for k, design in enumerate(tried):
            chosen = np.flatnonzero((best == k) & np.isfinite(cost[k]))
            first.put(group[chosen], design.take(chosen))
    return first


def _plan_once(values: Values, machine: Machine, split, clocked: bool) -> Designs:
    """Plan once with a network share of the budget only where the design spans modules."""
    count = values.count("modules.count")
    fixed_modules = (count != AUTO) & (count > 1)
    designs = _plan(values, machine, split, clocked, networked=fixed_modules)
    again = np.flatnonzero(designs.status == Reason.SPANS_MODULES)
    if again.size:
        designs.put(again, _plan(values.take(again), machine.take(again), split, clocked,
                                 networked=np.ones(again.size, bool)))
    return designs


@dataclass(frozen=True)
class Job:
    """One planning pass over n points (one budget split): the inputs every iteration reads, the
    Designs it fills, and what iterations revise per point (t_reaction, stretch_rounds, d_floor)."""

    values: Values
    machine: Machine
    designs: Designs
    clocked: bool  # logical steps (d cycles each) set the clock; False: reaction-limited
    budget: dict  # part -> share of the failure budget
    networked: np.ndarray  # a network share of the budget: the design may span modules
    tiles: np.ndarray
    steps: np.ndarray  # logical time steps of the run (logical depth x steps per rotation)
    t_states: np.ndarray
    operations: np.ndarray  # Pauli-product rotations (one per T state) and measurements: each a merge
    depth: np.ndarray  # logical layers: the operations of one layer run at once
    chain: np.ndarray  # steps of the longest classically-dependent chain, each waiting for the decoder
    non_clifford: np.ndarray  # non-Clifford operations (T, CCZ, CCiX, synthesised rotations' T)
    step_s: np.ndarray  # seconds per step of the chain: the decoder reaction (at least a cycle when reaction-limited)
    toffolis: np.ndarray  # CCZ and CCiX gates, which CCZ factories may serve
    stored: np.ndarray  # logical qubits idle in cold storage (code.storage: yoked), outside the data block
    capacity: np.ndarray  # physical qubits per module (NaN: unlimited)
    module_count: np.ndarray  # AUTO or fixed
    factory_count: np.ndarray  # AUTO or fixed
    t_reaction: np.ndarray  # decoder reaction (plus link round trips, once the network is sized)
    stretch_rounds: np.ndarray  # syndrome rounds the run lasts at least (a slower bound stretched it)
    d_floor: np.ndarray  # smallest distance allowed (raised when the network's failure needs it)

    @property
    def arch(self) -> Architecture:
        return self.values.arch

    @cached_property
    def network_inputs(self) -> dict:
        """The link's numbers per point (read once, when a point first spans modules)."""
        return _network_inputs(self.values, self.machine)


@dataclass(frozen=True)
class Active:
    """The points an iteration is still planning (`at`: their indices) and what its stages found for
    them so far, one entry per point; a stage's fields are None until it has run."""

    at: np.ndarray
    d: np.ndarray
    t_logical: np.ndarray  # logical clock: steps x d x cycle
    base: np.ndarray  # the slower of the logical clock and the decoder reaction
    factory: FactoryChoice | None = None
    factory_states: np.ndarray | None = None  # states the factories deliver over the run (T, or CCZ)
    factories: np.ndarray | None = None
    storage: Storage | None = None
    factory_qubits: np.ndarray | None = None
    t_magic: np.ndarray | None = None
    modules: np.ndarray | None = None
    data_modules: np.ndarray | None = None
    net: dict | None = None  # the network's columns (NETWORK_COLUMNS, runtime_s, link_fidelity, sizing, sizing_row)

    def keep(self, mask: np.ndarray) -> Active:
        """The points where `mask` holds, with every field subset alike (itself where it holds everywhere)."""
        if mask.all():
            return self

        def subset(value):
            if value is None:
                return None
            if isinstance(value, np.ndarray):
                return value[mask]
            if isinstance(value, dict):
                return {key: column[mask] for key, column in value.items()}
            return value.take(mask)  # FactoryChoice, Storage
        return Active(*(subset(getattr(self, f.name)) for f in fields(self)))


def _plan(values: Values, machine: Machine, split, clocked: bool, *, networked: np.ndarray) -> Designs:
    """One pass: iterate distance, factories, placement, network and runtime until every point settles or stops."""
    job = _start(values, machine, split, clocked, networked)
    active = np.flatnonzero(machine.p_physical < machine.law.threshold)
    for _ in range(MAX_ITERATIONS):
        if not active.size:
            break
        points = _distance(job, active)
        points = _factories(job, points)
        points = _placement(job, points)
        points = _network(job, points)
        active = _settle(job, points)
    else:
        job.designs.stop(active, Reason.NO_SETTLE)
    job.designs.check_constraints(values)
    return job.designs


def _start(values: Values, machine: Machine, split, clocked: bool, networked: np.ndarray) -> Job:
    """Budget, magic states and logical depth at every point; points at or above threshold stop here."""
    n = values.n
    counts = {name: values.number(f"workload.logical_counts.{name}") for name in COUNTS}
    has_magic = counts["tCount"] + counts["rotationCount"] + counts["cczCount"] + counts["ccixCount"] > 0
    budget = split_budget(values.number("budget.total_failure"), split, magic=has_magic,
                          rotation_synthesis=counts["rotationCount"] > 0, network=networked)
    tpr = t_per_rotation(counts["rotationCount"], budget["rotation_synthesis"])
    t_states = magic_states(counts["tCount"], counts["rotationCount"], counts["cczCount"], counts["ccixCount"], tpr)
    t_depth = values.number("workload.t_depth")
    depth = logical_depth(counts["measurementCount"], counts["rotationCount"], counts["rotationDepth"], counts["tCount"],
                          counts["cczCount"], counts["ccixCount"], tpr)
    chain = non_clifford_depth(counts["tCount"], counts["cczCount"], counts["ccixCount"], counts["rotationDepth"], tpr)
    if t_depth is not None:  # layers of parallel non-Clifford operations, one logical step each
        depth = chain = t_depth
    reaction_depth = values.number("workload.reaction_depth")
    if reaction_depth is not None:
        chain = reaction_depth
    toffolis = counts["cczCount"] + counts["ccixCount"]
    non_clifford = counts["tCount"] + toffolis + tpr * counts["rotationCount"]
    steps = np.maximum(depth, 1.0) * STEPS_PER_ROTATION[machine.layout]
    active = counts["numQubits"]
    if values.arch.code.storage == "yoked":
        given = values.number("workload.active_qubits")
        active = active if given is None else np.minimum(given, active)
    tiles = layout_tiles(active, machine.layout).astype(np.int64)
    p, law, cycle = machine.p_physical, machine.law, machine.cycle_time_s
    designs = Designs.start(n, law_family=machine.law_family, budget=budget, logical_qubits=counts["numQubits"].astype(np.int64),
                            layout_tiles=tiles,
                            t_states=t_states, t_per_rotation=tpr.astype(np.int64), logical_depth=depth, p_physical=p,
                            cycle_time_s=cycle, threshold=np.full(n, law.threshold), max_distance=machine.max_distance,
                            reaction_depth=chain, reaction_limited=np.full(n, not clocked),
                            success_probability=values.number("workload.success_probability"),
                            stored_logical_qubits=(counts["numQubits"] - active).astype(np.int64))
    designs.stop(np.flatnonzero(p >= law.threshold), Reason.THRESHOLD)
    step_s = machine.reaction_time_s if clocked else step_time_s(machine.reaction_time_s, cycle)
    t_reaction = chain * step_s + np.where(networked, chain * _known_round_trip_s(values), 0.0)
    capacity = values.number("modules.physical_qubits")
    return Job(values=values, machine=machine, designs=designs, clocked=clocked, budget=budget, networked=networked,
               tiles=tiles, steps=steps, t_states=t_states, operations=t_states + counts["measurementCount"], depth=depth,
               chain=chain, non_clifford=non_clifford, step_s=step_s, toffolis=toffolis,
               stored=counts["numQubits"] - active,
               capacity=np.full(n, np.nan) if capacity is None else capacity,
               module_count=values.count("modules.count"), factory_count=values.count("factories.count"),
               t_reaction=t_reaction,
               stretch_rounds=t_reaction / cycle, d_floor=np.full(n, 3))


def _known_round_trip_s(values: Values) -> np.ndarray:
    """Link round trip per step of the chain where it is known before the network is sized (a given crossing
    fraction over a topology whose every route has the same hops), else 0: a floor on what `_settle` adds,
    so the first pass starts nearer its answer."""
    arch = values.arch
    fraction = values.number("workload.cross_module_fraction")
    if fraction is None or arch.network.topology not in SAME_HOPS or arch.factories.placement == "dedicated_modules":
        return np.zeros(values.n)
    hops = same_hop_links(np.array([2]), arch.network.topology)[0]
    return fraction * 2.0 * values.number("network.link.latency_us") * 1e-6 * hops


def _distance(job: Job, a: np.ndarray) -> Active:
    """The smallest distance whose logical failure fits over the run's rounds (at least d_floor), and the logical clock."""
    machine, designs = job.machine, job.designs
    d = per_distinct(lambda *x: choose_distance(machine.law, *x, bases=machine.bases_per_patch, surgery=machine.surgery_law,
                                                clocked=job.clocked),
                     machine.p_physical[a], job.tiles[a], job.steps[a], job.budget["logical"][a] * (1 - _cold(job, a)),
                     machine.max_distance[a], job.stretch_rounds[a])
    designs.stop(a[d == 0], Reason.NO_DISTANCE)
    keep = d > 0
    designs.stop(a[keep & (job.d_floor[a] > machine.max_distance[a])], Reason.NETWORK_DISTANCE)
    keep &= job.d_floor[a] <= machine.max_distance[a]
    a, d = a[keep], np.maximum(d[keep], job.d_floor[a[keep]])
    # reaction-limited, Cliffords run beside the chain: the clock is the last step's merge, d cycles
    t_logical = (job.steps[a] if job.clocked else 1.0) * d * machine.cycle_time_s[a]
    return Active(a, d, t_logical, np.maximum(t_logical, job.t_reaction[a]))


def _factories(job: Job, active: Active) -> Active:
    """The factory, its copies and the magic-state supply time where magic states are needed (CCZ factories where
    Toffolis make them cheaper than T factories); no factory: stop."""
    a, d, cycle, t_states = active.at, active.d, job.machine.cycle_time_s, job.t_states
    magic = np.flatnonzero(t_states[a] > 0)
    at, budget = a[magic], job.budget["magic"][a[magic]]
    demand = Demand(t_states[at], active.base[magic], cycle[at], job.factory_count[at])
    factory = choose_factory_for(job.arch, job.machine, at, budget / t_states[at], d[magic], demand,
                                 max_qubits=job.capacity[at])
    states = t_states[at]
    ccz = np.flatnonzero(job.toffolis[at] > 0) if job.machine.profile != "azure-re" else np.zeros(0, np.int64)
    if ccz.size:
        needed = ccz_states(job.toffolis[at[ccz]], t_states[at[ccz]])
        by_ccz_demand = replace(demand.take(ccz), states=needed)
        by_ccz = choose_factory_for(job.arch, job.machine, at[ccz], budget[ccz] / needed, d[magic][ccz], by_ccz_demand,
                                    output_kind="CCZ", max_qubits=job.capacity[at[ccz]])
        picked, states[ccz] = cheaper_supply(factory.take(ccz), demand.take(ccz), by_ccz, by_ccz_demand)
        factory.put(ccz, picked)
    missing = magic[~factory.found]
    job.designs.code_distance[a[missing]] = d[missing]
    job.designs.stop(a[missing], Reason.NO_FACTORY)
    found = np.ones(a.size, bool)
    found[missing] = False
    spread_states = np.zeros(a.size)
    spread_states[magic] = states
    active = replace(active, factory=factory.spread(a.size, magic),  # no factory where no magic state is needed
                     factory_states=spread_states).keep(found)
    a, factory, states = active.at, active.factory, active.factory_states
    cycles, outputs, fq = np.nan_to_num(factory.code_cycles), np.nan_to_num(factory.outputs_per_run), \
        np.nan_to_num(factory.physical_qubits).astype(np.int64)
    n_factories = np.where(states > 0, factory_counts(states, cycles, outputs, active.base, cycle[a],
                                                      job.factory_count[a]), 0)
    t_magic = magic_supply_times(states, cycles, outputs, n_factories, cycle[a])
    return replace(active, factories=n_factories, factory_qubits=fq, t_magic=t_magic)


def _placement(job: Job, active: Active) -> Active:
    """Physical qubits and modules; a design that does not fit, or spans modules without a network share, stops."""
    a, d, n_factories, fq = active.at, active.d, active.factories, active.factory_qubits
    per_tile = qubits_per_tile(d, job.machine.profile)
    storage = _storage(job, active)
    job.designs.stop(a[~storage.found], Reason.STORAGE)
    active = replace(active, storage=storage).keep(storage.found)
    a, d, n_factories, fq, per_tile, storage = active.at, active.d, active.factories, active.factory_qubits, \
        per_tile[storage.found], active.storage
    tiles = job.tiles[a]
    if not job.clocked:  # the routing workspace of the operations in flight sits beside the data block
        tiles = tiles + workspace_tiles(d, job.machine.cycle_time_s[a], job.step_s[a], job.non_clifford[a], job.chain[a])
    overflow = _qubits_overflow(job, active, tiles, per_tile)
    if overflow.any():
        active, tiles, per_tile = active.keep(~overflow), tiles[~overflow], per_tile[~overflow]
        a, d, n_factories, fq, storage = active.at, active.d, active.factories, active.factory_qubits, active.storage
    tile_q = per_tile.astype(np.int64)
    storage_qubits = storage.physical_qubits.astype(np.int64)
    data_qubits = (tiles * per_tile).astype(np.int64) + storage_qubits
    storage_tiles = -(-storage_qubits // tile_q)  # placed as whole tiles of the data block's size
    placed = module_counts(tiles + storage_tiles, tile_q, n_factories, fq, job.capacity[a], job.module_count[a],
                           job.arch.factories.placement == "dedicated_modules")
    job.designs.sized(a, code_distance=d, physical_qubits=data_qubits + n_factories * fq, physical_qubits_data=data_qubits,
                      workspace_tiles=tiles - job.tiles[a], physical_qubits_storage=storage_qubits,
                      storage_kind=storage.kind, storage_distance=storage.distance,
                      physical_qubits_factories=n_factories * fq, factories=n_factories, factory=active.factory,
                      factory_outputs=active.factory_states,
                      factory_space_time=active.factory_states * np.nan_to_num(active.factory.least_space_time_per_output)
                      * job.machine.cycle_time_s[a],
                      factory_output_error=active.factory.output_error, tile_qubits=tile_q, factory_qubits=fq,
                      placed=placed, module_count=job.module_count[a])
    job.designs.stop(a[placed.problem > 0], Reason.PLACEMENT)
    ok = placed.problem == 0
    spans = ok & (placed.modules > 1) & ~job.networked[a]
    job.designs.stop(a[spans], Reason.SPANS_MODULES)
    ok &= ~spans
    return replace(active, modules=placed.modules, data_modules=placed.data_modules).keep(ok)


def _qubits_overflow(job: Job, active: Active, tiles, per_tile) -> np.ndarray:
    """Where the physical qubits (counted in floats) are beyond MAX_COUNT: those points stop with
    QUBIT_OVERFLOW (their distance and count recorded) instead of wrapping around in int64."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = (np.asarray(tiles, float) * per_tile + active.storage.physical_qubits
                 + np.asarray(active.factories, float) * active.factory_qubits)
    over = ~(total < MAX_COUNT)  # NaN counts as beyond
    if over.any():
        at = active.at[over]
        job.designs.code_distance[at] = active.d[over]
        job.designs.overflow[at] = total[over]
        job.designs.stop(at, Reason.QUBIT_OVERFLOW)
    return over


def _cold(job: Job, a: np.ndarray) -> np.ndarray:
    """Share of the logical budget the stored qubits take at points `a` (0 without storage)."""
    return cold_share(job.stored[a], job.tiles[a], job.machine.bases_per_patch)


def _storage(job: Job, active: Active) -> Storage:
    """Cold storage for the stored qubits over the run's rounds (nothing where none are stored)."""
    a, machine = active.at, job.machine
    rounds = run_rounds(active.d, job.steps[a], job.stretch_rounds[a], job.clocked)
    with np.errstate(divide="ignore", invalid="ignore"):
        target = job.budget["logical"][a] * _cold(job, a) / (job.stored[a] * rounds)
    return size_storage(job.stored[a], target, machine.p_physical[a], machine.law_family)


def _network(job: Job, active: Active) -> Active:
    """The network sized for every merge's peak demand; pairs too poor to distill stop the point."""
    a = active.at
    net = _size_networks(job, active)
    net["link_fidelity"] = job.values.number("network.link.bell_pair_fidelity")[a]
    active = replace(active, net=net)
    bad = net["problem"] == FIDELITY_TOO_LOW
    many = net["problem"] == TOO_MANY_LINKS
    if not (bad.any() or many.any()):
        return active
    job.designs.networked(a[bad], active.keep(bad).net, complete=False)
    job.designs.stop(a[bad], Reason.NETWORK)
    job.designs.networked(a[many], active.keep(many).net, complete=False)
    job.designs.overflow[a[many]] = net["links_needed"][many]
    job.designs.stop(a[many], Reason.LINK_OVERFLOW)
    return active.keep(~bad & ~many)


def _settle(job: Job, active: Active) -> np.ndarray:
    """The runtime (slowest bound); raise d where the network fails, stretch the run where a bound outlasts its
    rounds, finish the rest. Returns the points to plan again."""
    a, d, t_logical, net, machine, designs = active.at, active.d, active.t_logical, active.net, job.machine, job.designs
    cycle = machine.cycle_time_s
    latency = job.chain[a] * net["cross_module_fraction"] * net["round_trip_s"]
    job.t_reaction[a] = job.chain[a] * job.step_s[a] + latency
    bounds = np.stack([t_logical, active.t_magic, job.t_reaction[a], net["supply_time_s"]], axis=1)
    runtime = bounds.max(axis=1)
    raise_d = net["failure"] > job.budget["network"][a]
    job.d_floor[a[raise_d]] = d[raise_d] + 2
    stretch = (~raise_d & (runtime / cycle[a] > job.stretch_rounds[a] * (1 + 1e-12))
               & (runtime > t_logical * (1 + 1e-12)))
    job.stretch_rounds[a[stretch]] = runtime[stretch] / cycle[a[stretch]]
    done = ~raise_d & ~stretch
    finished = active.keep(done)
    a, d, net = finished.at, finished.d, finished.net
    runtime = runtime[done]
    stored_failure = job.stored[a] * run_rounds(d, job.steps[a], runtime / cycle[a], job.clocked) \
        * finished.storage.error_per_round
    failures = {
        "logical": np.exp(log_logical_failure(machine.law, d, machine.p_physical[a], job.tiles[a], job.steps[a],
                                              runtime / cycle[a], bases=machine.bases_per_patch,
                                              surgery=machine.surgery_law, clocked=job.clocked)) + stored_failure,
        "magic": designs.factory_outputs[a] * np.nan_to_num(designs.factory_output_error[a]),
        "rotation_synthesis": job.budget["rotation_synthesis"][a],
        "network": net["failure"],
    }
    designs.networked(a, net, complete=True)
    designs.finish(a, runtime=runtime, bounds=bounds[done], latency=latency[done], failures=failures)
    return active.at[~done]


def _network_inputs(values: Values, machine: Machine) -> dict:
    """The link's numbers per point, and the count of links per module pair (AUTO or fixed)."""
    return {
        "fidelity": values.number("network.link.bell_pair_fidelity"),
        "rate_hz": values.number("network.link.bell_pair_rate_hz"),
        "latency_s": values.number("network.link.latency_us") * 1e-6,
        "links_per_pair": values.count("network.links_per_module_pair"),
        "fraction": values.number("workload.cross_module_fraction"),
        "p_two_qubit": machine.error_rates["two_qubit"],
        "p_measurement": machine.error_rates["measurement"],
        "memory_pairs": _or(values.number("network.memory.qubits_per_link"), 0.0, values.n),
        "switch_pairs_per_s": _or(values.number("network.switch.pairs_per_s"), np.inf, values.n),
        "switch_ports": _or(values.number("network.switch.ports"), np.inf, values.n),
        "switch_count": values.count("network.switch.count") if values.arch.network.switch else np.full(values.n, AUTO),
        "coherence_time_s": _or(values.number("network.memory.coherence_time_us"), np.inf, values.n) * 1e-6,
    }


def _or(numbers, default: float, n: int) -> np.ndarray:
    """A field's numbers over the points, or `default` everywhere where the architecture leaves it out."""
    return np.full(n, default) if numbers is None else numbers


def _size_networks(job: Job, active: Active) -> dict:
    """The network's columns at the active points; zeros on one module.

    Even traffic on all_to_all or switched links sizes every module count in one pass; other
    arrangements (and switched networks of more modules than ports: trees) take one route set per distinct
    (modules, data modules, switch ports). Each point keeps the
    SizedNetworks it was sized in (`sizing`, its row `sizing_row`) for its Plan's per-link detail.
    """
    a, modules, data_modules, arch = active.at, active.modules, active.data_modules, job.arch
    out = {key: np.zeros(a.size) for key in NETWORK_COLUMNS}
    out.update(sizing=np.full(a.size, None, dtype=object), sizing_row=np.zeros(a.size, np.int64))
    if not (modules > 1).any():
        return out
    dedicated = arch.factories.placement == "dedicated_modules"
    fraction = job.network_inputs["fraction"]

    def crossing(at, dm):
        """Share of operations crossing modules under even traffic: the (swept) fraction, else (M-1)/M."""
        return uniform_cross_fraction(dm, None if fraction is None else fraction[a[at]])

    spread = modules > 1
    ports = job.network_inputs["switch_ports"][a] if arch.network.topology == "switched" else np.full(a.size, np.inf)
    if not (arch.workload.circuit_file or arch.workload.program):
        even = spread & ~(dedicated & (modules > data_modules) & (modules <= MATRIX_MODULES)) & ~(modules > ports)
        rs = batched_even_route_set(modules[even], arch.network.topology, dedicated) if even.any() else None
        if rs is not None:
            at = np.flatnonzero(even)
            source = traffic_for(arch, int(data_modules[at[0]])).source  # even traffic: one source for every count
            _fill(out, at, rs, source, crossing(at, data_modules[at]), job, active)
            spread &= ~even
    first, group = distinct_rows(modules[spread], data_modules[spread], ports[spread])
    spread_at = np.flatnonzero(spread)
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(first) + 1))
    for g in range(len(first)):
        at = spread_at[order[bounds[g]:bounds[g + 1]]]
        m, dm = int(modules[at[0]]), int(data_modules[at[0]])
        traffic = traffic_for(arch, dm)
        cross = crossing(at, np.full(at.size, dm)) if traffic.pair_share is None else np.full(at.size, traffic.cross_module_fraction)
        rs = route_set(m, dm, arch.network.topology, traffic, dedicated, ports=float(ports[at[0]]))
        _fill(out, at, rs, traffic.source, cross, job, active)
    return out


def _fill(out: dict, at: np.ndarray, rs, source: str, cross: np.ndarray, job: Job, active: Active) -> None:
    """Size the network at positions `at` of the active points on route set `rs` into `out`."""
    points, inputs = active.at[at], job.network_inputs
    sizes = size_networks(rs, d=active.d[at], cycle_time_s=job.machine.cycle_time_s[points],
                          merges=cross * job.operations[points], magic_states=job.t_states[points],
                          layers=job.depth[points] if job.clocked else job.chain[points],
                          t_logical=active.t_logical[at] if job.clocked else job.chain[points] * job.step_s[points],
                          fidelity=inputs["fidelity"][points],
                          bulk_p=job.machine.p_physical[points],
                          p_two_qubit=inputs["p_two_qubit"][points], p_measurement=inputs["p_measurement"][points],
                          link_rate_hz=inputs["rate_hz"][points],
                          latency_s=inputs["latency_s"][points], links_per_pair=inputs["links_per_pair"][points],
                          distillation=job.arch.network.distillation,
                          protocol=job.arch.network.distillation_protocol, seam_law=job.machine.seam_law,
                          memory_pairs=inputs["memory_pairs"][points], coherence_time_s=inputs["coherence_time_s"][points],
                          switched=job.arch.network.topology == "switched",
                          switch_pairs_per_s=inputs["switch_pairs_per_s"][points], switch_count=inputs["switch_count"][points],
                          budget=job.budget["network"][points])
    busiest = sizes.busiest()

    def take(x):
        return np.take_along_axis(x, busiest[:, None], axis=1)[:, 0]

    columns = {
        "problem": sizes.problem, "cross_module_fraction": cross, "remote_operations": sizes.remote_operations,
        "max_hops": sizes.max_hops, "worst_swapped_fidelity": sizes.worst_swapped_fidelity,
        "delivered_fidelity": sizes.delivered_fidelity, "distillation_rounds": sizes.distillation_rounds,
        "failure": sizes.failure, "supply_time_s": sizes.supply_time_s, "round_trip_s": sizes.round_trip_s,
        "failure_stderr": sizes.failure_stderr,
        "links": np.minimum(links_needed(sizes.installed, sizes.link_counts), MAX_COUNT),
        "links_needed": links_needed(sizes.installed, sizes.link_counts), "links_per_module_pair": sizes.installed.max(axis=1),
        "busiest_raw_pairs": take(sizes.raw_pairs), "busiest_links": take(sizes.installed),
        "raw_pairs": (sizes.link_counts * sizes.raw_pairs).sum(axis=1),
        "concurrent_remote_merges": take(sizes.concurrent_merges),
        "peak_raw_bell_pairs_per_s": take(sizes.peak_raw_pairs_per_s), "pair_storage_s": sizes.pair_storage_s,
        "switches": sizes.switches,
    }
    for key, column in columns.items():
        out[key][at] = column
    out["sizing"][at] = SizedNetworks(rs, sizes, source, cross, inputs["fidelity"][points], inputs["rate_hz"][points],
                                      inputs["links_per_pair"][points] == AUTO)
    out["sizing_row"][at] = np.arange(at.size)
