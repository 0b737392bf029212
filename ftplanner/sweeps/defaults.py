"""The defaults of a sweep's options, apart from numpy and pandas so that the CLI's help shows them cheaply."""

MAX_POINTS = 2_000_000  # default most grid points a sweep plans: its table is ~0.5 kB a point, ~1 GB in all
DEFAULT_OBJECTIVES = ("physical_qubits", "runtime_s")  # what a Pareto frontier minimises unless told
