"""The FastAPI application: session middleware, security headers, error pages and the route modules.

Everything is served from the package (templates, vendored HTMX and cytoscape.js): the dashboard works with no
network at all. ``create_app(db_url)`` connects the case store (bringing its schema, including the dashboard
tables, up to date) and keeps one engine for the read queries.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from heroes import __version__
from heroes.store import CaseStore, db
from heroes.web.deps import LoginRequired, Web, render
from heroes.web.overview import OverviewCache
from heroes.web.queries import SummaryCache
from heroes.web.routes import auth, cases, media, public, screening
from heroes.web.security import COOKIE, SESSION_MAX_AGE, RateLimit, Sessions
from heroes.web.static_paths import STATIC

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(db_url: str, secret: str | None = None, secure_cookies: bool = False) -> FastAPI:
    store = CaseStore(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()
        _app.state.web.engine.dispose()

    app = FastAPI(
        title="HEROES dashboard",
        version=__version__,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    sessions = Sessions(secret or secrets.token_hex(32))  # no secret given: sessions end with the process
    app.state.web = Web(
        store=store,
        engine=db.make_engine(db_url),
        sessions=sessions,
        limiter=RateLimit(),
        secure_cookies=secure_cookies,
    )
    app.state.summaries = SummaryCache()
    app.state.overviews = OverviewCache()

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        w: Web = app.state.web
        raw = request.cookies.get(COOKIE)
        request.state.session = w.sessions.load(raw)
        before = dict(request.state.session)
        response: Response = await call_next(request)
        if raw is None or request.state.session != before:
            response.set_cookie(
                COOKIE,
                w.sessions.dump(request.state.session),
                max_age=SESSION_MAX_AGE,
                httponly=True,
                samesite="strict",
                secure=w.secure_cookies or request.url.scheme == "https",
                path="/",
            )
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "login required"}, status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request) or request.headers.get("hx-request"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", status_code=exc.status_code, status=exc.status_code, detail=exc.detail)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, cases, media, screening, public):
        app.include_router(module.router)

    return app
