"""The error laws the planner uses for one architecture, as functions of d to evaluate in a notebook.

`error_laws(arch, calibration)` takes exactly what `ftplanner.plan.resolve.resolve` gives the
planner (the laws, p, the two-qubit rate, the bases a patch protects) and re-derives nothing;
`ErrorLaws.memory` and `.surgery` are the per-round numbers that enter the planner's logical
failure (`ftplanner.physics.distance.log_logical_failure`):

    logical failure = tiles x rounds x memory(d) + logical steps x d x surgery(d)

with rounds = max(logical steps x d, rounds forced by slower bounds). `.seam` is the per-round
failure the network share charges each remote merge for its link gates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.values import Values
from ftplanner.calibration import Calibration
from ftplanner.errors import InvalidArgument
from ftplanner.physics.distance import log_merge_extra
from ftplanner.physics.error_law import ErrorLaw
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.plan.resolve import resolve, single_machine

_FIT_FIELDS = ("A", "A_stderr", "threshold", "threshold_stderr", "correlation", "offset", "offset_stderr",
               "offset_correlation_A", "offset_correlation_threshold", "at_p")


def _out(value):
    """A float for scalar input, else the array."""
    value = np.asarray(value, dtype=float)
    return float(value) if value.ndim == 0 else value


def _distance(d) -> np.ndarray:
    d = np.asarray(d, dtype=float)
    if not np.all(np.isfinite(d) & (d >= 1)):
        raise InvalidArgument("d", f"code distances must be finite and >= 1, got {d.tolist()!r}")
    return d


def _family_of(law: ErrorLaw, laws: dict[str, ErrorLaw], fallback: str) -> str:
    """The calibration family `law` came from (looked up by identity; labels only)."""
    return next((family for family, candidate in laws.items() if candidate is law), fallback)


def _plus_minus(value: float, stderr: float | None) -> str:
    return f"{value:.4g}" if stderr is None else f"{value:.4g} ± {stderr:.2g}"


@dataclass(frozen=True)
class ErrorLaws:
    """The memory, surgery and seam laws the planner uses for one architecture (its one design point).

    Conventions (those of `ftplanner.physics.distance`, which the planner's failure is computed by):

    - `memory(d, p)`: logical error per syndrome round of one patch (tile) at distance d, all the
      logical bases it protects: `bases_per_patch` (2 under profile ftplanner, X and Z; 1 under
      azure-re, whose law is per qubit) x the calibrated per-basis law. Under azure-re the law is
      per logical cycle of d rounds, so this is 0.03 (p/0.01)^((d+1)/2) / d.
    - `surgery(d, p)`: what a lattice-surgery merge adds beyond idle memory, per round of the d
      rounds it lasts: (3 d S(d, p) - 8 d L(d, p))^+ / d, S the calibrated surgery law (its whole
      experiment, 3d rounds) and L the per-basis memory law (two patches idle in both bases for
      2d rounds). The planner charges it once per logical step: steps x d x surgery(d).

    So the planner's logical failure is tiles x rounds x memory(d) + steps x d x surgery(d).

    - `seam(d, p_link)`: the extra per merged round of a remote merge whose boundary-crossing gates
      have two-qubit error p_link, as the planner evaluates it: the calibrated seam law (fitted at
      bulk p = `seam_at_p`) over this architecture's bulk p, its offset scaled with p and zero at
      p_link = p (`ErrorLaw.seam_per_round`). `seam_at_fidelity(d, F)` feeds it
      p_link_from_fidelity(F, p_two_qubit).

    Each takes numpy arrays (broadcast together) and returns an array, or a float for scalars;
    p defaults to the architecture's `p_physical`.
    """

    name: str
    profile: str
    family: str  # the memory law's noise family ("azure-re" under that profile)
    p_physical: float  # the laws' x axis for this hardware
    p_two_qubit: float  # the bulk two-qubit rate link noise composes with
    cycle_time_s: float
    bases_per_patch: int
    memory_law: ErrorLaw  # per logical basis, as calibrated
    surgery_law: ErrorLaw | None  # None: merges cost what idle memory costs
    seam_law: ErrorLaw
    surgery_family: str | None = None
    seam_family: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def has_surgery(self) -> bool:
        """Whether the planner charges merges beyond idle memory (a calibrated surgery law, profile ftplanner)."""
        return self.surgery_law is not None

    @property
    def seam_at_p(self) -> float | None:
        """The bulk physical error rate the seam law was calibrated at (where it is zero)."""
        return self.seam_law.at_p

    def _p(self, p):
        return self.p_physical if p is None else np.asarray(p, dtype=float)

    def memory(self, d, p=None):
        """Logical error per round of one patch, every basis it protects, at distance d (and p)."""
        return _out(self.bases_per_patch * self.memory_law.per_round(_distance(d), self._p(p)))

    def surgery(self, d, p=None):
        """Per-round failure a merge adds beyond idle memory, over its d rounds (charged once per logical step)."""
        if self.surgery_law is None:
            why = ("profile azure-re has no surgery law: its merges cost what idle memory costs"
                   if self.profile == "azure-re" else
                   "the calibration has no surgery fit: the planner charges merges as idle memory")
            raise InvalidArgument("surgery", why)
        d = _distance(d)
        return _out(np.exp(log_merge_extra(self.surgery_law, self.memory_law, d, self._p(p))) / d)

    def seam(self, d, p_link):
        """Extra logical error per merged round of a remote merge whose link gates have error p_link."""
        with np.errstate(invalid="ignore"):
            return _out(self.seam_law.seam_per_round(_distance(d), np.asarray(p_link, dtype=float), self.p_physical))

    def seam_at_fidelity(self, d, bell_pair_fidelity):
        """`seam` with link gates fed by Bell pairs of fidelity F (composed with the bulk two-qubit error)."""
        return self.seam(d, p_link_from_fidelity(bell_pair_fidelity, self.p_two_qubit))

    @property
    def sources(self) -> dict:
        """Per law: its source string, family, A and threshold, with standard errors where the fit has them."""
        def describe(law: ErrorLaw | None, family: str | None) -> dict | None:
            if law is None:
                return None
            fit = {key: getattr(law, key) for key in _FIT_FIELDS if getattr(law, key) is not None}
            if not fit.get("offset"):
                fit.pop("offset", None)
            return {"family": family, "source": law.source, "per": law.per, **fit}

        return {"memory": {**describe(self.memory_law, self.family), "bases_per_patch": self.bases_per_patch},
                "surgery": describe(self.surgery_law, self.surgery_family),
                "seam": describe(self.seam_law, self.seam_family)}

    def __repr__(self) -> str:
        def line(kind: str, law: ErrorLaw | None, family: str | None, note: str) -> str:
            if law is None:
                return f"  {kind:<8} none: {note}"
            return (f"  {kind:<8} {family:<9} A = {_plus_minus(law.A, law.A_stderr):<17} "
                    f"p_th = {_plus_minus(law.threshold, law.threshold_stderr):<19} {note}")

        if self.memory_law.per == "logical_cycle":
            memory_note = "per logical cycle of d rounds: memory(d) = law / d"
        else:
            memory_note = f"per round per basis: memory(d) = {self.bases_per_patch} x law"
        if self.surgery_law is not None:
            surgery_note = "whole experiment, per round: surgery(d) = 3 x law - 8 x memory law"
        elif self.profile == "azure-re":
            surgery_note = "merges cost what idle memory costs (azure-re)"
        else:
            surgery_note = "merges cost what idle memory costs (the calibration has no surgery fit)"
        seam = self.seam_law
        seam_note = (f"per merged round, fitted at p = {seam.at_p:g} with u = {seam.offset:.3g} (u scales with p), zero "
                     f"at p_link = p" if seam.at_p is not None else "per merged round")
        header = (f"ErrorLaws {self.name!r}: profile {self.profile}, family {self.family}, p = {self.p_physical:.4g}, "
                  f"two-qubit {self.p_two_qubit:.4g}, cycle {self.cycle_time_s * 1e9:.4g} ns")
        return "\n".join([header, line("memory", self.memory_law, self.family, memory_note),
                          line("surgery", self.surgery_law, self.surgery_family, surgery_note),
                          line("seam", seam, self.seam_family, seam_note)])


def error_laws(arch: Architecture, calibration: Calibration) -> ErrorLaws:
    """The laws the planner resolves for `arch` under `calibration` (its first design point)."""
    machine = single_machine(resolve(Values(arch), calibration))
    surgery_family = None if machine.surgery_law is None else _family_of(machine.surgery_law, calibration.surgery,
                                                                         machine.law_family)
    seam_family = _family_of(machine.seam_law, calibration.seam_by_family,
                             machine.law_family if machine.profile != "azure-re" else "any")
    return ErrorLaws(name=arch.name, profile=machine.profile, family=machine.law_family, p_physical=machine.p_physical,
                     p_two_qubit=machine.error_rates["two_qubit"], cycle_time_s=machine.cycle_time_s,
                     bases_per_patch=machine.bases_per_patch, memory_law=machine.law, surgery_law=machine.surgery_law,
                     seam_law=machine.seam_law, surgery_family=surgery_family, seam_family=seam_family,
                     warnings=machine.warnings)
