"""Login and logout (rate-limited, audited) and the home page that sends each role where it works."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from heroes.web import accounts, audit
from heroes.web.deps import (
    CASE_ROLES,
    MAX_ID,
    Admin,
    CurrentUser,
    LoginRequired,
    WebDep,
    csrf,
    current_user,
    render,
    session,
)

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(*, request: Request, w: WebDep) -> Response:
    try:
        user = current_user(request, w)
    except LoginRequired:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/cases" if user.role in CASE_ROLES else "/screening", status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(*, request: Request) -> Response:
    return render(request, "login.html", error=None)


@router.post("/login", include_in_schema=False, dependencies=[Depends(csrf)])
def login(
    *,
    request: Request,
    username: str = Form(..., max_length=128),
    password: str = Form(..., max_length=1024),
    w: WebDep,
) -> Response:
    client = request.client.host if request.client else "unknown"
    keys = (f"ip:{client}", f"user:{username}")
    if w.limiter.blocked(*keys):
        audit.append(w.engine, username, "login_blocked", client=client)
        return render(
            request, "login.html", status_code=429, error="Too many failed attempts: wait a few minutes and try again."
        )
    user = accounts.authenticate(w.engine, username, password)
    if user is None:
        w.limiter.fail(*keys)
        audit.append(w.engine, username, "login_failed", client=client)
        return render(request, "login.html", status_code=401, error="Wrong user name or password.")
    w.limiter.clear(f"user:{username}")
    state = session(request)
    state.clear()
    # a fresh token (no session fixation) and a session id: the audit log records each case open once per sid
    state.update(uid=user.id, csrf=secrets.token_urlsafe(24), sid=secrets.token_urlsafe(16))
    audit.append(w.engine, user.name, "login", client=client, role=user.role)
    return RedirectResponse("/", status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[Depends(csrf)])
def logout(*, request: Request, user: CurrentUser, w: WebDep) -> Response:
    audit.append(w.engine, user.name, "logout")
    state = session(request)
    state.clear()
    state["csrf"] = secrets.token_urlsafe(24)
    return RedirectResponse("/login", status_code=303)


@router.get("/audit", include_in_schema=False)
def audit_page(
    *, request: Request, before: Annotated[int | None, Query(ge=0, le=MAX_ID)] = None, user: Admin, w: WebDep
) -> Response:
    entries = audit.entries(w.engine, 100, before)
    return render(
        request,
        "audit.html",
        entries=entries,
        problems=audit.verify(w.engine),
        next_before=entries[-1]["seq"] if len(entries) == 100 else None,
    )
