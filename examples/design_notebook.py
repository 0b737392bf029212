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
import copy
import itertools
from pathlib import Path

import pandas as pd

import ftplanner as ftp
from ftplanner.report import plots
from ftplanner.report.summary import summary_text

ARCHITECTURES = next(p for p in (Path("architectures"), Path("../architectures")) if p.is_dir())
arch = ftp.load(ARCHITECTURES / "networked-trillion-gate.yaml")
plan = ftp.estimate(arch)
print(summary_text(plan))
plan  # in a notebook: the summary and the physical qubits of each module

# %% [markdown]
# ## Sweep link fidelity and module capacity
#
# Each design is the example with two fields changed. `model_dump(exclude_none=True)` keeps
# the fields the planner should still fill in with its defaults.

# %%
FIDELITIES = [0.9, 0.95, 0.98, 0.99, 0.999]
CAPACITIES = [250_000, 500_000, 1_000_000, 2_000_000]

base = arch.model_dump(mode="json", exclude_none=True)
rows = []
for fidelity, capacity in itertools.product(FIDELITIES, CAPACITIES):
    spec = copy.deepcopy(base)
    spec["network"]["link"]["bell_pair_fidelity"] = fidelity
    spec["modules"]["physical_qubits"] = capacity
    design = ftp.estimate(spec)
    rows.append(design.to_frame().assign(link_fidelity=fidelity, module_capacity=capacity))
sweep = pd.concat(rows, ignore_index=True)
sweep[["link_fidelity", "module_capacity", "feasible", "modules", "links", "distillation_rounds",
       "code_distance", "physical_qubits", "runtime_s", "failure_probability"]]

# %% [markdown]
# ## The frontier
#
# Smaller modules are easier to build, fewer links are cheaper: both are minimised. Worse links
# need distillation, which multiplies the raw Bell pairs and so the links per module pair.

# %%
figure = plots.frontier(sweep, x="module_capacity", y="links", colour_by="link_fidelity")
figure

# %% [markdown]
# The designs on the frontier; where several fidelities tie, the lowest is the one to build.

# %%
feasible = sweep[sweep["feasible"]]
frontier = feasible[plots.pareto_mask(feasible["module_capacity"], feasible["links"])]
print(frontier[["link_fidelity", "module_capacity", "modules", "links", "distillation_rounds"]].to_string(index=False))
