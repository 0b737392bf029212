"""Names a package exports but imports on first use, so that importing it (and the CLI's start) costs only
what is used (PEP 562 module __getattr__)."""

from __future__ import annotations

from importlib import import_module


def lazy_exports(package: str, where: dict[str, str], namespace: dict):
    """A module `__getattr__` for `package` that imports each name of `where` (name -> module) on first use and
    keeps it in the package's `namespace`."""
    def __getattr__(name: str):
        if name in where:
            value = getattr(import_module(where[name]), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
