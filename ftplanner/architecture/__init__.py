"""Architecture files: typed models, YAML loading with line numbers, units and presets."""

from ftplanner.architecture.loader import input_hash, load_architecture
from ftplanner.architecture.models import Architecture
from ftplanner.errors import Problem, SpecError

__all__ = ["Architecture", "Problem", "SpecError", "input_hash", "load_architecture"]
