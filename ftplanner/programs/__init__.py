"""Programs as the planner reads them: a representative circuit's interaction graph (OpenQASM 2 or 3)."""
