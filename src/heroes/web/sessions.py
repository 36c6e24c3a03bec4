"""Server-side login sessions: the browser's cookie holds only a random id; the session lives in ``web_sessions``.

Why: a signed cookie stays valid until it expires, whatever the server does, so a copy taken before logout kept
working. Here a session is a row keyed by the SHA-256 of the cookie's id, so deleting the row ends it at once:
logout, a password or role change, ``heroes users disable|remove`` and ``heroes users sessions NAME --revoke`` all
do. A session also ends after ``idle`` seconds without a request (30 min by default) and ``lifetime`` seconds
after login (12 h), whichever comes first.

Cookies: ``s.<id>`` for a login session, ``a.<id>`` for a visitor who is not logged in (no row: its CSRF token is
an HMAC of the id under the server secret, so the login form is protected without writing anything). Logging in
always issues a new id (no session fixation).

Cost per request: the session is looked up in heroes.web.access's memory (at most ``ACCESS_TTL`` = 2 s old, emptied
at once by any change made in this process), so a page needs no query; ``last_seen`` is written at most every
``touch_every`` seconds. A session ended by another process (the CLI) stops working within 2 s.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, or_, select, update
from sqlalchemy.orm import Session

from heroes.store import db
from heroes.web import accounts
from heroes.web.models import LoginSession, User

COOKIE = "heroes_session"
LOGIN, VISITOR = "s.", "a."
_ID = re.compile(r"(s|a)\.[A-Za-z0-9_-]{43}")
IDLE, LIFETIME = 30 * 60.0, 12 * 3600.0


@dataclass(frozen=True)
class Record:
    key: str
    user_id: int
    csrf: str
    created: float
    last_seen: float


def key_of(cookie_id: str) -> str:
    return hashlib.sha256(cookie_id.encode()).hexdigest()


class SessionStore:
    """Starts, finds, refreshes and ends the login sessions of one database."""

    def __init__(self, engine: Engine, secret: str, idle: float = IDLE, lifetime: float = LIFETIME) -> None:
        self.engine = engine
        self.idle, self.lifetime = idle, lifetime
        self.touch_every = min(60.0, idle / 4)
        self._secret = secret.encode()

    # visitors
    @staticmethod
    def new_visitor() -> str:
        return VISITOR + secrets.token_urlsafe(32)

    def visitor_csrf(self, cookie: str) -> str:
        return hmac.new(self._secret, f"csrf\n{cookie}".encode(), hashlib.sha256).hexdigest()[:43]

    @staticmethod
    def parse(cookie: str | None) -> str | None:
        """The cookie's value if it is well formed, else None (a new visitor)."""
        return cookie if cookie and _ID.fullmatch(cookie) else None

    # login sessions
    def start(self, user_id: int, address: str, user_agent: str) -> tuple[str, Record]:
        """A new session for ``user_id``: the cookie value and its record; expired sessions are swept here."""
        cookie = LOGIN + secrets.token_urlsafe(32)
        now = time.time()
        record = Record(key_of(cookie), user_id, secrets.token_urlsafe(32), now, now)
        with Session(db.writer(self.engine)) as s, s.begin():
            s.execute(
                delete(LoginSession).where(
                    or_(LoginSession.last_seen < now - self.idle, LoginSession.created < now - self.lifetime)
                )
            )
            s.add(
                LoginSession(
                    key=record.key,
                    user_id=user_id,
                    csrf=record.csrf,
                    created=now,
                    last_seen=now,
                    address=address[:64],
                    user_agent=user_agent[:256],
                )
            )
        return cookie, record

    def load(self, key: str) -> Record | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(LoginSession.user_id, LoginSession.csrf, LoginSession.created, LoginSession.last_seen).where(
                    LoginSession.key == key
                )
            ).first()
        return Record(key, row[0], row[1], row[2], row[3]) if row else None

    def alive(self, record: Record, now: float) -> bool:
        return now - record.last_seen < self.idle and now - record.created < self.lifetime

    def stale(self, record: Record, now: float) -> bool:
        """Its ``last_seen`` should be written again."""
        return now - record.last_seen >= self.touch_every

    def touch(self, key: str, now: float) -> None:
        with db.writer(self.engine).begin() as conn:
            conn.execute(update(LoginSession).where(LoginSession.key == key).values(last_seen=now))

    def end(self, key: str) -> None:
        with db.writer(self.engine).begin() as conn:
            conn.execute(delete(LoginSession).where(LoginSession.key == key))
        accounts.changed()


def listing(engine: Engine, user: str) -> list[dict[str, Any]]:
    """The user's sessions, newest first: short id (for ``--revoke``), times, address, user agent."""
    with Session(engine) as s:
        uid = s.scalar(select(User.id).where(User.name == user))
        if uid is None:
            raise accounts.AccountError(f"no user {user!r}")
        rows = s.scalars(
            select(LoginSession).where(LoginSession.user_id == uid).order_by(LoginSession.created.desc())
        ).all()
        return [
            {
                "id": r.key[:12],
                "created": r.created,
                "last_seen": r.last_seen,
                "address": r.address,
                "user_agent": r.user_agent,
            }
            for r in rows
        ]


def revoke(engine: Engine, user: str, short_id: str | None = None) -> int:
    """End one session of ``user`` (by the id ``listing`` shows) or, with no id, all of them; how many ended."""
    with Session(db.writer(engine)) as s, s.begin():
        uid = s.scalar(select(User.id).where(User.name == user))
        if uid is None:
            raise accounts.AccountError(f"no user {user!r}")
        stmt = delete(LoginSession).where(LoginSession.user_id == uid)
        if short_id is not None:
            if not re.fullmatch(r"[0-9a-f]{6,64}", short_id):
                raise accounts.AccountError("a session id is 6 to 64 hexadecimal digits, as `sessions NAME` shows")
            stmt = stmt.where(LoginSession.key.startswith(short_id))
        ended = cast(CursorResult[Any], s.execute(stmt)).rowcount  # a DELETE's result (typed as any Result)
    accounts.changed()
    return int(ended or 0)
