"""`calibrate` for machines of qLDPC blocks: sample BB memories, fit the block law, write it under `blocks`.

`ftplanner.calibrate` comes here when the code family is a BB code (gross, two_gross): from
`code=` or, without it, the architecture's `code.family`. The store, resume, local or Dask
sampling and progress are the surface code's (`run._sample`). The calibration written is the
shipped default with `blocks.<family>` set to the new fit (other block laws kept): a machine of
BB blocks reads its memory from the block law, and the surface-code sections (memory, surgery,
seam) stay the default's, which the provenance says.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime, timezone
from pathlib import Path

from ftplanner.errors import FitError, InvalidArgument
from ftplanner.sampling.block_tasks import BB_FAMILIES, BlockGrid, in_grid, tasks
from ftplanner.sampling.decoders import BB_DECODERS, BPOSD_MAX_ITERS, BPOSD_OSD_ORDER, RELAY_BP, check_available
from ftplanner.sampling.store import read_store
from ftplanner.sampling.tasks import Target


def code_family(arch, code: str | None) -> str:
    """The code family to calibrate: `code` if given, else the architecture's `code.family` (rotated_surface
    when the architecture has no such field)."""
    if code is not None:
        return code
    return getattr(getattr(arch, "code", None), "family", "rotated_surface")


def block_grid(code: str, p_factors, rounds, decoder: str) -> BlockGrid:
    """The grid, or InvalidArgument naming the parameter; MissingExtra when the decoder is not installed."""
    if code not in BB_FAMILIES:
        raise InvalidArgument("code", f"expected one of rotated_surface, {', '.join(BB_FAMILIES)}, got {code!r}")
    if decoder not in BB_DECODERS:
        raise InvalidArgument("decoder", f"expected one of {', '.join(BB_DECODERS)} for {code}, got {decoder!r}")
    if rounds is not None and (isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1):
        raise InvalidArgument("rounds", f"expected a positive integer, got {rounds!r}")
    check_available(decoder)
    return BlockGrid(code, tuple(p_factors), rounds, decoder)


def _decoder_settings(decoder: str) -> dict:
    if decoder == "bposd":
        return {"bp_method": "minimum_sum", "max_bp_iters": BPOSD_MAX_ITERS, "osd_method": "osd_cs",
                "osd_order": BPOSD_OSD_ORDER}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in RELAY_BP.items()}


def calibrate_blocks(targets: list[Target], store: Path, grid: BlockGrid, *, sample, name: str, command: str,
                     max_shots: int, max_errors: int, fit_only: bool, report=None):
    """Sample (unless fit_only) with `sample(task_list)`, fit, and return the Calibration (not yet written)."""
    from ftplanner.calibration import load_calibration
    from ftplanner.fit.block import CONVENTION, block_points, fit_block
    from ftplanner.fit.build import versions

    families = {t.family: t for t in targets}
    if len(families) != 1:
        raise InvalidArgument("architectures", f"a block law is keyed by code family only: calibrate one noise family "
                                               f"at a time (got {', '.join(families)})")
    (t,) = families.values()
    if not fit_only:
        sample(tasks([t], grid))
    points = in_grid(block_points(read_store(store)), [t], grid)
    try:
        fit = fit_block(points, grid.code, t.model, grid.decoder)
    except ValueError as exc:
        raise FitError([f"{store}: {grid.code} ({t.model}): {exc}"]) from None
    default = load_calibration("default")
    record = {"model": fit.model, "decoder": fit.decoder, "decoder_settings": _decoder_settings(fit.decoder),
              "points": fit.points, "shots": fit.shots, "errors": fit.errors, "chi2": round(fit.chi2, 3), "dof": fit.dof,
              "prefactors": fit.prefactors, "stats_sha256": fit.stats_sha256,
              "p": sorted(set(points.p.tolist())), "rounds": grid.cycles}
    provenance = {
        "made_by": command,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "store": str(store),
        "versions": versions(("ftplanner", "stim", "sinter", "numpy", "stimbposd", "ldpc", "relay-bp")),
        "decoder": f"{grid.decoder} (sinter)",
        "noise_models": {t.family: {"label": t.model, **asdict(t.noise)}},
        "grid": {"code": grid.code, "p_factors": list(grid.p_factors), "rounds": grid.cycles,
                 "max_shots": max_shots, "max_errors": max_errors},
        "conventions": {"blocks": CONVENTION},
        "fits": {f"blocks.{grid.code}": record},
        "kept": f"memory, surgery and seam: the default calibration's ({default.provenance.get('created', 'shipped')})",
    }
    if report is not None:
        report(f"{fit.describe()}\nA = {fit.A:.4g} ± {fit.A_stderr:.2g} at p_ref = {fit.p_ref:g}, "
               f"exponent = {fit.exponent:.3g} ± {fit.exponent_stderr:.2g}")
    return replace(default, name=name, path="", provenance=provenance, blocks={**default.blocks, grid.code: fit.to_law()})
