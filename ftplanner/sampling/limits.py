"""Bounds on a calibration run's options, apart from the sampling machinery so the CLI can show them cheaply."""

MAX_SHOTS = 2_000_000  # default shots per task
MAX_ERRORS = 200  # default errors per task before it stops
MAX_WORKERS = 1024  # most local worker processes
