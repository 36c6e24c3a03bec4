"""The session/headers ASGI middleware: the same cookie and security headers the BaseHTTPMiddleware version sent."""

from __future__ import annotations

from fastapi.testclient import TestClient

from heroes.web.app import create_app


def _check_headers(r, cached: bool = False):
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer" and r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert (r.headers.get("cache-control") == "no-store") is not cached


def test_headers_on_pages_errors_redirects_and_static(client_for, site):
    c = client_for("inv1")
    _check_headers(c.get("/cases"))
    _check_headers(c.get(f"/cases/{site['case_b']}"))  # 404 from an exception handler
    _check_headers(client_for().get("/cases", follow_redirects=False))  # login redirect
    _check_headers(c.get("/static/app.css"), cached=True)


def test_cookie_only_when_new_or_changed(client_for):
    c = client_for()
    first = c.get("/login")
    assert "heroes_session=" in first.headers["set-cookie"]  # a new visitor gets a session (CSRF token)
    assert "set-cookie" not in c.get("/login").headers  # unchanged session: no cookie resent
    forged = client_for().get("/login", headers={"cookie": "heroes_session=forged.value.here"})
    assert "heroes_session=" in forged.headers["set-cookie"]  # a bad signature is a new visitor


def test_secure_flag(site):
    with TestClient(create_app(site["url"], secret="s", secure_cookies=True)) as c:  # lifespan closes the app
        assert "secure" in c.get("/login").headers["set-cookie"].lower()
    with TestClient(create_app(site["url"], secret="s"), base_url="https://testserver") as c:
        assert "secure" in c.get("/login").headers["set-cookie"].lower()
    with TestClient(create_app(site["url"], secret="s")) as c:
        assert "secure" not in c.get("/login").headers["set-cookie"].lower()


def test_login_works_with_a_cookie_from_before_a_restart(site, kit):
    with TestClient(create_app(site["url"], secret="old secret")) as old:
        old.get("/login")
        stale = old.cookies["heroes_session"]
    with TestClient(create_app(site["url"], secret="new secret")) as c:
        c.cookies.set("heroes_session", stale, domain="testserver.local")
        assert kit.login(c, "inv1").status_code == 303
