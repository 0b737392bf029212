"""`ftplanner fit` prints the fits; `ftplanner calibrate --fit-only` writes the calibration from a store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ftplanner.api import load
from ftplanner.calibration import load_calibration
from ftplanner.fit import fit_memory, fit_seam, fit_surgery
from ftplanner.sampling.tasks import Grid, link_rates, target
from tests.conftest import small_architecture

ARCH = small_architecture('fit-only', modules=2)



def test_fit_prints_a_table(run, synthetic_csv):
    result = run("fit", synthetic_csv, "--p", "0.002")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["kind", "model", "A", "threshold"]
    rows = {line.split()[0]: line for line in lines[2:5]}
    assert set(rows) == {"memory", "surgery", "seam"}
    memory = fit_memory(synthetic_csv)
    assert f"{memory.A:.4g} ± {memory.A_stderr:.2g}" in rows["memory"]
    assert f"{memory.lambda_at(0.002):.3g}" in rows["memory"]
    assert any(line.startswith("seam uniform at p=0.002: held-out p_link levels") for line in lines)


def test_fit_only_writes_the_calibration_of_the_grid(run, write_yaml, tmp_path, make_synthetic, store_of):
    """The store also holds results off the grid (another p_link, d = 9): the calibration leaves them out."""
    arch = write_yaml(ARCH)
    options = ["--distances", "3,5,7", "--p-grid", "0.5,0.75,1,1.5", "--p-link-grid", "1,2,4"]
    p_links = link_rates(target(load(arch)), Grid((3, 5, 7), (1,), (1, 2, 4)))
    on_grid = make_synthetic(p_links=p_links)
    off_grid = [s for s in make_synthetic(seed=3, p_links=(0.1,)) if s.json_metadata.get("p_link") == 0.1]
    off_grid += [replace(s, strong_id=s.strong_id[::-1], json_metadata={**s.json_metadata, "d": 9})
                 for s in on_grid[:10]]
    store, out = tmp_path / "stats.csv", tmp_path / "cal.json"
    store_of(store, on_grid + off_grid)
    result = run("calibrate", arch, "--store", store, *options, "--fit-only", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    calibration = load_calibration(str(out))
    assert calibration.memory["uniform"] == fit_memory(on_grid).to_error_law()
    assert calibration.surgery["uniform"] == fit_surgery(on_grid).to_error_law()
    assert calibration.seam_by_family["uniform"] == fit_seam(on_grid).to_error_law()
    assert "--p-link-grid 1,2,4" in calibration.provenance["made_by"] and calibration.name == "cal"


def test_fit_only_without_matching_data_is_one_line(run, synthetic_csv, write_yaml):
    result = run("calibrate", write_yaml(ARCH.replace("uniform", "si1000")), "--store", synthetic_csv, "--fit-only")
    assert result.exit_code == 2
    assert "no memory points for noise model 'si1000'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("content, message", [
    (None, "no such stats store"),
    ("not,a,store\n1,2,3\n", "not a sinter stats CSV"),
])
def test_fit_bad_store_exit_2_one_line(run, tmp_path, content, message):
    path = tmp_path / "stats.csv"
    if content is not None:
        path.write_text(content)
    result = run("fit", path)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
