"""Per-item facts (web_items): filters and overview agree with the findings, new items are picked up, and a case
open is audited once per login session and case."""

from __future__ import annotations

from heroes.core.finding import Finding
from heroes.export.aggregate import summarise
from heroes.export.html import human_bytes, mime_bars
from heroes.store import CaseStore, db
from heroes.web import audit, facts
from heroes.web.overview import build
from heroes.web.queries import items_page


def _paths(engine, case, **filters):
    rows, nxt = items_page(engine, case, {k: str(v) for k, v in filters.items()})
    assert nxt is None
    return sorted(r["path"] for r in rows)


def _add_items(url, kit):
    with CaseStore(url) as store:
        ev = store.evidence(store.case("case-a"), "/nonexistent/more", "directory", {})
        store.save_items(
            ev,
            [
                (
                    kit.key("ok.png"),
                    "ok.png",
                    [
                        kit.file_finding("ok.png", "image/png", mtime=1.6e9),
                        Finding("hash_match", "ok.png", {"bank": "nsrl", "known_good": True}),
                    ],
                ),
                (kit.key("clip.mp4"), "clip.mp4", [kit.file_finding("clip.mp4", "video/mp4", deleted=True)]),
                (
                    kit.key("no-file"),
                    "no-file",
                    [Finding("entity", "no-file", {"type": "email", "value": "a@b.example"})],
                ),
            ],
        )


def test_filters_follow_the_findings_and_new_items(site, kit, monkeypatch):
    monkeypatch.setattr(facts, "CHECK_EVERY", 0.0)
    engine = db.make_engine(site["url"])
    a = site["case_a"]
    try:
        assert _paths(engine, a) == ["../../etc/passwd", "notes.txt", "photos/red.jpg"]
        assert _paths(engine, a, type="image/") == ["../../etc/passwd", "photos/red.jpg"]
        assert _paths(engine, a, type="image/jpeg", deleted=1) == []
        assert _paths(engine, a, deleted=1) == _paths(engine, a, mismatch=1) == ["notes.txt"]
        assert _paths(engine, a, type="video/") == _paths(engine, a, known_good=1) == []
        assert _paths(engine, site["case_b"]) == ["photos/red.jpg"]
        _add_items(site["url"], kit)  # a scan adds items after the first visit
        assert _paths(engine, a, known_good=1) == ["ok.png"]
        assert _paths(engine, a, type="video/", deleted=1) == ["clip.mp4"]
        assert _paths(engine, a, type="image/") == ["../../etc/passwd", "ok.png", "photos/red.jpg"]
        assert facts.facts_for(engine).fill() == 0  # every item has its row, items without a file record too
    finally:
        engine.dispose()


def test_overview_matches_the_one_pass_summary(site, kit):
    _add_items(site["url"], kit)
    engine = db.make_engine(site["url"])
    a = site["case_a"]
    try:
        with CaseStore(site["url"]) as store:
            made = build(store, engine, a)
            full = summarise(store.records(a))
            assert made["counts"] == store.counts(a) == dict(sorted(full.kinds.items()))
        assert (made["files"], made["deleted"], made["bytes"]) == (full.files, full.deleted, human_bytes(full.bytes))
        assert sorted(made["types"], key=lambda t: t["mime"]) == sorted(mime_bars(full), key=lambda t: t["mime"])
        assert [(m["month"], m["count"]) for m in made["months"]] == [("2020-09", 1), ("2023-11", 4)]
    finally:
        engine.dispose()


def test_case_open_is_logged_once_per_session_and_case(client_for, site):
    a, b = site["case_a"], site["case_b"]
    c = client_for("inv1")
    for path in (f"/cases/{a}", f"/cases/{a}", f"/api/cases/{a}/items", f"/cases/{a}/items?deleted=true"):
        assert c.get(path).status_code == 200
    assert c.get(f"/cases/{b}").status_code == 404  # not assigned: no open, nothing logged
    client_for("inv1").get(f"/api/cases/{a}")  # a second login is a second session
    engine = db.make_engine(site["url"])
    try:
        opens = [e for e in audit.entries(engine) if e["action"] == "case_open"]
        assert len(opens) == 2 and {e["target"] for e in opens} == {f"case:{a}"}
        assert [e["detail"]["via"] for e in reversed(opens)] == ["page", "api"]
        assert len({e["detail"]["session"] for e in opens}) == 2
        assert c.app.state.web.audit.verify().problems == []
    finally:
        engine.dispose()
