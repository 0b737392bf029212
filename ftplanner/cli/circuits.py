"""CLI verbs for the Stim experiments: `ftplanner circuit` prints one, `ftplanner circuits` writes a set.

Options are read as text and checked here, so a bad value exits with code 2 and one line
naming the option, like the rest of the CLI.
"""


from pathlib import Path
from typing import Optional

import typer

from ftplanner.cli.help import Command
from ftplanner.cli.options import InvalidOption, choice, distances_option, fail, number
from ftplanner.physics.noise_families import FAMILIES
from ftplanner.sim.names import BASES, BB_CODES, BB_KIND, KINDS, OBSERVABLES, SEAM_KINDS, SURGERY_KINDS

ALL_KINDS = (*KINDS, BB_KIND)


def circuit_command(
    kind: str = typer.Argument(..., help=f"one of: {', '.join(ALL_KINDS)}"),
    distance: Optional[str] = typer.Option(None, "--distance", "-d", metavar="<int>",
                                           help="code distance d (odd, at least 3); surface-code kinds only, no "
                                                "default: required for them"),
    code: Optional[str] = typer.Option(None, "--code", metavar=f"<{'|'.join(BB_CODES)}>",
                                       help=f"{BB_KIND} only, no default: the bivariate-bicycle code"),
    basis: str = typer.Option("Z", "--basis", metavar="<Z|X>", help="Z (memory in Z, ZZ surgery) or X"),
    p: str = typer.Option(..., "--p", metavar="<float>",
                          help="the noise family's two-qubit error rate (probability per gate, at most 0.5)"),
    p_link: Optional[str] = typer.Option(None, "--p-link", metavar="<float>",
                                         help="error rate of boundary-crossing gates (probability per gate); "
                                              "seams only, no default: required for them"),
    noise: str = typer.Option("uniform", "--noise", metavar=f"<{'|'.join(FAMILIES)}>", help="noise family"),
    rounds: Optional[str] = typer.Option(None, "--rounds", metavar="<int>",
                                         help="syndrome-extraction rounds (surgery: before and after the merge; "
                                              "default: d, for BB codes the code's distance)"),
    boundary: Optional[str] = typer.Option(None, "--boundary", metavar="<float>",
                                           help="x of the module boundary, in the lattice's coordinates (data qubits at "
                                                "odd x); seams only; default: right of the surgery's seam column, "
                                                "or of a memory's middle column"),
    observable: str = typer.Option("parity", "--observable", metavar=f"<{'|'.join(OBSERVABLES)}>",
                                   help="surgeries: parity (parity, A, B) or product (O_A·O_seam·O_B)"),
) -> None:
    """Print the Stim circuit of one experiment."""
    from ftplanner.sim.experiments import build  # Stim loads with the verb
    from ftplanner.sim.noise import MAX_LINK_RATE, NoiseModel

    try:
        kind = choice("KIND", kind, ALL_KINDS)
        if kind == BB_KIND:
            _bb_memory(code, distance, basis, p, p_link, noise, rounds, boundary, observable)
            return
        if code is not None:
            raise InvalidOption(f"--code applies to {BB_KIND} circuits only")
        if distance is None:
            raise InvalidOption(f"--distance: required for {kind} circuits")
        link = number("--p-link", p_link, float, 0.0, MAX_LINK_RATE)
        if kind in SEAM_KINDS and link is None:
            raise InvalidOption(f"--p-link: required for {kind} circuits")
        if kind not in SEAM_KINDS and (link is not None or boundary is not None):
            raise InvalidOption(f"--p-link and --boundary apply to seam circuits only ({', '.join(SEAM_KINDS)})")
        if kind not in SURGERY_KINDS and observable != "parity":
            raise InvalidOption(f"--observable applies to surgery circuits only ({', '.join(SURGERY_KINDS)})")
        model = NoiseModel.family_model(choice("--noise", noise, FAMILIES), number("--p", p, float, 0.0, 0.5))
        experiment = build(kind, number("--distance", distance, int, 3), choice("--basis", basis, BASES),
                           model.with_link(link), rounds=number("--rounds", rounds, int, 1),
                           boundary_x=number("--boundary", boundary, float, float("-inf")),
                           observable=choice("--observable", observable, OBSERVABLES))
    except (InvalidOption, ValueError) as exc:
        fail(str(exc) if isinstance(exc, InvalidOption) else f"circuit: {exc}")
    typer.echo(str(experiment.circuit))


def _bb_memory(code, distance, basis, p, p_link, noise, rounds, boundary, observable) -> None:
    """Print a BB-code memory (`ftplanner.sim.bicycle`); InvalidOption for options that do not apply."""
    from ftplanner.sim.bicycle import build_memory
    from ftplanner.sim.noise import NoiseModel

    if code is None:
        raise InvalidOption(f"--code: required for {BB_KIND} circuits (one of {', '.join(BB_CODES)})")
    if distance is not None or p_link is not None or boundary is not None or observable != "parity":
        raise InvalidOption(f"--distance, --p-link, --boundary and --observable do not apply to {BB_KIND} (the code fixes d)")
    model = NoiseModel.family_model(choice("--noise", noise, FAMILIES), number("--p", p, float, 0.0, 0.5))
    experiment = build_memory(choice("--code", code, BB_CODES), choice("--basis", basis, BASES), model,
                              number("--rounds", rounds, int, 1))
    typer.echo(str(experiment.circuit))


def circuits_command(
    file: Path = typer.Argument(..., help="architecture YAML"),
    out: Path = typer.Option(..., "--out", metavar="<dir>", help="folder for the .stim files (made if missing)"),
    distances: str = typer.Option("3,5,7", "--distances", metavar="<int,...>", help="comma-separated odd distances"),
) -> None:
    """Write the circuits an architecture's calibration needs, named for `sinter collect --metadata_func auto`.

    Memory, surgery and seam (the last two with both observable sets), both bases, at each
    distance, under the hardware's noise; the seam's link rate comes from the network's
    Bell-pair fidelity (`linknoise`), rounded to 6 significant digits as `ftplanner calibrate`
    rounds it, so each file holds the circuit its name says.
    """
    from ftplanner.api import load
    from ftplanner.errors import SpecError
    from ftplanner.physics.link_noise import p_link_from_fidelity
    from ftplanner.sim.experiments import build
    from ftplanner.sim.noise import NoiseModel, rounded_rate

    try:
        arch = load(file)
    except SpecError as exc:
        fail("\n".join(str(problem) for problem in exc.problems))
    try:
        ds = distances_option(distances)
        noise = NoiseModel.for_architecture(arch)
        p_link = rounded_rate(float(p_link_from_fidelity(arch.network.link.bell_pair_fidelity, noise.two_qubit)))
        experiments = [build("memory", d, basis, noise) for d in ds for basis in BASES]
        experiments += [build(kind, d, basis, noise.with_link(p_link) if kind == "seam" else noise, observable=obs)
                        for d in ds for basis in BASES for kind in SURGERY_KINDS for obs in OBSERVABLES]
    except (InvalidOption, ValueError) as exc:
        fail(str(exc) if isinstance(exc, InvalidOption) else f"circuits: {exc}")
    from ftplanner.errors import WriteError
    from ftplanner.report.writers import out_folder, write_file

    try:
        out = out_folder(out)
        for experiment in experiments:
            write_file(out / experiment.filename, str(experiment.circuit) + "\n")
    except WriteError as exc:
        fail(str(exc))
    typer.echo(f"wrote {len(experiments)} circuits to {out}")


def register(app: typer.Typer) -> None:
    """Add the `circuit` and `circuits` verbs to the main app."""
    app.command("circuit", cls=Command)(circuit_command)
    app.command("circuits", cls=Command)(circuits_command)
