"""Public pages (job checker, grooming shield, PWA files) and the responders' screening flow."""

from __future__ import annotations

import re


def test_shield_warns_and_keeps_nothing(client_for, kit):
    c = client_for()
    page = c.get("/shield").text
    assert "/api/shield/score" not in page and "csrf" not in page  # the page scores on the device
    calm = c.post("/api/shield/score", json={"messages": [{"author": "a", "text": "see you at football"}]}).json()
    assert calm["alert"] is None
    r = c.post("/api/shield/score", json={"messages": [{"author": a, "text": t} for a, t in kit.GROOMING]}).json()
    assert r["alert"] is not None and r["alert"]["suspect"] == "them" and r["risk"] >= 0.5
    assert c.post("/api/shield/score", json={"messages": "nope"}).status_code == 422


def test_pwa_files(client_for):
    from heroes.web.routes.public import SHIELD_SHELL, shield_version

    c = client_for()
    m = c.get("/shield/manifest.webmanifest")
    assert m.headers["content-type"].startswith("application/manifest+json") and m.json()["start_url"] == "/shield"
    assert {i["sizes"] for i in m.json()["icons"]} == {"192x192", "512x512"}
    assert m.json()["share_target"]["action"] == "/shield/share"
    sw = c.get("/shield/sw.js")
    assert sw.headers["service-worker-allowed"] == "/shield" and "caches.open" in sw.text
    assert shield_version() in sw.text and all(f'"{path}"' in sw.text for path in SHIELD_SHELL)
    for path in SHIELD_SHELL:  # the worker caches all of them at install: one missing file would fail it
        assert c.get(path).status_code == 200, path
    assert c.get("/shield/icon-512.png").content[:4] == b"\x89PNG"
    assert c.get("/shield/icon-13.png").status_code == 404
    shared = c.post(
        "/shield/share", files={"chat": ("chat.txt", b"01/02/2024, 10:00 - a: hi\n")}, follow_redirects=False
    )
    assert shared.status_code == 303 and shared.headers["location"] == "/shield?shared=unavailable"


def test_job_checker_flags_a_trafficking_lure(client_for):
    c = client_for()
    ad = "Work abroad as a hostess, no experience needed, we keep your passport, pay a fee up front"
    r = c.post("/api/jobs/check", json={"text": ad})
    assert r.status_code == 200, r.text  # the model ships inside the package
    body = r.json()
    assert body["label"] == "fraudulent" and body["red_flags"] and body["advice"]
    page = c.post("/check-job", data={"text": ad, "lang": "en"})
    assert "Red flags" in page.text
    assert c.post("/api/jobs/check", json={"text": ""}).status_code == 422
    assert c.post("/api/jobs/check", json={"text": "x", "lang": "fr"}).status_code == 422


def test_job_checker_reads_an_uploaded_picture(client_for):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("render", Path(__file__).parents[1] / "data" / "jobs" / "render.py")
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    c = client_for()
    png = render.render("Hostess work in Dubai. We keep your passport. WhatsApp only.", "plain", "en")
    r = c.post("/api/jobs/check/picture", files={"picture": ("ad.png", png, "image/png")})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["label"] == "fraudulent" and "passport" in body["ocr"]["text"]
    page = c.post("/check-job", data={"text": "", "lang": "auto"}, files={"picture": ("ad.png", png, "image/png")})
    assert page.status_code == 200 and "Text read from the picture" in page.text and "Red flags" in page.text
    bad = c.post("/api/jobs/check/picture", files={"picture": ("ad.txt", b"just text", "text/plain")})
    assert bad.status_code == 422
    same = c.post("/api/jobs/check", files={"picture": ("ad.png", png, "image/png")}, data={"lang": "en"})
    assert same.status_code == 200 and same.json()["risk"] == body["risk"]  # the main endpoint takes pictures too
    assert c.post("/api/jobs/check", files={"file": ("ad.png", png, "image/png")}).status_code == 422
    assert c.post("/check-job", data={"text": " ", "lang": "auto"}).status_code == 422


def test_screening_flow_to_referral_form(client_for, kit):
    c = client_for("resp1")
    token = kit.csrf_of(c.get("/screening").text)
    page = c.post(
        "/screening/start",
        data={
            "csrf": token,
            "sector": "labour_inspection",
            "age_group": "adult",
            "purpose": "labour",
            "country": "ES",
            "lang": "en",
        },
    )
    assert page.status_code == 200
    steps = 0
    while "Question" in page.text and steps < 60:
        state = re.search(r'name="state" value="([^"]+)"', page.text).group(1)
        question = re.search(r'name="question" value="([^"]+)"', page.text).group(1)
        page = c.post("/screening/answer", data={"csrf": token, "state": state, "question": question, "value": "yes"})
        steps += 1
    assert "Assessment" in page.text and steps > 5
    state = re.search(r'name="state" value="([^"]+)"', page.text).group(1)
    form = c.post("/screening/form", data={"csrf": token, "state": state})
    assert form.status_code == 200 and "<html" in form.text.lower()
    bad = c.post(
        "/screening/answer", data={"csrf": token, "state": state[:-4] + "AAAA", "question": "x", "value": "yes"}
    )
    assert bad.status_code == 400


def test_mismatch_filter(client_for, site):
    c = client_for("inv1")
    rows, _ = c.app.state.web.store.items_page(site["case_a"], {"mismatch": "1"})
    assert [r["path"] for r in rows] == ["notes.txt"]
    page = c.get(
        f"/cases/{site['case_a']}",
    )
    assert "image/jpeg" in page.text and "Findings by kind" in page.text
