"""A plan in a few lines for the terminal, numbers formatted for people."""

from __future__ import annotations

import math

from ftplanner.architecture.units import format_duration
from ftplanner.plan.result import Plan


def human_count(n: float | None) -> str:
    """1234567 -> '1.23 M'."""
    if n is None:
        return "-"
    for size, suffix in ((1e12, " T"), (1e9, " G"), (1e6, " M"), (1e3, " k")):
        if abs(n) >= size:
            return f"{n / size:.3g}{suffix}"
    return f"{n:.3g}"


def _sci(x: float, digits: int) -> str:
    """1.5e-4 with `digits` decimals and a bare exponent (e-4, not e-04)."""
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def plus_minus(value: float, stderr: float) -> str:
    """3.2e-4 and 0.8e-4 -> '3.2e-4 ± 0.8e-4': both in the value's power of ten, to the stderr's first digit."""
    if value == 0 or stderr == 0:
        return f"{_sci(value, 1)} ± {_sci(stderr, 0) if stderr else 0}"
    exponent = int(f"{value:.1e}".split("e")[1])  # after rounding: 9.99e-4 is 1.0e-3
    scale = 10.0**exponent
    decimals = max(1, -math.floor(math.log10(stderr / scale)))
    if decimals > 3:  # the stderr is below the value's third decimal: write it on its own
        return f"{value / scale:.1f}e{exponent} ± {_sci(stderr, 0)}"
    return f"{value / scale:.{decimals}f}e{exponent} ± {stderr / scale:.{decimals}f}e{exponent}"


def summary_text(plan: Plan) -> str:
    """Name, verdict and the headline numbers."""
    if not plan.feasible:
        return f"{plan.name}: INFEASIBLE: {plan.reason}"
    if plan.bicycle:
        return _bicycle_text(plan)
    lines = [
        f"{plan.name}: feasible ({plan.profile} profile)",
        f"  distance {plan.code_distance}, {plan.logical_qubits:,} logical qubits in {plan.layout_tiles:,} tiles ({plan.layout})",
        f"  physical qubits {human_count(plan.physical_qubits)} (data {human_count(plan.physical_qubits_data)}, "
        f"factories {human_count(plan.physical_qubits_factories)}) on {plan.modules} module(s)",
        f"  factories {plan.factories} x {plan.factory.protocol if plan.factory else '-'}",
        *([f"  storage: {plan.stored_logical_qubits:,} idle logical qubits in {plan.storage} (d = {plan.storage_distance}), "
           f"{human_count(plan.physical_qubits_storage)} physical qubits"] if plan.stored_logical_qubits else []),
        f"  runtime {format_duration(plan.runtime_s)} per run (bound: {plan.binding_constraint}; clock: {plan.execution_clock}), "
        f"failure {plan.failure_probability:.2e}; expected {format_duration(plan.expected_runtime_s)} to a successful run",
    ]
    if plan.modules and plan.modules > 1:
        n, busiest = plan.network, plan.network.busiest
        where = f"{busiest.ends[0]}-{busiest.ends[1]}" if busiest.count == 1 else f"each of {busiest.count:,} alike"
        chosen = "chosen to meet it" if n.links_chosen else "fixed"
        waits = "" if busiest.peak_raw_bell_pairs_per_s <= busiest.capacity_bell_pairs_per_s * (1 + 1e-9) else \
            ", so its merges wait for pairs"
        if n.switches:
            tree = f" in a tree of {n.switch_levels} levels" if n.switch_levels > 1 else ""
            waits += (f"; {n.switches} switch(es){tree}, whose capacity makes the merges wait" if n.switches_bind
                      else f"; {n.switches} switch(es){tree}")
        lines.append(f"  network: {n.topology_links:,} module links of {n.links_total:,} physical links, "
                     f"{n.max_hops} hop(s) at most; {human_count(n.remote_operations)} remote merges")
        lines.append(f"  busiest link ({where}): {busiest.concurrent_merges} merge(s) in flight need "
                     f"{human_count(busiest.peak_raw_bell_pairs_per_s)} raw Bell pairs/s at the peak "
                     f"({human_count(busiest.raw_bell_pairs_per_s)}/s on average) on {busiest.links} link(s), {chosen}{waits}")
        lines.append(f"  pairs: fidelity {n.delivered_fidelity:.4f} after {n.distillation_rounds} distillation round(s); "
                     f"{n.cross_module_fraction:.0%} of operations cross modules")
        lines.append(f"  network failure {plus_minus(n.failure, n.failure_stderr)} (fit, 1σ) of its "
                     f"{plan.budget['network']:.2e} share")
    lines += [f"  warning: {w}" for w in plan.warnings]
    return "\n".join(lines)


def _bicycle_text(plan: Plan) -> str:
    """A bicycle-code plan: code family, blocks, both link levels (L-couplers, Bell-pair links) and the T supply."""
    b = plan.bicycle
    supply = "T injection" if not b.distillation_level else \
        f"{plan.factories} x {'15-to-1' if b.distillation_level == 1 else '(15-to-1)x(15-to-1)'} in {b.factory_blocks} factory block(s)"
    lines = [
        f"{plan.name}: feasible ({plan.profile} profile)",
        f"  code {b.code_family} {b.code} (distance {plan.code_distance}): {plan.logical_qubits:,} logical qubits in "
        f"{b.data_blocks:,} data block(s) of 11 + pivot, {b.blocks:,} block(s) of {b.block_physical_qubits} physical qubits",
        f"  physical qubits {human_count(plan.physical_qubits)} (data {human_count(plan.physical_qubits_data)}, "
        f"factories {human_count(plan.physical_qubits_factories)}) on {plan.modules} module(s) of up to "
        f"{b.blocks_per_module:,} block(s)",
        f"  magic states: {supply}, {plan.bicycle.magic_state_error:.2e} per T gate",
        f"  runtime {format_duration(plan.runtime_s)} per run (bound: {plan.binding_constraint}; "
        f"{format_duration(b.seconds_per_rotation)} per rotation), failure {plan.failure_probability:.2e}; expected "
        f"{format_duration(plan.expected_runtime_s)} to a successful run",
        f"  links inside modules: {human_count(b.l_coupler_measurements)} L-coupler joint measurements",
    ]
    if b.remote_joint_measurements:
        n, busiest = plan.network, plan.network.busiest
        lines.append(f"  links between modules: {human_count(b.remote_joint_measurements)} remote joint measurements of "
                     f"{b.bell_pairs_per_remote_measurement:.0f} Bell pairs each, over {n.links_total:,} optical links "
                     f"({busiest.links} per module link, {human_count(busiest.peak_raw_bell_pairs_per_s)} raw pairs/s at "
                     f"the peak); fidelity {n.delivered_fidelity:.4f} after {n.distillation_rounds} distillation round(s)")
        lines.append(f"  network failure {n.failure:.2e} of its {plan.budget['network']:.2e} share")
    else:
        lines.append("  links between modules: none (one module, or no rotation crosses modules)")
    lines += [f"  warning: {w}" for w in plan.warnings]
    return "\n".join(lines)
