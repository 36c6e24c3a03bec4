"""One printable handout per audience and language, for schools and NGOs without devices: HTML, or PDF.

The handout holds the audience's lessons (each with its help lines for the chosen country), the questions with
their answers on the last pages, the glossary of the terms the lessons use, and the sources. It is one
self-contained page (inline CSS, no scripts, no remote files); the PDF is WeasyPrint's rendering of it, so it needs
the optional ``weasyprint`` package (``heroes[screening-pdf]``). Bengali prints with any installed Bengali font
(Debian: fonts-lohit-beng-bengali, in the Makefile's package list).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from heroes.learn.content import Guide
from heroes.learn.render import view
from heroes.packdata import templates
from heroes.screening.form import render_pdf


def handout_html(guide: Guide, audience: str, lang: str, country: str) -> str:
    """The printable handout of an audience's lessons, with the glossary terms they use."""
    lessons = guide.by_audience(audience, lang)
    views = [view(guide, x, country, lambda t: f"#term-{t}", f"{x.slug}-", other_countries=False) for x in lessons]
    used = list(dict.fromkeys(t for x in lessons for t in x.terms))
    return (
        templates("heroes.learn", "templates")
        .get_template("handout.html.j2")
        .render(
            lang=lang,
            country=country,
            audience=guide.audiences[audience][lang],
            views=views,
            terms=[guide.terms[t] for t in used],
            say=partial(guide.say, lang=lang),
            version=guide.version,
            printed=date.today().isoformat(),
        )
    )


def handout_pdf(guide: Guide, audience: str, lang: str, country: str) -> bytes:
    """The handout as PDF; raises heroes.optional.MissingExtra without weasyprint."""
    return render_pdf(handout_html(guide, audience, lang, country))
