"""The planner: size distance, factories, modules and links for one architecture.

Order of work: resolve the machine; share the failure budget; turn logical counts into magic
states and logical depth; pick the factory; then find the smallest distance whose logical
failure fits while the runtime (the slowest of the logical clock, magic supply, decoder
reaction and Bell-pair supply) may stretch the run, iterating until distance and runtime
agree. A design that cannot work returns a Plan with feasible=False and the reason.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ftplanner.fit.calibration import Calibration, load_calibration
from ftplanner.plan.budget import candidate_splits, split_budget
from ftplanner.plan.distance import choose_distance, log_logical_failure
from ftplanner.plan.factory_choice import choose_factory_for, factory_count, magic_supply_time
from ftplanner.plan.layout import STEPS_PER_ROTATION, layout_tiles, qubits_per_tile
from ftplanner.plan.modules import place
from ftplanner.plan.network import plan_network
from ftplanner.plan.traffic import traffic_for
from ftplanner.plan.resolve import Machine, resolve
from ftplanner.plan.result import Plan
from ftplanner.plan.workload import logical_depth, magic_states, non_clifford_depth, t_per_rotation
from ftplanner.spec.models import Architecture

MAX_ITERATIONS = 100  # each raises d by 2 or stretches the run; settles in a few


def _fmt(x: float) -> str:
    return f"{x:.2e}"


def plan_architecture(arch: Architecture, calibration: Calibration | None = None) -> Plan:
    """Plan `arch`; reserves a network share of the budget only when the design spans modules."""
    calibration = calibration or load_calibration(arch.calibration)
    machine = resolve(arch, calibration)
    if arch.budget.split == "optimise":
        first = _plan_once(arch.model_copy(update={"budget": arch.budget.model_copy(update={"split": "equal"})}), machine)
        tried = [_plan_once(arch.model_copy(update={"budget": arch.budget.model_copy(update={"split": split})}), machine)
                 for split in candidate_splits(first.budget)]
        feasible = [plan for plan in tried if plan.feasible]
        return min(feasible, key=lambda plan: plan.physical_qubits * plan.runtime_s, default=first)
    return _plan_once(arch, machine)


def _plan_once(arch: Architecture, machine: Machine) -> Plan:
    fixed_modules = arch.modules.count != "auto" and arch.modules.count > 1
    plan = _plan(arch, machine, networked=fixed_modules)
    if not fixed_modules and plan.modules and plan.modules > 1 and not plan.runtime_bounds_s:
        plan = _plan(arch, machine, networked=True)
    return plan


def _plan(arch: Architecture, machine: Machine, *, networked: bool) -> Plan:
    counts = arch.workload.logical_counts
    has_magic = counts.tCount + counts.rotationCount + counts.cczCount + counts.ccixCount > 0
    budget = split_budget(arch.budget.total_failure, arch.budget.split, magic=has_magic,
                          rotation_synthesis=counts.rotationCount > 0, network=networked)
    tpr = int(t_per_rotation(counts.rotationCount, budget["rotation_synthesis"]))
    t_states = float(magic_states(counts.tCount, counts.rotationCount, counts.cczCount, counts.ccixCount, tpr))
    if arch.workload.t_depth:  # layers of parallel non-Clifford operations, one logical step each
        depth = nc_depth = float(arch.workload.t_depth)
    else:
        depth = float(logical_depth(counts.measurementCount, counts.rotationCount, counts.rotationDepth,
                                    counts.tCount, counts.cczCount, counts.ccixCount, tpr))
        nc_depth = float(non_clifford_depth(counts.tCount, counts.cczCount, counts.ccixCount, counts.rotationDepth, tpr))
    steps = max(depth, 1.0) * STEPS_PER_ROTATION[machine.layout]
    tiles = int(layout_tiles(counts.numQubits, machine.layout))
    p, law, cycle = machine.p_physical, machine.law, machine.cycle_time_s
    plan = Plan(
        name=arch.name, profile=machine.profile, feasible=False, reason="", logical_qubits=counts.numQubits,
        layout=machine.layout, layout_tiles=tiles, t_states=t_states, t_per_rotation=tpr, logical_depth=depth,
        p_physical=p, cycle_time_s=cycle, budget=budget, warnings=machine.warnings,
        assumptions=_assumptions(arch, machine),
    )
    if p >= law.threshold:
        return replace(plan, reason=f"physical error {_fmt(p)} is at or above the threshold {_fmt(law.threshold)} "
                                    f"of the {machine.law_family} error model: lower the error rates")
    t_reaction = nc_depth * machine.reaction_time_s
    stretch_rounds, d_floor = t_reaction / cycle, 3
    for _ in range(MAX_ITERATIONS):
        d = int(choose_distance(law, p, tiles, steps, budget["logical"], machine.max_distance, min_rounds=stretch_rounds,
                                bases=machine.bases_per_patch, surgery=machine.surgery_law))
        if d == 0:
            return replace(plan, reason=f"no distance up to max_distance {machine.max_distance} keeps the logical failure "
                                        f"within {_fmt(budget['logical'])} at p = {_fmt(p)}: raise code.max_distance or the budget")
        if d_floor > machine.max_distance:
            return replace(plan, reason=f"no distance up to max_distance {machine.max_distance} keeps the network failure "
                                        f"within {_fmt(budget['network'])}: raise the link fidelity, allow distillation or "
                                        f"put more of the workload on one module")
        d = max(d, d_floor)
        t_logical = steps * d * cycle
        base = max(t_logical, t_reaction)
        factory = None
        if t_states > 0:
            target = budget["magic"] / t_states
            factory = choose_factory_for(arch, machine, target, code_distance=d, runtime_s=base)
            if factory is None:
                return replace(plan, code_distance=d, reason=(
                    f"no factory reaches {_fmt(target)} error per T state at p = {_fmt(p)}: raise the budget, "
                    f"lower the error rates or allow more protocols"))
        n_factories = factory_count(t_states, factory, base, cycle, arch.factories.count) if factory else 0
        t_magic = magic_supply_time(t_states, factory, n_factories, cycle) if factory else 0.0
        data_qubits = int(tiles * qubits_per_tile(d, machine.profile))
        factory_qubits = n_factories * factory.physical_qubits if factory else 0
        placement = place(tiles, int(qubits_per_tile(d, machine.profile)), n_factories,
                          factory.physical_qubits if factory else 0, arch.modules.physical_qubits,
                          arch.modules.count, arch.factories.placement)
        plan = replace(plan, code_distance=d, physical_qubits=data_qubits + factory_qubits,
                       physical_qubits_data=data_qubits, physical_qubits_factories=factory_qubits,
                       factories=n_factories, factory=factory, placement=placement)
        if placement.reason:
            return replace(plan, reason=placement.reason)
        if placement.modules > 1 and not networked:
            return plan  # spans modules: plan_architecture plans again with a network share of the budget
        link = arch.network.link
        network = plan_network(
            modules=placement.modules, data_modules=placement.data_modules, topology=arch.network.topology, d=d,
            logical_depth=depth, magic_states=t_states, dedicated_factories=arch.factories.placement == "dedicated_modules",
            traffic=traffic_for(arch, placement.data_modules), runtime_s=max(base, t_magic),
            fidelity=link.bell_pair_fidelity, p_two_qubit=machine.error_rates["two_qubit"],
            link_rate_hz=link.bell_pair_rate_hz, latency_s=link.latency_us * 1e-6,
            links_per_pair=arch.network.links_per_module_pair, distillation=arch.network.distillation,
            seam_law=machine.seam_law, budget=budget["network"],
        )
        if network.reason:
            return replace(plan, network=network, reason=network.reason)
        latency = nc_depth * network.cross_module_fraction * network.round_trip_s
        t_reaction = nc_depth * machine.reaction_time_s + latency
        bounds = {"logical_clock": t_logical, "magic_supply": t_magic, "decoder_reaction": t_reaction,
                  "bell_pair_supply": network.supply_time_s}
        runtime = max(bounds.values())
        if network.failure > budget["network"]:
            d_floor = d + 2
            continue
        if runtime / cycle > stretch_rounds * (1 + 1e-12) and runtime > t_logical * (1 + 1e-12):
            stretch_rounds = runtime / cycle
            continue
        break
    else:
        return replace(plan, reason=f"distance and runtime did not settle in {MAX_ITERATIONS} iterations "
                                    f"(last d = {d}): please report this architecture")
    failures = {
        "logical": float(np.exp(log_logical_failure(law, d, p, tiles, steps, runtime / cycle,
                                                    bases=machine.bases_per_patch, surgery=machine.surgery_law))),
        "magic": t_states * factory.output_error if factory else 0.0,
        "rotation_synthesis": budget["rotation_synthesis"],
        "network": network.failure,
    }
    plan = replace(plan, runtime_s=runtime, runtime_bounds_s=bounds, latency_s=latency, binding_constraint=max(bounds, key=bounds.get),
                   failures=failures, network=network, feasible=True)
    return _check_constraints(arch, plan)


def _check_constraints(arch: Architecture, plan: Plan) -> Plan:
    """Infeasible with a reason when the plan breaks a user constraint or its own budget."""
    c = arch.constraints
    if plan.failure_probability > arch.budget.total_failure * (1 + 1e-9):
        over = max((k for k in plan.failures), key=lambda k: plan.failures[k] - plan.budget[k])
        return replace(plan, feasible=False, reason=f"{over} failure {_fmt(plan.failures[over])} exceeds its share "
                                                     f"{_fmt(plan.budget[over])} of the budget even at the largest distance tried")
    if c.max_runtime is not None and plan.runtime_s > c.max_runtime:
        reason = f"runtime {plan.runtime_s:.3g} s exceeds constraints.max_runtime {c.max_runtime:.3g} s (bound: {plan.binding_constraint})"
        if plan.binding_constraint == "decoder_reaction" and plan.latency_s > 0:
            reason += (f"; link latency round trips add {plan.latency_s:.3g} s: lower network.link.latency_us "
                       f"or keep more operations within modules")
        return replace(plan, feasible=False, reason=reason)
    if c.max_physical_qubits is not None and plan.physical_qubits > c.max_physical_qubits:
        return replace(plan, feasible=False, reason=f"{plan.physical_qubits:,} physical qubits exceed "
                                                     f"constraints.max_physical_qubits {c.max_physical_qubits:,}")
    if c.max_modules is not None and plan.modules > c.max_modules:
        return replace(plan, feasible=False, reason=f"{plan.modules} modules exceed constraints.max_modules {c.max_modules}")
    return plan


def _assumptions(arch: Architecture, machine: Machine) -> dict:
    """The resolved inputs the plan used, with the fields that took defaults listed."""
    return {
        "architecture": arch.model_dump(mode="json"),
        "resolved": {
            "error_rates": machine.error_rates,
            "durations_ns": machine.durations_ns,
            "p_physical": machine.p_physical,
            "error_law": {"family": machine.law_family, "A": machine.law.A, "threshold": machine.law.threshold,
                          "per": machine.law.per, "source": machine.law.source},
            "seam_law": {"A": machine.seam_law.A, "threshold": machine.seam_law.threshold, "offset": machine.seam_law.offset,
                         "at_p": machine.seam_law.at_p, "source": machine.seam_law.source},
            "surgery_law": None if machine.surgery_law is None else {
                "A": machine.surgery_law.A, "threshold": machine.surgery_law.threshold, "source": machine.surgery_law.source},
            "logical_bases_per_patch": machine.bases_per_patch,
            "cycle_time_s": machine.cycle_time_s,
            "reaction_time_s": machine.reaction_time_s,
            "qubits_per_tile": "2d^2" if machine.profile == "azure-re" else "2(d+1)^2",
            "steps_per_rotation": STEPS_PER_ROTATION[machine.layout],
        },
        "defaults": list(machine.defaults),
    }
