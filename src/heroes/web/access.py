"""A few seconds' memory of login sessions, who is logged in and which cases they may open, so a page view
needs no lookups.

Why: every case page checked the user row and the case assignment with two queries, a sizeable share of a fast
page's time under 20 concurrent clients. Access is still checked on every request, against this memory:

- an entry is trusted for at most ``ACCESS_TTL`` seconds (2 s), then read again from the database; so a user
  disabled or an assignment removed by another process (``heroes users ...`` on the command line) loses access
  within ``ACCESS_TTL`` seconds, and never keeps it longer;
- a change made in this process (add, disable or change a user, assign or unassign a case, end a session:
  heroes.web.accounts and heroes.web.sessions) bumps ``accounts.generation()``, which empties this memory at once;
- a denial is remembered the same way (a newly granted assignment shows up within the same bound).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine

from heroes.web import accounts
from heroes.web.accounts import Account
from heroes.web.sessions import Record, SessionStore

ACCESS_TTL = 2.0
MAX_ENTRIES = 10_000
MISS: Any = object()  # not known: look it up (a cached None means "no such active user" / "not assigned")


class AccessCache:
    """Short-lived cache of users, case roles and sessions, so each request does not query them again."""

    def __init__(self, ttl: float = ACCESS_TTL) -> None:
        self.ttl = ttl
        self._gen = accounts.generation()
        self._users: dict[int, tuple[float, Account | None]] = {}
        self._cases: dict[tuple[int, int], tuple[float, str | None]] = {}
        self._sessions: dict[str, tuple[float, Record | None]] = {}

    def _fresh(self, table: dict[Any, tuple[float, Any]], key: Any) -> Any:
        if self._gen != accounts.generation():  # changed in this process: forget everything now
            for known in (self._users, self._cases, self._sessions):
                known.clear()
            self._gen = accounts.generation()
            return MISS
        hit = table.get(key)
        if hit is None or time.monotonic() - hit[0] >= self.ttl:
            return MISS
        return hit[1]

    @staticmethod
    def _keep(table: dict[Any, tuple[float, Any]], key: Any, value: Any) -> None:
        if len(table) >= MAX_ENTRIES:
            table.clear()
        table[key] = (time.monotonic(), value)

    def cached_user(self, user_id: int) -> Account | None:
        """The cached answer, or ``MISS``."""
        return self._fresh(self._users, user_id)

    def load_user(self, engine: Engine, user_id: int) -> Account | None:
        gen = accounts.generation()
        user = accounts.get(engine, user_id)
        if gen == accounts.generation():  # no change raced the read
            self._keep(self._users, user_id, user)
        return user

    def user(self, engine: Engine, user_id: int) -> Account | None:
        hit = self.cached_user(user_id)
        return self.load_user(engine, user_id) if hit is MISS else hit

    def cached_case(self, user_id: int, case_id: int) -> str | None:
        """The case's name if assigned, None if not, or ``MISS``."""
        return self._fresh(self._cases, (user_id, case_id))

    def load_case(self, engine: Engine, user_id: int, case_id: int) -> str | None:
        gen = accounts.generation()
        name = accounts.assigned_case_name(engine, user_id, case_id)
        if gen == accounts.generation():
            self._keep(self._cases, (user_id, case_id), name)
        return name

    def cached_session(self, key: str) -> Record | None:
        """The session's record, None if there is no such session, or ``MISS``."""
        return self._fresh(self._sessions, key)

    def load_session(self, store: SessionStore, key: str) -> Record | None:
        gen = accounts.generation()
        record = store.load(key)
        if gen == accounts.generation():
            self._keep(self._sessions, key, record)
        return record

    def seen(self, record: Record, now: float) -> None:
        """Remember that the session was seen ``now`` (before its ``last_seen`` is written, so concurrent requests
        of the same session do not all write it)."""
        self._keep(self._sessions, record.key, Record(record.key, record.user_id, record.csrf, record.created, now))
