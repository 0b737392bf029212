"""The sinter decoders calibration tasks name: PyMatching (surface code), BP-OSD and Relay-BP (qLDPC codes).

- pymatching: sinter's built-in PyMatching (minimum-weight perfect matching).
- bposd: belief propagation + ordered-statistics decoding (Roffe's `ldpc`, through `stimbposd`;
  Panteleev & Kalachev, Quantum 5, 585 (2021); Roffe et al., PRR 2, 043423 (2020)), with the
  settings Bravyi et al. (Nature 627, 778 (2024)) used for BB memories: min-sum BP, then
  combination-sweep OSD of order 7, with BP capped at 1000 iterations (theirs: 10^4) for speed.
- relay-bp: Relay-BP (Müller et al., arXiv:2506.01779; IBM's `relay-bp` package), with the
  parameters its README gives for the gross-code memory. The package's own sinter adapter needs
  `beliefmatching`, which pins numpy <= 2.2.6, so the adapter here builds the check matrices
  from the detector error model itself and calls `relay_bp.RelayDecoderF64` directly.

bposd and relay-bp come with the `qldpc` extra (pip install 'ftplanner[qldpc]'); asking for one
without it raises `MissingExtra` with that line.
"""

from __future__ import annotations

import numpy as np
import sinter
import stim

from ftplanner.errors import MissingExtra

BB_DECODERS = ("bposd", "relay-bp")
DECODERS = ("pymatching", *BB_DECODERS)
EXTRA = "pip install 'ftplanner[qldpc]'"
BPOSD_MAX_ITERS = 1000
BPOSD_OSD_ORDER = 7
RELAY_BP = {"gamma0": 0.1, "pre_iter": 80, "num_sets": 60, "set_max_iter": 60,
            "gamma_dist_interval": (-0.24, 0.66), "stop_nconv": 1}


def check_available(name: str) -> None:
    """ValueError for an unknown decoder; MissingExtra when its package is not installed."""
    if name not in DECODERS:
        raise ValueError(f"decoder must be one of {', '.join(DECODERS)}, got {name!r}")
    module = {"bposd": "stimbposd", "relay-bp": "relay_bp"}.get(name)
    if module is None:
        return
    try:
        __import__(module)
    except ImportError:
        raise MissingExtra(f"decoder {name} needs the qldpc extra: {EXTRA}") from None


def decoder(name: str) -> sinter.Decoder:
    """The sinter decoder object for a task's decoder name."""
    check_available(name)
    if name == "pymatching":
        return sinter.BUILT_IN_DECODERS[name]
    if name == "bposd":
        from stimbposd import SinterDecoder_BPOSD

        return SinterDecoder_BPOSD(max_bp_iters=BPOSD_MAX_ITERS, bp_method="minimum_sum", osd_order=BPOSD_OSD_ORDER,
                                   osd_method="osd_cs")
    return RelayBP()


def dem_matrices(dem: stim.DetectorErrorModel):
    """(check matrix detectors x errors, observables matrix, priors) of a detector error model, errors with the
    same detectors and observables merged (independent: p = p1 (1 - p2) + p2 (1 - p1))."""
    from scipy.sparse import csc_matrix

    merged: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = {}
    for instruction in dem.flattened():
        if instruction.type != "error":
            continue
        p = instruction.args_copy()[0]
        dets, obs = set(), set()
        for target in instruction.targets_copy():
            if target.is_relative_detector_id():
                dets ^= {target.val}
            elif target.is_logical_observable_id():
                obs ^= {target.val}
        key = (tuple(sorted(dets)), tuple(sorted(obs)))
        if key[0]:
            q = merged.get(key, 0.0)
            merged[key] = q * (1 - p) + p * (1 - q)
    keys = list(merged)

    def matrix(part: int, rows: int) -> csc_matrix:
        cols = [j for j, key in enumerate(keys) for _ in key[part]]
        entries = [i for key in keys for i in key[part]]
        return csc_matrix((np.ones(len(entries), dtype=np.uint8), (entries, cols)), shape=(rows, len(keys)))

    return matrix(0, dem.num_detectors), matrix(1, dem.num_observables), np.array([merged[k] for k in keys])


class _CompiledRelayBP(sinter.CompiledDecoder):
    def __init__(self, runner):
        self.runner = runner

    def decode_shots_bit_packed(self, *, bit_packed_detection_event_data: np.ndarray) -> np.ndarray:
        syndromes = np.unpackbits(bit_packed_detection_event_data, bitorder="little", axis=1)
        predictions = self.runner.decode_observables_batch(syndromes[:, :self.detectors], parallel=False)
        return np.packbits(np.asarray(predictions, dtype=np.uint8), axis=1, bitorder="little")


class RelayBP(sinter.Decoder):
    """Relay-BP as a sinter decoder (parameters: RELAY_BP)."""

    def compile_decoder_for_dem(self, *, dem: stim.DetectorErrorModel) -> sinter.CompiledDecoder:
        import relay_bp

        checks, observables, priors = dem_matrices(dem)
        inner = relay_bp.RelayDecoderF64(checks.tocsr(), error_priors=priors.astype(np.float64), **RELAY_BP)
        compiled = _CompiledRelayBP(relay_bp.ObservableDecoderRunner(inner, observables.tocsr(),
                                                                     include_decode_result=False))
        compiled.detectors = dem.num_detectors
        return compiled
