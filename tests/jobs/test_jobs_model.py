"""Training on a small EMSCAD sample: selection, calibration, byte-identical retraining, ONNX equals scikit-learn."""

from __future__ import annotations

import json

import numpy as np
import pytest

from heroes.jobs import model as M
from heroes.jobs.features import compose, prepare
from heroes.jobs.runtime import load

from .conftest import labelled_ads

GRID = (M.Candidate(2, 30.0, max_features=3000), M.Candidate(1, 10.0, max_features=3000))


@pytest.fixture(scope="module")
def trained(emscad_sample, tmp_path_factory):
    labels = [int(r["fraudulent"]) for r in emscad_sample]
    first = M.train(emscad_sample, labels, grid=GRID, folds=3)
    out = M.save(first, tmp_path_factory.mktemp("model"), "x")
    return first, out, labels


def test_selection_reports_every_candidate(trained):
    first, _, _ = trained
    names = [r["model"] for r in first.meta["selection"]]
    assert names == [c.name for c in GRID]
    assert first.meta["model"] in names
    assert first.meta["cv"]["f1"] > 0.5  # far above chance even on 260 rows


def test_retraining_is_byte_identical(trained, emscad_sample, tmp_path):
    _, out, labels = trained
    again = M.save(M.train(emscad_sample, labels, grid=GRID, folds=3), tmp_path, "x")
    assert (again / M.MODEL_FILE).read_bytes() == (out / M.MODEL_FILE).read_bytes()
    assert (again / M.META_FILE).read_text() == (out / M.META_FILE).read_text()


def test_onnx_agrees_with_scikit_learn(trained):
    first, out, _ = trained
    texts = [a["description"] for a in labelled_ads()] + ["Información: ÁRBOL Ελληνικά job salary abroad."]
    onnx = load(out).raw(texts)
    sk = first.pipeline.predict_proba(np.array([prepare(t) for t in texts], dtype=object))[:, 1]
    np.testing.assert_allclose(onnx, sk, atol=1e-5)


def test_calibration_is_at_the_true_base_rate(trained):
    _, out, labels = trained
    meta = json.loads((out / M.META_FILE).read_text())
    y = np.array(labels)
    w = M.legit_weight(y)
    assert meta["legit_weight"] == pytest.approx(w, abs=1e-3)
    assert y.sum() / (y.sum() + w * (len(y) - y.sum())) == pytest.approx(M.BASE_RATE)


def test_platt_on_reweighted_scores_matches_the_base_rate(emscad_sample):
    # a logistic calibration with an intercept reproduces the weighted label mean: the true 4.84% fraud rate
    labels = np.array([int(r["fraudulent"]) for r in emscad_sample])
    texts = np.array([prepare(compose(r)) for r in emscad_sample], dtype=object)
    oof = M.out_of_fold(GRID[1], texts, labels, folds=3)
    weights = np.where(labels == 0, M.legit_weight(labels), 1.0)
    a, b = M.fit_platt(oof, labels, weights)
    assert a > 0
    assert np.average(M.sigmoid(a * oof + b), weights=weights) == pytest.approx(M.BASE_RATE, rel=0.05)


def test_platt_fit_recovers_a_known_curve():
    rng = np.random.default_rng(0)
    z = rng.normal(0, 2, 4000)
    y = (rng.random(4000) < M.sigmoid(1.5 * z - 1.0)).astype(int)
    a, b = M.fit_platt(z, y, np.ones_like(z))
    assert a == pytest.approx(1.5, abs=0.2) and b == pytest.approx(-1.0, abs=0.2)


def test_best_threshold_on_a_separable_case():
    f1, thr = M.best_threshold(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9]))
    assert f1 == pytest.approx(1.0) and 0.2 < thr <= 0.8


def test_retraining_is_identical_across_processes(emscad_sample, tmp_path):
    # string hashing differs between processes (PYTHONHASHSEED): the export must not depend on it
    import csv
    import os
    import subprocess
    import sys

    data = tmp_path / "sample.csv"
    with data.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(emscad_sample[0]))
        writer.writeheader()
        writer.writerows(emscad_sample)
    code = (
        "import sys; from heroes.jobs import model as M; from heroes.jobs.data import load_training; "
        "rows, y = load_training(sys.argv[1]); "
        "M.save(M.train(rows, y, grid=(M.Candidate(1, 10.0, max_features=1500),), folds=3), sys.argv[2])"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(data), str(tmp_path / seed)], env=env, check=True)
    assert (tmp_path / "1" / M.MODEL_FILE).read_bytes() == (tmp_path / "2" / M.MODEL_FILE).read_bytes()
