"""The prevention guide in real Chromium: lessons render in English, Spanish and Bengali, the quiz is scored in
the page without a single request, glossary links land on their term, and once the service worker has cached
the guide it opens with the server stopped and the browser offline. Screenshots as for the dashboard."""

from __future__ import annotations

from heroes.web.app import create_app


def _answer(page, right: int) -> None:
    """Answers the quiz on the page: the first `right` questions correctly, the others wrongly."""
    questions = page.locator("form.quiz fieldset")
    for i in range(questions.count()):
        q = questions.nth(i)
        correct = int(q.get_attribute("data-answer"))
        pick = correct if i < right else (correct + 1) % q.locator("input").count()
        q.locator(f"input[value='{pick}']").check()


def test_lessons_quiz_glossary_offline(site, live_server, page, kit):
    server = live_server(create_app(site["url"], secret="learn"))
    base = server.url
    page.goto(f"{base}/learn?lang=en")
    assert page.locator("section.audience").count() == 4
    page.wait_for_selector("#offline-status[data-state=ready]", timeout=30_000)  # every page cached
    kit.shot(page, "learn-index")

    page.goto(f"{base}/learn/grooming-signs?lang=en")
    page.wait_for_load_state("networkidle")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url))
    _answer(page, right=2)
    page.click("form.quiz button.check")
    assert page.inner_text(".quiz-score") == "2 of 3 right"
    assert page.locator("fieldset.right").count() == 2 and page.locator("fieldset.wrong").count() == 1
    assert page.locator(".quiz .why").first.is_visible()
    assert sent == [], f"the quiz sent requests: {sent}"
    assert page.locator("#record-form").count() == 0  # not logged in: nothing to save, nothing offered
    page.locator("#check").scroll_into_view_if_needed()
    kit.shot(page, "learn-lesson-quiz", full_page=False)

    page.locator("a.term[href$='#grooming']").first.click()
    page.wait_for_url("**/learn/glossary?lang=en#grooming")
    assert page.evaluate("document.querySelector(':target').id") == "grooming"
    assert page.locator("dt#grooming").is_visible()
    kit.shot(page, "learn-glossary", full_page=False)

    page.set_viewport_size({"width": 390, "height": 800})  # a phone
    page.goto(f"{base}/learn/sextortion?lang=bn")
    assert page.get_attribute("html", "lang") == "bn"
    assert page.locator("section#now .helplines").count() == 1
    assert "1098" in page.inner_text("section#now .helplines h3 + ul")  # Bangladesh's child helpline first
    _answer(page, right=1)
    page.click("form.quiz button.check")
    assert page.inner_text(".quiz-score") == "৩টির মধ্যে ১টি সঠিক"  # counted in Bengali digits
    page.evaluate("window.scrollTo(0, 0)")
    kit.shot(page, "learn-lesson-bn", full_page=False)

    server.stop()
    page.context.set_offline(True)
    for url, heading in [
        (f"{base}/learn/referral?lang=es", "Derivación"),
        (f"{base}/learn/glossary?lang=bn", "শব্দকোষ"),
        (f"{base}/learn/first-contact?lang=en&country=CO", "Trauma-informed first contact"),
    ]:
        page.goto(url)
        assert heading in page.inner_text("h1"), url
    assert "Colombia" in page.inner_text("section#now")  # the country's lines are on every cached page
    _answer(page, right=3)
    page.click("form.quiz button.check")
    assert page.inner_text(".quiz-score") == "3 of 3 right"  # the quiz works offline too
    page.locator("section#now").scroll_into_view_if_needed()
    kit.shot(page, "learn-offline", full_page=False)


def test_responder_saves_a_completed_lesson(site, live_server, page, kit):
    base = live_server(create_app(site["url"], secret="learn")).url
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "resp1")
    page.fill("input[name=password]", kit.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/screening")
    page.goto(f"{base}/learn/first-contact?lang=en")
    assert page.locator("#record-form").is_hidden()  # offered only once the quiz is scored
    _answer(page, right=3)
    page.click("form.quiz button.check")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("text=Saved to your training record.")
    page.goto(f"{base}/learn/records?lang=en")
    row = page.locator("table tr", has_text="Trauma-informed first contact")
    assert "3/3" in row.inner_text()
    kit.shot(page, "learn-records")
