"""Calibration runs: the tasks an architecture needs, sampling into a resumable store, progress.

`calibrate` (`ftplanner.calibrate`) samples an architecture's experiments and fits them into a
Calibration; `fit_stores` fits whatever some stores hold. `sample` runs tasks on local
processes, `sample_on_dask` on a Dask cluster, both into the same store. The command-line verbs
(`calibrate`, `fit`) wrap these from `ftplanner.cli.calibrate` and `ftplanner.cli.fit`.
"""

from ftplanner.lazy import lazy_exports

# imported on first use: sinter, stim and pandas load with a run, not with `ftplanner.sampling.tasks`
_LAZY = {"calibrate": "ftplanner.sampling.run", "fit_stores": "ftplanner.sampling.run",
         "sample": "ftplanner.sampling.local", "sample_on_dask": "ftplanner.sampling.cluster"}


__getattr__ = lazy_exports("ftplanner.sampling", _LAZY, globals())

__all__ = ["calibrate", "fit_stores", "sample", "sample_on_dask"]
