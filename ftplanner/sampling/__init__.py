"""Calibration runs: the tasks an architecture needs, sampling into a resumable store, progress.

CLI verbs (`calibrate`, `fit`) live in `ftplanner.cli.calibrate` (registered on the main app).
`sample` runs on local processes, `sample_on_dask` on a Dask cluster, both into the same store.
"""

from ftplanner.sampling.cluster import sample_on_dask
from ftplanner.sampling.local import sample

__all__ = ["sample", "sample_on_dask"]
