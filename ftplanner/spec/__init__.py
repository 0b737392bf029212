"""Architecture files: typed models, YAML loading with line numbers, units and presets."""

from ftplanner.spec.errors import Problem, SpecError
from ftplanner.spec.loader import input_hash, load_architecture
from ftplanner.spec.models import Architecture

__all__ = ["Architecture", "Problem", "SpecError", "input_hash", "load_architecture"]
