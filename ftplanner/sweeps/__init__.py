"""Design-space sweeps: many designs planned at once, their Pareto frontier, and one design's sensitivity.

    import ftplanner as ftp
    frame = ftp.sweep("architectures/networked-trillion-gate.yaml",
                      {"hardware.error_rates.two_qubit": "1e-4..3e-3:20:log", "modules.physical_qubits": [5e5, 1e6]})
    ftp.pareto_frontier(frame)          # or frame.pareto(); frame.plot_frontier() draws it
    ftp.sensitivity("architectures/networked-trillion-gate.yaml")

pandas and matplotlib are imported when a sweep runs or a figure is drawn, not with the package.
"""

from ftplanner.sweeps.pareto import pareto_frontier
from ftplanner.sweeps.paths import with_values
from ftplanner.sweeps.plot import plot_frontier
from ftplanner.sweeps.run import sweep
from ftplanner.sweeps.sensitivity import sensitivity

__all__ = ["pareto_frontier", "plot_frontier", "sensitivity", "sweep", "with_values"]
