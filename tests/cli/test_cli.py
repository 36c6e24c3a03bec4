"""The command line as an examiner uses it: clear errors, the report path on stdout, analysers listed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from heroes.cli.main import app

runner = CliRunner()


def test_triage_prints_the_report_path(tmp_path):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "hello.txt").write_text("write to someone@example.org\n")
    result = runner.invoke(app, ["triage", str(evidence), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = Path(result.stdout.strip().splitlines()[-1])
    assert report == tmp_path / "out" / "report.html" and report.is_file()


def test_missing_evidence_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["triage", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "evidence not found" in result.output


def test_analysers_list_shows_every_analyser():
    result = runner.invoke(app, ["analysers", "list"])
    assert result.exit_code == 0
    for name in ("filetype", "exif", "documents", "entities"):
        assert name in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("heroes ")


def test_triage_with_the_demo_image_classifier(tmp_path):
    from PIL import Image

    from heroes.classify import runner as classify_runner

    evidence = tmp_path / "evidence"
    evidence.mkdir()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(evidence / "red.jpg")
    model = classify_runner.DEMO_MODEL
    result = runner.invoke(
        app, ["triage", str(evidence), "--out", str(tmp_path / "out"), "--workers", "1", "--classifier", str(model)]
    )
    assert result.exit_code == 0, result.output
    jsonl = (tmp_path / "out" / "findings.jsonl").read_text("utf-8")
    assert '"kind":"classification"' in jsonl.replace(" ", "")


def test_a_bad_classifier_stops_before_the_scan(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    result = runner.invoke(app, ["triage", str(evidence), "--out", str(tmp_path / "out"), "--classifier", str(bad)])
    assert result.exit_code == 2 and "error" in result.output
    assert not (tmp_path / "out" / "findings.jsonl").exists()
