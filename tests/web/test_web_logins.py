"""Login abuse: a lockout per account with growing delays, a per-address limit far above it (counting the client a
trusted proxy names), refused logins aggregated in the audit log, and bounded memory."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heroes.web import audit
from heroes.web.app import Settings, create_app
from heroes.web.lockout import LoginGuard, RefusalLog


def test_account_lockout_grows_and_ends():
    g = LoginGuard()
    for t in range(5):
        assert g.refused("rev1", "10.0.0.1", now=t) is None
        g.failed("rev1", "10.0.0.1", now=t)
    assert g.refused("rev1", "10.0.0.1", now=10) == ("account", 54)  # locked for one minute after the 5th
    assert g.refused("REV1", "10.0.0.2", now=10)[0] == "account"  # the account, from any address, any case
    assert g.refused("inv1", "10.0.0.1", now=10) is None  # others from the same address are not held
    delays = []
    for t in (100, 300, 600, 1200, 2500):
        g.failed("rev1", "10.0.0.1", now=t)
        delays.append(g.refused("rev1", "10.0.0.1", now=t)[1])
    assert delays == [120, 240, 480, 900, 900]  # doubling, at most 15 minutes
    assert g.refused("rev1", "10.0.0.1", now=2500 + 900) is None
    g.succeeded("rev1")
    g.failed("rev1", "10.0.0.1", now=4000)
    assert g.refused("rev1", "10.0.0.1", now=4001) is None  # a success starts the count again


def test_per_address_limit_is_far_above_the_account_lockout():
    g = LoginGuard()
    for n in range(99):
        g.failed(f"name{n}", "10.0.0.1", now=n)
    assert g.refused("someone", "10.0.0.1", now=100) is None
    g.failed("name99", "10.0.0.1", now=100)
    assert g.refused("someone", "10.0.0.1", now=101)[0] == "address"  # 100 failures in 15 minutes
    assert g.refused("someone", "10.0.0.2", now=101) is None
    assert g.refused("someone", "10.0.0.1", now=900 + 1) is None  # the oldest left the window


def test_memory_is_bounded():
    g = LoginGuard(cap=100)
    for n in range(5000):
        g.failed(f"user{n}", f"10.0.{n // 250}.{n % 250}", now=n / 100)
    assert len(g) <= 200


def test_locked_account_refused_even_with_the_right_password(client_for, kit):
    c = client_for()
    for _ in range(5):
        assert kit.login(c, "rev1", "not the password").status_code == 401
    r = kit.login(c, "rev1")
    assert r.status_code == 429 and "this account" in r.text
    assert kit.login(client_for(), "inv1").status_code == 303


def test_address_limit_counts_the_client_a_trusted_proxy_names(site, kit):
    def attempts(app, forwarded: str) -> list[int]:
        app.state.web.guard = LoginGuard(address_limit=3)
        with TestClient(app) as c:
            c.headers["X-Forwarded-For"] = forwarded
            return [kit.login(c, name, "wrong password!").status_code for name in ("a1", "a2", "a3", "a4")]

    direct = create_app(site["url"], secret="s")
    assert attempts(direct, "192.0.2.1") == [401, 401, 401, 429]  # no trusted proxy: the header is ignored
    proxied = create_app(site["url"], secret="s", settings=Settings(forwarded_allow_ips="testclient"))
    # each client behind the proxy counts apart
    assert [attempts(proxied, client) for client in ("192.0.2.1", "192.0.2.2")] == [[401, 401, 401, 429]] * 2
    engine = proxied.state.web.engine
    clients = {e["detail"].get("client") for e in audit.entries(engine, 1000) if e["action"] == "login_failed"}
    assert {"192.0.2.1", "192.0.2.2"} <= clients


def test_refused_logins_are_aggregated_in_the_audit(client_for, kit):
    c = client_for()
    web = c.app.state.web
    for _ in range(40):  # 5 wrong passwords, then 35 refusals of a locked account
        kit.login(c, "rev1", "not the password")
    rows = [e for e in audit.entries(web.engine, 1000) if e["action"] == "login_failed"]
    assert len(rows) == 1 and rows[0]["actor"] == "rev1"  # the first refusal, at once
    assert kit.login(client_for(), "inv1").status_code == 303
    web.refusals.flush()  # as when the server stops (or the window closes, or rev1 logs in)
    rows = [e for e in audit.entries(web.engine, 1000) if e["action"] == "login_failed"]
    assert len(rows) == 2 and rows[0]["detail"]["count"] == 39
    assert rows[0]["detail"]["reasons"] == {"password": 4, "account": 35}
    assert web.audit.verify().problems == []


def test_refusal_windows_close_and_are_bounded(client_for):
    log = client_for().app.state.web.audit
    refusals = RefusalLog(log, window=900, cap=10)
    for t in range(3):
        refusals.refused("rev1", "10.0.0.1", "password", now=t)
    refusals.refused("someone", "10.0.0.1", "password", now=1000)  # closes rev1's window
    details = [e["detail"] for e in audit.entries(log.engine) if e["actor"] == "rev1"]
    assert [d.get("count") for d in details] == [2, None]
    for n in range(50):
        refusals.refused(f"name{n}", "10.0.0.1", "password", now=1001)
    assert len(refusals) <= 10
