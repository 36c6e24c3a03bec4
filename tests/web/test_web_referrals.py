"""Referrals through the dashboard's JSON API and pages: A sends, B's officer moves it on, A follows it, C and
everyone else get 404 or 403 (the access matrix, as for cases), consent decides what travels, the audit chain
holds every change, and the pages speak English, Spanish and (for responders) Bengali."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from heroes.web import audit
from heroes.web.app import create_app

SCREENING = {
    "age_group": "adult",
    "purpose": "labour",
    "default": "no",
    "answers": {"AL-DR-01": "yes", "AL-DR-02": "yes", "AL-EX-01": "yes", "AL-EX-02": "yes", "AL-CD-01": "yes"},
}
CONTACT = {"name": "Ana Example", "phone": "612 345 678"}


@pytest.fixture
def app(referral_site):
    app = create_app(referral_site["url"], secret="test-secret")
    yield app
    app.state.web.store.close()
    app.state.web.engine.dispose()


@pytest.fixture
def as_user(app, kit):
    def make(name: str) -> TestClient:
        client = TestClient(app)
        assert kit.login(client, name).status_code == 303
        client.headers["X-CSRF-Token"] = kit.csrf_of(client.get("/login").text)
        return client

    return make


def _send(client: TestClient, **body) -> str:
    payload = {"to_org": "B", "screening": SCREENING, "consent": "given", "contact": CONTACT, **body}
    r = client.post("/api/referrals", json=payload)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_api_journey_and_what_each_side_sees(as_user):
    resp1, off_b, off_c = as_user("resp1"), as_user("offB"), as_user("offC")
    ref = _send(resp1, notes="works nights at the greenhouse")
    assert [r["id"] for r in off_b.get("/api/referrals").json()] == [ref]
    seen = off_b.get(f"/api/referrals/{ref}").json()
    assert seen["sealed"]["contact"] == {"name": "Ana Example", "phone": "+34612345678"}
    assert seen["sealed"]["notes"] == "works nights at the greenhouse" and seen["urgent"] is False
    sender = resp1.get(f"/api/referrals/{ref}").json()
    assert sender["sealed"] is None and sender["status"] == "new" and sender["direction"] == "sent"
    moved = off_b.post(f"/api/referrals/{ref}/status", json={"status": "accepted", "note": "calls back at 6"})
    assert moved.status_code == 200 and moved.json()["status"] == "accepted"
    assert resp1.get(f"/api/referrals/{ref}").json()["status"] == "accepted"
    assert all(e["note"] == "" for e in resp1.get(f"/api/referrals/{ref}").json()["events"])
    assert off_b.get(f"/api/referrals/{ref}").json()["events"][1]["note"] == "calls back at 6"
    assert resp1.post(f"/api/referrals/{ref}/status", json={"status": "contacted"}).status_code == 403
    assert off_c.post(f"/api/referrals/{ref}/status", json={"status": "contacted"}).status_code == 404
    bad = off_b.post(f"/api/referrals/{ref}/status", json={"status": "closed"})
    assert bad.status_code == 422 and "outcome" in bad.json()["detail"]
    done = off_b.post(f"/api/referrals/{ref}/status", json={"status": "closed", "outcome": "support_provided"})
    assert done.status_code == 200
    listed = resp1.get("/api/referrals").json()
    assert listed[0]["status"] == "closed" and listed[0]["outcome"] == "support_provided"
    assert off_c.get(f"/api/referrals/{ref}").status_code == 404
    assert off_c.get("/api/referrals").json() == []


def test_api_needs_the_csrf_header_and_names_bad_fields(as_user):
    resp1 = as_user("resp1")
    token = resp1.headers.pop("X-CSRF-Token")
    assert resp1.post("/api/referrals", json={"to_org": "B"}).status_code == 403
    resp1.headers["X-CSRF-Token"] = token
    cases = [
        ({"to_org": "Z"}, "to_org"),
        ({"screening": {"age_group": "adult", "answers": {"AL-DR-99": "yes"}}}, "screening.answers.AL-DR-99"),
        ({"consent": "maybe"}, "consent"),
        ({"contact": {"passport": "X1"}}, "contact.passport"),
        ({"contact": {"phone": "123"}}, "contact.phone"),
        ({"consent": "not_possible"}, "consent"),
    ]
    for change, field in cases:
        payload = {"to_org": "B", "screening": SCREENING, "consent": "given", "contact": CONTACT, **change}
        r = resp1.post("/api/referrals", json=payload)
        assert r.status_code == 422 and r.json()["detail"].startswith(field), (change, r.text)
    extra = resp1.post("/api/referrals", json={"to_org": "B", "screening": SCREENING, "consent": "given", "x": 1})
    assert extra.status_code == 422
    assert resp1.get("/api/referrals/" + "R" * 40).status_code == 422


def test_without_consent_only_an_anonymous_alert_travels(as_user):
    resp1, off_b = as_user("resp1"), as_user("offB")
    refused = resp1.post(
        "/api/referrals", json={"to_org": "B", "screening": SCREENING, "consent": "refused", "contact": CONTACT}
    )
    assert refused.status_code == 422 and refused.json()["detail"].startswith("contact")
    ref = _send(resp1, consent="refused", contact=None)
    seen = off_b.get(f"/api/referrals/{ref}").json()
    assert seen["anonymous"] and list(seen["sealed"]) == ["screening"] and "Ana" not in str(seen)
    page = off_b.get(f"/referrals/{ref}").text
    assert "No contact details were shared" in page and "Ana Example" not in page


# expected status per user; A sent the referral to B (resp1: A's responder; offA: A's officer; respB: B's
# responder, who does not handle B's inbox; inv2: an investigator with no organisation)
USERS = ("resp1", "offA", "offB", "respB", "offC", "respC", "admin1", "rev1", "inv2")
MATRIX = {  # one status per user, in the order of USERS
    "/referrals": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "/referrals/{ref}": (200, 200, 200, 404, 404, 404, 403, 403, 403),
    "/api/referrals/{ref}": (200, 200, 200, 404, 404, 404, 403, 403, 403),
    "/api/referrals": (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "/referrals/stats": (403, 200, 200, 403, 200, 403, 200, 403, 403),
    "/referrals/stats.csv": (403, 200, 200, 403, 200, 403, 200, 403, 403),
    "move": (403, 403, 200, 404, 404, 404, 403, 403, 403),  # POST /api/referrals/{ref}/status
}


def test_access_matrix(as_user):
    ref = _send(as_user("resp1"))
    for i, user in enumerate(USERS):
        c = as_user(user)
        for path, expected in MATRIX.items():
            if path != "move":
                r = c.get(path.format(ref=ref), follow_redirects=False)
                assert r.status_code == expected[i], (user, path, r.status_code)
        sees = [r["id"] for r in c.get("/api/referrals").json()] if MATRIX["/api/referrals"][i] == 200 else []
        assert (ref in sees) == (user in ("resp1", "offA", "offB")), user
        moved = c.post(f"/api/referrals/{ref}/status", json={"status": "accepted"})
        assert moved.status_code == MATRIX["move"][i], (user, moved.status_code)
        page_move = c.post(
            f"/referrals/{ref}/status",
            data={"status": "new", "csrf": c.headers["X-CSRF-Token"]},
            follow_redirects=False,
        )
        assert page_move.status_code in ({200: 422, 403: 403, 404: 404}[MATRIX["move"][i]],), (
            user,
            page_move.status_code,
        )


def test_no_login_is_401_for_the_api_and_a_redirect_for_pages(app):
    c = TestClient(app)
    assert c.get("/api/referrals").status_code == 401
    assert c.post("/api/referrals", json={}).status_code == 401
    assert c.get("/referrals", follow_redirects=False).headers["location"] == "/login"


def test_every_change_and_each_opening_is_audited_and_the_chain_verifies(app, as_user):
    resp1, off_b = as_user("resp1"), as_user("offB")
    ref = _send(resp1)
    off_b.get(f"/referrals/{ref}")
    off_b.get(f"/api/referrals/{ref}")  # same login session: the opening is logged once
    off_b.post(f"/api/referrals/{ref}/status", json={"status": "declined", "reason": "no_capacity", "forward_to": "C"})
    entries = [e for e in reversed(audit.entries(app.state.web.engine)) if e["action"].startswith("referral_")]
    assert [e["action"] for e in entries] == ["referral_send", "referral_open", "referral_status", "referral_forward"]
    assert "Ana" not in str(entries) and "612" not in str(entries)
    assert app.state.web.audit.verify().problems == []


def test_pages_in_english_spanish_and_bengali(as_user):
    resp1, off_b = as_user("resp1"), as_user("offB")
    ref = _send(resp1)
    es = off_b.get("/referrals?lang=es")
    assert "Recibidas" in es.text and "heroes_lang=es" in es.headers["set-cookie"]
    assert "Nueva" in off_b.get("/referrals").text  # remembered
    assert "পাঠানো" in resp1.get("/referrals?lang=bn").text
    assert "নতুন" in resp1.get(f"/referrals/{ref}").text
    received_bn = as_user("offB").get("/referrals?lang=bn").text  # the inbox has no Bengali: English
    assert "Received" in received_bn and '<html lang="en">' in received_bn
    browser_es = as_user("offB").get("/referrals", headers={"accept-language": "es-ES,es;q=0.9,en;q=0.5"}).text
    assert "Recibidas" in browser_es


def test_statistics_page_chart_and_csv(as_user):
    resp1, off_b = as_user("resp1"), as_user("offB")
    for _ in range(2):
        ref = _send(resp1)
    off_b.post(f"/api/referrals/{ref}/status", json={"status": "accepted"})
    page = off_b.get("/referrals/stats")
    assert page.status_code == 200 and "<svg" in page.text and "cdn" not in page.text.lower()
    assert page.text.count("<rect x=") == 3 + 3  # one month, three series, and the legend's three keys
    assert "Labour inspection" in page.text and "Shelter" in page.text
    csv = off_b.get("/referrals/stats.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.text.splitlines()
    assert rows[0].startswith("month,from_kind,to_kind") and rows[1].split(",")[1:5] == [
        "labour_inspection",
        "shelter",
        "2",
        "0",
    ]
    assert "Ana" not in csv.text
