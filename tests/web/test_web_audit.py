"""The audit trail: what is logged, the key and checkpoints outside the database, the /audit page's incremental
check, and entries from before the key. (The six ways to tamper with it are in test_web_probe.)"""

from __future__ import annotations

import json
import os
import stat

import pytest
from sqlalchemy import text

from heroes.store import db
from heroes.web import audit
from heroes.web.app import Settings, create_app
from heroes.web.audit_anchor import AuditKey, AuditKeyError, Checkpoint, default_paths


def _activity(client_for, site, kit):
    c = client_for("inv1")
    a = site["case_a"]
    c.get(f"/cases/{a}")
    token = kit.csrf_of(c.get("/cases").text)
    fid = c.get(f"/api/cases/{a}/findings").json()["findings"][0]["id"]
    r = c.post(f"/cases/{a}/media/{fid}/reveal", data={"csrf": token})
    assert r.status_code == 200
    view = c.get(f"/cases/{a}/media/{fid}/view", params={"t": r.text.split("t=")[1].split('"')[0]})
    assert view.status_code == 200 and view.headers["content-type"] == "image/jpeg"
    assert c.get(f"/cases/{a}/media/{fid}/view", params={"t": "forged"}).status_code == 403
    assert c.post(f"/cases/{a}/export/report", data={"csrf": token}).status_code == 200
    kit.login(client_for(), "inv1", "wrong password!")
    return c


def test_logins_opens_reveals_and_exports_are_chained(client_for, site, kit):
    c = _activity(client_for, site, kit)
    engine = c.app.state.web.engine
    actions = [e["action"] for e in reversed(audit.entries(engine))]
    assert actions == ["login", "case_open", "media_reveal", "export", "login_failed"]
    assert c.app.state.web.audit.verify().problems == []


def test_each_entry_is_keyed_and_checkpointed_outside_the_database(client_for, site, kit):
    c = _activity(client_for, site, kit)
    log = c.app.state.web.audit
    key_path, checkpoints_path = default_paths(site["url"])
    assert log.key.path == key_path and stat.S_IMODE(key_path.stat().st_mode) == 0o600
    rows = audit.entries(log.engine)
    assert all(r["mac"] and r["key_id"] == log.key.id for r in rows)
    assert log.key.secret.hex() not in json.dumps(rows, default=str)  # the key is not in the database
    lines = checkpoints_path.read_text().splitlines()
    points = [Checkpoint.parse(line) for line in lines]
    assert [p.seq for p in points] == [1, 2, 3, 4, 5] and all(p.valid(log.key) for p in points)
    assert points[-1].hash == rows[0]["hash"]


def test_the_key_is_refused_when_others_can_read_it_missing_or_another_logs(client_for, site, kit, tmp_path):
    _activity(client_for, site, kit)
    key_path, _ = default_paths(site["url"])
    os.chmod(key_path, 0o644)
    with pytest.raises(AuditKeyError, match="chmod 600"):
        create_app(site["url"], secret="s")
    os.chmod(key_path, 0o600)
    other = AuditKey.create(tmp_path / "other.key").path
    with pytest.raises(AuditKeyError, match="not the key this database's audit log is signed with"):
        create_app(site["url"], secret="s", settings=Settings(audit_key=other))
    key_path.rename(tmp_path / "moved.key")
    with pytest.raises(AuditKeyError, match="is missing"):
        create_app(site["url"], secret="s")  # never a fresh key over a signed log


def _append(log, n: int) -> None:
    for i in range(n):
        log.append("cli", "case_assign", f"user:u{i}", case="case-a")


def test_the_audit_page_checks_what_is_new_and_what_it_shows(client_for, site):
    admin = client_for("admin1")
    log = admin.app.state.web.audit
    _append(log, 150)
    assert "Chain verified" in admin.get("/audit").text
    engine = db.make_engine(site["url"])
    with engine.begin() as conn:  # an old entry, checked before and not on the page: left to the full check
        conn.execute(text("UPDATE web_audit SET actor = 'x' WHERE seq = 1"))
    assert "Chain verified" in admin.get("/audit").text
    assert "entry 1: contents do not match its hash (edited)" in log.verify().problems
    with engine.begin() as conn:  # an entry on the page
        conn.execute(text("UPDATE web_audit SET target = 'user:nobody' WHERE seq = 140"))
    assert "entry 140: contents do not match its hash" in admin.get("/audit").text
    with engine.begin() as conn:  # the newest entries removed
        conn.execute(text("UPDATE web_audit SET target = 'user:u138' WHERE seq = 140"))
        conn.execute(text("DELETE FROM web_audit WHERE seq > 145"))
    page = admin.get("/audit").text
    assert "The chain is broken" in page and "entries 146 to 151 are missing" in page
    engine.dispose()


def test_entries_from_before_the_key_are_vouched_for_by_the_first_keyed_one(client_for, site):
    engine = db.make_engine(site["url"])
    prev = audit.GENESIS
    with engine.begin() as conn:  # three entries as the unkeyed chain of the previous release wrote them
        for seq in (1, 2, 3):
            at, detail = f"2026-01-0{seq}T00:00:00.000000+00:00", {"n": seq}
            digest = audit.entry_hash(prev, seq, at, "cli", "user_add", f"user:old{seq}", detail)
            conn.execute(
                text(
                    "INSERT INTO web_audit (seq, at, actor, action, target, detail, prev_hash, hash) "
                    "VALUES (:s, :a, 'cli', 'user_add', :t, :d, :p, :h)"
                ),
                {"s": seq, "a": at, "t": f"user:old{seq}", "d": json.dumps(detail), "p": prev, "h": digest},
            )
            prev = digest
    log = client_for().app.state.web.audit
    _append(log, 2)
    report = log.verify()
    assert report.problems == [] and report.entries == 5 and report.unkeyed == 3
    with engine.begin() as conn:  # rewriting an old entry, even with its hash recomputed, breaks the keyed link
        digest = audit.entry_hash(audit.GENESIS, 1, "2026-01-01T00:00:00.000000+00:00", "cli", "user_add", "x", {})
        conn.execute(text("UPDATE web_audit SET target = 'x', detail = '{}', hash = :h WHERE seq = 1"), {"h": digest})
    assert any("entry 2: does not link" in p for p in log.verify().problems)
    with engine.begin() as conn:  # nor can keyed entries be passed off as old ones
        conn.execute(text("UPDATE web_audit SET mac = NULL, key_id = NULL WHERE seq = 5"))
    assert any("entry 5: has no MAC after keyed entries" in p for p in log.verify().problems)
    engine.dispose()
