"""Bounds on a calibration run's options, apart from the sampling machinery so the CLI can show them cheaply."""

MAX_SHOTS = 2_000_000  # default shots per task
MAX_ERRORS = 200  # default errors per task before it stops
MAX_WORKERS = 1024  # most local worker processes
BLOCK_P_FACTORS = (2.0, 3.0, 4.0, 5.0)  # BB blocks: p from 2x to 5x the machine's (rates of 1e-4..1e-2 per shot at 1e-3)
