"""Calibration runs: the tasks an architecture needs, sampling into a resumable store, progress.

CLI verbs (`calibrate`, `fit`) live in `ftplanner.calibrate.commands` (registered on the main app).
"""
