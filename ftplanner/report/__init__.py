"""Reports: CSV and JSON writers and the terminal summary."""
