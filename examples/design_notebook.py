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
# Run it as a script from the repository root (`python examples/design_notebook.py`: it prints
# every table), or open it as a notebook: `pip install -e '.[notebook]'`, then
# `jupytext --to ipynb examples/design_notebook.py` (or open the .py in Jupyter with jupytext).
# Either way the figures are saved as PNG files in `$FTPLANNER_FIGURES` (default: `figures/`).

# %%
# %matplotlib inline
import os
from pathlib import Path

import ftplanner as ftp
from ftplanner.report.summary import summary_text

try:
    from IPython import get_ipython
except ImportError:  # IPython is not installed: this is a script
    def get_ipython():
        return None

NOTEBOOK = get_ipython() is not None
if NOTEBOOK:  # tables render as HTML, figures inline
    from IPython.display import display
else:  # a script: tables printed whole

    def display(table):
        print(table.to_string(index=False))


ARCHITECTURES = next(p for p in (Path("architectures"), Path("../architectures")) if p.is_dir())
FIGURES = Path(os.environ.get("FTPLANNER_FIGURES", "figures"))
FIGURES.mkdir(parents=True, exist_ok=True)

arch = ftp.load(ARCHITECTURES / "networked-trillion-gate.yaml")
plan = ftp.estimate(arch)
print(summary_text(plan))
if NOTEBOOK:
    display(plan)  # the summary and the physical qubits of each module

# %% [markdown]
# ## Sweep link fidelity and module capacity
#
# `ftp.sweep` plans every combination at once (the same planner as `estimate`, on arrays) and
# returns one row per design; a range `A..B:N` or `A..B:N:log` works as well as a list.

# %%
FIDELITIES = [0.9, 0.95, 0.98, 0.99, 0.999]
CAPACITIES = [250_000, 500_000, 1_000_000, 2_000_000]

sweep = ftp.sweep(arch, {"network.link.bell_pair_fidelity": FIDELITIES, "modules.physical_qubits": CAPACITIES})
display(sweep[["network.link.bell_pair_fidelity", "modules.physical_qubits", "feasible", "modules", "links",
               "distillation_rounds", "code_distance", "physical_qubits", "runtime_s", "failure_probability"]])

# %% [markdown]
# ## The frontier
#
# Smaller modules are easier to build, fewer links are cheaper: both are minimised. Worse links
# need distillation, which multiplies the raw Bell pairs and so the links per module pair.

# %%
figure = sweep.plot_frontier(x="modules.physical_qubits", y="links", colour_by="network.link.bell_pair_fidelity")
figure.savefig(FIGURES / "frontier.png", dpi=120)
print(f"saved {FIGURES / 'frontier.png'}")
if NOTEBOOK:
    display(figure)

# %% [markdown]
# The designs on the frontier. Designs that tie on both objectives (fidelities that end up with the
# same links) are one point: the frontier keeps the one with the fewest physical qubits, then the
# shortest runtime, and `tied_designs` counts how many designs share its point.

# %%
frontier = sweep.pareto(["modules.physical_qubits", "links"])
display(frontier[["network.link.bell_pair_fidelity", "modules.physical_qubits", "modules", "links",
                  "distillation_rounds", "tied_designs"]])

# %% [markdown]
# ## Which input matters most
#
# Each input halved and doubled around the example: the change in physical qubits and runtime
# per doubling (log2), largest first.

# %%
ranked = ftp.sensitivity(arch)
display(ranked[["input", "value", "qubits_log2_per_doubling", "runtime_log2_per_doubling", "note"]].head(8))
