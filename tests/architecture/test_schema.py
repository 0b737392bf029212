"""The JSON Schema an editor reads: valid draft 2020-12 in standard keywords, every field described, every
example accepted and every bad input it can see refused, as the loader refuses them.

An editor's YAML extension parses the file itself and checks it against the schema, so the test
does the same: a plain safe YAML load (ruamel), then `jsonschema`. What the schema cannot see
(files a field names, rules across fields, NaN, which JSON has not) is listed, and the schema
must accept those files, so that a rule the schema learns moves its case to the checked ones.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from ftplanner.plan.columns import COLUMNS
from ftplanner.report.schema import architecture_schema
from tests.conftest import ARCHITECTURES

SCHEMA = architecture_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
BAD = Path(__file__).resolve().parents[1] / "bad_inputs"

# the loader refuses these before there is any data to check (not YAML, hostile YAML, limits of its reader)
NOT_DATA = {"binary-file", "comments-only", "empty-file", "duplicate-key", "tab-indent", "yaml-alias-bomb",
            "yaml-local-tag", "yaml-python-tag", "yaml-unclosed-bracket", "yaml-too-many-aliases",
            "number-5000-digits", "deep-nesting"}
# valid by the schema: the problem is in another file, across fields, or a value JSON cannot hold
BEYOND_THE_SCHEMA = {
    "calibration-dev-zero", "calibration-infinite-A", "calibration-nan-threshold", "calibration-other-noise-model",
    "calibration-provenance-not-object", "corrupt-calibration",  # the calibration file's content
    "circuit-file-folder", "circuit-path-with-colon", "missing-circuit-file",  # the circuit file
    "counts-file-dev-zero", "counts-file-wrong-fields", "deep-nesting-counts-file", "missing-counts-file",  # counts file
    "counts-and-counts-file", "budget-split-over-one", "rotation-depth-above-count", "no-error-rate",
    "zero-two-qubit-rate",  # rules across fields (model validators)
    "unknown-factory-protocol",  # checked against the factory catalogue
    "denormal-rate",  # 0 or at least 1e-15: a gap the schema's bounds do not express
    "nan-rate",  # NaN, which JSON has not and JSON Schema bounds do not catch
}
CASES = sorted(p.stem for p in BAD.glob("*.yaml"))
VIOLATIONS = sorted(set(CASES) - NOT_DATA - BEYOND_THE_SCHEMA)
# the keywords pydantic may write; a constraint in any other key ("ge", "le") is ignored by every validator
KEYWORDS = {"$schema", "$defs", "$ref", "type", "properties", "required", "additionalProperties", "items", "anyOf",
            "enum", "const", "default", "description", "title", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "minLength", "maxLength", "minItems", "pattern"}


def _read(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _nodes(node):
    """Every schema object (a node with a type, a $ref or a union) in the schema."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for child in value.values():
                    yield from _nodes(child)
            elif key in ("anyOf", "items"):
                for child in value if isinstance(value, list) else [value]:
                    yield from _nodes(child)


def test_the_schema_is_valid_draft_2020_12_in_standard_keywords():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    unknown = {key for node in _nodes(SCHEMA) for key in node} - KEYWORDS
    assert not unknown, f"non-standard keywords (validators ignore them): {unknown}"


def test_every_field_has_a_description():
    fields = [(name, prop) for node in _nodes(SCHEMA) for name, prop in node.get("properties", {}).items()]
    assert len(fields) >= 80
    assert [name for name, prop in fields if len(prop.get("description", "")) < 10] == []


def test_fields_that_are_outputs_quote_the_column_table():
    linked = [c for c in COLUMNS if c.field]
    assert len(linked) >= 10
    for column in linked:
        node = SCHEMA
        *parents, leaf = column.field.split(".")
        for key in parents:
            prop = node["properties"][key]
            ref = prop.get("$ref") or next(b["$ref"] for b in prop["anyOf"] if "$ref" in b)
            node = SCHEMA["$defs"][ref.rsplit("/", 1)[-1]]
        assert column.meaning in node["properties"][leaf]["description"], column.field


@pytest.mark.parametrize("path", ARCHITECTURES, ids=[p.stem for p in ARCHITECTURES])
def test_every_example_architecture_is_valid(path):
    assert [e.message for e in VALIDATOR.iter_errors(_read(path))] == []


def test_the_cases_are_split_between_the_lists():
    assert (NOT_DATA | BEYOND_THE_SCHEMA) <= set(CASES) and not NOT_DATA & BEYOND_THE_SCHEMA
    assert len(VIOLATIONS) >= 40
    # what the loader refuses before reading any field is a problem of the whole file (`# expect: : ...`);
    # so is a list or a scalar at the top, but that is data the schema refuses (not an object)
    whole_file = {name for name in CASES if (BAD / f"{name}.yaml").read_bytes().startswith(b"# expect: : ")}
    assert whole_file - {"deep-nesting-counts-file", "list-root", "scalar-root"} == NOT_DATA


@pytest.mark.parametrize("name", VIOLATIONS)
def test_a_bad_input_the_schema_can_see_is_refused(name):
    assert not VALIDATOR.is_valid(_read(BAD / f"{name}.yaml"))


@pytest.mark.parametrize("name", sorted(BEYOND_THE_SCHEMA))
def test_a_bad_input_beyond_the_schema_passes_it(name):
    assert [e.message for e in VALIDATOR.iter_errors(_read(BAD / f"{name}.yaml"))] == []


@pytest.mark.parametrize("value, valid", [(0, False), (1, True), (10**18, True), (10**18 + 1, False), ("auto", True)])
def test_a_count_of_modules_is_bounded_as_the_loader_bounds_it(value, valid):
    """The case of the issue: an editor accepted `modules.count: 0` when the bounds were written as "ge"."""
    data = {"name": "x", "hardware": {"preset": "qubit_gate_ns_e3"}, "workload": {"logical_counts": {"numQubits": 1}},
            "modules": {"count": value}}
    assert VALIDATOR.is_valid(data) == valid


def test_the_command_prints_this_schema(run):
    import json

    result = run("schema")
    assert result.exit_code == 0 and json.loads(result.output) == json.loads(json.dumps(SCHEMA))
