"""Load an architecture from YAML (or a dict) into a validated `Architecture`, keeping line numbers.

ruamel.yaml's round-trip loader records where every key sits; pydantic's error locations are
mapped back onto those lines so that each problem prints as FILE:LINE: field.path: message.
A logical-counts JSON file named by the workload is loaded the same way (JSON is YAML).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ftplanner.architecture.models import Architecture, LogicalCounts
from ftplanner.architecture.yaml_limits import check_yaml_limits
from ftplanner.errors import Problem, ProgramError, SpecError
from ftplanner.inputs import MAX_CIRCUIT_BYTES, MAX_YAML_BYTES, InputFileError, check_input_file, read_input_bytes

Location = tuple  # a path of keys and list indices, as pydantic reports it


def _key_line(node: CommentedMap, key: Any) -> int:
    """The 0-based line of `key`: in the map itself, else in the map a merge key (<<: *name) brought it from."""
    if node.lc.data and key in node.lc.data:
        return node.lc.key(key)[0]
    for source in getattr(node, "merge", None) or ():
        source = source[1] if isinstance(source, tuple) else source
        if isinstance(source, CommentedMap) and key in source:
            return _key_line(source, key)
    return node.lc.line or 0


def _plain(node: Any, here: Location, lines: dict[Location, int]) -> Any:
    """Convert ruamel nodes to plain Python, recording the 1-based line of every key and item."""
    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            lines[here + (key,)] = _key_line(node, key) + 1
            out[str(key) if not isinstance(key, str) else key] = _plain(node[key], here + (key,), lines)
        return out
    if isinstance(node, CommentedSeq):
        for i in range(len(node)):
            lines[here + (i,)] = node.lc.item(i)[0] + 1
        return [_plain(item, here + (i,), lines) for i, item in enumerate(node)]
    return node


def _parse_yaml(text: str, file: str) -> tuple[Any, dict[Location, int]]:
    """Parse YAML text; syntax errors, tabs and duplicate keys become one located Problem."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        check_yaml_limits(yaml, text, file)
        data = yaml.load(io.StringIO(text))
    except SpecError:
        raise
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "found character '\\t'" in problem:
            problem = "tab character: indent with spaces"
        raise SpecError([Problem(file, line, "", f"YAML syntax: {problem}")]) from None
    except YAMLError as exc:
        raise SpecError([Problem(file, 1, "", f"YAML syntax: {' '.join(str(exc).split())}")]) from None
    except (ValueError, RecursionError) as exc:  # a backstop: the limits above should leave none of these
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise SpecError([Problem(file, 1, "", f"cannot read this YAML: {message}")]) from None
    lines: dict[Location, int] = {}
    return _plain(data, (), lines), lines


def _read_text(path: Path, file: str, line: int = 1, field: str = "") -> str:
    """Read a UTF-8 text file (regular, at most 1 MB), turning I/O and encoding failures into a Problem."""
    try:
        raw = read_input_bytes(path, MAX_YAML_BYTES)
    except InputFileError as exc:
        raise SpecError([Problem(file, line, field, exc.reason)]) from None
    if b"\x00" in raw:
        raise SpecError([Problem(str(path), 1, "", "this is a binary file, not YAML or JSON text")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError([Problem(str(path), 1, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None


def _fields_at(model: type[BaseModel], loc: Location) -> list[str]:
    """Field names of the model section that `loc` points into (for 'did you mean' hints)."""
    for key in loc:
        if not isinstance(key, str) or key not in model.model_fields:
            break
        annotation = model.model_fields[key].annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if not nested:
            break
        model = nested[0]
    return list(model.model_fields)


# pydantic names the alternatives of a union in error locations; they are not fields
_UNION_TAG = re.compile(r"^(int|float|str|bool|constrained-\w+"
                        r"|(function|literal|json-or-python|lax-or-strict|tagged-union|list|dict)[-\w]*\[.*)$")

_BOUNDS = {
    "greater_than": ("above", "gt"),
    "greater_than_equal": ("at least", "ge"),
    "less_than": ("below", "lt"),
    "less_than_equal": ("at most", "le"),
}


def _problems_from(exc: ValidationError, model: type[BaseModel], file: str, lines: dict[Location, int]) -> list[Problem]:
    """One Problem per location: a union's alternatives are merged into one 'or' message."""
    merged: dict[Location, list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if not (isinstance(part, str) and _UNION_TAG.match(part)))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            known = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            message = f"unknown key; did you mean '{close[0]}'?" if close else f"unknown key; expected one of: {', '.join(known)}"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] in _BOUNDS:
            word, key = _BOUNDS[err["type"]]
            message = f"must be {word} {err['ctx'][key]}, got {_shown(err['input'])}"
        elif err["type"] == "string_too_long":
            message = f"must be at most {err['ctx']['max_length']} characters, got {len(err['input'])}"
        elif err["type"] in ("float_type", "float_parsing", "int_type", "int_parsing", "string_type", "bool_type"):
            kind = message.removeprefix("Input should be ").removesuffix(", unable to parse string as a number")
            message = f"expected {kind}, got {err['input']!r}"
        else:
            message = message.replace("Input should be", "expected")
        messages = merged.setdefault(loc, [])
        if message not in messages:
            messages.append(message)
    problems = []
    for loc, messages in merged.items():
        probe = loc
        while probe and probe not in lines:
            probe = probe[:-1]
        line = lines.get(probe, 1)
        problems.append(Problem(file, line, ".".join(_field_part(p) for p in loc), " or ".join(messages)))
    return problems


def _shown(value) -> str:
    """A value for a message: its repr, or how many digits it has when it is a very long integer."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return f"a {len(str(abs(value)))}-digit number"
    return repr(value)


def _field_part(part) -> str:
    """A key or index as it reads in a field path; odd keys (spaces, newlines, dots) are quoted."""
    text = str(part)
    return text if re.fullmatch(r"[\w-]+", text) else json.dumps(text)


def _load_counts_file(counts_path: str, base: Path, file: str, line: int) -> dict:
    """Read an Azure-style logical counts JSON (top level or under 'logicalCounts')."""
    path = (base / counts_path).expanduser()
    field = "workload.logical_counts_file"
    data, lines = _parse_yaml(_read_text(path, file, line, field), str(path))
    if isinstance(data, dict) and isinstance(data.get("logicalCounts"), dict):
        lines = {k[1:]: v for k, v in lines.items() if k[:1] == ("logicalCounts",)}
        data = data["logicalCounts"]
    if not isinstance(data, dict):
        raise SpecError([Problem(str(path), 1, "", "expected a JSON object of logical counts (numQubits, tCount, ...)")])
    try:
        LogicalCounts.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_problems_from(exc, LogicalCounts, str(path), lines)) from None
    return data


def load_architecture(source: str | Path | dict, *, file: str | None = None, program=None) -> Architecture:
    """Load and validate an architecture from a YAML path or a plain dict.

    `program` (a Qiskit QuantumCircuit, or a program file's path) replaces `workload.program`.
    Raises SpecError listing every problem with its file and line.
    """
    if isinstance(source, dict):
        data, lines, base = source, {}, Path.cwd()
        file = file or "<dict>"
    else:
        path = Path(source)
        file = file or str(source)
        text = _read_text(path, file)
        data, lines = _parse_yaml(text, file)
        base = path.parent
    if data is None:
        raise SpecError([Problem(file, 1, "", "the file is empty; an architecture needs at least name, hardware and workload")])
    if not isinstance(data, dict):
        raise SpecError([Problem(file, 1, "", "expected a mapping of sections (name, hardware, workload, ...), "
                                              f"got a {type(data).__name__}")])
    workload = data.get("workload")
    if program is not None and isinstance(workload, dict):  # the argument's counts replace the file's
        workload = {**{k: v for k, v in workload.items() if k not in ("logical_counts", "logical_counts_file")},
                    "program": program}
        data = {**data, "workload": workload}
    if isinstance(workload, dict) and workload.get("program") is not None:
        data = {**data, "workload": _with_program_counts(workload, base, file, lines)}
        workload = data["workload"]
    if isinstance(workload, dict) and "logical_counts_file" in workload:
        line = lines.get(("workload", "logical_counts_file"), 1)
        if "logical_counts" in workload:
            raise SpecError([Problem(file, line, "workload.logical_counts_file", "give logical_counts or logical_counts_file, not both")])
        if isinstance(workload["logical_counts_file"], str):
            counts = _load_counts_file(workload["logical_counts_file"], base, file, line)
            data = {**data, "workload": {**workload, "logical_counts": counts}}
    try:
        arch = Architecture.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_problems_from(exc, Architecture, file, lines)) from None
    arch = _with_circuit_path(arch, base, file, lines.get(("workload", "circuit_file"), 1))
    return _with_calibration_path(arch, base, file, lines.get(("calibration",), 1))


def _with_program_counts(workload: dict, base: Path, file: str, lines: dict[Location, int]) -> dict:
    """The workload with the logical counts, t_depth and reaction_depth of its program (those given win)."""
    from ftplanner.programs.read import count_circuit_object, count_program, is_circuit

    line = lines.get(("workload", "program"), lines.get(("workload",), 1))
    given = [key for key in ("logical_counts", "logical_counts_file") if key in workload]
    if given:
        raise SpecError([Problem(file, line, "workload.program", f"give program or {given[0]}, not both: the program's "
                                                                 f"counts are counted from it")])
    program = workload["program"]
    try:
        if is_circuit(program):
            name, counts = count_circuit_object(program)
        elif isinstance(program, (str, Path)):
            path = (base / program).expanduser().resolve()
            counts = count_program(path)
            # shown relative to the working folder when inside it, so that reports do not depend on the clone's place
            name = os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
        else:
            return workload  # not a path: the model's type check says so
    except InputFileError as exc:
        raise SpecError([Problem(file, line, "workload.program", exc.reason)]) from None
    except ProgramError as exc:
        raise SpecError([Problem(exc.file, exc.line, "", exc.message)]) from None
    if counts.num_qubits == 0:
        raise SpecError([Problem(name, 1, "", "the program applies no operation to any qubit: there is nothing to plan")])
    depths = {key: value for key, value in (("t_depth", counts.t_depth), ("reaction_depth", counts.reaction_depth))
              if value > 0 and key not in workload}
    return {**workload, "program": name, "logical_counts": counts.logical_counts(), **depths}


def _with_circuit_path(arch: Architecture, base: Path, file: str, line: int) -> Architecture:
    """Resolve the workload's circuit against the file's folder and check that it parses."""
    if not arch.workload.circuit_file:
        return arch
    from ftplanner.programs.interaction import CircuitError, read_interaction_graph  # only for a circuit file

    path = (base / arch.workload.circuit_file).expanduser().resolve()
    try:
        check_input_file(path, MAX_CIRCUIT_BYTES)
        read_interaction_graph(path)
    except InputFileError as exc:
        raise SpecError([Problem(file, line, "workload.circuit_file", exc.reason)]) from None
    except CircuitError as exc:
        raise SpecError([_circuit_problem(str(exc), path)]) from None
    workload = arch.workload.model_copy(update={"circuit_file": str(path)})
    return arch.model_copy(update={"workload": workload})


def _circuit_problem(text: str, path: Path) -> Problem:
    """A CircuitError's 'PATH:LINE: message' as a Problem; the path is known, so a ': ' inside it is no trouble."""
    match = re.match(r":(\d+): (.*)", text.removeprefix(str(path)), re.DOTALL)
    if not text.startswith(str(path)) or not match:
        return Problem(str(path), 1, "", " ".join(text.split()))
    return Problem(str(path), int(match.group(1)), "", " ".join(match.group(2).split()))


def _with_calibration_path(arch: Architecture, base: Path, file: str, line: int) -> Architecture:
    """Resolve a calibration path against the file's folder and check that it loads."""
    if arch.calibration == "default":
        return arch
    from ftplanner.calibration import load_calibration  # numpy loads with a calibration file, not with every file

    path = (base / arch.calibration).expanduser().resolve()
    try:
        check_input_file(path)
        calibration = load_calibration(str(path))
    except InputFileError as exc:
        if exc.missing:
            raise SpecError([Problem(file, line, "calibration", f"no such calibration file: {path}")]) from None
        raise SpecError([Problem(file, line, "calibration", exc.reason)]) from None
    except FileNotFoundError:
        raise SpecError([Problem(file, line, "calibration", f"no such calibration file: {path}")]) from None
    except (OSError, ValueError) as exc:
        raise SpecError([Problem(file, line, "calibration", f"cannot use {path}: {exc}")]) from None
    family = arch.hardware.noise_model
    if arch.profile == "ftplanner" and family not in calibration.memory:
        raise SpecError([Problem(file, line, "calibration", (
            f"{path} has no fit for noise model {family} (it has: {', '.join(calibration.memory)}); "
            f"calibrate for this hardware or use calibration: default"))])
    return arch.model_copy(update={"calibration": str(path)})


def input_hash(source: str | Path | dict) -> str:
    """SHA-256 of the input file's bytes (or of the dict's JSON), for provenance."""
    if isinstance(source, dict):
        return hashlib.sha256(json.dumps(source, sort_keys=True, default=str).encode()).hexdigest()
    return hashlib.sha256(Path(source).read_bytes()).hexdigest()
