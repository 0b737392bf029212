"""The output columns: one table of every column of a plan's row, a sweep's rows and the CSV, in CSV order.

`Plan.row()` (one design) and `Designs.rows()` (every point of a sweep) both key their values
by this table (`in_order`), the CSV writer and the sweep table take their columns from it, and
the README's column list is `markdown_table()` (a test keeps the two equal). A unit of "" marks
text, flags and dimensionless numbers. A column that reports what an architecture field asks
for (`modules` for `modules.count: auto`) names that field, and the JSON Schema's description of
the field quotes the column (`ftplanner.report.schema`). An empty CSV cell (None) means the planner stopped
before it found that value; the reason column says where.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One output column: its name, its unit ("" for text, flags and pure numbers), what it means,
    and the architecture field (dotted path) it reports the outcome of, if any."""

    name: str
    unit: str
    meaning: str
    field: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("name", "",
           "The architecture's `name`.",
           field="name"),
    Column("feasible", "",
           "True when a design meets the failure budget and every constraint."),
    Column("reason", "",
           "Why the design is infeasible and what to change (empty when feasible)."),
    Column("profile", "",
           "Planning profile: `ftplanner` (calibrated error law) or `azure-re` (the Azure Resource Estimator's "
           "model).",
           field="profile"),
    Column("code_family", "",
           "The code (`code.family`): rotated_surface, or a bivariate-bicycle code planned at the instruction level "
           "of IBM's bicycle architecture, gross [[144,12,12]] or two_gross [[288,12,18]].",
           field="code.family"),
    Column("code_distance", "",
           "Surface-code distance d of the data patches: the smallest odd d whose logical failure over the run "
           "fits its share of the budget, raised where the network's failure needs a larger d (empty when no "
           "distance does); for a bicycle code, its fixed distance (12 or 18)."),
    Column("logical_qubits", "qubits",
           "Logical qubits of the workload (`numQubits`).",
           field="workload.logical_counts.numQubits"),
    Column("layout", "",
           "Data-block layout (compact, intermediate or fast; empty for a bicycle code).",
           field="code.layout"),
    Column("layout_tiles", "tiles",
           "Surface-code tiles of the data block: data patches plus routing space (empty for a bicycle code)."),
    Column("code_blocks", "blocks",
           "Bicycle-code blocks of the machine: ceil(numQubits / 11) data blocks (11 data logical qubits and a "
           "pivot each) plus the factory blocks (0 for the surface code)."),
    Column("physical_qubits", "qubits",
           "Physical qubits of the machine: data plus factories (empty when no distance, or no factory, was "
           "found)."),
    Column("physical_qubits_data", "qubits",
           "Physical qubits of the data block: (tiles + workspace_tiles) x qubits per tile at distance d, plus "
           "physical_qubits_storage."),
    Column("physical_qubits_factories", "qubits",
           "Physical qubits of all magic-state factories."),
    Column("modules", "modules",
           "Modules the machine is placed on (empty when it is not placed).",
           field="modules.count"),
    Column("physical_qubits_per_module", "qubits",
           "Physical qubits used on the fullest module."),
    Column("factories", "factories",
           "Magic-state factory copies running in parallel (0 when none is needed or none was sized).",
           field="factories.count"),
    Column("factory_protocol", "",
           "Distillation protocol of the chosen factory (empty without a factory)."),
    Column("factory_output_error", "probability per T state",
           "Error of each T state the chosen factory delivers."),
    Column("factory_outputs", "states per run",
           "States the factories deliver over the run: T states, or CCZ states where CCZ factories are cheaper (one "
           "per Toffoli and one per two other T states, through the catalysed CCZ-to-2T transformation of "
           "Gidney & Fowler 2019); 0 without a factory."),
    Column("t_states", "T states",
           "T states the run consumes: T gates + 4 per CCZ or CCiX + T gates of the synthesised rotations."),
    Column("t_per_rotation", "T states per rotation",
           "T states per synthesised arbitrary rotation: ceil(0.53 log2(R / eps) + 5.3) for R rotations within "
           "the synthesis budget eps (0 without rotations)."),
    Column("logical_depth", "logical operations",
           "Logical operations in sequence, each one Pauli-product rotation or measurement of the data block "
           "(`workload.t_depth` when given).",
           field="workload.t_depth"),
    Column("execution_clock", "",
           "How the computation is clocked: logical_steps (every logical step d code cycles) or reaction_limited "
           "(one decoder reaction per step of the longest dependent chain, Cliffords run beside it; Fowler 2012, "
           "Gidney & Ekera 2019); `execution.clock: auto` keeps the smaller physical qubits x runtime. Bicycle codes: "
           "instruction_schedule (the compiled instructions of every rotation, one rotation after another).",
           field="execution.clock"),
    Column("reaction_depth", "steps",
           "Steps of the longest chain of classically-dependent non-Clifford operations, one decoder reaction each "
           "(`workload.reaction_depth`; default `t_depth`, else every non-Clifford operation in sequence).",
           field="workload.reaction_depth"),
    Column("workspace_tiles", "tiles",
           "Routing tiles beside the data block for the operations in flight under the reaction-limited clock: "
           "parallel chains x ceil(d x cycle / reaction) x 6 (counted in physical_qubits_data; 0 with logical "
           "steps)."),
    Column("storage", "",
           "Where idle logical qubits wait: patches (every logical qubit in the data block), or the cold storage "
           "chosen for them under `code.storage: yoked`: plain patches, yoked-1d or yoked-2d (Gidney, Newman, "
           "Brooks & Jones 2023); blocks for a bicycle code (every logical qubit stays in its code block).",
           field="code.storage"),
    Column("stored_logical_qubits", "qubits",
           "Logical qubits idle in cold storage: numQubits - workload.active_qubits (0 with patches)."),
    Column("storage_distance", "",
           "Patch distance of the cold storage (0 without it)."),
    Column("physical_qubits_storage", "qubits",
           "Physical qubits of the cold storage in whole blocks (counted in physical_qubits_data)."),
    Column("runtime_s", "s",
           "Wall-clock time of one run: the slowest of the four runtime bounds (see binding_constraint; empty "
           "unless distance and runtime settled)."),
    Column("expected_runtime_s", "s",
           "Expected time to a successful run: runtime_s / (workload.success_probability x (1 - "
           "failure_probability)), runs repeating until one succeeds."),
    Column("binding_constraint", "",
           "The bound that sets the runtime: logical_clock (logical steps x d x cycle time), magic_supply, "
           "decoder_reaction (decoder, plus link round trips) or bell_pair_supply (the time the slowest link "
           "needs to produce its pairs)."),
    Column("failure_probability", "probability per run",
           "Probability that the run fails: the sum of the four parts below, a union bound (empty with "
           "runtime_s)."),
    Column("logical_failure", "probability per run",
           "Logical failure of the data block over the run's syndrome rounds (memory of every tile, plus "
           "lattice-surgery merges where calibrated)."),
    Column("magic_failure", "probability per run",
           "Failure from imperfect T states: t_states x factory_output_error."),
    Column("rotation_synthesis_failure", "probability per run",
           "Approximation error of the synthesised rotations: their share of the budget (t_per_rotation is sized "
           "to it)."),
    Column("network_failure", "probability per run",
           "Failure of the seams of remote merges, from the delivered Bell pairs' error, summed over the run's "
           "remote operations (merges, and magic-state deliveries under dedicated_modules; 0 on one module)."),
    Column("network_failure_stderr", "probability per run",
           "1-sigma uncertainty of network_failure from the seam law's fit (shown as ± from the fit): the delta "
           "method over the law's log A, log p_th and log offset with their standard errors and the A-p_th "
           "correlation (the offset independent of both where the calibration gives no correlation for it); the "
           "Bell-pair model is closed form and taken as exact. The budget and the distance read the central "
           "value (0 on one module, or for a law without standard errors)."),
    Column("cross_module_fraction", "fraction of operations",
           "Share of logical operations that cross modules: the circuit's measured cut, the given fraction, or "
           "(M-1)/M for M data modules (0 on one module).",
           field="workload.cross_module_fraction"),
    Column("remote_operations", "operations per run",
           "Logical operations that span modules over the whole run: the crossing share of every Pauli-product "
           "rotation (one per T state) and measurement, plus each magic state carried from a dedicated factory "
           "module; each is one remote lattice-surgery merge. Parallelism does not change it (0 on one module). "
           "Bicycle codes: joint measurements between blocks of different modules through Bell pairs (one per "
           "module boundary a rotation's path crosses)."),
    Column("l_coupler_measurements", "measurements per run",
           "Bicycle codes: joint measurements between blocks of one module over L-couplers, over the whole run "
           "(the GHZ chain of each Pauli-product rotation: blocks spanned - 1, less its remote ones; 0 for the "
           "surface code)."),
    Column("concurrent_remote_merges", "merges",
           "Remote merges in flight at once on the busiest topology link whenever it carries one: "
           "ceil(its merges / logical layers) (0 on one module)."),
    Column("peak_raw_bell_pairs_per_s", "Hz (pairs/s)",
           "Raw Bell pairs per second the busiest topology link must produce while its merges run: concurrent "
           "merges x (2d - 1) pairs per round / cycle time x raw pairs per delivered pair (0 on one module). Auto "
           "link counts meet it; a fixed count below it slows those merges (bound: bell_pair_supply)."),
    Column("pair_storage_s", "s",
           "Mean wait of a Bell pair stored in the link memories (`network.memory`) before a merge uses it; "
           "0 where pairs are used as they arrive (no memory, or storage would not help)."),
    Column("switches", "switches",
           "Entanglement switches of a switched network: one switch, or a tree of them where modules outnumber "
           "`network.switch.ports`, times the copies working side by side (the fewest whose busiest switch's pair "
           "capacity, `network.switch.pairs_per_s`, meets the peak, or `network.switch.count`); 0 for other "
           "topologies or one module.",
           field="network.switch.count"),
    Column("links", "links",
           "Physical links installed, summed over every link of the topology (0 on one module)."),
    Column("links_per_module_pair", "links",
           "Physical links on the most provisioned topology link (a module pair, or a module and the switch; 0 "
           "on one module): with `links_per_module_pair: auto`, the fewest that meet the peak demand.",
           field="network.links_per_module_pair"),
    Column("bell_pairs_per_s_per_link", "Hz (pairs/s)",
           "Raw Bell pairs per second each physical link of the busiest topology link (the one with the highest "
           "peak demand) produces on average over the final runtime, swaps and distillation included (0 on one "
           "module)."),
    Column("raw_bell_pairs_per_s", "Hz (pairs/s)",
           "Raw Bell pairs per second the whole network produces on average over the final runtime: summed over "
           "every topology link (0 on one module)."),
    Column("delivered_fidelity", "",
           "Fidelity of the Bell pairs delivered on the worst route, after swapping and distillation (empty on "
           "one module; 1 where the network was not sized or its pairs cannot be distilled)."),
    Column("distillation_rounds", "rounds",
           "Recurrence distillation rounds applied to the delivered Bell pairs, of `network.distillation_protocol` "
           "(DEJMPS by default, or BBPSSW); 0 without distillation or on one module.",
           field="network.distillation"),
    Column("p_physical", "probability per operation",
           "Physical error rate the error law reads: the smallest two-qubit rate of the noise family whose "
           "scaled rates bound every given rate (azure-re: the largest given rate)."),
    Column("cycle_time_s", "s",
           "Duration of one syndrome-extraction round (code cycle)."),
)

CSV_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS)
_NAMES = frozenset(CSV_COLUMNS)


def in_order(values: dict) -> dict:
    """`values` keyed by exactly the table's columns, in its order (ValueError naming any missing or extra column)."""
    if values.keys() != _NAMES:
        missing, extra = _NAMES - values.keys(), values.keys() - _NAMES
        raise ValueError(f"output columns differ from the table: missing {sorted(missing)}, extra {sorted(extra)}")
    return {name: values[name] for name in CSV_COLUMNS}


def markdown_table() -> str:
    """The table as Markdown (the README's `### Output columns` block)."""
    lines = ["| column | unit | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{column.name}` | {column.unit} | {column.meaning} |" for column in COLUMNS]
    return "\n".join(lines) + "\n"
