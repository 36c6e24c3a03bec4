from __future__ import annotations

import json

from heroes.export.jsonl import clean, clean_str, write_jsonl


def test_one_object_a_line_kind_and_path_first(samples, tmp_path, records):
    out = tmp_path / "findings.jsonl"
    assert write_jsonl(iter(records), out) == len(records)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(records)
    first = json.loads(lines[0])
    assert list(first)[:2] == ["kind", "path"]
    assert list(first)[2:] == sorted(list(first)[2:])
    assert first["path"] == samples.SCRIPT_NAME
    assert [json.loads(line)["kind"] for line in lines] == [r["kind"] for r in records]


def test_surrogate_file_name_is_escaped_not_fatal(tmp_path, records):
    out = tmp_path / "findings.jsonl"
    write_jsonl(records, out)
    raw = out.read_bytes()
    raw.decode("utf-8")  # strictly valid UTF-8
    paths = [json.loads(line)["path"] for line in raw.decode("utf-8").splitlines()]
    assert "/photos/caf\\xe9.jpg" in paths  # the original byte, visible


def test_non_ascii_kept_readable(tmp_path):
    out = tmp_path / "f.jsonl"
    write_jsonl([{"path": "/Bilder/Été.jpg", "kind": "file", "extra": {"k\udcff": ["v\udc80"]}}], out)
    text = out.read_text(encoding="utf-8")
    assert "Été" in text
    assert json.loads(text) == {"kind": "file", "path": "/Bilder/Été.jpg", "extra": {"k\\xff": ["v\\x80"]}}


def test_clean_str(samples):
    assert clean_str("plain") == "plain"
    assert clean_str(samples.SURROGATE_NAME) == "/photos/caf\\xe9.jpg"
    assert clean_str("x\ud800y") == "x\\ud800y"  # a surrogate that is not an escaped byte
    assert clean((1, None, "a\udcff")) == [1, None, "a\\xff"]
