"""The image_classifier analyser through the engine, and `heroes classifier run`."""

from __future__ import annotations

import json

import numpy as np
from typer.testing import CliRunner

from heroes.classify.runner import DEMO_MODEL
from heroes.classify.synth import DOCUMENT, PHOTO, document, photo
from heroes.cli.classifier import app
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.process import process_item


def _write_samples(folder, n: int = 3) -> dict[str, str]:
    """Generated photo-like JPEGs and document-like PNGs: file name -> expected label."""
    rng = np.random.default_rng(31337)
    expected = {}
    for i in range(n):
        photo(rng).save(folder / f"p{i}.jpg", quality=85)
        document(rng).save(folder / f"d{i}.png")
        expected |= {f"p{i}.jpg": PHOTO, f"d{i}.png": DOCUMENT}
    return expected


def _item(path) -> Item:
    return Item(path.name, ({"t": "os", "path": str(path)},), path.stat().st_size)


def _kinds(findings, kind: str):
    return [f for f in findings if f.kind == kind]


def test_engine_emits_classification_findings(tmp_path):
    expected = _write_samples(tmp_path)
    settings = Settings(classifier=str(DEMO_MODEL))
    for name, label in expected.items():
        found = _kinds(process_item(_item(tmp_path / name), settings), "classification")
        assert len(found) == 1, name
        rec = found[0].record()
        assert rec["label"] == label and rec["model"] == "demo.onnx" and rec["analyser"] == "image_classifier"
        assert rec["labels"] == [PHOTO, DOCUMENT] and abs(sum(rec["scores"]) - 1) < 1e-4
        assert rec["score"] == max(rec["scores"]) and len(rec["model_sha256"]) == 64


def test_not_configured_or_not_an_image_gives_nothing(tmp_path):
    _write_samples(tmp_path, 1)
    assert not _kinds(process_item(_item(tmp_path / "p0.jpg"), Settings()), "classification")
    (tmp_path / "note.txt").write_text("plain text, not an image\n", encoding="utf-8")
    findings = process_item(_item(tmp_path / "note.txt"), Settings(classifier=str(DEMO_MODEL)))
    assert not _kinds(findings, "classification") and not _kinds(findings, "error")


def test_bad_model_is_reported_once_not_per_item(tmp_path):
    _write_samples(tmp_path, 2)
    bad = tmp_path / "bad_model_once.onnx"
    bad.write_bytes(b"\x00garbage")
    (tmp_path / "bad_model_once.labels").write_text("a\nb\n", encoding="utf-8")
    settings = Settings(classifier=str(bad))
    errors = []
    for name in ("p0.jpg", "d0.png", "p1.jpg", "d1.png"):
        findings = process_item(_item(tmp_path / name), settings)
        assert not _kinds(findings, "classification")
        errors += [f for f in _kinds(findings, "error") if f.analyser == "image_classifier"]
    assert len(errors) == 1
    assert "bad_model_once.onnx is not a usable ONNX model" in errors[0].data["reason"]


def test_damaged_image_is_an_error_finding(tmp_path):
    good = tmp_path / "x.png"
    photo(np.random.default_rng(1)).save(good)
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[:200])
    findings = process_item(_item(cut), Settings(classifier=str(DEMO_MODEL)))
    assert any(
        f.analyser == "image_classifier" and "cannot be decoded" in f.data["reason"] for f in _kinds(findings, "error")
    )


def test_cli_run_folder_json_and_bad_model(tmp_path):
    expected = _write_samples(tmp_path, 2)
    result = CliRunner().invoke(app, ["run", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {rec["path"].rsplit("/", 1)[-1]: rec["label"] for rec in lines} == expected
    text = CliRunner().invoke(app, ["run", str(tmp_path / "p0.jpg")])
    assert text.exit_code == 0 and f": {PHOTO} (" in text.output
    (tmp_path / "cli_bad.onnx").write_bytes(b"nope")
    bad = CliRunner().invoke(
        app,
        [
            "run",
            str(tmp_path),
            "--model",
            str(tmp_path / "cli_bad.onnx"),
            "--labels",
            str(DEMO_MODEL.with_suffix(".labels")),
        ],
    )
    assert bad.exit_code == 2 and "not a usable ONNX model" in bad.output
