"""Request handling: validation errors as JSON that always encodes, the body limit, the Host check, HEAD, and no
page that loads from the internet (/api/docs)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from heroes.cli.serve import allowed_hosts
from heroes.web.app import Settings, create_app


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/jobs/check", {"text": 12}),
        ("/api/jobs/check", {"text": "x", "lang": "\U0001f600"}),
        ("/api/shield/score", {"messages": [{"author": "", "text": "hi"}]}),
        ("/api/shield/score", {"messages": "not a list"}),
        ("/api/shield/score", [1, 2]),
    ],
)
def test_validation_errors_are_json(client_for, path, body):
    r = client_for().post(path, json=body)
    assert r.status_code == 422 and r.headers["content-type"] == "application/json"
    assert all(set(e) == {"type", "loc", "msg"} for e in r.json()["detail"])  # where and what, not the input


def test_validation_error_with_a_key_json_cannot_carry(client_for):
    body = b'{"messages": [{"author": "them", "text": "hi", "\\ud800": 1}], "\\udfff": {"x": NaN}}'
    r = client_for().post("/api/shield/score", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"


def test_body_limit_is_configurable_and_applies_to_forms_too(site):
    app = create_app(site["url"], secret="s", settings=Settings(max_body=4096))
    with TestClient(app) as c:
        assert c.post("/api/jobs/check", json={"text": "x" * 5000}).status_code == 413
        assert c.post("/check-job", data={"text": "x" * 5000}).status_code == 413
        assert c.post("/api/jobs/check", json={"text": "Cook wanted in a hotel kitchen."}).status_code == 200
        r = c.post("/api/jobs/check", content=b"{}", headers={"content-length": "99999999999999999999"})
        assert r.status_code == 413


def test_host_header_is_checked(site):
    app = create_app(site["url"], secret="s", settings=Settings(allowed_hosts=allowed_hosts("127.0.0.1", [])))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/login").status_code == 200
        assert c.get("/login", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/login", headers={"host": "[::1]:8000"}).status_code == 200
        rebinding = c.get("/login", headers={"host": "attacker.example:8000"})
        assert rebinding.status_code == 400
        assert c.post("/api/jobs/check", json={"text": "x"}, headers={"host": "attacker.example"}).status_code == 400
    named = allowed_hosts("127.0.0.1", ["dash.example.org"])
    with TestClient(create_app(site["url"], secret="s", settings=Settings(allowed_hosts=named))) as c:
        assert c.get("/login", headers={"host": "dash.example.org"}).status_code == 200


def test_allowed_hosts_default():
    assert allowed_hosts("127.0.0.1", []) == ["127.0.0.1", "localhost", "[::1]"]
    assert allowed_hosts("::1", ["fe80::1"]) == ["[::1]", "localhost", "127.0.0.1", "[fe80::1]"]
    assert allowed_hosts("0.0.0.0", []) == ["localhost", "127.0.0.1", "[::1]"]


@pytest.mark.parametrize("path", ["/login", "/check-job", "/shield", "/static/app.css", "/api/openapi.json"])
def test_head_where_get_is(client_for, path):
    c = client_for()
    get, head = c.get(path), c.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]


def test_head_on_pages_behind_login(client_for, site):
    c = client_for("inv1")
    assert c.head(f"/cases/{site['case_a']}").status_code == 200
    assert client_for().head("/api/cases").status_code == 401
    assert c.head("/logout").status_code == 405  # POST only: HEAD is not a way round that


def test_api_docs_are_off_and_nothing_loads_from_the_internet(client_for):
    c = client_for()
    assert c.get("/api/docs").status_code == 404
    assert c.get("/api/openapi.json").json()["paths"]
