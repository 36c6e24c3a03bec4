"""The session cookie and the security headers, as a plain ASGI middleware.

Why not ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs the rest of the app in a task group and
streams the response through memory channels, which cost a visible share of a fast page's time under load. This
wrapper does the same work in-line: it loads the signed session into ``request.state.session`` before the app
runs and, when the response starts, sets the cookie (for a new visitor, a cookie that no longer verifies - an
expired one, or one signed before a restart with a new secret, which used to leave the login form's CSRF check
failing until the browser dropped it - or a changed session) and the headers.
What it sends is unchanged: CSP (unless a route set its own), nosniff, no referrer, no framing, and ``no-store``
on everything but /static/.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heroes.web.security import COOKIE, SESSION_MAX_AGE, Sessions

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

    def __init__(self, app: ASGIApp, sessions: Sessions, secure_cookies: bool) -> None:
        self.app = app
        self.sessions = sessions
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        signer, secure = self.sessions, self.secure_cookies
        state = scope.setdefault("state", {})
        state["session"], valid = signer.open(_cookie(scope))
        before = dict(state["session"])
        path: str = scope["path"]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                now = state.get("session")
                if not valid or now != before:  # new visitor, bad or expired cookie, or a changed session
                    headers.append("set-cookie", _set_cookie(signer, now or {}, secure or scope["scheme"] == "https"))
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                if not path.startswith("/static/"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_wrapper)


def _set_cookie(signer: Sessions, data: dict[str, Any], secure: bool) -> str:
    r = Response()
    r.set_cookie(
        COOKIE,
        signer.dump(data),
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    return r.headers["set-cookie"]
