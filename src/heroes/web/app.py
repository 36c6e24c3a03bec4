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
from heroes.web.middleware import SessionHeaders
from heroes.web.overview import OverviewCache
from heroes.web.queries import SummaryCache
from heroes.web.routes import auth, cases, learn, media, public, screening
from heroes.web.security import RateLimit, Sessions
from heroes.web.static_paths import STATIC


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

    app.add_middleware(SessionHeaders, sessions=sessions, secure_cookies=secure_cookies)

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
    for module in (auth, cases, media, screening, public, learn):
        app.include_router(module.router)

    return app
