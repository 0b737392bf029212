"""The JSON Schema of architecture files, for editors: every field described, bounds in standard keywords.

pydantic writes the schema from `ftplanner.architecture.models` (its fields' descriptions and
bounds: minimum, maximum, exclusiveMinimum). Two things are added here, above both the models
and the output table: a section field (`hardware: {...}`) is described by its section's
docstring, and a field whose outcome a plan reports (`modules.count` -> the output column
`modules`) also quotes that column's meaning from `ftplanner.plan.columns`, the table that
documents the CSV.
"""

from __future__ import annotations

from ftplanner.architecture import Architecture
from ftplanner.plan.columns import COLUMNS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _ref(node: dict) -> str | None:
    """The $defs name a property refers to, directly or as one branch of anyOf (an optional section)."""
    refs = [node.get("$ref")] + [branch.get("$ref") for branch in node.get("anyOf", ())]
    ref = next((r for r in refs if r), None)
    return ref.rsplit("/", 1)[-1] if ref else None


def _property(schema: dict, path: str) -> dict:
    """The schema node of a dotted field path (KeyError if the models have no such field)."""
    node = schema
    *parents, leaf = path.split(".")
    for key in parents:
        node = schema["$defs"][_ref(node["properties"][key])]
    return node["properties"][leaf]


def architecture_schema() -> dict:
    """The JSON Schema (draft 2020-12) of an architecture file, as a dict."""
    schema = {"$schema": DIALECT, **Architecture.model_json_schema()}
    for model in [schema, *schema["$defs"].values()]:
        for node in model.get("properties", {}).values():
            section = _ref(node)
            if section and "description" not in node:
                node["description"] = schema["$defs"][section]["description"]
    for column in COLUMNS:
        if column.field:
            node = _property(schema, column.field)
            unit = f" ({column.unit})" if column.unit and column.unit != column.name else ""
            node["description"] = f"{node['description']}. Reported as the output column {column.name}{unit}: {column.meaning}"
    return schema
