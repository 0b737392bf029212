"""Calibration runs: the tasks an architecture needs, sampling into a resumable store, progress.

`calibrate` (`ftplanner.calibrate`) samples an architecture's experiments and fits them into a
Calibration; `fit_stores` fits whatever some stores hold. `sample` runs tasks on local
processes, `sample_on_dask` on a Dask cluster, both into the same store. The command-line verbs
(`calibrate`, `fit`) wrap these from `ftplanner.cli.calibrate` and `ftplanner.cli.fit`.
"""

from ftplanner.sampling.cluster import sample_on_dask
from ftplanner.sampling.local import sample
from ftplanner.sampling.run import calibrate, fit_stores

__all__ = ["calibrate", "fit_stores", "sample", "sample_on_dask"]
