"""The Azure Quantum Resource Estimator's T-factory design, re-derived for the `azure-re` profile.

This module reproduces how Microsoft's open-source Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp) chooses a T factory for
the default gate-based ``surface_code``. It is our own implementation of the model described
in the estimator's source (``system/modeling/tfactory.rs``, ``estimates/factory``,
``system/optimization/tfactory_exhaustive.rs``, ``distillation_units_map.rs``,
``code_distance_iterators.rs`` and ``estimates/physical_estimation``); nothing is copied.

Modules, bottom up:

* model: the distillation units, AzureRound and AzureTFactory (the estimator's model of a factory).
* unit_counts: units per round, from exact binomial quantiles.
* design_space: every admissible design of one qubit, costed once with numpy.
* search: the estimator's own pruned search, and the exhaustive optimum of the same model.
* tfactory: azure_tfactory, azure_tfactory_detail, azure_preset_tfactory_kwargs.

Validation. Both modes give the estimator's factory on every row of the reference table.
Against qsharp 1.31 itself (random logical counts, budgets, preset and custom gate-based
qubits; ~1300 estimates) the estimator mode matched every factory (units, distances, unit
counts, qubits, runtime, output error; number of factories except where the estimator's
runtime overflowed, see below); the exhaustive mode differs from
it in about one case in 1000-1500, and in all 14 such cases we ran, the estimator returned
exactly the estimator-mode design. Known limits: above 1000 units in a round the estimator's
binomial quantile switches to approximations (we stay exact); exact ties between designs are
broken by our enumeration order, which may not be the estimator's insertion order; when
depth × logical cycle overflows 64 bits the estimator's reported runtime wraps around (its
factory count then uses floating point) while `azure_factory_count` uses exact integers.

Costs. Per qubit (error rates, times, maximum distance) the designs are built once (~1-5 ms);
each further target costs ~0.1-1 ms in estimator mode and ~0.04 ms in exhaustive mode;
repeated calls hit an LRU cache (a few µs).
"""

from __future__ import annotations

from ftplanner.physics.azure_factory.model import SOURCE, AzureRound, AzureTFactory
from ftplanner.physics.azure_factory.tfactory import (
    azure_preset_tfactory_kwargs,
    azure_tfactory,
    azure_tfactory_detail,
)

__all__ = [
    "SOURCE",
    "AzureRound",
    "AzureTFactory",
    "azure_preset_tfactory_kwargs",
    "azure_tfactory",
    "azure_tfactory_detail",
]
