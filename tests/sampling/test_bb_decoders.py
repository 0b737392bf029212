"""BB memories through sinter with BP-OSD and Relay-BP (the qldpc extra), and the decoders' check matrices.

Small smoke runs (2 cycles, 200 shots): failures at p = 8e-3 (above the ~0.7 % threshold; two
cycles at 5e-3 fail about once in a thousand shots) and fewer at 2e-3 (a memory must get better
as the noise falls), for each decoder, through the same local sampler and
store as the surface code.
"""

from __future__ import annotations

import numpy as np
import pytest
import stim

from ftplanner.sampling.block_tasks import BlockGrid, tasks
from ftplanner.sampling.decoders import DECODERS, check_available, decoder, dem_matrices
from ftplanner.sampling.local import sample
from ftplanner.sampling.tasks import Target
from ftplanner.sim import NoiseModel

pytest.importorskip("stimbposd", reason="BB decoders need the qldpc extra: pip install 'ftplanner[qldpc]'")
pytest.importorskip("relay_bp", reason="BB decoders need the qldpc extra: pip install 'ftplanner[qldpc]'")


def test_dem_matrices_merge_equal_errors_and_drop_separators():
    dem = stim.DetectorErrorModel("""
        error(0.1) D0 D1 L0
        error(0.2) D1
        error(0.3) D0 D1 L0
        error(0.05) D0 ^ D1
        detector D2
    """)
    checks, observables, priors = dem_matrices(dem)
    columns = {(tuple(np.flatnonzero(checks[:, j].toarray())), tuple(np.flatnonzero(observables[:, j].toarray()))): p
               for j, p in enumerate(priors)}
    assert columns.keys() == {((0, 1), (0,)), ((1,), ()), ((0, 1), ())}
    assert columns[((0, 1), (0,))] == pytest.approx(0.1 * 0.7 + 0.3 * 0.9)  # either, not both
    assert checks.shape == (3, 3) and observables.shape == (1, 3)


@pytest.mark.parametrize("name", ["bposd", "relay-bp"])
def test_decoders_correct_a_bb_memory_and_fail_more_at_higher_p(name, tmp_path):
    grid = BlockGrid("gross", p_factors=(2.0, 8.0), rounds=2, decoder=name)
    target = Target("uniform", NoiseModel.uniform(1e-3), None)
    zs = [t for t in tasks([target], grid) if t.json_metadata["b"] == "Z"]
    stats = sample(zs, tmp_path / "stats.csv", max_shots=200, max_errors=10**6, workers=1)
    errors = {s.json_metadata["p"]: s.errors for s in stats}
    assert all(s.shots == 200 and s.decoder == name for s in stats)
    assert errors[8e-3] > 0 and errors[2e-3] < errors[8e-3]
    assert errors[8e-3] < 100  # decoding, not guessing: without correction every shot has a flipped observable


def test_decoder_names_are_checked():
    assert DECODERS == ("pymatching", "bposd", "relay-bp")
    with pytest.raises(ValueError, match="decoder must be one of"):
        check_available("mwpm")
    assert decoder("pymatching") is not None
