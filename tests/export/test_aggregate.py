from __future__ import annotations

from heroes.export import aggregate
from heroes.export.aggregate import EntityGroup, summarise
from heroes.export.meta import read_meta


def test_summary_counts(records):
    summary = summarise(iter(records))
    assert summary.files == 4 and summary.deleted == 1 and summary.bytes == 100 + 2048 + 5000 + 100
    assert summary.kinds == {"file": 4, "entity": 3, "exif": 1, "document": 1, "mismatch": 1, "symlink": 1, "error": 1}
    assert summary.mimes == {"text/plain": 1, "image/jpeg": 1, "application/pdf": 1, "image/png": 1}
    email = summary.entities["email"]
    assert email.occurrences == 3 and list(email.values) == ["alice@example.org"]
    assert email.values["alice@example.org"][1] == ["/docs/<script>alert(1)</script>.txt @42", "/misc/holiday.txt @7"]
    assert [e.ts for e in summary.timeline()] == sorted(e.ts for e in summary.timeline())
    assert summary.gps.rows[0]["path"] == "/photos/caf\\xe9.jpg"


def test_tolerates_odd_records():
    summary = summarise(
        [
            {"kind": "event", "path": "/x"},  # an unknown kind is only counted
            {"path": "/no-kind"},
            {"kind": "file", "size": "big", "mime": None},
            {"kind": "exif", "path": "/bad-gps", "gps_lat": 123.0, "gps_lon": 5.0},
            {"kind": "exif", "path": "/no-gps", "gps_lat": None},
            {"kind": "entity", "value": None, "count": "many"},
        ]
    )
    assert summary.kinds == {"event": 1, "unknown": 1, "file": 1, "exif": 2, "entity": 1}
    assert summary.files == 1 and summary.bytes == 0 and summary.mimes == {"unknown": 1}
    assert summary.gps.total == 0
    assert summary.entities["unknown"].occurrences == 1


def test_entity_values_are_capped(monkeypatch):
    monkeypatch.setattr(aggregate, "VALUES_CAP", 3)
    group = EntityGroup()
    for i in range(5):
        group.add(f"v{i}", 1, f"/f{i}")
    group.add("v0", 4, "/g")
    assert len(group.values) == 3 and group.untracked == 2 and group.occurrences == 9
    assert group.top(2) == [("v0", 5, ["/f0", "/g"]), ("v1", 1, ["/f1"])]


def test_earliest_events_kept(monkeypatch, samples):
    monkeypatch.setattr(aggregate, "TIMELINE_CAP", 3)
    summary = summarise(samples.file_record(f"/f{i}", mtime=1000 - i) for i in range(10))
    assert summary.events == 10
    assert [e.path for e in summary.timeline()] == ["/f9", "/f8", "/f7"]


def test_meta_has_one_spelling():
    info = read_meta(
        {
            "case": "X",
            "command": "heroes triage /e.dd",
            "examiner": "J. Doe",
            "evidence": [{"path": "/e.dd"}, {"path": "/f.E01", "kind": "ewf", "hashes": {"MD5": "ab", "sha256": ""}}],
        }
    )
    assert (info.case, info.command, info.examiner) == ("X", "heroes triage /e.dd", "J. Doe")
    assert [(e.path, e.kind) for e in info.evidence] == [("/e.dd", ""), ("/f.E01", "ewf")]
    assert info.evidence[1].hashes == {"md5": "ab"}
    assert read_meta({"command": ["heroes", "a b"]}).command == "heroes 'a b'"
    assert read_meta({"case_name": "Y", "tool_version": "9"}).case == "unnamed case"  # no second spelling


def test_the_run_service_and_the_dashboard_write_the_keys_the_exporters_read():
    import ast
    import inspect

    from heroes.engine import run
    from heroes.web.routes import cases

    read = {"case", "version", "started", "finished", "command", "examiner", "evidence"}
    for module in (run, cases):
        metas = [
            node.value
            for node in ast.walk(ast.parse(inspect.getsource(module)))
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "meta" for t in node.targets)
        ]
        assert metas, module
        for meta in metas:
            assert {k.value for k in meta.keys} <= read, module
