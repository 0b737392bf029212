"""Fits as a plain-text table: one row per law, values with their standard errors."""

from __future__ import annotations

from ftplanner.fit.fitting import LawFit

HEADER = ("kind", "model", "A", "threshold", "Λ at p", "dev/dof", "P(χ²)", "points", "shots", "errors")


def _pm(value: float, stderr: float) -> str:
    return f"{value:.4g} ± {stderr:.2g}"


def fits_table(fits: list[LawFit], p: float) -> str:
    """Rows: kind (seam: with its bulk p), model, A, threshold (p_th or p_th_link), Λ = p_th / p at p."""
    rows = [HEADER]
    for fit in fits:
        kind = fit.kind if fit.at_p is None else f"{fit.kind} (p={fit.at_p:g})"
        lam = "" if fit.x != "p" else f"{fit.lambda_at(p):.3g}"
        rows.append((kind, fit.model, _pm(fit.A, fit.A_stderr), _pm(fit.p_th, fit.p_th_stderr), lam,
                     f"{fit.deviance:.1f}/{fit.dof}", f"{fit.p_value:.2g}", str(fit.points), f"{fit.shots:.3g}",
                     str(fit.errors)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([lines[0], rule, *lines[1:], f"(Λ at p = {p:g}; seam threshold is in p_link)"])
