"""Triage with hash banks: known material is matched in the hash pass, known-good files are marked and skipped."""

from __future__ import annotations

import hashlib
import json

from typer.testing import CliRunner

from heroes.cli.main import app
from heroes.core.settings import Settings
from heroes.engine.runner import run_triage

runner = CliRunner()


def records(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_known_good_items_are_marked_and_skipped_and_notable_items_matched(tmp_path):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "os-file.txt").write_text("system file, mail admin@example.org\n")
    (evidence / "flagged.bin").write_bytes(b"benign stand-in for a listed file\n" * 10)
    (evidence / "note.txt").write_text("write to someone@example.org\n")
    known = hashlib.md5((evidence / "os-file.txt").read_bytes()).hexdigest()
    notable = hashlib.sha1((evidence / "flagged.bin").read_bytes()).hexdigest()
    db = f"sqlite:///{tmp_path / 'out' / 'case.sqlite'}"
    (tmp_path / "out").mkdir()
    (tmp_path / "known.txt").write_text(known + "\n")
    (tmp_path / "notable.txt").write_text(notable + "\n")
    for name, kind, path in (("nsrl", "known", "known.txt"), ("agency", "notable", "notable.txt")):
        result = runner.invoke(
            app,
            ["hashset", "import", str(tmp_path / path), "--name", name, "--format", "text", "--kind", kind, "--db", db],
        )
        assert result.exit_code == 0, result.output

    out = run_triage(str(evidence), "c", tmp_path / "out", db_url=db)
    found = records(out.jsonl)
    entity_paths = {r["path"] for r in found if r["kind"] == "entity"}
    assert "note.txt" in entity_paths and "os-file.txt" not in entity_paths
    matches = [r for r in found if r["kind"] == "hash_match"]
    assert {(r["path"], r["bank"]) for r in matches} == {("os-file.txt", "nsrl"), ("flagged.bin", "agency")}
    assert next(r for r in matches if r["bank"] == "agency")["signal"] in {"sha1", "md5", "sha256"}

    again = run_triage(
        str(evidence), "c2", tmp_path / "out2", db_url=db, settings=Settings(bank_db=db, known_good_skip=False)
    )
    assert "os-file.txt" in {r["path"] for r in records(again.jsonl) if r["kind"] == "entity"}
