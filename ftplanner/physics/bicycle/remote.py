"""A joint measurement between blocks of two modules, through optical Bell pairs instead of an L-coupler.

Inside a module an inter-block joint measurement couples the two blocks' LPUs through a bridge
of physical couplers (Cross et al., arXiv:2407.18393; Yoder et al., arXiv:2506.03094). Between
modules those couplers become gates teleported through Bell pairs. Our law, stated as such:

* crossing gates per syndrome round = d, the weight of the measured logical operators whose
  bridge crosses (12 for gross, 18 for two-gross; the surface-code seam's ~d crossing checks);
* rounds = the joint measurement's duration in syndrome cycles (120 / 8 = 15 for gross, 216 / 8 =
  27 for two-gross), so one remote joint measurement consumes d x rounds Bell pairs;
* error: the in-module instruction's error (the bulk, counted with the other instructions), plus
  the link's extra: rounds x the calibrated seam law's extra per round at the code's distance, at
  the crossing gates' error p_link (`ftplanner.physics.link_noise`: Werner pairs of fidelity F
  composed with the local two-qubit error). The surface-code seam stands in for the BB bridge
  until a BB seam is simulated; like it, the extra grows as (p_link / p_th)^((d+1)/2).
"""

from __future__ import annotations

import numpy as np

from ftplanner.physics.bicycle.codes import STEPS_PER_CYCLE
from ftplanner.physics.error_law import ErrorLaw


def crossing_gates_per_round(d) -> np.ndarray:
    """Bell pairs one syndrome round of a remote joint measurement consumes."""
    return np.asarray(d, dtype=float)


def pairs_per_remote_measurement(d, joint_steps) -> np.ndarray:
    """Bell pairs one remote joint measurement consumes: crossing gates per round x its rounds."""
    return crossing_gates_per_round(d) * np.asarray(joint_steps, dtype=float) / STEPS_PER_CYCLE


def remote_link_error(seam_law: ErrorLaw, d, p_link, bulk_p, joint_steps) -> np.ndarray:
    """The link's extra error of one remote joint measurement over its rounds (0 when p_link <= bulk_p)."""
    rounds = np.asarray(joint_steps, dtype=float) / STEPS_PER_CYCLE
    return np.minimum(1.0, rounds * seam_law.seam_per_round(d, p_link, bulk_p))
