"""Property: any mutation of a valid architecture gives a plan or a clean SpecError, nothing else.

Hypothesis replaces, deletes or adds one value anywhere in an example architecture; the
outcome must be a Plan whose numbers are finite (or None where the design is infeasible)
or a SpecError whose problems each print as one located line.
"""

from __future__ import annotations

import copy
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import ftplanner as ftp
from tests.conftest import ARCHITECTURES

EXAMPLES = [YAML(typ="safe").load(path.read_text()) for path in ARCHITECTURES
            if "circuit_file" not in path.read_text() and "program:" not in path.read_text()]  # paths relative to their file

junk = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15), st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["auto", "30d", "10us", "1e-3", "fast", "none"]),
    st.lists(st.integers(0, 5), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths(node, here=()):
    """Every (path, value) in a nested dict/list."""
    yield here, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, here + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, here + (i,))


def mutated(example: dict, path: tuple, action: str, value, new_key: str):
    data = copy.deepcopy(example)
    if not path:
        return value if action == "replace" else data
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if action == "replace":
        parent[path[-1]] = value
    elif action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[new_key] = value
    return data


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_mutation_is_a_plan_or_a_clean_error(data):
    example = data.draw(st.sampled_from(EXAMPLES))
    path, _ = data.draw(st.sampled_from(list(paths(example))))
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    arch = mutated(example, path, action, data.draw(junk), data.draw(st.text(min_size=1, max_size=8)))
    if not isinstance(arch, dict):
        arch = {"root": arch}
    try:
        plan = ftp.estimate(arch)
    except ftp.SpecError as exc:
        assert exc.problems and all(str(p).count("\n") == 0 for p in exc.problems)
        return
    for key, value in plan.row().items():
        if isinstance(value, float):
            assert math.isfinite(value), (key, value)
    if plan.feasible:
        assert plan.physical_qubits > 0 and plan.runtime_s > 0
    else:
        assert plan.reason
