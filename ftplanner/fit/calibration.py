"""The calibrated error model the planner reads: fitted logical-error laws with their sources.

Memory (and, once fitted, lattice surgery) follows p_L = A (p / p_th)^((d+1)/2) per round for
a patch of distance d at physical error p. The seam law is the extra logical error per round
that a remote merge picks up from its boundary-crossing link gates:
A_link (p_link / p_th_link)^((d+1)/2). Bulk errors of a remote merge are counted with every
other merge in the logical budget, so the seam law carries only the link's share.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class ErrorLaw:
    """A (x / x_th)^((d+1)/2): logical error per `per` ('round' or 'logical_cycle' = d rounds)."""

    A: float
    threshold: float
    per: str = "round"
    source: str = ""
    A_stderr: float | None = None
    threshold_stderr: float | None = None

    def per_round(self, d, x):
        """Logical error per round at distance d and physical error x (numpy-broadcasting)."""
        d = np.asarray(d, dtype=float)
        value = self.A * np.power(np.asarray(x, dtype=float) / self.threshold, (d + 1.0) / 2.0)
        return value / d if self.per == "logical_cycle" else value

    def log_per_round(self, d, x):
        """Natural log of `per_round`, finite where the value itself would underflow."""
        d = np.asarray(d, dtype=float)
        value = np.log(self.A) + (d + 1.0) / 2.0 * np.log(np.asarray(x, dtype=float) / self.threshold)
        return value - np.log(d) if self.per == "logical_cycle" else value

    def lambda_at(self, x) -> float:
        """Error suppression factor per distance step of 2: p_th / p."""
        return self.threshold / x


AZURE_RE_LAW = ErrorLaw(
    A=0.03,
    threshold=0.01,
    per="logical_cycle",
    source="Azure Resource Estimator default surface code: 0.03 (p/0.01)^((d+1)/2) per logical cycle",
)


@dataclass(frozen=True)
class Calibration:
    """Fitted laws per noise family, the seam law, and where they came from."""

    name: str
    memory: dict[str, ErrorLaw]
    seam: ErrorLaw
    provenance: dict = field(default_factory=dict)
    path: str = "default"

    def memory_law(self, noise_model: str) -> tuple[ErrorLaw, str, str | None]:
        """The memory law for a noise family, the family it was fitted on, and a warning if they differ."""
        if noise_model in self.memory:
            return self.memory[noise_model], noise_model, None
        fallback = "uniform" if "uniform" in self.memory else next(iter(self.memory))
        warning = (
            f"calibration '{self.name}' has no '{noise_model}' fit; using its '{fallback}' fit at "
            f"p = the largest error rate, which upper-bounds the noise (conservative)"
        )
        return self.memory[fallback], fallback, warning

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "path": self.path,
            "memory": {k: asdict(v) for k, v in self.memory.items()},
            "seam": asdict(self.seam),
            "provenance": self.provenance,
        }


def _law(data: dict, where: str) -> ErrorLaw:
    try:
        law = ErrorLaw(**data)
    except TypeError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if not (law.A > 0 and 0 < law.threshold < 1 and law.per in ("round", "logical_cycle")):
        raise ValueError(f"{where}: needs A > 0, 0 < threshold < 1 and per in (round, logical_cycle)")
    return law


def calibration_from_dict(data: dict, path: str) -> Calibration:
    """Build a Calibration from its JSON form, with a clear error naming what is wrong."""
    try:
        memory = {family: _law(law, f"memory.{family}") for family, law in data["memory"].items()}
        seam = _law(data["seam"], "seam")
        if not memory:
            raise ValueError("memory: no fitted family")
        return Calibration(name=data["name"], memory=memory, seam=seam, provenance=data.get("provenance", {}), path=path)
    except KeyError as exc:
        raise ValueError(f"missing field {exc.args[0]}") from None
    except (TypeError, AttributeError) as exc:
        raise ValueError(f"malformed calibration ({exc})") from None


@lru_cache(maxsize=16)
def load_calibration(ref: str = "default") -> Calibration:
    """'default' (shipped in ftplanner/data) or a path to a calibration JSON file."""
    if ref == "default":
        text = resources.files("ftplanner.data").joinpath("calibration_default.json").read_text()
        return calibration_from_dict(json.loads(text), "default")
    text = Path(ref).read_text()
    return calibration_from_dict(json.loads(text), str(ref))
