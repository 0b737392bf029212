"""Only `ftplanner.cli` speaks command line: no other module imports typer or ftplanner.cli (read with ast)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PACKAGE = ROOT / "ftplanner"
DOOR = {PACKAGE / "__main__.py"}  # `python -m ftplanner` runs the command line


def _imports(path) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions count too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom):  # relative: this package uses none, so flag it to be checked
            names.add("." * node.level + (node.module or ""))
    return names


def _cli_word(name: str) -> bool:
    return name.split(".")[0] in ("typer", "click") or name == "ftplanner.cli" or name.startswith("ftplanner.cli.") \
        or name.startswith(".")


def test_no_module_outside_cli_imports_typer_or_the_cli():
    modules = [p for p in PACKAGE.rglob("*.py") if PACKAGE / "cli" not in p.parents and p not in DOOR]
    assert len(modules) > 40
    offenders = {str(p.relative_to(ROOT)): sorted(filter(_cli_word, _imports(p))) for p in modules}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from ftplanner.cli.options import InvalidOption\n    import typer\n")
    assert sorted(filter(_cli_word, _imports(module))) == ["ftplanner.cli.options", "ftplanner.cli.options.InvalidOption",
                                                          "typer"]
