"""Per-item facts (web_items): written with each item, so the dashboard's filters and overview agree with the
findings at once; an older database gets its missing rows when the dashboard starts; nothing is written on a read;
and a case open is audited once per login session and case."""

from __future__ import annotations

from sqlalchemy import delete, event, func, select

from heroes.core.finding import Finding
from heroes.export.aggregate import summarise
from heroes.export.html import human_bytes, mime_bars
from heroes.store import CaseStore, db
from heroes.store.models import Item, ItemFacts
from heroes.web import audit
from heroes.web.app import create_app
from heroes.web.overview import build


def _paths(store, case, **filters):
    rows, nxt = store.items_page(case, {k: str(v) for k, v in filters.items()})
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


def _rows(url):
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(Item)), conn.scalar(
                select(func.count()).select_from(ItemFacts)
            )
    finally:
        engine.dispose()


def test_facts_are_written_with_the_items(site, kit):
    a = site["case_a"]
    with CaseStore(site["url"]) as store:
        assert _paths(store, a) == ["../../etc/passwd", "notes.txt", "photos/red.jpg"]
        assert _paths(store, a, type="image/") == ["../../etc/passwd", "photos/red.jpg"]
        assert _paths(store, a, type="image/jpeg", deleted=1) == []
        assert _paths(store, a, deleted=1) == _paths(store, a, mismatch=1) == ["notes.txt"]
        assert _paths(store, a, type="video/") == _paths(store, a, known_good=1) == []
        assert _paths(store, site["case_b"]) == ["photos/red.jpg"]
        _add_items(site["url"], kit)  # a scan adds items while the store is open: visible at once
        assert _paths(store, a, known_good=1) == ["ok.png"]
        assert _paths(store, a, type="video/", deleted=1) == ["clip.mp4"]
        assert _paths(store, a, type="image/") == ["../../etc/passwd", "ok.png", "photos/red.jpg"]
        assert store.fill_facts() == 0  # every item has its row, items without a file record too
    items, facts = _rows(site["url"])
    assert items == facts


def test_an_older_database_is_filled_when_the_dashboard_starts(site):
    engine = db.make_engine(site["url"])
    with db.writer(engine).begin() as conn:  # as a version that did not write facts with items left it
        conn.execute(delete(ItemFacts))
    engine.dispose()
    assert _rows(site["url"])[1] == 0
    app = create_app(site["url"], secret="test-secret")
    try:
        assert _rows(site["url"])[0] == _rows(site["url"])[1] > 0
    finally:
        app.state.web.store.close()
        app.state.web.engine.dispose()


def test_reading_a_case_writes_nothing(site, kit, client_for):
    """Not even while a scan adds items: their facts came with them."""
    client = client_for("inv1")
    a = site["case_a"]
    writes: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK")):
            writes.append(statement)

    client.get(f"/cases/{a}")  # the first open of a case is audited (a write); the reads after it write nothing
    _add_items(site["url"], kit)
    for target in (client.app.state.web.engine, client.app.state.web.store._engine):
        event.listen(target, "before_cursor_execute", record)
    pages = (f"/cases/{a}", f"/api/cases/{a}/items?mismatch=true", f"/cases/{a}/findings", f"/cases/{a}/timeline")
    for path in pages:
        assert client.get(path).status_code == 200
    assert writes == []
    assert "clip.mp4" in client.get(f"/api/cases/{a}/items?deleted=true").text


def test_overview_matches_the_one_pass_summary(site, kit):
    _add_items(site["url"], kit)
    a = site["case_a"]
    with CaseStore(site["url"]) as store:
        made = build(store, a)
        full = summarise(store.records(a))
        assert made["counts"] == store.counts(a) == dict(sorted(full.kinds.items()))
    assert (made["files"], made["deleted"], made["bytes"]) == (full.files, full.deleted, human_bytes(full.bytes))
    assert sorted(made["types"], key=lambda t: t["mime"]) == sorted(mime_bars(full), key=lambda t: t["mime"])
    assert [(m["month"], m["count"]) for m in made["months"]] == [("2020-09", 1), ("2023-11", 4)]


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
