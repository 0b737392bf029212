"""Sensitivity of one design: physical qubits and runtime when each input is halved and doubled, ranked.

The effect of an input is the log2 change of the output per doubling of the input, from the two
outermost points that are valid and feasible (x/2 and 2x; else one of them and x itself).

Which inputs: every SWEEPABLE path with a value. A value written in the file is used as is; an
unset error rate, duration, cycle time or reaction time takes the value the planner resolved for
it (from the preset, the noise family or the profile), and `derived` says so; any other unset
field (`auto` counts, unset constraints) and zero values (nothing to halve) are left out. Link
fidelity is scaled through its infidelity 1 - F (doubling F is never valid; `scaled` says
so). A side outside the field's limits, or one that rounds to the same whole number, is skipped and
`note` says why.

All points whose inputs are in the file go to the planner in one batch (1 + 2k points). A derived
input is planned in its own call, so that in every other point it stays derived (pinning cycle
time would hide the effect of the durations, for example).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ftplanner.api import estimate
from ftplanner.architecture import Architecture
from ftplanner.architecture.sweepable import unit
from ftplanner.calibration import Calibration, load_calibration
from ftplanner.errors import InvalidArgument
from ftplanner.plan.batch import SWEEPABLE, plan_rows
from ftplanner.sweeps.paths import check_path, coerce, data_value, with_values
from ftplanner.sweeps.run import as_architecture

FACTOR = 2.0
COMPLEMENT = ("network.link.bell_pair_fidelity",)  # scaled through 1 - value
SIDES = (("low", 1 / FACTOR), ("high", FACTOR))
RESOLVED_SECONDS = {"hardware.cycle_time_ns": ("cycle_time_s", 1e9), "decoder.reaction_time_us": ("reaction_time_s", 1e6)}
COLUMNS = ["input", "unit", "scaled", "derived", "value", "value_low", "value_high",
           "physical_qubits_low", "physical_qubits", "physical_qubits_high",
           "runtime_s_low", "runtime_s", "runtime_s_high",
           "qubits_log2_per_doubling", "runtime_log2_per_doubling", "feasible_low", "feasible_high", "note"]
DTYPES = {"derived": bool, "feasible_low": "boolean", "feasible_high": "boolean",
          **{c: "Int64" for c in COLUMNS if c.startswith("physical_qubits")},
          **{c: float for c in COLUMNS if c.startswith(("value", "runtime_s")) or c.endswith("per_doubling")}}
EFFECTS = {"physical_qubits": "qubits_log2_per_doubling", "runtime_s": "runtime_log2_per_doubling"}


def _resolved(path: str, resolved: dict) -> float | None:
    """The planner's value for an unset error rate, duration, cycle time or reaction time (None otherwise)."""
    section, _, leaf = path.rpartition(".")
    if section in ("hardware.error_rates", "hardware.durations_ns"):
        value = resolved.get(section.split(".")[1], {}).get(leaf)
    elif path in RESOLVED_SECONDS:
        key, per_second = RESOLVED_SECONDS[path]
        value = resolved[key] * per_second if resolved.get(key) is not None else None
    else:
        return None
    return None if value is None else float(f"{value:.12g}")  # 850.0000000000001 ns -> 850


def _value(path: str, data: dict, resolved: dict) -> tuple[Any, bool, str]:
    """(value or None, derived, why None) of an input of the design."""
    value = data_value(data, path)
    derived = value is None
    if derived:
        value = _resolved(path, resolved)
    if value is None or value == "auto":
        return None, derived, "auto: the planner chooses it" if value == "auto" else "not set"
    if (1 - value if path in COMPLEMENT else value) == 0:
        return None, derived, f"{'1 - value' if path in COMPLEMENT else 'value'} is 0: nothing to scale"
    return value, derived, ""


@dataclass(frozen=True)
class _Input:
    """An input of the design, its value and the valid values at x0.5 and x2 (None, with a note, if not)."""

    path: str
    value: Any
    derived: bool
    sides: dict[str, tuple[Any, str]]

    def scaled(self, value):
        return 1 - value if self.path in COMPLEMENT else value


def _side(arch: Architecture, path: str, value, factor: float) -> tuple[Any, str]:
    """The input at `factor` times the base (of 1 - value for COMPLEMENT paths), coerced and validated;
    (None, why) when it is not a valid, different value."""
    target = 1 - (1 - value) * factor if path in COMPLEMENT else value * factor
    new = coerce(path, [target])[0].item()
    label = f"x{factor:g}"
    if new == value:
        return None, f"{label} rounds to {value}"
    try:
        with_values(arch, {path: new})
    except InvalidArgument as exc:  # the field's limits
        return None, f"{label} skipped ({exc.reason})"
    return new, ""


def _plan(arch: Architecture, calibration: Calibration, inputs: list[_Input]) -> dict[tuple[str, str], dict]:
    """Plan row (column -> value) per (path, side), and the design's own row at ("", "base"), in one
    planner call: each input in `inputs` is overridden in every row, with its own value outside its rows."""
    points = [(i.path, side, i.sides[side][0]) for i in inputs for side, _ in SIDES if i.sides[side][0] is not None]
    overrides = {i.path: np.full(1 + len(points), i.value, dtype=np.int64 if isinstance(i.value, int) else float)
                 for i in inputs}
    for row, (path, _, value) in enumerate(points, start=1):
        overrides[path][row] = value
    rows = plan_rows(arch, overrides, calibration)
    keys = [("", "base")] + [(path, side) for path, side, _ in points]
    return {key: {column: values[row] for column, values in rows.items()} for row, key in enumerate(keys)}


def _slope(points: list[tuple[float, Any, bool]]) -> float:
    """log2 change of the output per doubling of the scaled input, from the outermost usable
    (scaled input, output, feasible) points, in order of the input."""
    usable = [(s, float(y)) for s, y, ok in points if ok and y is not None and math.isfinite(float(y)) and float(y) > 0]
    if len(usable) < 2:
        return math.nan
    (s0, y0), (s1, y1) = usable[0], usable[-1]
    return (math.log2(y1) - math.log2(y0)) / (math.log2(s1) - math.log2(s0))


def _row(i: _Input, at: dict[tuple[str, str], dict]) -> dict[str, Any]:
    plans = {"low": at.get((i.path, "low")), "base": at["", "base"], "high": at.get((i.path, "high"))}
    values = {"low": i.sides["low"][0], "base": i.value, "high": i.sides["high"][0]}
    row: dict[str, Any] = {"input": i.path, "unit": unit(i.path), "scaled": "1 - value" if i.path in COMPLEMENT else "value",
                           "derived": i.derived, "value": i.value, "value_low": values["low"], "value_high": values["high"]}
    for output, effect in EFFECTS.items():
        for side, plan in plans.items():
            row[output if side == "base" else f"{output}_{side}"] = plan[output] if plan else None
        row[effect] = _slope([(i.scaled(values[side]), plan[output], bool(plan["feasible"]))
                              for side, plan in plans.items() if plan])
    notes = [why for _, why in i.sides.values() if why]
    for side, factor in SIDES:
        plan = plans[side]
        row[f"feasible_{side}"] = bool(plan["feasible"]) if plan else None
        if plan and not plan["feasible"]:
            notes.append(f"x{factor:g} infeasible: {plan['reason']}")
    row["note"] = "; ".join(notes)
    return row


def sensitivity(architecture: Architecture | str | Path | dict, paths: Iterable[str] | None = None,
                calibration: Calibration | None = None):
    """A ranked table (pandas DataFrame): per input, its value, physical qubits and runtime at x0.5, x1
    and x2, the log2 change of each per doubling, feasibility of each side and notes; largest effect first.

    `paths` defaults to every SWEEPABLE input the design has a nonzero value for; a path given
    explicitly that cannot be scaled raises InvalidArgument (of `paths`).
    """
    import pandas as pd

    arch = as_architecture(architecture)
    calibration = calibration or load_calibration(arch.calibration)
    resolved = estimate(arch, calibration).assumptions.get("resolved", {})
    data = arch.model_dump()
    inputs = []
    for path in dict.fromkeys(paths) if paths is not None else SWEEPABLE:
        check_path(path, "paths")
        value, derived, why = _value(path, data, resolved)
        if value is None:
            if paths is not None:
                raise InvalidArgument("paths", why, subject=path)
            continue
        inputs.append(_Input(path, value, derived, {side: _side(arch, path, value, f) for side, f in SIDES}))
    at = _plan(arch, calibration, [i for i in inputs if not i.derived])
    for i in inputs:
        if i.derived:
            at.update({key: row for key, row in _plan(arch, calibration, [i]).items() if key != ("", "base")})
    frame = pd.DataFrame([_row(i, at) for i in inputs], columns=COLUMNS).astype(DTYPES)
    effect = frame[list(EFFECTS.values())].abs().max(axis=1).fillna(-1.0).to_numpy()
    return frame.iloc[np.argsort(-effect, kind="stable")].reset_index(drop=True)

