"""The prevention guide at /learn: lessons, glossary, printable handouts, offline copies and training records.

Public and read-only for everyone: the language comes from ``?lang=en|es|bn`` or the browser's Accept-Language,
the help lines' country from ``?country=`` (default: the language's). A service worker of its own (scope /learn)
caches every page of every language at install, so the guide opens offline; it keeps only pages served to
anonymous visitors (header ``X-Heroes-Offline: public``), never one that shows a logged-in user. The quiz is scored
in the browser; a logged-in user may save the result to the organisation's training record (heroes.web.training).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from heroes.learn.content import AUDIENCES, LANGUAGES, Guide, load
from heroes.learn.handout import handout_html, handout_pdf
from heroes.learn.helplines import countries, pick_country
from heroes.learn.render import view
from heroes.optional import MissingExtra
from heroes.web import training as records
from heroes.web.accounts import Account
from heroes.web.deps import TEMPLATES, CurrentUser, LoginRequired, WebDep, csrf, current_user, render
from heroes.web.static_paths import STATIC, service_worker

router = APIRouter()
# the lesson pages and the printed handouts share the help-line and source partials of heroes/learn/templates
_LOADERS = (TEMPLATES.env.loader, jinja2.PackageLoader("heroes.learn", "templates"))
TEMPLATES.env.loader = jinja2.ChoiceLoader([loader for loader in _LOADERS if loader is not None])
Lang = Annotated[str | None, Query(max_length=16)]
Country = Annotated[str | None, Query(max_length=8)]
SLUG = "^[a-z0-9-]{1,64}$"


def negotiate(accept: str) -> str:
    """The best of en/es/bn in an Accept-Language header (English when none fits)."""
    best, best_q = "en", 0.0
    for part in accept.split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


def _lang(request: Request, lang: str | None) -> str:
    if lang in LANGUAGES:
        return lang
    return negotiate(request.headers.get("accept-language", ""))


def _viewer(request: Request, w: Any) -> Account | None:
    try:
        return current_user(request, w)
    except LoginRequired:
        return None


def _page(request: Request, name: str, lang: str, user: Account | None, **context: Any) -> Response:
    guide = load()
    response = render(
        request,
        name,
        lang=lang,
        say=partial(guide.say, lang=lang),
        version=guide.version,
        languages=LANGUAGES,
        language_names={code: guide.say("language_name", code) for code in LANGUAGES},
        user=user,
        **context,
    )
    response.headers["Vary"] = "Accept-Language, Cookie"
    if user is None:
        response.headers["X-Heroes-Offline"] = "public"  # the service worker may keep it
    return response


def _audiences(guide: Guide, lang: str) -> list[dict[str, Any]]:
    return [{"id": a, **guide.audiences[a][lang], "lessons": guide.by_audience(a, lang)} for a in AUDIENCES]


@router.get("/learn", include_in_schema=False)
def index(*, request: Request, lang: Lang = None, country: Country = None, w: WebDep) -> Response:
    """The prevention guide's home page: audiences and lessons in the reader's language."""
    code = _lang(request, lang)
    guide = load()
    return _page(
        request,
        "learn_index.html",
        code,
        _viewer(request, w),
        audiences=_audiences(guide, code),
        country=pick_country(country, code),
        countries=countries(),
    )


@router.get("/learn/glossary", include_in_schema=False)
def glossary(*, request: Request, lang: Lang = None, w: WebDep) -> Response:
    code = _lang(request, lang)
    guide = load()
    terms = list(guide.terms.values())
    return _page(request, "learn_glossary.html", code, _viewer(request, w), terms=terms, sources=guide.sources)


@router.get("/learn/offline.json", include_in_schema=False)
def offline_list() -> Response:
    """What the service worker caches at install: every page in every language and the files they load."""
    guide = load()
    pages = [f"/learn?lang={c}" for c in LANGUAGES] + [f"/learn/glossary?lang={c}" for c in LANGUAGES]
    pages += [f"/learn/{slug}?lang={c}" for c in LANGUAGES for slug in guide.slugs(c)]
    files = ["/static/app.css", "/static/learn.css", "/static/learn.js"]
    files += [f"/static/vendor/{p.name}" for p in sorted((STATIC / "vendor").glob("htmx-*.js"))]
    return JSONResponse({"version": guide.version, "urls": pages + files})


@router.get("/learn/sw.js", include_in_schema=False)
def learn_service_worker() -> Response:
    return service_worker("learn-sw.js", "/learn")


@router.get("/learn/records", include_in_schema=False)
def training_records(*, request: Request, lang: Lang = None, user: CurrentUser, w: WebDep) -> Response:
    """The organisation's training record for admins, one's own for everyone else."""
    code = _lang(request, lang)
    rows = records.listing(w.engine, None if user.role == "admin" else user.id)
    guide = load()
    titles = {slug: (guide.lesson(slug, code) or guide.lessons[("en", slug)]).title for slug in guide.slugs()}
    return _page(request, "learn_records.html", code, user, rows=rows, titles=titles, everyone=user.role == "admin")


def _audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise HTTPException(404, f"no such audience; choose one of {', '.join(AUDIENCES)}")
    return audience


@lru_cache(maxsize=32)
def _pdf(audience: str, lang: str, country: str, _version: str) -> bytes:
    return handout_pdf(load(), audience, lang, country)


@router.get("/learn/handouts/{audience}.pdf", include_in_schema=False)
async def handout_as_pdf(*, request: Request, audience: str, lang: Lang = None, country: Country = None) -> Response:
    """An audience's handout as PDF (needs weasyprint, else 503 with a link to the printable page)."""
    code = _lang(request, lang)
    where = pick_country(country, code)
    try:
        pdf = await run_in_threadpool(_pdf, _audience(audience), code, where, load().version)
    except MissingExtra:
        raise HTTPException(
            503,
            "PDF handouts need the weasyprint package (pip install 'heroes[screening-pdf]'); "
            f"the printable page is at /learn/handouts/{audience}.html",
        ) from None
    name = f"heroes-{audience}-{code}-{where}.pdf"
    return Response(pdf, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/learn/handouts/{audience}.html", include_in_schema=False)
def handout_page(*, request: Request, audience: str, lang: Lang = None, country: Country = None) -> Response:
    code = _lang(request, lang)
    html = handout_html(load(), _audience(audience), code, pick_country(country, code))
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/learn/{slug}", include_in_schema=False)
def lesson_page(
    *,
    request: Request,
    slug: Annotated[str, PathParam(pattern=SLUG)],
    lang: Lang = None,
    country: Country = None,
    saved: bool = False,
    w: WebDep,
) -> Response:
    """A lesson page, with its neighbours and the helplines of the reader's country."""
    code = _lang(request, lang)
    guide = load()
    lesson = guide.lesson(slug, code)
    if lesson is None:
        raise HTTPException(404, "no such lesson")
    siblings = guide.by_audience(lesson.audience, code)
    at = siblings.index(lesson)
    where = pick_country(country, code)
    return _page(
        request,
        "learn_lesson.html",
        code,
        _viewer(request, w),
        v=view(guide, lesson, where, lambda term: f"/learn/glossary?lang={code}#{term}"),
        audience=guide.audiences[lesson.audience][code],
        previous=siblings[at - 1] if at > 0 else None,
        following=siblings[at + 1] if at + 1 < len(siblings) else None,
        country=where,
        countries=countries(),
        saved=saved,
    )


@router.post("/learn/{slug}/complete", include_in_schema=False, dependencies=[Depends(csrf)])
def complete(
    *,
    slug: Annotated[str, PathParam(pattern=SLUG)],
    score: int = Form(..., ge=0, le=100),
    total: int = Form(..., ge=1, le=100),
    lang: str = Form("en", max_length=16),
    user: CurrentUser,
    w: WebDep,
) -> Response:
    """Save a signed-in user's quiz score for a lesson."""
    code = lang if lang in LANGUAGES else "en"
    lesson = load().lesson(slug, code)
    if lesson is None:
        raise HTTPException(404, "no such lesson")
    if total != len(lesson.quiz) or score > total:
        raise HTTPException(422, f"the quiz of this lesson has {len(lesson.quiz)} questions")
    records.save(w.engine, user.id, slug, code, score, total)
    return RedirectResponse(f"/learn/{slug}?lang={code}&saved=1#check", status_code=303)
