"""The referral journey in real Chromium against the dashboard on loopback: a responder of A screens and refers with
consent; B's referral officer finds it first in the inbox, accepts and closes it; A sees the change but not B's note;
C gets 404 for the page and the API; an alert without consent has no contact field to fill; purge removes the
personal fields; the audit chain verifies. Screenshots of the sending step, the inbox, a received referral and the
statistics go where `make screenshots` says (conftest.py's helpers)."""

from __future__ import annotations

import pytest


@pytest.fixture
def referral_server(referral_site, dashboard):
    return dashboard(referral_site["url"])


def _history(url: str) -> None:
    """Earlier referrals, so the inbox and the statistics have more than one row: benign screenings, months back."""
    from datetime import UTC, datetime, timedelta

    from heroes.referrals import handover, orgs
    from heroes.referrals.sealing import for_database
    from heroes.store import db
    from heroes.web.audit import AuditLog
    from heroes.web.audit_anchor import default_paths

    engine = db.make_engine(url)
    sealer, trail = for_database(engine), AuditLog.open(engine, *default_paths(url))
    a, b, c = (orgs.by_name(engine, n) for n in "ABC")
    calm = handover.from_indicators({"age_group": "adult", "purpose": "labour", "answers": {"AL-DR-01": "yes"}}, "ES")
    now = datetime.now(UTC).replace(microsecond=0)
    outcomes = ["support_provided", "not_reachable", "support_provided", "person_declined_support"]
    for i in range(14):
        sender, receiver = ((a, b), (c, b), (a, c))[i % 3]
        sent = now - timedelta(days=170 - 12 * i)
        ref = handover.send(
            engine,
            sealer,
            trail,
            actor="history",
            sender=sender,
            to_org=receiver.name,
            screened=calm,
            consent="refused",
            now=sent,
        )
        keeper = orgs.by_name(engine, receiver.name)
        move = lambda status, hours, code=None, r=ref, k=keeper, t=sent: handover.move(  # noqa: E731
            engine, sealer, trail, r, org=k, actor="history", status=status, code=code, now=t + timedelta(hours=hours)
        )
        if i % 5 == 4:
            move("declined", 20, "no_capacity")
            continue
        move("accepted", 2 + 7 * (i % 4))
        if i < 12:
            move("closed", 24 * (3 + i % 5), outcomes[i % 4])
    late = handover.send(
        engine,
        sealer,
        trail,
        actor="history",
        sender=c,
        to_org="B",
        screened=calm,
        consent="refused",
        now=now - timedelta(days=3),
    )
    assert late
    engine.dispose()


def _screen_and_refer(page, base, kit, consent: str) -> None:
    kit.browser_screen(page, base, "labour_inspection", "yes", "ES")  # yes to all: urgent
    page.click("button.refer")
    page.wait_for_selector("form.consent")
    page.check(f"input[value={consent}]")
    page.click("form.consent button[type=submit]")
    page.wait_for_selector("form.send")


def test_referral_journey(referral_server, referral_site, page, kit):
    from datetime import timedelta

    from heroes.referrals import privacy
    from heroes.store import db
    from heroes.web.audit import AuditLog
    from heroes.web.audit_anchor import default_paths

    base = referral_server
    _history(referral_site["url"])
    kit.browser_login(page, base, "resp1")
    page.wait_for_url(f"{base}/screening")
    _screen_and_refer(page, base, kit, "given")
    assert page.locator("select[name=to_org] option").first.get_attribute("value") != "A"  # never to itself
    page.select_option("select[name=to_org]", "B")
    page.fill("input[name=contact_name]", "Ana Example")
    page.fill("input[name=contact_phone]", "612 345 678")
    page.fill("textarea[name=notes]", "Works nights at the greenhouse; speaks Spanish and Romanian.")
    kit.shot(page, "referral-send")
    page.click("form.send button[type=submit]")
    page.wait_for_selector("text=Referral sent")
    ref = page.inner_text("h1 .ref")
    page.click("text=Log out")

    kit.browser_login(page, base, "offB")  # the receiving officer: the inbox, urgent first
    page.wait_for_url(f"{base}/referrals")
    rows = page.locator("table.referrals tbody tr")
    assert ref in rows.first.inner_text() and rows.first.locator(".flag.urgent").count() == 1
    assert page.locator("table.referrals .flag.overdue").count() == 1  # C's referral from three days ago
    kit.shot(page, "referrals-inbox")
    page.click(f"text={ref}")
    assert page.locator("dl.contact", has_text="+34612345678").count() == 1
    page.select_option("form.move select[name=status]", "accepted")
    page.click("form.move button[type=submit]")
    page.wait_for_selector("strong.status:has-text('Accepted')")
    page.select_option("form.move select[name=status]", "closed")
    page.select_option("form.move select[name=code]", "support_provided")
    page.fill("form.move textarea[name=note]", "Moved into the shelter's flat.")
    page.click("form.move button[type=submit]")
    page.wait_for_selector("strong.status:has-text('Closed')")
    assert page.locator(".history", has_text="Moved into the shelter's flat.").count() == 1
    kit.shot(page, "referral-received")
    page.click("text=Log out")

    kit.browser_login(page, base, "resp1")  # the sender sees the change, not the receiver's note
    page.goto(f"{base}/referrals")
    assert "Closed: Support provided" in page.locator("table.referrals tr", has_text=ref).inner_text()
    page.click(f"text={ref}")
    assert "Moved into the shelter" not in page.content() and "+34612345678" not in page.content()
    _screen_and_refer(page, base, kit, "refused")  # no consent: an anonymous alert, no contact field to fill
    assert page.locator("input[name^=contact_], textarea[name=notes]").count() == 0
    page.select_option("select[name=to_org]", "B")
    page.click("form.send button[type=submit]")
    page.wait_for_selector("text=Referral sent")
    alert = page.inner_text("h1 .ref")
    page.click("text=Log out")

    kit.browser_login(page, base, "offC")  # a third organisation: 404 for the page and the API
    assert page.goto(f"{base}/referrals/{ref}").status == 404
    assert page.request.get(f"{base}/api/referrals/{ref}").status == 404
    assert ref not in page.request.get(f"{base}/api/referrals").text()
    page.click("text=Log out")

    kit.browser_login(page, base, "offB")
    page.goto(f"{base}/referrals/{alert}")
    assert page.locator("text=No contact details were shared.").count() == 1
    engine = db.make_engine(referral_site["url"])
    try:
        trail = AuditLog.open(engine, *default_paths(referral_site["url"]))  # the server's log, with its key
        purged = privacy.purge(engine, trail, "cli", timedelta(0))
        assert ref in purged and alert not in purged  # closed ones only
        page.goto(f"{base}/referrals/{ref}")
        assert page.locator("dl.contact").count() == 0 and "+34612345678" not in page.content()
        assert page.locator("text=personal details of this referral were removed").count() == 1
        page.goto(f"{base}/referrals/stats")
        page.wait_for_selector("svg.chart rect")
        assert page.locator("svg.chart rect").count() >= 3 * 6
        kit.shot(page, "referral-statistics")
        page.click("text=Log out")
        kit.browser_login(page, base, "admin1")
        page.goto(f"{base}/audit")
        assert page.locator("text=Chain verified").count() == 1
        assert page.locator("td", has_text="referral_purge").count() == 1
        assert trail.verify().problems == []
    finally:
        engine.dispose()
