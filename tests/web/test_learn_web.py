"""The /learn routes: every lesson in every language, language negotiation, glossary anchors, the offline list,
the service worker, handouts, and the training records (login, CSRF, who sees whose)."""

from __future__ import annotations

import re

import pytest

from heroes.learn.content import AUDIENCES, LANGUAGES, load
from heroes.web.static_paths import TEMPLATES


def test_every_lesson_and_page_in_every_language(client_for):
    c = client_for()
    guide = load()
    for lang in LANGUAGES:
        index = c.get(f"/learn?lang={lang}")
        assert index.status_code == 200 and f'<html lang="{lang}">' in index.text
        for slug in guide.slugs(lang):
            page = c.get(f"/learn/{slug}?lang={lang}")
            assert page.status_code == 200, (slug, lang)
            lesson = guide.lesson(slug, lang)
            for section in lesson.sections:
                assert f'<section id="{section.id}"' in page.text
            assert page.text.count('<fieldset data-answer="') == len(lesson.quiz)
            assert f'href="/learn/{slug}?lang={lang}"' in index.text


@pytest.mark.parametrize(
    ("header", "lang"),
    [("bn-BD,bn;q=0.9,en;q=0.5", "bn"), ("es-CO", "es"), ("fr-FR,fr;q=0.9", "en"), ("fr, es;q=0.2", "es"), ("", "en")],
)
def test_language_from_accept_language_unless_asked(client_for, header, lang):
    c = client_for()
    page = c.get("/learn/referral", headers={"Accept-Language": header})
    assert f'<html lang="{lang}">' in page.text
    assert "Accept-Language" in page.headers["vary"]
    assert '<html lang="es">' in c.get("/learn/referral?lang=es", headers={"Accept-Language": header}).text


def test_help_lines_follow_the_country_and_mark_unverified_numbers(client_for):
    c = client_for()
    uk = c.get("/learn/grooming-signs?lang=en").text  # English: the United Kingdom first
    now = uk[uk.index('<section id="now"') :]
    assert "Help lines: United Kingdom" in now and "0800 1111" in now and "UNVERIFIED" in now
    co = c.get("/learn/grooming-signs?lang=en&country=co").text
    assert "Help lines: Colombia" in co and "141" in co
    assert "Help lines: United Kingdom" in c.get("/learn/grooming-signs?lang=en&country=XX").text


def test_glossary_links_resolve(client_for):
    c = client_for()
    for lang in LANGUAGES:
        glossary = c.get(f"/learn/glossary?lang={lang}").text
        ids = set(re.findall(r'<dt id="([a-z0-9-]+)"', glossary))
        assert ids == set(load().terms)
        assert glossary.count('<p class="small source">') == len(ids)  # every term shows its sources
        for slug in load().slugs(lang):
            page = c.get(f"/learn/{slug}?lang={lang}").text
            for target in re.findall(rf'href="/learn/glossary\?lang={lang}#([a-z0-9-]+)" class="term"', page):
                assert target in ids, (slug, lang, target)


def test_citations_point_at_listed_sources(client_for):
    page = client_for().get("/learn/fake-job-offers?lang=en").text
    cited = set(re.findall(r'<sup class="cite"><a href="#(src-[a-z0-9-]+)"', page))
    listed = set(re.findall(r'<li id="(src-[a-z0-9-]+)" value="\d+"', page))
    assert cited and cited == listed
    assert "not yet checked against the original" in page  # unverified sources say so


def test_unknown_lessons_and_audiences_are_404(client_for):
    c = client_for()
    assert c.get("/learn/no-such-lesson").status_code == 404
    assert c.get("/learn/..%2Fetc").status_code == 404
    assert c.get("/learn/handouts/nobody.html").status_code == 404


def test_offline_list_and_service_worker(client_for):
    c = client_for()
    listing = c.get("/learn/offline.json").json()
    assert listing["version"] == load().version
    assert len([u for u in listing["urls"] if u.startswith("/learn/")]) >= len(LANGUAGES) * (1 + len(load().slugs()))
    for url in listing["urls"]:
        assert c.get(url).status_code == 200, url  # one missing file would fail the whole offline install
    sw = c.get("/learn/sw.js")
    assert sw.headers["service-worker-allowed"] == "/learn" and "caches.open" in sw.text
    anonymous = c.get("/learn?lang=en")
    assert anonymous.headers["x-heroes-offline"] == "public"


def test_pages_shown_to_a_logged_in_user_are_never_kept_offline(client_for):
    page = client_for("resp1").get("/learn/referral?lang=en")
    assert "x-heroes-offline" not in page.headers and "resp1" in page.text
    assert 'id="record-form"' in page.text


def test_handout_page_has_every_lesson_and_resolving_anchors(client_for):
    c = client_for()
    for audience in AUDIENCES:
        html = c.get(f"/learn/handouts/{audience}.html?lang=es&country=CO").text
        for lesson in load().by_audience(audience, "es"):
            assert lesson.title in html
        assert "Líneas de ayuda: Colombia" in html and '<details class="country">' not in html  # one country on paper
        ids = set(re.findall(r'id="([^"]+)"', html))
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target in ids, (audience, target)


@pytest.mark.slow
def test_pdf_handout(client_for):
    r = client_for().get("/learn/handouts/parents.pdf?lang=bn")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def _save(c, kit, slug="referral", score="2", total="3", lang="en", token=None):
    token = token or kit.csrf_of(c.get("/learn?lang=en").text)  # the log-out form carries it
    data = {"csrf": token, "score": score, "total": total, "lang": lang}
    return c.post(f"/learn/{slug}/complete", data=data, follow_redirects=False)


def test_training_records(client_for, kit):
    responder, investigator, admin = client_for("resp1"), client_for("inv1"), client_for("admin1")
    r = _save(responder, kit)
    assert r.status_code == 303 and r.headers["location"].startswith("/learn/referral?lang=en&saved=1")
    assert "Saved to your training record." in responder.get(r.headers["location"]).text
    assert _save(responder, kit, score="3").status_code == 303  # the latest attempt replaces the first
    assert _save(investigator, kit, slug="first-contact", score="1", lang="bn").status_code == 303
    mine = responder.get("/learn/records?lang=en").text
    assert "resp1" in mine and "3/3" in mine and "2/3" not in mine and "inv1" not in mine
    everyone = admin.get("/learn/records?lang=en").text
    assert "resp1" in everyone and "inv1" in everyone and "1/3" in everyone


def test_training_records_refuse_bad_input(client_for, kit):
    anonymous, responder = client_for(), client_for("resp1")
    token = kit.csrf_of(anonymous.get("/login").text)
    assert _save(anonymous, kit, token=token).status_code in (303, 401)  # the login page, nothing saved
    assert anonymous.get("/learn/records", follow_redirects=False).status_code == 303
    assert _save(responder, kit, token="wrong").status_code == 403
    assert _save(responder, kit, score="4").status_code == 422
    assert _save(responder, kit, total="5", score="1").status_code == 422  # this quiz has 3 questions
    assert _save(responder, kit, slug="no-such-lesson").status_code == 404
    assert "No completed lessons yet." in responder.get("/learn/records?lang=en").text


def test_other_pages_link_their_terms_to_the_glossary(client_for):
    """Every glossary or lesson link written into a dashboard template lands on a term or a lesson."""
    glossary = client_for().get("/learn/glossary").text
    found = []
    for template in sorted(TEMPLATES.glob("*.html")):
        html = template.read_text("utf-8")
        terms = re.findall(r'href="/learn/glossary#([a-z0-9-]+)"', html)
        lessons = re.findall(r'href="/learn/([a-z0-9-]+)"', html)
        assert all(f'<dt id="{t}"' in glossary for t in terms), (template.name, terms)
        assert set(lessons) <= set(load().slugs()), (template.name, lessons)
        found += [template.name] if terms else []
    assert {"check_job.html", "screening_result.html"} <= set(found)
