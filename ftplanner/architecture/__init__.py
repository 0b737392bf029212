"""Architecture files: typed models, YAML loading with line numbers, units and presets."""

from ftplanner.errors import Problem, SpecError
from ftplanner.architecture.loader import input_hash, load_architecture
from ftplanner.architecture.models import Architecture

__all__ = ["Architecture", "Problem", "SpecError", "input_hash", "load_architecture"]
