"""Training the demo model: ONNX agrees with scikit-learn, the shipped model separates generated photos from
generated documents on a held-out set, and `heroes classifier train` reproduces the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from heroes.classify import train as tr
from heroes.classify.runner import DEMO_MODEL, Classifier
from heroes.classify.synth import LABELS
from heroes.cli.classifier import app


def _session(blob: bytes):
    import onnxruntime as ort

    return ort.InferenceSession(blob, providers=["CPUExecutionProvider"])


def test_small_sample_onnx_agrees_with_sklearn():
    x, y = tr.dataset(30, seed=7)
    model = tr.fit(x, y)
    sess = _session(tr.to_onnx(model, 7))
    hx, _ = tr.dataset(15, seed=8)
    labels, probs = sess.run(None, {"features": hx})
    assert np.abs(probs - model.predict_proba(hx.astype(np.float64))).max() < 1e-4
    assert list(labels) == list(model.predict(hx.astype(np.float64)))
    assert set(labels) == set(LABELS)  # both classes predicted, not a constant model


def test_demo_model_separates_heldout_photos_from_documents():
    hx, hy = tr.dataset(60, seed=424242)  # a seed no training run uses
    preds = Classifier(DEMO_MODEL).predict(hx)
    accuracy = float(np.mean([p.label == t for p, t in zip(preds, hy, strict=True)]))
    assert accuracy >= 0.9, accuracy


def test_train_command_reproduces_shipped_model(tmp_path):
    result = CliRunner().invoke(app, ["train", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["seed"] == tr.SEED and report["heldout_accuracy"] >= 0.9
    assert (tmp_path / "demo.labels").read_text() == (DEMO_MODEL.with_suffix(".labels")).read_text()
    hx, _ = tr.dataset(20, seed=99)
    shipped, fresh = Classifier(DEMO_MODEL).predict(hx), Classifier(tmp_path / "demo.onnx").predict(hx)
    assert [p.label for p in shipped] == [p.label for p in fresh]
    assert max(abs(a.score - b.score) for a, b in zip(shipped, fresh, strict=True)) < 1e-5
    # with the library versions recorded in the shipped model (those of the lock): the very same bytes
    if _versions(DEMO_MODEL.read_bytes()) == _versions((tmp_path / "demo.onnx").read_bytes()):
        assert (tmp_path / "demo.onnx").read_bytes() == DEMO_MODEL.read_bytes()


def _versions(blob: bytes) -> str:
    return _session(blob).get_modelmeta().custom_metadata_map["heroes.versions"]


def test_shipped_model_was_trained_with_the_locked_versions():
    """So that every install from the lock takes the byte-for-byte branch above, not the tolerance branch."""
    locked = dict(
        line.split(" \\")[0].split("==")
        for line in (Path(__file__).parents[2] / "requirements/test.lock").read_text().splitlines()
        if "==" in line and not line.startswith(("#", " "))
    )
    recorded = dict(part.rsplit(" ", 1) for part in _versions(DEMO_MODEL.read_bytes()).split(", "))
    assert recorded == {name: locked[name.lower()] for name in recorded}, "retrain: heroes classifier train --out ..."
    assert set(recorded) == {"scikit-learn", "skl2onnx", "Pillow", "numpy"}


def test_features_are_exact_and_match_their_definition():
    """Integer arithmetic gives the float definition's values (grey = .299 R + .587 G + .114 B, etc.)."""
    from PIL import Image

    from heroes.classify.features import FEATURES, SIZE, features_of

    rng = np.random.default_rng(5)
    img = Image.fromarray(rng.integers(0, 256, (SIZE, SIZE, 3), dtype=np.uint8))
    a = np.asarray(img, np.float64) / 255.0
    grey = a @ np.array([0.299, 0.587, 0.114])
    got = dict(zip(FEATURES, features_of(img).tolist(), strict=True))
    assert got["grey_mean"] == pytest.approx(grey.mean(), rel=1e-6)
    assert got["grey_std"] == pytest.approx(grey.std(), rel=1e-6)
    assert got["white"] == pytest.approx((grey > 0.92).mean(), abs=1e-9)
    assert got["flat_rows"] == pytest.approx((grey.std(axis=1) < 0.01).mean(), abs=1e-9)
    assert features_of(img).tobytes() == features_of(img.copy()).tobytes()


def test_other_seed_gives_other_model(tmp_path):
    a = tr.to_onnx(tr.fit(*tr.dataset(20, seed=1)), 1)
    b = tr.to_onnx(tr.fit(*tr.dataset(20, seed=2)), 2)
    assert a != b
