"""The package's layers: dependencies point down, the physics floor stands alone, typer stays in cli/.

Imports are read from the source with `ast`, function-level imports included, so a lazy import
cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ftplanner"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports (ftplanner modules resolved to the module file, others as written)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found


def _own(module: str) -> str | None:
    """The ftplanner module file a dotted import name lands in (None outside the package)."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for name, imported in IMPORTS.items():
        for target in filter(None, map(_own, imported)):
            if target != name:
                graph.add_edge(name, target)
    return graph


def _layer(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from ftplanner.cli.options import fail\n    import typer\n")
    assert _imports("ftplanner.m", module) >= {"typer", "ftplanner.cli.options"}


def test_no_import_cycles_among_modules():
    cycles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert not cycles


def test_layers_form_no_cycle():
    """ftplanner.X imports ftplanner.Y only where Y sits below X (the package's own __init__ is the top)."""
    layers = nx.DiGraph()
    for a, b in _graph().edges:
        if a != "ftplanner" and _layer(a) != _layer(b):
            layers.add_edge(_layer(a), _layer(b))
    assert not list(nx.simple_cycles(layers))


def _importers(prefix: str, of) -> list[str]:
    return sorted(name for name, imported in IMPORTS.items() if name.startswith(prefix) and any(map(of, imported)))


def test_typer_is_imported_only_by_the_cli():
    outside = [n for n in _importers("ftplanner", lambda m: m.split(".")[0] in ("typer", "click"))
               if not n.startswith("ftplanner.cli")]
    assert not outside
    assert _importers("ftplanner.cli", lambda m: m.split(".")[0] == "typer"), "the check must see the CLI's own import"


def test_nothing_below_the_cli_imports_it():
    users = [n for n in _importers("ftplanner", lambda m: m.startswith("ftplanner.cli"))
             if not n.startswith("ftplanner.cli") and n != "ftplanner.__main__"]
    assert not users


@pytest.mark.parametrize("forbidden", ["ftplanner.report", "ftplanner.sim"])
def test_the_planner_imports_neither_reports_nor_simulations(forbidden):
    assert not _importers("ftplanner.plan", lambda m: m == forbidden or m.startswith(forbidden + "."))


def test_the_physics_floor_imports_nothing_else_of_ftplanner():
    assert not _importers("ftplanner.physics",
                          lambda m: m.startswith("ftplanner") and not m.startswith("ftplanner.physics"))
    assert len([n for n in MODULES if n.startswith("ftplanner.physics.")]) >= 8
