"""Design-space sweeps: many designs planned at once, their Pareto frontier, and one design's sensitivity.

    import ftplanner as ftp
    frame = ftp.sweep("architectures/networked-trillion-gate.yaml",
                      {"hardware.error_rates.two_qubit": "1e-4..3e-3:20:log", "modules.physical_qubits": [5e5, 1e6]})
    ftp.pareto_frontier(frame)          # or frame.pareto(); frame.plot_frontier() draws it
    ftp.sensitivity("architectures/networked-trillion-gate.yaml")

pandas and matplotlib are imported when a sweep runs or a figure is drawn, not with the package.
"""

from ftplanner.lazy import lazy_exports

_LAZY = {"pareto_frontier": "ftplanner.sweeps.pareto", "with_values": "ftplanner.sweeps.paths",
         "plot_frontier": "ftplanner.sweeps.plot", "sweep": "ftplanner.sweeps.run",
         "sensitivity": "ftplanner.sweeps.sensitivity"}  # imported on first use: the CLI's start needs none of them

__all__ = sorted(_LAZY)


__getattr__ = lazy_exports("ftplanner.sweeps", _LAZY, globals())
