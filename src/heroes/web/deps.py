"""Request dependencies: the database, the logged-in user, permission checks, case access and CSRF.

Routes stay thin: they declare ``user = Depends(permitted(...))`` or ``case = Depends(open_case)`` and get a checked
value or never run; which roles hold a permission is heroes.web.roles' table. A missing login is a redirect to
/login for pages and 401 for the JSON API; a role that may not use a route is 403; a case the user is not assigned
to is 404, so its existence does not leak. Opening a case (any of its pages or API routes) is written to the audit
log once per login session (heroes.web.audit.Once). The user and assignment checks run on every request against
heroes.web.access, a memory of at most ``ACCESS_TTL`` (2) seconds that a change made in this process empties at
once: a user disabled or unassigned from another process loses access within 2 seconds. The dependencies are async
so that a page answered from memory needs no thread hand-off; database work they still need runs in the thread pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from heroes.store import CaseStore
from heroes.web import audit, roles
from heroes.web.access import MISS, AccessCache
from heroes.web.accounts import Account
from heroes.web.audit import AuditLog, Once
from heroes.web.lockout import LoginGuard, RefusalLog
from heroes.web.security import Signer, csrf_ok
from heroes.web.sessions import SessionStore

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

MAX_ID = 2**63 - 1  # ids and keyset cursors are 64-bit in the database: a larger number is a 422, not a 500
DbId = Annotated[int, PathParam(ge=0, le=MAX_ID)]
After = Annotated[int, Query(ge=0, le=MAX_ID)]


@dataclass
class Web:
    """What every request shares: the case store, an engine for direct queries, sessions, the signer of tokens,
    the audit log and the login guard."""

    store: CaseStore
    engine: Engine
    sessions: SessionStore
    signer: Signer
    audit: AuditLog
    guard: LoginGuard
    refusals: RefusalLog
    secure_cookies: bool = False
    opened: Once = field(default_factory=Once)
    access: AccessCache = field(default_factory=AccessCache)


class LoginRequired(Exception):
    pass


async def web(request: Request) -> Web:  # async: no I/O, so FastAPI needs no thread hand-off for it
    return request.app.state.web


def session(request: Request) -> dict[str, Any]:
    return request.state.session


WebDep = Annotated[Web, Depends(web)]


def _logged_in(request: Request, user: Account | None) -> Account:
    if user is None:
        raise LoginRequired
    request.state.user = user
    return user


def current_user(request: Request, w: Web) -> Account:
    """The logged-in, active user (a plain function too: the home page calls it directly)."""
    uid = session(request).get("uid")
    return _logged_in(request, w.access.user(w.engine, uid) if isinstance(uid, int) else None)


async def current_user_dep(request: Request, w: WebDep) -> Account:
    """``current_user`` for ``Depends``: answered from heroes.web.access when it can, without a thread
    hand-off; a lookup the cache cannot answer runs in the thread pool."""
    uid = session(request).get("uid")
    if not isinstance(uid, int):
        return _logged_in(request, None)
    user = w.access.cached_user(uid)
    if user is MISS:
        user = await run_in_threadpool(w.access.load_user, w.engine, uid)
    return _logged_in(request, user)


CurrentUser = Annotated[Account, Depends(current_user_dep)]


def permitted(permission: str) -> Any:
    async def check(user: CurrentUser) -> Account:  # async: pure logic, no thread hand-off
        if not user.can(permission):
            raise HTTPException(403, f"the {user.role} role may not use this page")
        return user

    return check


def require(user: Account, permission: str, what: str) -> None:
    """403 unless ``user`` may do ``what`` (for routes whose first check is the case's)."""
    if not user.can(permission):
        raise HTTPException(403, f"the {user.role} role may not {what}")


CaseReader = Annotated[Account, Depends(permitted(roles.READ_CASES))]
Screener = Annotated[Account, Depends(permitted(roles.SCREEN))]
Auditor = Annotated[Account, Depends(permitted(roles.AUDIT))]


@dataclass(frozen=True)
class OpenCase:
    id: int
    name: str
    user: Account


async def open_case(case_id: DbId, request: Request, w: WebDep, user: CaseReader) -> OpenCase:
    """The assignment check (heroes.web.access, every request) and the once-per-session audit entry; database
    work, when there is any, runs in the thread pool."""
    name = w.access.cached_case(user.id, case_id)
    if name is MISS:
        name = await run_in_threadpool(w.access.load_case, w.engine, user.id, case_id)
    if name is None:
        raise HTTPException(404, "no such case")
    state = session(request)
    key = (str(state.get("sid") or state["csrf"]), case_id)
    if key not in w.opened:
        await run_in_threadpool(
            w.audit.append,
            user.name,
            "case_open",
            f"case:{case_id}",
            case=name,
            session=audit.fingerprint(key[0]),
            via="api" if request.url.path.startswith("/api/") else "page",
        )
        w.opened.add(key)
    return OpenCase(case_id, name, user)


CaseDep = Annotated[OpenCase, Depends(open_case)]


async def csrf(request: Request) -> None:
    """Refuses a state-changing request whose CSRF token (form field or header) does not match the session."""
    sent = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get("csrf")  # type: ignore[assignment]
    if not csrf_ok(session(request), sent):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Any:
    context.setdefault("user", getattr(request.state, "user", None))
    context["csrf"] = session(request)["csrf"]
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
