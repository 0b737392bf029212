"""CLI verbs for the Stim experiments: `ftplanner circuit` prints one, `ftplanner circuits` writes a set.

Options are read as text and checked here, so a bad value exits with code 2 and one line
naming the option, like the rest of the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn, Optional

import typer

from ftplanner.linknoise import p_link_from_fidelity
from ftplanner.sim.experiments import BASES, KINDS, OBSERVABLES, SEAM_KINDS, SURGERY_KINDS, build
from ftplanner.sim.noise import FAMILIES, MAX_LINK_RATE, NoiseModel

EXIT_INVALID = 2


class _Invalid(Exception):
    """A bad command-line value; its message is the one line printed."""


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INVALID)


def _number(option: str, text: Optional[str], kind: type, low: float, high: float = float("inf")):
    if text is None:
        return None
    try:
        value = kind(text)
    except ValueError:
        raise _Invalid(f"{option}: expected {'an integer' if kind is int else 'a number'}, got {text!r}") from None
    if not low <= value <= high:
        raise _Invalid(f"{option}: {text} is outside [{low:g}, {high:g}]")
    return value


def _choice(option: str, text: str, choices) -> str:
    if text not in choices:
        raise _Invalid(f"{option}: expected one of {', '.join(choices)}, got {text!r}")
    return text


def _distances(text: str) -> list[int]:
    distances = [_number("--distances", part.strip(), int, 3) for part in text.split(",") if part.strip()]
    if not distances:
        raise _Invalid("--distances: give at least one distance, e.g. 3,5,7")
    return distances


def circuit_command(
    kind: str = typer.Argument(..., help=f"one of: {', '.join(KINDS)}"),
    distance: str = typer.Option(..., "--distance", "-d", help="code distance (odd, >= 3)"),
    basis: str = typer.Option("Z", "--basis", help="Z (memory in Z, ZZ surgery) or X"),
    p: str = typer.Option(..., "--p", help="the noise family's two-qubit error rate"),
    p_link: Optional[str] = typer.Option(None, "--p-link", help="error rate of boundary-crossing gates (seams)"),
    noise: str = typer.Option("uniform", "--noise", help=f"noise family: {', '.join(FAMILIES)}"),
    rounds: Optional[str] = typer.Option(None, "--rounds", help="rounds (surgery: before and after the merge); default d"),
    boundary: Optional[str] = typer.Option(None, "--boundary", help="x of the module boundary (seams); default: middle"),
    observable: str = typer.Option("parity", "--observable",
                                   help="surgeries: parity (parity, A, B) or product (O_A·O_seam·O_B)"),
) -> None:
    """Print the Stim circuit of one experiment."""
    try:
        kind = _choice("KIND", kind, KINDS)
        link = _number("--p-link", p_link, float, 0.0, MAX_LINK_RATE)
        if kind in SEAM_KINDS and link is None:
            raise _Invalid(f"--p-link: required for {kind} circuits")
        if kind not in SEAM_KINDS and (link is not None or boundary is not None):
            raise _Invalid(f"--p-link and --boundary apply to seam circuits only ({', '.join(SEAM_KINDS)})")
        if kind not in SURGERY_KINDS and observable != "parity":
            raise _Invalid(f"--observable applies to surgery circuits only ({', '.join(SURGERY_KINDS)})")
        model = NoiseModel.family_model(_choice("--noise", noise, FAMILIES), _number("--p", p, float, 0.0, 0.5))
        experiment = build(kind, _number("--distance", distance, int, 3), _choice("--basis", basis, BASES),
                           model.with_link(link), rounds=_number("--rounds", rounds, int, 1),
                           boundary_x=_number("--boundary", boundary, float, float("-inf")),
                           observable=_choice("--observable", observable, OBSERVABLES))
    except (_Invalid, ValueError) as exc:
        _fail(str(exc) if isinstance(exc, _Invalid) else f"circuit: {exc}")
    typer.echo(str(experiment.circuit))


def circuits_command(
    file: Path = typer.Argument(..., help="architecture YAML"),
    out: Path = typer.Option(..., "--out", help="folder for the .stim files"),
    distances: str = typer.Option("3,5,7", "--distances", help="comma-separated odd distances"),
) -> None:
    """Write the circuits an architecture's calibration needs, named for `sinter collect --metadata_func auto`.

    Memory, surgery and seam (the last two with both observable sets), both bases, at each
    distance, under the hardware's noise; the seam's link rate comes from the network's
    Bell-pair fidelity (`linknoise`).
    """
    from ftplanner.api import load
    from ftplanner.spec import SpecError

    try:
        arch = load(file)
    except SpecError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(EXIT_INVALID) from None
    try:
        ds = _distances(distances)
        noise = NoiseModel.from_hardware(arch.hardware)
        p_link = float(p_link_from_fidelity(arch.network.link.bell_pair_fidelity, noise.two_qubit))
        experiments = [build("memory", d, basis, noise) for d in ds for basis in BASES]
        experiments += [build(kind, d, basis, noise.with_link(p_link) if kind == "seam" else noise, observable=obs)
                        for d in ds for basis in BASES for kind in SURGERY_KINDS for obs in OBSERVABLES]
    except (_Invalid, ValueError) as exc:
        _fail(str(exc) if isinstance(exc, _Invalid) else f"circuits: {exc}")
    out.mkdir(parents=True, exist_ok=True)
    for experiment in experiments:
        (out / experiment.filename).write_text(str(experiment.circuit) + "\n")
    typer.echo(f"wrote {len(experiments)} circuits to {out}")


def register(app: typer.Typer) -> None:
    """Add the `circuit` and `circuits` verbs to the main app."""
    app.command("circuit")(circuit_command)
    app.command("circuits")(circuits_command)
