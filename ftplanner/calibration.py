"""The calibrated error model the planner reads: fitted logical-error laws with their sources.

Memory and lattice surgery follow p_L = A (p / p_th)^((d+1)/2) per round at distance d and
physical error p (memory: one logical of one patch; surgery: the whole parity-measurement
experiment, see `ftplanner.fit.fitting`). The seam law is the extra logical error per merged
round that a remote merge picks up from its boundary-crossing link gates, a function of d and
p_link fitted at one bulk p (`ErrorLaw.at_p`; its form in `ErrorLaw` and `ftplanner.fit.seam`).
Bulk errors of a remote merge are counted with every other merge in the logical budget, so the
seam law carries only the link's share. Each section is keyed by noise family; files with a single
seam law and no surgery section (the first format) still load.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ftplanner.inputs import read_input_bytes
from ftplanner.physics.block_memory_law import BlockMemoryLaw
from ftplanner.physics.error_law import ErrorLaw

_NUMBERS = tuple(f.name for f in fields(ErrorLaw) if "float" in str(f.type))


@dataclass(frozen=True)
class Calibration:
    """Fitted laws per noise family (memory, surgery, seam), and where they came from.

    `seam` is the seam law of the first family (uniform when present), kept for readers of a
    single seam law; `seam_by_family` holds every family's. `surgery` may be empty (old files).
    `blocks` holds qLDPC block-memory laws keyed by code family ('gross', 'two_gross'), if fitted.
    """

    name: str
    memory: dict[str, ErrorLaw]
    seam: ErrorLaw
    provenance: dict = field(default_factory=dict)
    path: str = "default"
    surgery: dict[str, ErrorLaw] = field(default_factory=dict)
    seam_by_family: dict[str, ErrorLaw] = field(default_factory=dict)
    blocks: dict[str, BlockMemoryLaw] = field(default_factory=dict)

    def memory_law(self, noise_model: str) -> tuple[ErrorLaw, str, str | None]:
        """The memory law for a noise family, the family it was fitted on, and a warning if they differ."""
        return _pick(self.name, "memory", self.memory, noise_model)

    def surgery_law(self, noise_model: str) -> tuple[ErrorLaw | None, str | None, str | None]:
        """The lattice-surgery law like `memory_law`; (None, None, warning) when the file has none."""
        if not self.surgery:
            return None, None, f"calibration '{self.name}' has no surgery fit"
        return _pick(self.name, "surgery", self.surgery, noise_model)

    def seam_law(self, noise_model: str) -> tuple[ErrorLaw, str, str | None]:
        """The seam law like `memory_law`; a single-law file serves every family."""
        if not self.seam_by_family:
            return self.seam, noise_model, None
        return _pick(self.name, "seam", self.seam_by_family, noise_model)

    def block_law(self, code_family: str) -> BlockMemoryLaw | None:
        """The fitted block-memory law of a qLDPC code family, or None (the planner then uses its table)."""
        return self.blocks.get(code_family)

    def to_dict(self) -> dict:
        seam = {k: asdict(v) for k, v in self.seam_by_family.items()} if self.seam_by_family else asdict(self.seam)
        return {
            "name": self.name,
            "path": self.path,
            "memory": {k: asdict(v) for k, v in self.memory.items()},
            "surgery": {k: asdict(v) for k, v in self.surgery.items()},
            "seam": seam,
            **({"blocks": {k: asdict(v) for k, v in self.blocks.items()}} if self.blocks else {}),
            "provenance": self.provenance,
        }


def _pick(name: str, kind: str, laws: dict[str, ErrorLaw], noise_model: str) -> tuple[ErrorLaw, str, str | None]:
    if noise_model in laws:
        return laws[noise_model], noise_model, None
    fallback = "uniform" if "uniform" in laws else next(iter(laws))
    what = "" if kind == "memory" else f" {kind}"
    warning = (
        f"calibration '{name}' has no '{noise_model}'{what} fit; using its '{fallback}' fit at "
        f"p = the largest error rate, which upper-bounds the noise (conservative)"
    )
    return laws[fallback], fallback, warning


def _law(data: dict, where: str) -> ErrorLaw:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object of fit parameters (A, threshold, ...), got {_kind(data)}")
    for name in _NUMBERS:
        value = data.get(name)
        if value is None and name not in ("A", "threshold"):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"{where}.{name}: expected a finite number, got {json.dumps(value)}")
    try:
        law = ErrorLaw(**data)
    except TypeError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if not (law.A > 0 and 0 < law.threshold < 1 and law.per in ("round", "logical_cycle")):
        raise ValueError(f"{where}: needs A > 0, 0 < threshold < 1 and per in (round, logical_cycle)")
    return law


def _kind(value) -> str:
    """What a JSON value is, for messages: 'a list', 'a string', 'null'."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _block_laws(data: dict) -> dict[str, BlockMemoryLaw]:
    blocks = data.get("blocks", {})
    if not isinstance(blocks, dict):
        raise ValueError(f"blocks: expected an object keyed by code family, got {_kind(blocks)}")
    laws = {}
    for family, law in blocks.items():
        where = f"blocks.{family}"
        if not isinstance(law, dict):
            raise ValueError(f"{where}: expected an object (A, p_ref, exponent), got {_kind(law)}")
        for name in ("A", "p_ref", "exponent"):
            value = law.get(name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise ValueError(f"{where}.{name}: expected a positive finite number, got {json.dumps(value)}")
        try:
            laws[family] = BlockMemoryLaw(**law)
        except TypeError as exc:
            raise ValueError(f"{where}: {exc}") from None
    return laws


def _laws(data: dict, section: str) -> dict[str, ErrorLaw]:
    if not isinstance(data.get(section, {}), dict):
        raise ValueError(f"{section}: expected an object keyed by noise family, got {_kind(data[section])}")
    return {family: _law(law, f"{section}.{family}") for family, law in data.get(section, {}).items()}


def calibration_from_dict(data: dict, path: str) -> Calibration:
    """Build a Calibration from its JSON form, with a clear error naming what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object (name, memory, seam, ...), got {_kind(data)}")
    for key, kind in (("name", str), ("provenance", dict)):
        if key in data and not isinstance(data[key], kind):
            raise ValueError(f"{key}: expected {_kind(kind())}, got {_kind(data[key])}")
    try:
        memory = _laws(data, "memory")
        if not memory:
            raise ValueError("memory: no fitted family")
        if "A" in data["seam"]:
            seam, seam_by_family = _law(data["seam"], "seam"), {}
        else:
            seam_by_family = _laws(data, "seam")
            if not seam_by_family:
                raise ValueError("seam: no fitted family")
            seam = seam_by_family["uniform" if "uniform" in seam_by_family else next(iter(seam_by_family))]
        return Calibration(name=data["name"], memory=memory, seam=seam, provenance=data.get("provenance", {}),
                           path=path, surgery=_laws(data, "surgery"), seam_by_family=seam_by_family,
                           blocks=_block_laws(data))
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
    raw = read_input_bytes(Path(ref))
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply to be a calibration file") from None
    return calibration_from_dict(data, str(ref))
