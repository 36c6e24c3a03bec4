"""`heroes demo`: the newcomer's first command builds benign evidence and a full case from it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from heroes.cli.main import app
from heroes.demo.generate import DELETED_NAME


def test_demo_builds_a_case_with_every_kind_of_finding(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "demo"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = Path(result.stdout.strip().splitlines()[-1])
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
