"""Login, sessions, CSRF and the login rate limit."""

from __future__ import annotations


def test_login_sets_hardened_cookie_and_logout_ends_session(client_for, kit):
    c = client_for()
    r = kit.login(c, "inv1")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert c.get("/cases").status_code == 200
    token = kit.csrf_of(c.get("/cases").text)
    assert c.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert c.get("/cases", follow_redirects=False).headers["location"] == "/login"


def test_wrong_password_is_refused(client_for, kit):
    c = client_for()
    r = kit.login(c, "inv1", "wrong password!")
    assert r.status_code == 401
    assert "Wrong user name or password" in r.text
    assert kit.login(c, "nobody", kit.PASSWORD).status_code == 401


def test_login_is_rate_limited(client_for, kit):
    c = client_for()
    for _ in range(5):
        assert kit.login(c, "rev1", "not the password").status_code == 401
    assert kit.login(c, "rev1").status_code == 429  # even the right password, until the window passes


def test_login_without_csrf_is_refused(client_for, kit):
    c = client_for()
    c.get("/login")
    r = c.post("/login", data={"username": "inv1", "password": kit.PASSWORD})
    assert r.status_code == 403


def test_forms_need_the_session_token(client_for, site, kit):
    c = client_for("inv1")
    case = site["case_a"]
    assert c.post(f"/cases/{case}/export/jsonl", data={"csrf": "forged"}).status_code == 403
    assert c.post(f"/cases/{case}/media/1/reveal", data={}).status_code == 403
    assert c.post("/logout", data={}).status_code == 403
    other = client_for("rev1")  # another user's valid token is no good either
    foreign = kit.csrf_of(other.get("/cases").text)
    assert c.post(f"/cases/{case}/export/jsonl", data={"csrf": foreign}).status_code == 403
    good = kit.csrf_of(c.get("/cases").text)
    assert c.post(f"/cases/{case}/export/jsonl", data={"csrf": good}).status_code == 200
    assert c.post(f"/cases/{case}/export/jsonl", headers={"X-CSRF-Token": good}).status_code == 200


def test_session_cookie_cannot_be_forged(client_for, kit):
    c = client_for()
    c.cookies.set("heroes_session", "eyJ1aWQiOjF9.forged.signature")
    assert c.get("/api/cases").status_code == 401
