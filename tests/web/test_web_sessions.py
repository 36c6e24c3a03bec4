"""Server-side sessions: a random id in the cookie, a row per login, ended by logout and account changes, idle
and absolute timeouts, a new id at each login, and screening state bound to the screener's session."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from heroes.store import db
from heroes.web import accounts
from heroes.web.app import Settings, create_app
from heroes.web.sessions import key_of


def _rows(site, sql: str = "SELECT key, user_id, address, user_agent FROM web_sessions"):
    engine = db.make_engine(site["url"])
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    return rows


def _sql(site, sql: str, **params) -> None:
    engine = db.make_engine(site["url"])
    with engine.begin() as conn:
        conn.execute(text(sql), params)
    engine.dispose()
    accounts.changed()  # as after the memory's 2 s: the server reads the table again


def test_the_cookie_holds_only_a_random_id(client_for, site):
    c = client_for("inv1")
    cookie = c.cookies["heroes_session"]
    assert re.fullmatch(r"s\.[A-Za-z0-9_-]{43}", cookie)
    [(key, uid, address, agent)] = _rows(site)
    assert key == key_of(cookie) and cookie not in key  # the table has a hash of the id, never the id
    assert uid == c.app.state.web.access.user(c.app.state.web.engine, uid).id and address == "testclient"
    assert agent.startswith("python-httpx") or agent == "testclient"


def test_logout_ends_the_session_row(client_for, site, kit):
    c = client_for("inv1")
    token = kit.csrf_of(c.get("/cases").text)
    c.post("/logout", data={"csrf": token})
    assert _rows(site) == []
    assert re.fullmatch(r"a\.[A-Za-z0-9_-]{43}", c.cookies["heroes_session"])  # a visitor again


def test_each_login_gets_a_new_id(client_for, site, kit):
    c = client_for()
    c.get("/login")
    planted = "s." + "A" * 43  # an id chosen by someone else is never adopted
    c.cookies.set("heroes_session", planted, domain="testserver.local")
    assert kit.login(c, "inv1").status_code == 303
    first = c.cookies["heroes_session"]
    assert first != planted and first.startswith("s.")
    assert kit.login(c, "inv1").status_code == 303  # logging in again replaces the session
    assert c.cookies["heroes_session"] != first and len(_rows(site)) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda e: accounts.set_password(e, "inv1", "a brand new passphrase"),
        lambda e: accounts.set_role(e, "inv1", "reviewer"),
        lambda e: accounts.set_active(e, "inv1", False),
        lambda e: accounts.remove(e, "inv1"),
    ],
    ids=["passwd", "role", "disable", "remove"],
)
def test_account_changes_end_sessions(client_for, site, change):
    c = client_for("inv1")
    other = client_for("rev1")
    change(c.app.state.web.engine)
    assert c.get("/api/cases").status_code == 401
    assert other.get("/api/cases").status_code == 200  # other users' sessions are untouched


def test_idle_and_absolute_timeouts(site, kit):
    app = create_app(site["url"], secret="s", settings=Settings(idle_timeout=600, session_lifetime=3600))
    with TestClient(app) as c:
        assert kit.login(c, "inv1").status_code == 303
        assert c.get("/api/cases").status_code == 200
        _sql(site, "UPDATE web_sessions SET last_seen = last_seen - 300")
        assert c.get("/api/cases").status_code == 200  # 5 min idle: still on, and seen again now
        [(seen,)] = _rows(site, "SELECT last_seen - created FROM web_sessions")
        assert seen > 0  # last_seen was written again (at most every minute)
        _sql(site, "UPDATE web_sessions SET last_seen = last_seen - 601")
        assert c.get("/api/cases").status_code == 401  # 10 min idle: over
        assert kit.login(c, "inv1").status_code == 303
        _sql(site, "UPDATE web_sessions SET created = created - 3601")
        assert c.get("/api/cases").status_code == 401  # busy all along, but an hour after login


def test_defaults_are_30_minutes_idle_and_12_hours(client_for):
    sessions = client_for().app.state.web.sessions
    assert (sessions.idle, sessions.lifetime) == (1800, 12 * 3600)


def _start_screening(c, kit) -> tuple[str, str]:
    token = kit.csrf_of(c.get("/screening").text)
    page = c.post(
        "/screening/start",
        data={"csrf": token, "sector": "labour_inspection", "age_group": "adult", "purpose": "labour", "lang": "en"},
    )
    state = re.search(r'name="state" value="([^"]+)"', page.text).group(1)
    question = re.search(r'name="question" value="([^"]+)"', page.text).group(1)
    return state, question


def test_screening_state_is_bound_to_its_session(client_for, kit):
    mine = client_for("resp1")
    state, question = _start_screening(mine, kit)
    thief = client_for("inv1")  # another screener
    token = kit.csrf_of(thief.get("/screening").text)
    r = thief.post("/screening/answer", data={"csrf": token, "state": state, "question": question, "value": "yes"})
    assert r.status_code == 400 and "another session" in r.text
    again = client_for("resp1")  # the same user in another login session
    token = kit.csrf_of(again.get("/screening").text)
    r = again.post("/screening/form", data={"csrf": token, "state": state})
    assert r.status_code == 400
    token = kit.csrf_of(mine.get("/screening").text)
    r = mine.post("/screening/answer", data={"csrf": token, "state": state, "question": question, "value": "yes"})
    assert r.status_code == 200
