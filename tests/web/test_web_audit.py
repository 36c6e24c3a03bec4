"""The audit trail: what is logged, and `verify` catching an edited, removed or reordered entry."""

from __future__ import annotations

from sqlalchemy import text
from typer.testing import CliRunner

from heroes.cli.audit import app as audit_app
from heroes.cli.users import app as users_app
from heroes.store import db
from heroes.web import audit


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


def test_logins_opens_reveals_and_exports_are_chained(client_for, site, kit):
    _activity(client_for, site, kit)
    engine = db.make_engine(site["url"])
    actions = [e["action"] for e in reversed(audit.entries(engine))]
    assert actions == ["login", "case_open", "media_reveal", "export", "login_failed"]
    assert audit.verify(engine) == []
    engine.dispose()


def _tampered(site, sql):
    engine = db.make_engine(site["url"])
    with engine.begin() as conn:
        conn.execute(text(sql))
    problems = audit.verify(engine)
    engine.dispose()
    return problems


def test_edited_entry_is_detected(client_for, site, kit):
    _activity(client_for, site, kit)
    problems = _tampered(site, "UPDATE web_audit SET actor = 'someone-else' WHERE seq = 3")
    assert problems == ["entry 3: contents do not match its hash (edited)"]


def test_removed_entry_is_detected(client_for, site, kit):
    _activity(client_for, site, kit)
    problems = _tampered(site, "DELETE FROM web_audit WHERE seq = 3")
    assert any("entry 4: expected seq 3" in p for p in problems)
    assert any("entry 4: does not link" in p for p in problems)


def test_reordered_entries_are_detected(client_for, site, kit):
    _activity(client_for, site, kit)
    _tampered(site, "UPDATE web_audit SET seq = -3 WHERE seq = 3")
    _tampered(site, "UPDATE web_audit SET seq = 3 WHERE seq = 2")
    problems = _tampered(site, "UPDATE web_audit SET seq = 2 WHERE seq = -3")
    assert problems and all("link" in p or "edited" in p for p in problems)


def test_cli_add_assign_and_verify(site):
    runner = CliRunner()
    r = runner.invoke(
        users_app,
        ["add", "newbie", "--role", "reviewer", "--password-stdin", "--db", site["url"]],
        input="a long enough password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        users_app, ["add", "weak", "--role", "reviewer", "--password-stdin", "--db", site["url"]], input="short\n"
    )
    assert r.exit_code == 2
    r = runner.invoke(
        users_app,
        ["add", "x", "--role", "king", "--password-stdin", "--db", site["url"]],
        input="a long enough password\n",
    )
    assert r.exit_code == 2
    assert runner.invoke(users_app, ["assign", "newbie", "case-a", "--db", site["url"]]).exit_code == 0
    listed = runner.invoke(users_app, ["list", "--db", site["url"]]).output
    assert "newbie\treviewer\tactive\tcase-a" in listed
    ok = runner.invoke(audit_app, ["verify", "--db", site["url"]])
    assert ok.exit_code == 0 and "2 entries" in ok.output
    _tampered(site, 'UPDATE web_audit SET detail = \'{"role":"admin"}\' WHERE seq = 1')
    bad = runner.invoke(audit_app, ["verify", "--db", site["url"]])
    assert bad.exit_code == 1 and "edited" in bad.output
