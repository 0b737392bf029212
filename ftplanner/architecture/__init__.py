"""Architecture files: typed models, YAML loading with line numbers, units and presets."""

from ftplanner.errors import Problem, SpecError
from ftplanner.lazy import lazy_exports

# imported on first use: pydantic and ruamel.yaml load with a file, not with `ftplanner.architecture.sweepable`
# (which the CLI's help reads)
_LAZY = {"Architecture": "ftplanner.architecture.models", "input_hash": "ftplanner.architecture.loader",
         "load_architecture": "ftplanner.architecture.loader"}


__getattr__ = lazy_exports("ftplanner.architecture", _LAZY, globals())

__all__ = ["Architecture", "Problem", "SpecError", "input_hash", "load_architecture"]
