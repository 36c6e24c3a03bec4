"""Real Chromium (Debian's, driven by playwright) against the dashboard on loopback: log in, open a case, reveal
an image and see the audit entry, check a job offer, complete a screening, see a grooming warning. Screenshots of
each page go to $HEROES_SCREENSHOTS (`make screenshots` sets it to docs/screenshots/), else to a temporary folder
(the server, page and screenshot helpers are in conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def server(site, dashboard):
    return dashboard(site["url"])


def test_investigator_reveals_and_admin_sees_it(server, page, site, kit):
    shot_page = page
    shot_page.goto(f"{server}/login")
    kit.shot(page, "login")
    kit.browser_login(page, server, "inv1")
    page.wait_for_url(f"{server}/cases")
    page.click("text=case-a")
    page.wait_for_selector("text=Findings by kind")
    kit.shot(page, "case-overview")
    page.goto(f"{server}/cases/{site['case_a']}/items")
    kit.shot(page, "items")
    page.goto(f"{server}/cases/{site['case_a']}/entities")
    page.wait_for_function("window.heroesGraph && window.heroesGraph.nodes().length > 0")
    assert page.locator("td.value", has_text="<script>").count() == 1  # shown as text, not run
    kit.shot(page, "entities")
    page.goto(f"{server}/cases/{site['case_a']}/findings")
    kit.shot(page, "findings-blurred")
    page.locator("button.reveal").first.click()  # HTMX swaps in the revealed picture
    page.wait_for_selector("figure.revealed img")
    assert page.locator("figure.revealed").count() == 1
    assert page.evaluate("document.querySelector('figure.revealed img').naturalWidth") > 0
    kit.shot(page, "findings-revealed")
    page.click("text=Log out")
    kit.browser_login(page, server, "admin1")
    page.goto(f"{server}/audit")
    assert page.locator("td", has_text="media_reveal").count() == 1
    assert page.locator("text=Chain verified").count() == 1
    kit.shot(page, "audit")


def test_public_pages_and_screening(server, page, kit):
    page.goto(f"{server}/check-job")
    page.fill(
        "textarea[name=text]",
        "Hostess work abroad, no experience needed, we arrange visa and flights, "
        "pay the agency fee first, contact on WhatsApp only",
    )
    page.click("text=Check / Comprobar")
    page.wait_for_selector("#job-result, .error")
    assert page.locator("#job-result").count() == 1
    kit.shot(page, "check-job")
    page.set_viewport_size({"width": 390, "height": 800})  # a phone
    page.goto(f"{server}/shield")
    for author, text in kit.GROOMING:
        page.select_option("#author", author)
        page.fill("#message", text)
        page.press("#message", "Enter")
        page.wait_for_function("document.querySelectorAll('#chat .msg').length > 0")
    page.wait_for_selector("#shield-warning:not([hidden])")
    assert "signs of grooming" in page.inner_text("#shield-warning")
    kit.shot(page, "shield")
    kit.browser_login(page, server, "resp1")
    page.wait_for_url(f"{server}/screening")
    kit.browser_screen(page, server, "health", "no")
    kit.shot(page, "screening-assessment")
    assert page.locator("h1", has_text="Assessment").count() == 1
