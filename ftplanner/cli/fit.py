"""`ftplanner fit STATS.csv`: fit every noise model and kind a stats store holds and print the table.

The fitting modules are imported when a fit runs: they need scipy.stats, whose import would
otherwise slow every `ftplanner` command down by about a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ftplanner.sampling.store import StoreError, read_store
from ftplanner.fit.points import points_frame, read_stats
from ftplanner.cli.options import InvalidOption, fail, number

if TYPE_CHECKING:
    from ftplanner.fit.fitting import LawFit


def fit_all(points, p_max: float | None) -> tuple[list[LawFit], list[str], list[str]]:
    """Every fit the points allow: (fits, held-out summaries, problems), one line per problem."""
    from ftplanner.fit.fitting import fit_memory, fit_surgery
    from ftplanner.fit.seam import fit_seam, holdout_check

    fits, notes, problems = [], [], []
    for kind, fitter in (("memory", fit_memory), ("surgery", fit_surgery)):
        for model in sorted(points[points.kind == kind].model.unique()):
            try:
                fits.append(fitter(points, model=model, p_max=p_max))
            except ValueError as exc:
                problems.append(f"{kind} {model}: cannot fit ({exc})")
    seams = points[points.kind == "seam"][["model", "p"]].drop_duplicates()
    for model, p in seams.itertuples(index=False):
        try:
            fits.append(fit_seam(points, model=model, p=p))
            if points[(points.kind == "seam") & (points.model == model)].p_link.nunique() >= 3:
                notes.append(f"seam {model} at p={p:g}: {holdout_check(points, model=model, p=p).describe()}")
        except ValueError as exc:
            problems.append(f"seam {model} at p={p:g}: cannot fit ({exc})")
    return fits, notes, problems


def fit_command(
    stores: list[Path] = typer.Argument(..., help="sinter CSV stats stores"),
    p: str = typer.Option("0.001", "--p", help="physical error rate at which to show Λ = p_th / p"),
    p_max: Optional[str] = typer.Option(None, "--p-max", help="fit memory and surgery to points with p <= this only"),
) -> None:
    """Fit memory, surgery and seam laws to the stats in STORES and print them as a table."""
    try:
        p_value = number("--p", p, float, 1e-12, 0.5)
        p_limit = number("--p-max", p_max, float, 0.0, 0.5)
    except InvalidOption as exc:
        fail(str(exc))
    try:
        stats = [stat for store in stores for stat in read_store(store)]
    except StoreError as exc:
        fail(str(exc))
    points = points_frame(read_stats(stats))
    if points.empty:
        fail(f"{', '.join(map(str, stores))}: no results with d and p metadata to fit")
    fits, notes, problems = fit_all(points, p_limit)
    if fits:
        from ftplanner.fit.table import fits_table

        typer.echo(fits_table(fits, p_value))
    for line in notes:
        typer.echo(line)
    for line in problems:
        typer.echo(line, err=True)
    if not fits:
        raise typer.Exit(2)
