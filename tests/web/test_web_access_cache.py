"""The short-lived access memory (heroes.web.access): removals bite at once in-process, within the TTL otherwise."""

from __future__ import annotations

import time

from sqlalchemy import delete, update

from heroes.store import db
from heroes.web import accounts
from heroes.web.models import CaseAccess, User


def test_unassign_in_process_takes_effect_at_once(client_for, site):
    a = site["case_a"]
    c = client_for("inv1")
    assert c.get(f"/cases/{a}/items").status_code == 200
    engine = db.make_engine(site["url"])
    try:
        accounts.assign(engine, "inv1", "case-a", allow=False)
        assert c.get(f"/cases/{a}/items").status_code == 404  # no grace period for a change made here
        assert c.get(f"/api/cases/{a}").status_code == 404
        accounts.assign(engine, "inv1", "case-a")
        assert c.get(f"/cases/{a}/items").status_code == 200
    finally:
        engine.dispose()


def test_change_from_another_process_is_seen_after_the_ttl(client_for, site):
    a = site["case_a"]
    c = client_for("inv1")
    c.app.state.web.access.ttl = 0.05
    assert c.get(f"/cases/{a}").status_code == 200
    engine = db.make_engine(site["url"])
    try:
        with db.writer(engine).begin() as conn:  # as `heroes users` in another process would: no generation bump
            conn.execute(delete(CaseAccess).where(CaseAccess.case_id == a))
        time.sleep(0.1)
        assert c.get(f"/cases/{a}").status_code == 404
        with db.writer(engine).begin() as conn:
            conn.execute(update(User).where(User.name == "inv1").values(active=False))
        time.sleep(0.1)
        assert c.get("/cases", follow_redirects=False).status_code == 303  # disabled: logged out
        assert c.get("/", follow_redirects=False).headers["location"] == "/login"  # home calls current_user directly
    finally:
        engine.dispose()


def test_home_uses_current_user_directly(client_for):
    assert client_for("inv1").get("/", follow_redirects=False).headers["location"] == "/cases"
    assert client_for("resp1").get("/", follow_redirects=False).headers["location"] == "/screening"
    assert client_for().get("/", follow_redirects=False).headers["location"] == "/login"
