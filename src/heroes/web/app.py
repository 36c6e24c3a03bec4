"""The FastAPI application: the request guards, session middleware, security headers, error answers and the route
modules.

Everything is served from the package (templates, vendored HTMX and cytoscape.js): the dashboard works with no
network at all, and /api/docs (Swagger UI, which loads from a CDN) is off; the OpenAPI schema stays at
/api/openapi.json. ``create_app(db_url)`` connects the case store (bringing its schema, including the dashboard
tables, up to date, and writing the per-item facts an older version left out), opens the audit log with its key
(made on first start) and keeps one engine for the dashboard's own tables; case data is read through the store.
Middleware, outermost first: proxy headers (only with ``forwarded_allow_ips``), session and security headers, the
Host check (only with ``allowed_hosts``; ``heroes serve`` always sets it), the body limit, strict JSON and HEAD
(heroes.web.guard).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from heroes import __version__
from heroes.store import CaseStore, db
from heroes.web.audit import AuditLog
from heroes.web.audit_anchor import default_paths
from heroes.web.deps import LoginRequired, Web, render
from heroes.web.guard import MAX_BODY, RequestGuard
from heroes.web.lockout import LoginGuard, RefusalLog
from heroes.web.middleware import SessionHeaders
from heroes.web.overview import OverviewCache
from heroes.web.queries import SummaryCache
from heroes.web.routes import auth, cases, learn, media, public, referrals, screening
from heroes.web.security import Signer
from heroes.web.sessions import IDLE, LIFETIME, SessionStore
from heroes.web.static_paths import STATIC


@dataclass(frozen=True)
class Settings:
    """How the server is deployed (``heroes serve`` options)."""

    allowed_hosts: Sequence[str] | None = None  # Host header values accepted; None: not checked
    forwarded_allow_ips: str | None = None  # proxies whose X-Forwarded-For names the client; None: none
    max_body: int = MAX_BODY
    idle_timeout: float = IDLE
    session_lifetime: float = LIFETIME
    audit_key: Path | None = None  # None: heroes.web.audit_anchor.default_paths
    audit_checkpoints: Path | None = None
    referral_key: Path | None = None  # None: heroes.referrals.sealing.default_key_path


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _json(status: int, body: object) -> Response:
    """A JSON answer that can always be encoded: ASCII escapes for any character, no NaN."""
    return Response(json.dumps(body, ensure_ascii=True), status_code=status, media_type="application/json")


def create_app(
    db_url: str, secret: str | None = None, secure_cookies: bool = False, settings: Settings | None = None
) -> FastAPI:
    """The dashboard application: store, audit log, sessions, login guard, routes and security headers."""
    settings = settings or Settings()
    store = CaseStore(db_url)
    engine = db.make_engine(db_url)
    key_path, checkpoints_path = default_paths(db_url)
    try:
        store.fill_facts()  # items saved by an older version get their per-item facts now, not during a request
        audit_log = AuditLog.open(
            engine, settings.audit_key or key_path, settings.audit_checkpoints or checkpoints_path
        )
    except BaseException:
        store.close()
        engine.dispose()
        raise
    secret = secret or secrets.token_hex(32)  # no secret given: tokens in open pages end with the process
    web = Web(
        store=store,
        engine=engine,
        sessions=SessionStore(engine, secret, settings.idle_timeout, settings.session_lifetime),
        signer=Signer(secret),
        audit=audit_log,
        guard=LoginGuard(),
        refusals=RefusalLog(audit_log),
        secure_cookies=secure_cookies,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        web.refusals.flush()
        store.close()
        engine.dispose()

    app = FastAPI(
        title="HEROES dashboard",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.web = web
    app.state.summaries = SummaryCache()
    app.state.referral_key = settings.referral_key  # read on first use (heroes.web.routes.referrals)
    app.state.overviews = OverviewCache()

    app.add_middleware(RequestGuard, max_body=settings.max_body)
    if settings.allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    app.add_middleware(SessionHeaders, store=web.sessions, access=web.access, secure_cookies=secure_cookies)
    if settings.forwarded_allow_ips:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)

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

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> Response:
        """422 with where and what, never the input itself (which may hold what JSON cannot carry)."""
        errors = [
            {
                "type": str(e.get("type", "")),
                "loc": [part if isinstance(part, int) else str(part) for part in e.get("loc", ())],
                "msg": str(e.get("msg", "")),
            }
            for e in exc.errors()
        ]
        return _json(422, {"detail": errors})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, cases, media, screening, referrals, public, learn):
        app.include_router(module.router)

    return app
