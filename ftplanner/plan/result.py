"""The Plan: every number the planner found, why, and where its inputs came from (data only: its
HTML views are `ftplanner.report.reported.ReportedPlan`, which is what `ftplanner.estimate` returns)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from ftplanner.plan.columns import CSV_COLUMNS, in_order
from ftplanner.plan.modules import Placement
from ftplanner.plan.network import NetworkPlan


@dataclass(frozen=True)
class Plan:
    """A sized machine for one architecture, or (feasible = False) the reason none exists.

    Failure probabilities are per run and add up as a union bound. Runtime bounds are in
    seconds: logical_clock (steps x d x cycle; one step's d cycles when reaction-limited),
    magic_supply, decoder_reaction (the dependent chain), bell_pair_supply.
    """

    name: str
    profile: str
    feasible: bool
    reason: str
    logical_qubits: int
    layout: str
    layout_tiles: int
    t_states: float
    t_per_rotation: int
    logical_depth: float
    p_physical: float
    cycle_time_s: float
    code_distance: int | None = None
    physical_qubits: int | None = None
    physical_qubits_data: int | None = None
    physical_qubits_factories: int | None = None
    factories: int = 0
    factory: Any = None  # FactoryDesign
    factory_outputs: float = 0.0  # states the factories deliver over the run (T, or CCZ)
    execution_clock: str = "logical_steps"  # or reaction_limited
    reaction_depth: float = 0.0  # steps of the longest dependent chain
    workspace_tiles: int = 0  # routing tiles of the operations in flight (reaction-limited)
    storage: str = "patches"  # where idle logical qubits wait: patches, or plain / yoked-1d / yoked-2d cold storage
    stored_logical_qubits: int = 0
    storage_distance: int = 0
    physical_qubits_storage: int = 0
    success_probability: float = 1.0  # a fault-free run's usable output
    runtime_s: float | None = None
    runtime_bounds_s: dict[str, float] = field(default_factory=dict)
    latency_s: float = 0.0  # part of the decoder_reaction bound spent on link round trips
    binding_constraint: str | None = None
    budget: dict[str, float] = field(default_factory=dict)
    failures: dict[str, float] = field(default_factory=dict)
    placement: Placement | None = None
    network: NetworkPlan = NetworkPlan()
    assumptions: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    code_family: str = "rotated_surface"
    bicycle: Any = None  # ftplanner.plan.bicycle_designs.BicyclePlan for a bivariate-bicycle code family

    @property
    def failure_probability(self) -> float | None:
        return sum(self.failures.values()) if self.failures else None

    @property
    def expected_runtime_s(self) -> float | None:
        """Seconds until a run succeeds, on average (runs repeat until one is fault-free and usable)."""
        if self.runtime_s is None:
            return None
        return self.runtime_s / (self.success_probability * (1.0 - self.failure_probability))

    @property
    def modules(self) -> int | None:
        return self.placement.modules if self.placement and self.placement.modules else None

    def row(self) -> dict[str, Any]:
        """The plan as one flat row: the columns of `ftplanner.plan.columns`, in its order (None where a value
        does not exist)."""
        net = self.network
        networked = bool(self.modules and self.modules > 1)
        busiest = net.busiest if networked else None
        return in_order({
            "name": self.name,
            "feasible": self.feasible,
            "reason": self.reason,
            "profile": self.profile,
            "code_family": self.code_family,
            "code_distance": self.code_distance,
            "logical_qubits": self.logical_qubits,
            "layout": None if self.bicycle else self.layout,
            "layout_tiles": None if self.bicycle else self.layout_tiles,
            "code_blocks": self.bicycle.blocks if self.bicycle else 0,
            "physical_qubits": self.physical_qubits,
            "physical_qubits_data": self.physical_qubits_data,
            "physical_qubits_factories": self.physical_qubits_factories,
            "modules": self.modules,
            "physical_qubits_per_module": self.placement.max_physical_qubits_per_module if self.modules else None,
            "factories": self.factories,
            "factory_protocol": self.factory.protocol if self.factory else self._bicycle_factory("factory_protocol"),
            "factory_output_error": self.factory.output_error if self.factory else self._bicycle_factory("magic_state_error"),
            "factory_outputs": self.factory_outputs if (self.factory or self.factories) and self.physical_qubits is not None
            else 0.0,
            "t_states": self.t_states,
            "t_per_rotation": self.t_per_rotation,
            "logical_depth": self.logical_depth,
            "execution_clock": self.execution_clock,
            "reaction_depth": self.reaction_depth,
            "workspace_tiles": self.workspace_tiles,
            "storage": self.storage,
            "stored_logical_qubits": self.stored_logical_qubits,
            "storage_distance": self.storage_distance if self.physical_qubits is not None else 0,
            "physical_qubits_storage": self.physical_qubits_storage if self.physical_qubits is not None else 0,
            "runtime_s": self.runtime_s,
            "expected_runtime_s": self.expected_runtime_s,
            "binding_constraint": self.binding_constraint,
            "failure_probability": self.failure_probability,
            "logical_failure": self.failures.get("logical"),
            "magic_failure": self.failures.get("magic"),
            "rotation_synthesis_failure": self.failures.get("rotation_synthesis"),
            "network_failure": self.failures.get("network"),
            "network_failure_stderr": (net.failure_stderr if networked else 0.0) if self.failures else None,
            "cross_module_fraction": net.cross_module_fraction if networked else 0.0,
            "remote_operations": net.remote_operations if networked else 0.0,
            "l_coupler_measurements": self.bicycle.l_coupler_measurements if self.bicycle else 0.0,
            "concurrent_remote_merges": busiest.concurrent_merges if busiest else 0,
            "peak_raw_bell_pairs_per_s": busiest.peak_raw_bell_pairs_per_s if busiest else 0.0,
            "pair_storage_s": net.pair_storage_s if networked else 0.0,
            "switches": net.switches if networked else 0,
            "links": net.links_total if networked else 0,
            "links_per_module_pair": max(link.links for link in net.links) if networked and net.links else 0,
            "bell_pairs_per_s_per_link": (busiest.raw_bell_pairs_per_s / busiest.links) if busiest else 0.0,
            "raw_bell_pairs_per_s": net.raw_bell_pairs_per_s if networked else 0.0,
            "delivered_fidelity": net.delivered_fidelity if networked else None,
            "distillation_rounds": net.distillation_rounds if networked else 0,
            "p_physical": self.p_physical,
            "cycle_time_s": self.cycle_time_s,
        })

    def _bicycle_factory(self, name: str):
        """A bicycle plan's factory blocks' protocol or output error (None without factory blocks)."""
        return getattr(self.bicycle, name) if self.bicycle and self.bicycle.factory_blocks else None

    def to_frame(self):
        """One-row pandas DataFrame with the CSV columns."""
        import pandas as pd  # imported here: it doubles the package's import time

        return pd.DataFrame([self.row()], columns=list(CSV_COLUMNS))

    def modules_frame(self):
        """One row per module: data tiles, logical qubits, factories, physical qubits used and capacity."""
        import pandas as pd

        rows, index = [], 0
        tiles_per_logical = self.layout_tiles / self.logical_qubits
        for group in self.placement.groups if self.placement else ():
            for _ in range(group.count):
                rows.append({"module": f"m{index}", "tiles": group.tiles,
                             "logical_qubits": round(group.tiles / tiles_per_logical, 1), "factories": group.factories,
                             "physical_qubits": group.physical_qubits, "capacity": group.capacity,
                             "utilisation": group.physical_qubits / group.capacity if group.capacity else None})
                index += 1
        return pd.DataFrame(rows, columns=["module", "tiles", "logical_qubits", "factories", "physical_qubits",
                                           "capacity", "utilisation"])

    def links_frame(self):
        """One row per topology link, or per group of identical links (`count`): remote operations, Bell pairs
        and raw pairs per second on average, merges in flight and the raw pairs per second they need at the
        peak, capacity of its links, delivered fidelity, distillation, links and average utilisation."""
        import pandas as pd

        net = self.network
        columns = ["from", "to", "count", "remote_operations_per_s", "bell_pairs_per_s", "raw_bell_pairs_per_s",
                   "concurrent_merges", "peak_raw_bell_pairs_per_s", "capacity_bell_pairs_per_s", "delivered_fidelity",
                   "distillation_rounds", "links", "links_chosen", "utilisation"]
        rows = [{"from": link.ends[0], "to": link.ends[1], "count": link.count,
                 "remote_operations_per_s": link.remote_operations_per_s, "bell_pairs_per_s": link.bell_pairs_per_s,
                 "raw_bell_pairs_per_s": link.raw_bell_pairs_per_s, "concurrent_merges": link.concurrent_merges,
                 "peak_raw_bell_pairs_per_s": link.peak_raw_bell_pairs_per_s,
                 "capacity_bell_pairs_per_s": link.capacity_bell_pairs_per_s, "delivered_fidelity": net.delivered_fidelity,
                 "distillation_rounds": net.distillation_rounds, "links": link.links, "links_chosen": net.links_chosen,
                 "utilisation": link.utilisation}
                for link in net.links]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready: summary row, breakdowns, assumptions and provenance."""
        return _json_ready({
            "summary": self.row(),
            "runtime_bounds_s": self.runtime_bounds_s,
            "budget": self.budget,
            "failures": self.failures,
            "factory": asdict(self.factory) if self.factory else None,
            **({"bicycle": asdict(self.bicycle)} if self.bicycle else {}),
            "modules": [asdict(g) for g in self.placement.groups] if self.placement else [],
            "network": asdict(self.network),
            "assumptions": self.assumptions,
            "warnings": list(self.warnings),
            "provenance": self.provenance,
        })


def _json_ready(value):
    """Replace non-finite floats by None and tuples by lists, so the JSON is strict."""
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return _json_ready(value.item())
    return value
