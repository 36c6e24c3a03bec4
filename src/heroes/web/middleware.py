"""The session cookie and the security headers, as a plain ASGI middleware.

Why not ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs the rest of the app in a task group and
streams the response through memory channels, which cost a visible share of a fast page's time under load. This
wrapper does the same work in-line: before the app runs it finds the cookie's login session (heroes.web.sessions,
through the short-lived memory of heroes.web.access, so most requests need no query) and puts it in
``request.state.session`` (``uid``, ``csrf`` and ``sid`` for a login, only ``csrf`` for a visitor); a session
that ended or expired makes the browser a visitor again. When the response starts it sets the cookie - for a
new visitor, or the one a route put in ``request.state.set_cookie`` (login, logout) - and the headers: CSP
(unless a route set its own), nosniff, no referrer, no framing, and ``no-store`` on everything but /static/.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heroes.web.access import MISS, AccessCache
from heroes.web.sessions import COOKIE, LOGIN, SessionStore, key_of

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _cookie(scope: Scope) -> str | None:
    """The session cookie's value, parsed as ``Request.cookies`` does (the last Cookie header wins)."""
    found: dict[str, str] = {}
    for name, value in scope["headers"]:
        if name == b"cookie":
            found.update(cookie_parser(value.decode("latin-1")))
    return found.get(COOKIE)


class SessionHeaders:
    """ASGI middleware around the whole app (inside Starlette's error middleware, like ``@app.middleware``)."""

    def __init__(self, app: ASGIApp, store: SessionStore, access: AccessCache, secure_cookies: bool) -> None:
        self.app = app
        self.store = store
        self.access = access
        self.secure_cookies = secure_cookies

    async def _session(self, cookie: str | None) -> tuple[dict[str, Any], str | None]:
        """The request's session and the cookie to set (None: keep the browser's)."""
        store, access = self.store, self.access
        if cookie is not None and cookie.startswith(LOGIN):
            key = key_of(cookie)
            record = access.cached_session(key)
            if record is MISS:
                record = await run_in_threadpool(access.load_session, store, key)
            now = time.time()
            if record is not None and store.alive(record, now):
                if store.stale(record, now):
                    access.seen(record, now)
                    await run_in_threadpool(store.touch, key, now)
                return {"uid": record.user_id, "csrf": record.csrf, "sid": key}, None
            cookie = None  # ended, expired or unknown: a visitor again
        fresh = None
        if cookie is None:
            cookie = fresh = store.new_visitor()
        return {"csrf": store.visitor_csrf(cookie)}, fresh

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["session"], state["set_cookie"] = await self._session(self.store.parse(_cookie(scope)))
        path: str = scope["path"]
        secure = self.secure_cookies or scope["scheme"] == "https"

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if state.get("set_cookie"):
                    headers.append("set-cookie", _set_cookie(state["set_cookie"], self.store.lifetime, secure))
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                if not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_wrapper)


def _set_cookie(value: str, max_age: float, secure: bool) -> str:
    r = Response()
    r.set_cookie(COOKIE, value, max_age=int(max_age), httponly=True, samesite="strict", secure=secure, path="/")
    return r.headers["set-cookie"]
