"""`heroes demo`: the newcomer's first command builds benign evidence and a full case from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heroes.cli.main import app
from heroes.demo.generate import DELETED_NAME


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[-1])


def test_demo_builds_a_case_with_every_kind_of_finding(demo_report):
    report = demo_report
    tmp_path = report.parents[2]
    assert report.is_file()
    records = [json.loads(line) for line in (report.parent / "findings.jsonl").read_text("utf-8").splitlines()]
    kinds = {r["kind"] for r in records}
    assert {"file", "entity", "exif", "document", "mismatch", "archive"} <= kinds
    deleted = [r for r in records if r["kind"] == "file" and r["deleted"]]
    assert any(r["path"].upper().endswith(DELETED_NAME[1:]) for r in deleted)
    assert {r["evidence"] for r in records} == {
        str(tmp_path / "demo" / "evidence"),
        str(tmp_path / "demo" / "evidence" / "usb-stick.dd"),
    }
    assert any(r["kind"] == "exif" and r.get("gps_lat") for r in records)
    html = report.read_text("utf-8")
    assert "usb-stick.dd" in html and "Timeline" in html


def test_demo_export_passes_case_validate_with_no_result(demo_report, case_validate):
    """case-utils' validator, newest CASE version it ships: conforms, and no warning or info either."""
    version, conforms, results, text = case_validate(demo_report.parent / "case.jsonld")
    assert conforms and results == 0, text
    findings_doc = (Path(__file__).resolve().parents[2] / "docs" / "findings.md").read_text("utf-8")
    assert f"CASE {version}" in findings_doc, "docs/findings.md must name the CASE version the export is checked at"
