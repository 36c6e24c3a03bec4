"""`heroes users`: the account lifecycle from the command line, each change audited, sessions listed and revoked."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from heroes.cli.users import app as users_app
from heroes.store import CaseStore, db
from heroes.web import accounts, audit
from heroes.web.sessions import SessionStore

PASSWORD = "a long enough password"


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'case.sqlite'}"
    with CaseStore(url) as store:
        store.case("case-a")
    return url


def run(url: str, *args: str, stdin: str | None = None):
    return CliRunner().invoke(users_app, [*args, "--db", url], input=stdin)


def _actions(url: str) -> list[tuple[str, str]]:
    engine = db.make_engine(url)
    try:
        return [(e["action"], e["target"]) for e in reversed(audit.entries(engine))]
    finally:
        engine.dispose()


def _login(url: str, name: str) -> SessionStore:
    engine = db.make_engine(url)
    store = SessionStore(engine, "secret")
    user = accounts.authenticate(engine, name, PASSWORD)
    assert user is not None
    store.start(user.id, "127.0.0.1", "Firefox")
    return store


def test_lifecycle_is_audited(url):
    assert run(url, "add", "alice", "--role", "investigator", "--password-stdin", stdin=PASSWORD + "\n").exit_code == 0
    assert run(url, "assign", "alice", "case-a").exit_code == 0
    assert run(url, "disable", "alice").exit_code == 0
    assert "alice\tinvestigator\tdisabled\tcase-a" in run(url, "list").output
    assert run(url, "enable", "alice").exit_code == 0
    r = run(url, "passwd", "alice", "--password-stdin", stdin="another good passphrase\n")
    assert r.exit_code == 0, r.output
    assert run(url, "role", "alice", "reviewer").exit_code == 0
    assert "alice\treviewer\tactive\tcase-a" in run(url, "list").output
    assert run(url, "remove", "alice", "--yes").exit_code == 0
    assert "alice" not in run(url, "list").output
    assert _actions(url) == [
        ("user_add", "user:alice"),
        ("case_assign", "user:alice"),
        ("user_disable", "user:alice"),
        ("user_enable", "user:alice"),
        ("user_passwd", "user:alice"),
        ("user_role", "user:alice"),
        ("user_remove", "user:alice"),
    ]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "bob", "--role", "reviewer", "--password-stdin"], "aaaaaaaaaaaa\n", "repeats"),
        (["add", "bob", "--role", "reviewer", "--password-stdin"], "123456789012\n", "sequence"),
        (["add", "bob", "--role", "reviewer", "--password-stdin"], "short\n", "at least 12"),
        (["add", "bob", "--role", "king", "--password-stdin"], PASSWORD + "\n", "role must be one of"),
        (["passwd", "nobody", "--password-stdin"], PASSWORD + "\n", "no user 'nobody'"),
        (["role", "nobody", "reviewer"], None, "no user 'nobody'"),
        (["disable", "nobody"], None, "no user 'nobody'"),
        (["remove", "nobody", "--yes"], None, "no user 'nobody'"),
    ],
)
def test_refusals_are_one_line_and_exit_2(url, args, stdin, message):
    r = run(url, *args, stdin=stdin)
    assert r.exit_code == 2 and r.output.strip().startswith("error: ") and message in r.output
    assert len(r.output.strip().splitlines()) == 1
    assert _actions(url) == []  # a refused change is not logged as done


def test_sessions_are_listed_and_revoked(url):
    run(url, "add", "alice", "--role", "investigator", "--password-stdin", stdin=PASSWORD + "\n")
    assert "alice has no sessions" in run(url, "sessions", "alice").output
    first, second = _login(url, "alice"), _login(url, "alice")
    lines = run(url, "sessions", "alice").output.splitlines()
    assert len(lines) == 2 and all("127.0.0.1\tFirefox" in line for line in lines)
    short = lines[0].split("\t")[0]
    assert run(url, "sessions", "alice", "--revoke", short).output.strip() == "ended 1 session(s) of alice"
    assert len(run(url, "sessions", "alice").output.splitlines()) == 1
    assert run(url, "sessions", "alice", "--revoke", "all").output.strip() == "ended 1 session(s) of alice"
    assert run(url, "sessions", "alice", "--revoke", "zz").exit_code == 2
    assert ("session_revoke", "user:alice") in _actions(url)
    for store in (first, second):
        store.engine.dispose()


def test_disable_ends_sessions(url):
    run(url, "add", "alice", "--role", "investigator", "--password-stdin", stdin=PASSWORD + "\n")
    store = _login(url, "alice")
    assert run(url, "disable", "alice").exit_code == 0
    assert run(url, "sessions", "alice").output.strip() == "alice has no sessions"
    store.engine.dispose()
