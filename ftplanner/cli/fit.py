"""`ftplanner fit STATS.csv`: fit every noise model and kind a stats store holds and print the table.

The verb parses its options and prints what `ftplanner.sampling.run.fit_stores` fits. The fitting
modules are imported when a fit runs: they need scipy.stats, whose import would otherwise slow
every `ftplanner` command down by about a second.
"""


from pathlib import Path
from typing import Optional

import typer

from ftplanner.cli.options import InvalidOption, fail, flag_message, number
from ftplanner.errors import InvalidArgument, StoreError


def fit_command(
    stores: list[Path] = typer.Argument(..., help="sinter CSV stats stores"),
    p: str = typer.Option("0.001", "--p", metavar="<float>",
                          help="physical error rate (probability per operation) at which to show Λ = p_th / p"),
    p_max: Optional[str] = typer.Option(None, "--p-max", metavar="<float>",
                                        help="fit memory and surgery to points with p <= this only (default: all)"),
) -> None:
    """Fit memory, surgery and seam laws to the stats in STORES and print them as a table."""
    try:
        p_value = number("--p", p, float, 1e-12, 0.5)
        p_limit = number("--p-max", p_max, float, 0.0, 0.5)
        from ftplanner.sampling.run import fit_stores  # sinter, pandas and scipy load with the verb

        fits, notes, problems = fit_stores(stores, p_max=p_limit)
    except (InvalidOption, InvalidArgument) as exc:
        fail(flag_message(exc))
    except StoreError as exc:
        fail(str(exc))
    if fits:
        from ftplanner.fit.table import fits_table

        typer.echo(fits_table(fits, p_value))
    for line in notes:
        typer.echo(line)
    for line in problems:
        typer.echo(line, err=True)
    if not fits:
        raise typer.Exit(2)
