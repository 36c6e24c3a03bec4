"""The access matrix: every route without login and with each role, other cases' ids, media path traversal,
and values from evidence rendered escaped."""

from __future__ import annotations

import pytest

from heroes.web.app import create_app

PUBLIC = {
    "/login",
    "/check-job",
    "/shield",
    "/shield/manifest.webmanifest",
    "/shield/sw.js",
    "/shield/icon-{size}.png",
    "/shield/share",
    "/api/openapi.json",
    "/api/docs",
    "/docs/oauth2-redirect",
    "/",
    "/api/jobs/check",
    "/api/jobs/check/picture",
    "/api/shield/score",
    "/learn",
    "/learn/glossary",
    "/learn/offline.json",
    "/learn/sw.js",
    "/learn/handouts/{audience}.pdf",
    "/learn/handouts/{audience}.html",
    "/learn/{slug}",
}


def all_routes(app):
    out = []
    for r in app.routes:
        for route in getattr(getattr(r, "original_router", None), "routes", [r]):
            for method in sorted(getattr(route, "methods", None) or []):
                if method != "HEAD":
                    out.append((method, route.path))
    return out


def test_every_private_route_needs_login(site):
    app = create_app(site["url"], secret="s")
    from fastapi.testclient import TestClient

    c = TestClient(app)
    routes = all_routes(app)
    assert len(routes) > 20
    for method, path in routes:
        if path in PUBLIC:
            continue
        url = path.format(
            case_id=site["case_a"], finding_id=1, fmt="jsonl", size=192, slug="referral", ref="R-0000-0000"
        )
        r = c.request(method, url, follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
        else:  # a page: sent to the login form (POSTs may stop earlier at the CSRF check)
            assert r.status_code in (303, 403) and (r.status_code == 403 or r.headers["location"] == "/login"), (
                method,
                path,
                r.status_code,
            )


# expected status per role for GET pages of case A (assigned to admin1, inv1, rev1; not to inv2 or resp1)
MATRIX = {
    "/cases": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 200},
    "/cases/{a}": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/cases/{a}/items": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/cases/{a}/findings": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/cases/{a}/entities": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/cases/{a}/timeline": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/cases/{a}/gps": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/api/cases/{a}/items": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/api/cases/{a}/graph": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/cases/{a}/media/1/thumb": {"admin1": 200, "inv1": 200, "rev1": 200, "resp1": 403, "inv2": 404},
    "/screening": {"admin1": 403, "inv1": 200, "rev1": 403, "resp1": 200, "inv2": 200},
    "/audit": {"admin1": 200, "inv1": 403, "rev1": 403, "resp1": 403, "inv2": 403},
}


@pytest.mark.parametrize("user", ["admin1", "inv1", "rev1", "resp1", "inv2"])
def test_role_matrix(client_for, site, user, kit):
    c = client_for(user)
    for path, expected in MATRIX.items():
        r = c.get(path.format(a=site["case_a"]), follow_redirects=False)
        assert r.status_code == expected[user], (user, path, r.status_code)
    token = kit.csrf_of(c.get("/login").text)
    export = c.post(f"/cases/{site['case_a']}/export/jsonl", data={"csrf": token}).status_code
    assert export == {"inv1": 200, "admin1": 403, "rev1": 403, "resp1": 403, "inv2": 404}[user]
    reveal = c.post(f"/cases/{site['case_a']}/media/1/reveal", data={"csrf": token}).status_code
    assert reveal == {"inv1": 200, "admin1": 403, "rev1": 200, "resp1": 403, "inv2": 404}[user]


def test_other_cases_ids_are_not_found(client_for, site, kit):
    c = client_for("inv1")
    b = site["case_b"]
    assert c.get(f"/cases/{b}").status_code == 404
    assert c.get(f"/api/cases/{b}/items").status_code == 404

    b_ids = [f["id"] for f in c.app.state.web.store.findings_page(b, ("hash_match",))[0]]
    assert b_ids
    token = kit.csrf_of(c.get("/cases").text)
    a = site["case_a"]
    for fid in b_ids:  # case B's finding through case A's url: same answer as a missing one
        assert c.get(f"/cases/{a}/media/{fid}/thumb").status_code == 404
        assert c.post(f"/cases/{a}/media/{fid}/reveal", data={"csrf": token}).status_code == 404


def test_media_routes_refuse_traversal(client_for, site, kit):
    c = client_for("inv1")
    a = site["case_a"]
    for bad in ("..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "1%00", "-1", "99999"):
        r = c.get(f"/cases/{a}/media/{bad}/thumb")
        assert r.status_code in (404, 422), (bad, r.status_code)
    # a stored item path that climbs out of the evidence folder gets a placeholder, never the file

    rows = c.app.state.web.store.findings_page(a, ("hash_match",))[0]
    evil = next(f for f in rows if f["path"].startswith(".."))
    token = kit.csrf_of(c.get("/cases").text)
    reveal = c.post(f"/cases/{a}/media/{evil['id']}/reveal", data={"csrf": token})
    assert reveal.status_code == 200
    view = c.get(f"/cases/{a}/media/{evil['id']}/view", params={"t": reveal.text.split("t=")[1].split('"')[0]})
    assert view.status_code == 200 and view.content[:2] == b"\xff\xd8" and b"root:" not in view.content


def test_evidence_values_are_escaped(client_for, site, kit):
    c = client_for("inv1")
    page = c.get(f"/cases/{site['case_a']}/entities").text
    assert kit.XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;@example.com" in page
    assert "script-src 'self'" in c.get("/cases").headers["content-security-policy"]
