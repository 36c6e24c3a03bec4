"""Login and logout (guarded against guessing, audited), the home page that sends each role where it works, and
the admin's audit log page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from heroes.web import accounts, audit, roles
from heroes.web.deps import (
    MAX_ID,
    Auditor,
    CurrentUser,
    LoginRequired,
    Web,
    WebDep,
    csrf,
    current_user,
    render,
    session,
)

router = APIRouter()
PAGE = 100


@router.get("/", include_in_schema=False)
def home(*, request: Request, w: WebDep) -> Response:
    try:
        user = current_user(request, w)
    except LoginRequired:
        return RedirectResponse("/login", status_code=303)
    start = "/cases" if user.can(roles.READ_CASES) else "/referrals" if user.can(roles.INBOX) else "/screening"
    return RedirectResponse(start, status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(*, request: Request) -> Response:
    return render(request, "login.html", error=None)


def _refused(request: Request, reason: str, wait: float) -> Response:
    minutes = max(1, round(wait / 60))
    if reason == "address":
        error = f"Too many failed logins from your address: wait {minutes} minute(s) and try again."
    else:
        error = f"Too many failed attempts for this account: wait {minutes} minute(s) and try again."
    return render(request, "login.html", status_code=429, error=error)


def _start_session(request: Request, w: Web, user: accounts.Account, client: str) -> None:
    """A new session with a new id (no session fixation) and a new CSRF token; the middleware sets the cookie."""
    old = session(request).get("sid")
    if old:
        w.sessions.end(old)
    cookie, record = w.sessions.start(user.id, client, request.headers.get("user-agent", ""))
    request.state.session = {"uid": user.id, "csrf": record.csrf, "sid": record.key}
    request.state.set_cookie = cookie


@router.post("/login", include_in_schema=False, dependencies=[Depends(csrf)])
def login(
    *,
    request: Request,
    username: str = Form(..., max_length=128),
    password: str = Form(..., max_length=1024),
    w: WebDep,
) -> Response:
    """Log in, unless the account or address is locked out; every refusal is recorded."""
    client = request.client.host if request.client else "unknown"
    refused = w.guard.refused(username, client)
    if refused is not None:
        w.refusals.refused(username, client, refused[0])
        return _refused(request, *refused)
    user = accounts.authenticate(w.engine, username, password)
    if user is None:
        w.guard.failed(username, client)
        w.refusals.refused(username, client, "password")
        return render(request, "login.html", status_code=401, error="Wrong user name or password.")
    w.guard.succeeded(username)
    w.refusals.close(username)
    _start_session(request, w, user, client)
    w.audit.append(user.name, "login", client=client, role=user.role)
    return RedirectResponse("/", status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[Depends(csrf)])
def logout(*, request: Request, user: CurrentUser, w: WebDep) -> Response:
    w.sessions.end(session(request)["sid"])
    w.audit.append(user.name, "logout")
    request.state.set_cookie = cookie = w.sessions.new_visitor()
    request.state.session = {"csrf": w.sessions.visitor_csrf(cookie)}
    return RedirectResponse("/login", status_code=303)


@router.get("/audit", include_in_schema=False)
def audit_page(
    *, request: Request, before: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None, user: Auditor, w: WebDep
) -> Response:
    """The newest entries; what is new since the last check and the entries shown are verified on each view."""
    shown = audit.entries(w.engine, PAGE, before)
    return render(
        request,
        "audit.html",
        entries=shown,
        problems=w.audit.verify_recent(shown),
        next_before=shown[-1]["seq"] if len(shown) == PAGE else None,
    )
