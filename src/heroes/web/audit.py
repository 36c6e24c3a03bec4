"""The append-only audit trail: every login, case open, media reveal and export, hash-chained.

Each entry's hash is SHA-256 over the previous hash and the entry's canonical JSON (seq, time, actor, action,
target, detail). ``verify`` walks the chain in ``seq`` order: an edited entry no longer matches its hash, a
removed one leaves a gap in ``seq`` and a broken link, a reordered one breaks the links around it. Appends take
the database's write lock (SQLite ``BEGIN IMMEDIATE``); on a server a unique ``seq`` makes a racing append retry.

A case open is logged once per login session and case, not on every page of it: ``Once`` remembers which
(session, case) pairs this server process has logged. Each login starts a new session id, so every case a user
opens after logging in is in the log at least once, with the session's fingerprint (a hash of its id) to tie the
entries together; a restarted server or a second worker process logs the open again: an open may be logged
twice, never missed.
Writing an entry per request made every page view of a case wait for the database's one writer.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from heroes.store import db
from heroes.store.text import dumps
from heroes.web.models import AuditEntry

GENESIS = "0" * 64
RETRIES = 5


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, detail: dict[str, Any]) -> str:
    body = json.dumps(
        [seq, at, actor, action, target, json.loads(dumps(detail))],
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(engine: Engine, actor: str, action: str, target: str = "", **detail: Any) -> int:
    """Write one entry at the end of the chain; returns its seq."""
    table = AuditEntry.__table__
    for attempt in range(RETRIES):
        try:
            with db.writer(engine).begin() as conn:
                last = conn.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
                seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
                at = datetime.now(UTC).isoformat(timespec="microseconds")
                digest = entry_hash(prev, seq, at, actor, action, target, detail)
                conn.execute(
                    insert(table).values(
                        seq=seq,
                        at=at,
                        actor=actor,
                        action=action,
                        target=target,
                        detail=detail,
                        prev_hash=prev,
                        hash=digest,
                    )
                )
                return int(seq)
        except IntegrityError:  # another writer took this seq: read the new end and try again
            if attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def entries(engine: Engine, limit: int = 100, before: int | None = None) -> list[dict[str, Any]]:
    """The newest entries first (for the admin's audit page)."""
    table = AuditEntry.__table__
    stmt = select(table).order_by(table.c.seq.desc()).limit(limit)
    if before is not None:
        stmt = stmt.where(table.c.seq < before)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(stmt)]


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(AuditEntry.__table__)) or 0)


def verify(engine: Engine) -> list[str]:
    """Problems in the chain, in order; an empty list means every entry is intact and in place."""
    table = AuditEntry.__table__
    problems: list[str] = []
    expected_seq, prev = 1, GENESIS
    with engine.connect() as conn:
        rows = conn.execution_options(yield_per=5000).execute(select(table).order_by(table.c.seq, table.c.id))
        for row in rows:
            r = row._mapping
            if r["seq"] != expected_seq:
                problems.append(f"entry {r['seq']}: expected seq {expected_seq} (an entry is missing or moved)")
            if r["prev_hash"] != prev:
                problems.append(f"entry {r['seq']}: does not link to the entry before it (removed or reordered)")
            digest = entry_hash(r["prev_hash"], r["seq"], r["at"], r["actor"], r["action"], r["target"], r["detail"])
            if digest != r["hash"]:
                problems.append(f"entry {r['seq']}: contents do not match its hash (edited)")
            expected_seq, prev = r["seq"] + 1, r["hash"]
    return problems


def fingerprint(session_id: str) -> str:
    """What the log records of a session: enough to group its entries, useless to take it over."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:16]


class Once:
    """Keys already logged by this process (bounded: the oldest are forgotten first, which only logs again)."""

    def __init__(self, cap: int = 100_000) -> None:
        self.cap = cap
        self._seen: OrderedDict[tuple[str, int], None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: tuple[str, int]) -> bool:
        with self._lock:
            return key in self._seen

    def add(self, key: tuple[str, int]) -> None:
        with self._lock:
            self._seen[key] = None
            while len(self._seen) > self.cap:
                self._seen.popitem(last=False)
