"""Sweepable fields by dotted path: checking the path, its type and unit, and validating values with pydantic.

A value is validated by putting it into the architecture and validating the model of its top-level
section (the whole model for the sections the Architecture's own validator reads), so a sweep
refuses exactly what an architecture file would (e.g. error rates above 0.5), with pydantic's
message on one line. Errors are `InvalidArgument`s naming the argument that gave
the path or value (`vary` for a sweep, `paths` for a sensitivity, `values` for `with_values`).
"""

from __future__ import annotations

import difflib
import itertools
import types
import typing
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.sweepable import SWEEPABLE
from ftplanner.errors import InvalidArgument

WHERE_LISTED = "ftplanner.plan.batch.SWEEPABLE or the README's list of sweepable fields"


def _classes(annotation) -> list:
    """The classes an annotation admits, through Optional, Union and Annotated (Literals, e.g. 'auto', left out)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _classes(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(annotation) for c in _classes(arg)]
    if origin is typing.Literal or annotation is type(None):
        return []
    return [annotation]


def _field(path: str):
    model: type[BaseModel] = Architecture
    *parents, leaf = path.split(".")
    for key in parents:
        model = next(c for c in _classes(model.model_fields[key].annotation) if issubclass(c, BaseModel))
    return model.model_fields[leaf]


def is_int(path: str) -> bool:
    """True for whole-number fields (counts, capacities, distances); their values are rounded."""
    return int in _classes(_field(path).annotation)


MAX_WHOLE = 2.0**63  # int64: whole-number fields beyond it would wrap around


def check_path(path: str, argument: str = "vary") -> None:
    """Refuse a path that is not in SWEEPABLE, suggesting the closest ones."""
    if path in SWEEPABLE:
        return
    leaf = path.rsplit(".", 1)[-1]
    close = difflib.get_close_matches(path, SWEEPABLE, n=3, cutoff=0.6) or [p for p in SWEEPABLE if p.endswith("." + leaf)][:3]
    hint = f" did you mean {' or '.join(close)}?" if close else ""
    raise InvalidArgument(argument, f"not a sweepable field;{hint}", subject=path, see=WHERE_LISTED)


def coerce(path: str, values, argument: str = "vary") -> np.ndarray:
    """`values` as a 1-D array of the field's type, duplicates removed (first kept); ints round half up."""
    try:
        array = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError):
        raise InvalidArgument(argument, f"expected numbers, got {values!r}", subject=path) from None
    if array.size == 0:
        raise InvalidArgument(argument, "give at least one value", subject=path)
    bad = array[~np.isfinite(array)]
    if bad.size:
        raise InvalidArgument(argument, "not a finite number", subject=f"{path}={bad[0]}")
    if is_int(path):
        huge = array[np.abs(array) >= MAX_WHOLE]
        if huge.size:
            raise InvalidArgument(argument, f"beyond {MAX_WHOLE:.2g}, the largest whole number a count can hold",
                                  subject=f"{path}={huge[0]:g}")
        array = np.floor(array + 0.5).astype(np.int64)
    _, first = np.unique(array, return_index=True)
    return array[np.sort(first)]


def _set(data: dict, path: str, value) -> Any:
    """Put `value` at `path` in a model_dump() dict; returns what was there."""
    *parents, leaf = path.split(".")
    for key in parents:
        data = data[key]
    old, data[leaf] = data[leaf], value.item() if isinstance(value, np.generic) else value
    return old


def _describe(values: dict) -> str:
    return " with ".join(f"{path}={value:g}" if isinstance(value, float) else f"{path}={value}"
                         for path, value in values.items())


def data_value(data: dict, path: str) -> Any:
    """The value at a dotted path of a model_dump() dict (None where a section is unset)."""
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _check_sections(data: dict, paths, argument: str) -> None:
    """InvalidArgument if a path's section is one the file leaves out (network.memory)."""
    for path in paths:
        parent = path.rsplit(".", 1)[0]
        if data_value(data, parent) is None:
            raise InvalidArgument(argument, f"the architecture has no {parent} section: write it in the file "
                                            f"(with its other fields) to vary its fields", subject=path)


def _refused(exc: ValidationError, values: dict, argument: str) -> InvalidArgument:
    """pydantic's refusal of `values` as one line."""
    errors = exc.errors()  # for `auto`-or-number fields, the number's error rather than "should be 'auto'"
    error = next((e for e in errors if e["type"] != "literal_error"), errors[0])
    return InvalidArgument(argument, error["msg"].removeprefix("Value error, "), subject=_describe(values))


def _validated(data: dict, values: dict, argument: str) -> Architecture:
    """Validate `data` with `values` in place (restored after); one-line InvalidArgument if pydantic refuses."""
    _check_sections(data, values, argument)
    old = {path: _set(data, path, value) for path, value in values.items()}
    try:
        return Architecture.model_validate(data)
    except ValidationError as exc:
        raise _refused(exc, {path: data_value(data, path) for path in values}, argument) from None
    finally:
        for path, value in old.items():
            _set(data, path, value)


def with_values(arch: Architecture, values: dict[str, Any], argument: str = "values") -> Architecture:
    """`arch` with the fields at these paths set to these values, validated (InvalidArgument if not valid)."""
    for path in values:
        check_path(path, argument)
    return _validated(arch.model_dump(), values, argument)


# The top-level sections Architecture's own model validator reads: their fields are validated with the whole model.
READ_BY_ARCHITECTURE = frozenset({"profile", "code", "execution", "workload"})


def validate(arch: Architecture, axes: dict[str, np.ndarray], argument: str = "vary") -> None:
    """Validate every distinct value of every axis once; axes in the same section, whose model may
    check fields together (rotationDepth <= rotationCount), in every combination of their values.
    Only the top-level section's model runs where the Architecture's validator reads nothing of it
    (a tenth of the time of the whole model)."""
    data = arch.model_dump()
    sections: dict[str, list[str]] = {}
    for path in axes:
        sections.setdefault(path.rsplit(".", 1)[0], []).append(path)
    for parent, paths in sections.items():
        _check_sections(data, paths, argument)
        top = parent.split(".", 1)[0]
        model, target = (Architecture, data) if top in READ_BY_ARCHITECTURE else (type(getattr(arch, top)), data[top])
        holder = data_value(data, parent)
        leaves = [path.rsplit(".", 1)[1] for path in paths]
        old = [holder[leaf] for leaf in leaves]
        try:
            for combination in itertools.product(*(axes[p].tolist() for p in paths)):
                holder.update(zip(leaves, combination))
                try:
                    model.model_validate(target)
                except ValidationError as exc:
                    raise _refused(exc, dict(zip(paths, combination)), argument) from None
        finally:
            holder.update(zip(leaves, old))
