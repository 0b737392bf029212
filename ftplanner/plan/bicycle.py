"""The planner for bivariate-bicycle code families (code.family gross or two_gross), at the instruction level.

The machine is a path of code blocks (IBM's compiler, `PathArchitecture`): ceil(numQubits / 11)
data blocks, then the magic-state factory blocks; blocks of one module are joined by L-couplers,
modules by optical Bell-pair links. `modules.physical_qubits` decides how many blocks a module
holds (unlimited: one module); a fixed `modules.count` spreads the blocks evenly.

Workload: every T state is one pi/8 Pauli-product rotation (T gates one each, CCZ and CCiX four,
synthesised rotations their T count, as `ftplanner.physics.logical_counts` counts them), every
measurement one Pauli-product measurement; Cliffords are free (Pauli-based computation). As in
the compiler's random-circuit benchmark, a rotation's Pauli spans every data block (the worst
case, and the compiler's GHZ runs to the magic block at the end of the path anyway); with
`workload.cross_module_fraction` f given, a share 1 - f stays on one module's blocks, with a
magic source there. Each rotation compiles to the instructions of `ftplanner.physics.bicycle.
rotation`; rotations run one after another (no parallelism across modules is modelled), so the
schedule is their sum, and the run's failure is the sum over its instructions (the union bound),
idling blocks included at the idle instruction's error per cycle.

T supply: injection on the last block (level 0) where the T count times the injected error fits
the magic share; else 15-to-1 distillation in factory blocks (level 1, or 2 from level-1 outputs
brought in by joint measurements), enough of them to keep pace with the rotations (or
`factories.count`, the magic_supply bound). A distilled T is brought in by one more joint
measurement (to the factory block) and one measurement there, and its T instruction keeps the
table's duration (conservative: no retries are needed, but the transfer takes time too), so a
rotation lasts as long whatever the T's source.

Network: a rotation over data on several modules crosses each module boundary of its path once,
a remote joint measurement (`ftplanner.physics.bicycle.remote`: d Bell pairs per round over its
rounds, its link error from the seam law at the delivered fidelity). Boundaries take their joint
measurements in the GHZ's two layers, so each boundary link carries one at a time: its peak is
the pairs of one measurement over the measurement's duration; `links_per_module_pair: auto`
meets it, a fixed count stretches those measurements (the bell_pair_supply bound). Bell pairs
are distilled (DEJMPS by default) as few rounds as the network share needs; a switched network
swaps each pair once at the switch. Pair memories and switch capacity are not modelled here.

Runtime: the slowest of the schedule, the magic supply, the decoder's reaction (plus a link round
trip per crossing rotation) along the dependent chain, and the Bell-pair supply.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ftplanner.architecture.values import AUTO, Values
from ftplanner.physics.bicycle import (
    CODES,
    P_RANGE,
    STEPS_PER_CYCLE,
    block_busy_steps,
    block_instructions,
    fifteen_to_one,
    ghz_layers,
    instruction_set,
    pairs_per_remote_measurement,
    product_steps,
    remote_link_error,
)
from ftplanner.physics.entanglement import distilled, swapped_fidelity
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.physics.logical_counts import magic_states, non_clifford_depth, t_per_rotation
from ftplanner.plan.budget import PARTS, split_budget
from ftplanner.plan.designs import Reason
from ftplanner.plan.resolve import Machine

LEVELS = 3  # distillation levels tried: injection, one and two rounds of 15-to-1
MAX_LINK_ROUNDS = 10  # Bell-pair distillation rounds tried under network.distillation: auto
INSTRUCTION_CLASSES = ("in_module_measurements", "automorphisms", "l_coupler_measurements",
                       "remote_joint_measurements", "idle_cycles", "t_gates")
LOGICAL_CLASSES = ("in_module_measurements", "automorphisms", "l_coupler_measurements", "remote_joint_measurements",
                   "idle_cycles")


@dataclass
class BicyclePoints:
    """Every number the bicycle planner found, one entry per design point (see `ftplanner.plan.bicycle_designs`)."""

    family: str
    status: np.ndarray
    columns: dict  # name -> array over the points
    budget: dict  # part -> share
    failures: dict  # part -> failure per run
    uses: dict  # instruction class -> uses over the run
    per_use: dict  # instruction class -> error per use (remote: the link's extra only)
    bounds_s: np.ndarray  # n x 4, as designs.BOUNDS


def _counts(values: Values) -> dict:
    names = ("numQubits", "tCount", "rotationCount", "rotationDepth", "cczCount", "ccixCount", "measurementCount")
    return {name: values.number(f"workload.logical_counts.{name}") for name in names}


def plan_bicycle(values: Values, machine: Machine) -> BicyclePoints:
    """Plan every point of `values`: first with a network share of the budget only where the data already spans
    modules, then again with one where the factory blocks pushed the machine onto more than one module."""
    count = values.count("modules.count")
    code = CODES[values.arch.code.family]
    capacity = values.number("modules.physical_qubits")
    per_module = np.full(values.n, np.inf) if capacity is None else np.floor(capacity / code.physical_qubits)
    data_blocks = np.ceil(values.number("workload.logical_counts.numQubits") / code.data_logical_qubits)
    networked = ((count != AUTO) & (count > 1)) | (data_blocks > per_module)
    points = _plan(values, machine, networked)
    again = np.flatnonzero((points.columns["modules"] > 1) & ~networked)
    if again.size:
        redo = _plan(values, machine, networked | (points.columns["modules"] > 1))
        _put(points, redo, again)
    return points


def _put(points: BicyclePoints, other: BicyclePoints, at: np.ndarray) -> None:
    points.status[at] = other.status[at]
    points.bounds_s[at] = other.bounds_s[at]
    for table in ("columns", "budget", "failures", "uses", "per_use"):
        for key, column in getattr(points, table).items():
            column[at] = getattr(other, table)[key][at]


def _plan(values: Values, machine: Machine, networked: np.ndarray) -> BicyclePoints:
    arch, n = values.arch, values.n
    code = CODES[arch.code.family]
    counts = _counts(values)
    p, cycle = machine.p_physical, machine.cycle_time_s
    step_s = cycle / STEPS_PER_CYCLE
    ins = instruction_set(code.family, p, machine.block_law)
    e, t = ins.error, ins.steps
    e_meas, e_aut, e_joint, e_idle = e["in_module_measurement"], ins.automorphism_error, \
        e["inter_module_joint_measurement"], e["idle"]
    t_meas, t_aut, t_joint = t["in_module_measurement"], ins.automorphism_steps, t["inter_module_joint_measurement"]
    status = np.zeros(n, np.int64)
    status[(p > P_RANGE[1] * (1 + 1e-12)) & (machine.block_law is None)] = Reason.BLOCK_TABLE

    # budget, T states and the dependent chain
    has_magic = counts["tCount"] + counts["rotationCount"] + counts["cczCount"] + counts["ccixCount"] > 0
    split = arch.budget.split if arch.budget.split != "optimise" else "equal"
    budget = split_budget(values.number("budget.total_failure"), split, magic=has_magic,
                          rotation_synthesis=counts["rotationCount"] > 0, network=networked)
    tpr = t_per_rotation(counts["rotationCount"], budget["rotation_synthesis"])
    rotations = magic_states(counts["tCount"], counts["rotationCount"], counts["cczCount"], counts["ccixCount"], tpr)
    measurements = counts["measurementCount"]
    chain = non_clifford_depth(counts["tCount"], counts["cczCount"], counts["ccixCount"], counts["rotationDepth"], tpr)
    for path in ("workload.t_depth", "workload.reaction_depth"):
        if values.number(path) is not None:
            chain = values.number(path)

    # one data block's share of every rotation, and the T supply at each distillation level
    m_block, a_block = block_instructions()
    busy = block_busy_steps(t_meas, t_aut)
    local_error = m_block * e_meas + a_block * e_aut  # one block's Clifford instructions
    inject_e, inject_t = e["t_injection"], t["t_injection"]
    level_1 = fifteen_to_one(inject_e, inject_t, local_error, busy, e_meas, t_meas)
    brought_e, brought_t = level_1.output_error + e_joint + e_meas, t_joint + t_meas
    level_2 = fifteen_to_one(brought_e, brought_t, local_error, busy, e_meas, t_meas)
    t_error = np.stack([inject_e, level_1.output_error + e_meas, level_2.output_error + e_meas])
    magic_ok = rotations * t_error <= budget["magic"] * (1 + 1e-12)
    level = np.where(magic_ok.any(axis=0), np.argmax(magic_ok, axis=0), -1)
    level = np.where(rotations > 0, level, 0)
    status[(level < 0) & (status == 0)] = Reason.NO_FACTORY
    lv = np.maximum(level, 0)
    e_t = np.take_along_axis(t_error, lv[None], axis=0)[0]
    distilling = lv > 0
    # the T gate on the last block of the path lasts the table's T instruction whatever its source (a distilled
    # state from the adjacent factory block is brought in by one more joint measurement, counted in its error)
    t_magic = inject_t

    # the path: data blocks, then (with distillation) the factory; the rotation's time
    data_blocks = np.ceil(counts["numQubits"] / code.data_logical_qubits)
    span = data_blocks + distilling  # blocks joined by the rotation's joint measurements
    steps_rotation = product_steps(data_blocks, t_meas, t_aut, t_joint, t_magic)
    steps_measurement = product_steps(data_blocks, t_meas, t_aut, t_joint, 0.0)

    # factory blocks: enough to deliver one state per rotation (or factories.count)
    period_1 = level_1.steps_per_output
    feeders = np.ceil(15.0 * period_1 / level_2.steps_per_output)  # level-1 blocks per level-2 block
    period = np.where(lv == 2, level_2.steps_per_output, period_1)
    blocks_each = np.where(lv == 2, 1 + feeders, 1.0)
    fixed_factories = values.count("factories.count")
    factories = np.where(fixed_factories == AUTO, np.ceil(period / steps_rotation), fixed_factories)
    factories = np.where(distilling & (rotations > 0), factories, 0.0)
    factory_blocks = factories * blocks_each
    magic_supply_s = np.where(factories > 0, rotations * period / np.maximum(factories, 1) * step_s, 0.0)

    # placement on modules
    blocks = data_blocks + factory_blocks
    capacity = values.number("modules.physical_qubits")
    room = np.full(n, np.inf) if capacity is None else np.floor(capacity / code.physical_qubits)
    status[(room < 1) & (status == 0)] = Reason.BLOCK_SIZE
    module_count = values.count("modules.count")
    per_module = np.where(module_count == AUTO, np.minimum(room, blocks), np.ceil(blocks / np.maximum(module_count, 1)))
    per_module = np.maximum(per_module, 1.0)
    status[(per_module > room) & (status == 0)] = Reason.PLACEMENT
    modules = np.where(module_count == AUTO, np.ceil(blocks / per_module), module_count).astype(float)
    data_modules = np.ceil(data_blocks / per_module)
    path_modules = np.where(distilling, np.floor(data_blocks / per_module) + 1, data_modules)
    path_modules = np.minimum(path_modules, modules)

    # which rotations cross modules, and their joint measurements at both levels
    given = values.number("workload.cross_module_fraction")
    crossing = np.where(path_modules > 1, 1.0 if given is None else given, 0.0)
    local_blocks = np.ceil(data_blocks / data_modules)
    remote_per_rotation = path_modules - 1
    joints_rotation = span - 1
    joints_local = local_blocks - 1 + distilling
    remote_per_measurement = data_modules - 1
    spanning, staying = rotations * crossing, rotations * (1 - crossing)
    m_spanning, m_staying = measurements * crossing, measurements * (1 - crossing)
    remote = spanning * remote_per_rotation + m_spanning * remote_per_measurement
    l_coupler = spanning * (joints_rotation - remote_per_rotation) + staying * joints_local \
        + m_spanning * (data_blocks - 1 - remote_per_measurement) + m_staying * (local_blocks - 1)
    steps_local = product_steps(local_blocks, t_meas, t_aut, t_joint, t_magic)
    steps_local_measurement = product_steps(local_blocks, t_meas, t_aut, t_joint, 0.0)

    # the network: delivered pairs, the link's error per remote joint measurement, the links
    net = _network(values, machine, code.d, t_joint, step_s, remote, budget["network"], path_modules)
    status[(net["problem"] > 0) & (status == 0)] = Reason.NETWORK
    stretch = np.maximum(net["remote_steps"] - t_joint, 0.0)  # extra time of a remote joint measurement

    # the schedule, and idle block-cycles while other blocks work
    schedule_steps = spanning * steps_rotation + staying * steps_local + m_spanning * steps_measurement \
        + m_staying * steps_local_measurement
    waits = np.where(remote_per_rotation > 0, 1.0, 0.0)  # a slow boundary delays its GHZ layer
    supply_steps = schedule_steps + (spanning + m_spanning) * waits * stretch

    def waiting(steps, touched):
        return data_blocks * steps - touched * (busy + np.minimum(ghz_layers(touched), 1) * t_joint)

    idle_cycles = (spanning * waiting(steps_rotation, data_blocks) + staying * waiting(steps_local, local_blocks)
                   + m_spanning * waiting(steps_measurement, data_blocks)
                   + m_staying * waiting(steps_local_measurement, local_blocks)) / STEPS_PER_CYCLE
    uses = {
        "in_module_measurements": (spanning + m_spanning) * data_blocks * m_block
        + (staying + m_staying) * local_blocks * m_block,
        "automorphisms": (spanning + m_spanning) * data_blocks * a_block + (staying + m_staying) * local_blocks * a_block,
        "l_coupler_measurements": l_coupler,
        "remote_joint_measurements": remote,
        "idle_cycles": np.maximum(idle_cycles, 0.0),
        "t_gates": rotations,
    }
    per_use = {"in_module_measurements": e_meas, "automorphisms": e_aut, "l_coupler_measurements": e_joint,
               "remote_joint_measurements": e_joint, "idle_cycles": e_idle, "t_gates": e_t}
    failures = {
        "logical": sum(uses[c] * per_use[c] for c in LOGICAL_CLASSES),
        "magic": rotations * e_t,
        "rotation_synthesis": budget["rotation_synthesis"].copy(),
        "network": net["failure"],
    }
    total, allowed = sum(failures[part] for part in PARTS), values.number("budget.total_failure") * (1 + 1e-9)
    status[(total > allowed) & (status == 0)] = Reason.BLOCK_FAILURE
    # no T supply can rescue instructions that fail beyond the whole budget on their own: say that instead
    status[(failures["logical"] > allowed) & (status == Reason.NO_FACTORY)] = Reason.BLOCK_FAILURE

    # runtime bounds: schedule, magic supply, decoder reaction (with link round trips), Bell-pair supply
    reaction_s = machine.reaction_time_s
    t_reaction = chain * (reaction_s + crossing * net["round_trip_s"])
    schedule_s = np.maximum(schedule_steps * step_s, cycle)  # even a run of no rotations reads its blocks once
    bounds = np.stack([schedule_s, magic_supply_s, t_reaction, supply_steps * step_s], axis=1)
    columns = {
        "code_distance": np.full(n, float(code.d)), "logical_qubits": counts["numQubits"], "data_blocks": data_blocks,
        "factory_blocks": factory_blocks,
        "blocks": blocks, "blocks_per_module": per_module, "modules": modules, "data_modules": data_modules,
        "path_modules": path_modules, "block_qubits": np.full(n, float(code.physical_qubits)),
        "physical_qubits": blocks * code.physical_qubits, "physical_qubits_data": data_blocks * code.physical_qubits,
        "physical_qubits_factories": factory_blocks * code.physical_qubits, "capacity": room,
        "factories": factories, "distillation_level": lv.astype(float), "magic_state_error": e_t,
        "t_states": rotations, "t_per_rotation": tpr, "measurements": measurements, "chain": chain,
        "logical_depth": rotations + measurements, "cross_module_fraction": crossing,
        "steps_per_rotation": steps_rotation, "seconds_per_rotation": steps_rotation * step_s,
        "runtime_s": bounds.max(axis=1), "p_physical": p, "cycle_time_s": cycle,
        "success_probability": values.number("workload.success_probability"),
        "fixed_module_count": module_count.astype(float), "in_range": ins.in_range.astype(float),
        **{f"net_{key}": value for key, value in net.items()},
    }
    points = BicyclePoints(code.family, status, columns, budget, failures, uses, per_use, bounds)
    _check_constraints(values, points)
    return points


def _network(values: Values, machine: Machine, d: int, t_joint, step_s, remote, share, path_modules) -> dict:
    """Pairs, fidelity, distillation rounds, link error and links of every boundary (zeros on one module)."""
    arch, n = values.arch, values.n
    net = arch.network
    hops = 2.0 if net.topology == "switched" else 1.0
    fidelity = swapped_fidelity(values.number("network.link.bell_pair_fidelity"), hops)
    p2, pm = machine.error_rates["two_qubit"], machine.error_rates["measurement"]
    pairs = pairs_per_remote_measurement(d, t_joint)
    fixed_rounds = {"none": 0, "auto": None}.get(net.distillation, net.distillation)
    tried = range(MAX_LINK_ROUNDS + 1) if fixed_rounds is None else (fixed_rounds,)
    chosen = {key: np.full(n, np.nan) for key in ("rounds", "fidelity", "raw_per_pair", "p_link", "extra")}
    for k in tried:
        delivered, raw = distilled(fidelity, k, net.distillation_protocol, p2, pm)
        p_link = p_link_from_fidelity(delivered, p2)
        extra = remote_link_error(machine.seam_law, d, p_link, machine.p_physical, t_joint)
        open_ = np.isnan(chosen["rounds"])
        fits = open_ & ((remote * extra <= share * (1 + 1e-12)) | (remote == 0) | (fixed_rounds is not None))
        for key, value in (("rounds", k), ("fidelity", delivered), ("raw_per_pair", raw), ("p_link", p_link),
                           ("extra", extra)):
            chosen[key] = np.where(fits, value, chosen[key])
    problem = np.isnan(chosen["rounds"]) & (remote > 0)
    for key in chosen:  # the last round tried, to report how far it got
        chosen[key] = np.nan_to_num(chosen[key], nan=0.0)
    raw_per_measurement = pairs * np.maximum(chosen["raw_per_pair"], 1.0)
    peak = raw_per_measurement / (t_joint * step_s)
    rate = values.number("network.link.bell_pair_rate_hz")
    fixed_links = values.count("network.links_per_module_pair")
    links = np.where(fixed_links == AUTO, np.ceil(peak / rate), fixed_links).astype(float)
    remote_steps = np.maximum(t_joint, raw_per_measurement / (np.maximum(links, 1) * rate) / step_s)
    spans = (remote > 0) & (path_modules > 1)
    boundaries = np.maximum(path_modules - 1, 0)
    topology_links = np.where(net.topology == "switched", path_modules, boundaries)
    zero = lambda x: np.where(spans, x, 0.0)  # noqa: E731
    return {
        "problem": (problem & spans).astype(float), "rounds": zero(chosen["rounds"]),
        "delivered_fidelity": np.where(spans, chosen["fidelity"], 1.0), "raw_per_pair": zero(raw_per_measurement / pairs),
        "p_link": zero(chosen["p_link"]), "extra_per_remote": zero(chosen["extra"]),
        "failure": zero(remote * chosen["extra"]), "pairs_per_remote": zero(np.full(n, pairs)),
        "peak_raw_pairs_per_s": zero(peak), "links_per_boundary": zero(links),
        "topology_links": zero(topology_links), "links": zero(links * topology_links),
        "raw_pairs": zero(remote * raw_per_measurement * hops), "remote_steps": np.where(spans, remote_steps, t_joint),
        "round_trip_s": zero(2.0 * values.number("network.link.latency_us") * 1e-6 * hops), "hops": zero(np.full(n, hops)),
        "boundaries": zero(boundaries),
    }


CONSTRAINTS = (("constraints.max_runtime", "runtime_s", Reason.RUNTIME),
               ("constraints.max_physical_qubits", "physical_qubits", Reason.QUBITS),
               ("constraints.max_modules", "modules", Reason.MODULES),
               ("network.switch.ports", "modules", Reason.SWITCH_PORTS))


def _check_constraints(values: Values, points: BicyclePoints) -> None:
    """Infeasible where a plan that meets its budget breaks a user constraint (the first broken, in order)."""
    for path, column, reason in CONSTRAINTS:
        limit = values.number(path)
        if limit is None:
            continue
        broken = (points.status == Reason.FEASIBLE) & (points.columns[column] > limit)
        points.status[broken] = reason
        points.columns[f"limit_{column}"] = np.broadcast_to(limit, values.n).astype(float)
