# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Designing a networked machine with ftplanner
#
# How good must the links between modules be, and how large the modules, for a trillion-gate
# run? We plan the example architecture once, then sweep the Bell-pair fidelity of the links
# and the physical-qubit capacity of each module, and look at the designs no other design
# beats on both module size and number of links (the Pareto frontier).
#
# Open this file as a notebook with jupytext, or run it as a script from the repository root.

# %%
from pathlib import Path

import ftplanner as ftp
from ftplanner.report.summary import summary_text

ARCHITECTURES = next(p for p in (Path("architectures"), Path("../architectures")) if p.is_dir())
arch = ftp.load(ARCHITECTURES / "networked-trillion-gate.yaml")
plan = ftp.estimate(arch)
print(summary_text(plan))
plan  # in a notebook: the summary and the physical qubits of each module

# %% [markdown]
# ## Sweep link fidelity and module capacity
#
# `ftp.sweep` plans every combination at once (the same planner as `estimate`, on arrays) and
# returns one row per design; a range `A..B:N` or `A..B:N:log` works as well as a list.

# %%
FIDELITIES = [0.9, 0.95, 0.98, 0.99, 0.999]
CAPACITIES = [250_000, 500_000, 1_000_000, 2_000_000]

sweep = ftp.sweep(arch, {"network.link.bell_pair_fidelity": FIDELITIES, "modules.physical_qubits": CAPACITIES})
sweep[["network.link.bell_pair_fidelity", "modules.physical_qubits", "feasible", "modules", "links",
       "distillation_rounds", "code_distance", "physical_qubits", "runtime_s", "failure_probability"]]

# %% [markdown]
# ## The frontier
#
# Smaller modules are easier to build, fewer links are cheaper: both are minimised. Worse links
# need distillation, which multiplies the raw Bell pairs and so the links per module pair.

# %%
figure = sweep.plot_frontier(x="modules.physical_qubits", y="links", colour_by="network.link.bell_pair_fidelity")
figure

# %% [markdown]
# The designs on the frontier; where several fidelities tie, the lowest is the one to build.

# %%
frontier = sweep.pareto(["modules.physical_qubits", "links"])
print(frontier[["network.link.bell_pair_fidelity", "modules.physical_qubits", "modules", "links",
                "distillation_rounds"]].to_string(index=False))

# %% [markdown]
# ## Which input matters most
#
# Each input halved and doubled around the example: the change in physical qubits and runtime
# per doubling (log2), largest first.

# %%
ranked = ftp.sensitivity(arch)
ranked[["input", "value", "qubits_log2_per_doubling", "runtime_log2_per_doubling", "note"]].head(8)
