"""The append-only audit trail: every login, case open, media reveal, export and account change, hash-chained and
authenticated with a key the database does not hold.

Each entry's hash is SHA-256 over the previous hash and the entry's canonical JSON (seq, time, actor, action,
target, detail), and its MAC is HMAC-SHA256 of that hash under the audit key (heroes.web.audit_anchor). After
each append a signed checkpoint of the chain head goes to an append-only file outside the database. ``verify``
walks the whole chain in ``seq`` order: an edited entry no longer matches its hash, a removed one leaves a gap in
``seq`` and a broken link, a reordered one breaks the links around it, a chain rebuilt without the key fails its
MACs, and a truncated or wholly deleted log ends before the newest signed checkpoint. ``verify_recent`` (the
admin's /audit page) checks only what is new since the last verified point (the newest checkpoint when the
process starts) plus the entries on the page, so a view costs the same however long the log is.

Entries written before the key existed have no MAC; the first keyed entry links to them, so its MAC vouches for
them. Appends take the database's write lock (SQLite ``BEGIN IMMEDIATE``); on a server a unique ``seq`` makes a
racing append retry.

A case open is logged once per login session and case, not on every page of it: ``Once`` remembers which
(session, case) pairs this server process has logged. Each login starts a new session, so every case a user
opens after logging in is in the log at least once, with the session's fingerprint (a hash of its id) to tie the
entries together; a restarted server or a second worker process logs the open again: an open may be logged
twice, never missed. Writing an entry per request made every page view of a case wait for the database's one
writer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from heroes.store import db
from heroes.store.text import dumps
from heroes.web.audit_anchor import AuditKey, AuditKeyError, Checkpoint, Checkpoints
from heroes.web.models import AuditEntry

GENESIS = "0" * 64
RETRIES = 5
log = logging.getLogger(__name__)


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, detail: dict[str, Any]) -> str:
    body = json.dumps(
        [seq, at, actor, action, target, json.loads(dumps(detail))],
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


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


@dataclass
class Report:
    """What a full verification found: problems (empty when the log is intact) and what was checked."""

    problems: list[str] = field(default_factory=list)
    entries: int = 0
    unkeyed: int = 0  # entries from before the audit key, vouched for by the first keyed entry
    checkpoints: int = 0


class AuditLog:
    """The log of one database, with its key and checkpoint file (``open`` finds or makes them)."""

    def __init__(self, engine: Engine, key: AuditKey | None, checkpoints: Checkpoints) -> None:
        self.engine = engine
        self.key = key
        self.checkpoints = checkpoints
        self._verified: tuple[int, str] | None = None  # (seq, hash) through which verify_recent has checked

    @classmethod
    def open(cls, engine: Engine, key_path: Path, checkpoints_path: Path, create: bool = True) -> AuditLog:
        """The log with its key; ``create`` makes the key on first use (never over a log already signed with one).
        Without ``create`` a log that was never keyed opens with no key (it can be verified, not written)."""
        table = AuditEntry.__table__
        with engine.connect() as conn:
            signed_with = conn.scalar(
                select(table.c.key_id).where(table.c.key_id.is_not(None)).order_by(table.c.seq.desc()).limit(1)
            )
        checkpoints = Checkpoints(checkpoints_path)
        try:
            key: AuditKey | None = AuditKey.load(key_path)
        except FileNotFoundError:
            if signed_with or checkpoints.lines():
                raise AuditKeyError(
                    f"the audit key {key_path} is missing, but this database's audit log is signed with key "
                    f"{signed_with or '(see the checkpoints)'}: restore the key file or point --audit-key "
                    "(HEROES_AUDIT_KEY) at it"
                ) from None
            key = AuditKey.create(key_path) if create else None
        if key is not None and signed_with and signed_with != key.id:
            raise AuditKeyError(
                f"the audit key {key_path} (id {key.id}) is not the key this database's audit log is signed with "
                f"(id {signed_with}): point --audit-key (HEROES_AUDIT_KEY) at the key the server uses"
            )
        return cls(engine, key, checkpoints)

    def _entry_mac(self, digest: str) -> str:
        assert self.key is not None
        return self.key.mac(f"heroes-audit-entry\n{digest}")

    def append(self, actor: str, action: str, target: str = "", **detail: Any) -> int:
        """Write one entry at the end of the chain and a checkpoint of it; returns its seq."""
        if self.key is None:
            raise AuditKeyError("this audit log was opened without a key and cannot be written")
        table = AuditEntry.__table__
        for attempt in range(RETRIES):
            try:
                with db.writer(self.engine).begin() as conn:
                    last = conn.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
                    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
                    at = _now()
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
                            mac=self._entry_mac(digest),
                            key_id=self.key.id,
                        )
                    )
                break
            except IntegrityError:  # another writer took this seq: read the new end and try again
                if attempt == RETRIES - 1:
                    raise
        self._anchor(Checkpoint.sign(self.key, int(seq), digest, at))  # after the commit: never ahead of the log
        return int(seq)

    def _anchor(self, checkpoint: Checkpoint) -> None:
        try:
            self.checkpoints.append(checkpoint)
        except OSError as exc:  # the entry is in the log; only its outside anchor is missing
            log.warning("audit checkpoint not written to %s: %s", self.checkpoints.path, exc)

    def checkpoint(self) -> Checkpoint:
        """A signed checkpoint of the current head (seq 0 for an empty log), also appended to the file."""
        if self.key is None:
            raise AuditKeyError("this audit log has no key yet: nothing to sign")
        table = AuditEntry.__table__
        with self.engine.connect() as conn:
            last = conn.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
        seq, head = (int(last[0]), str(last[1])) if last else (0, GENESIS)
        made = Checkpoint.sign(self.key, seq, head, _now())
        self.checkpoints.append(made)
        return made

    def _row_problems(self, r: Mapping[Any, Any], expected_seq: int, prev: str, keyed_before: bool) -> list[str]:
        out = []
        seq = r["seq"]
        if seq != expected_seq:
            out.append(f"entry {seq}: expected seq {expected_seq} (an entry is missing or moved)")
        if r["prev_hash"] != prev:
            out.append(f"entry {seq}: does not link to the entry before it (removed or reordered)")
        if entry_hash(r["prev_hash"], seq, r["at"], r["actor"], r["action"], r["target"], r["detail"]) != r["hash"]:
            out.append(f"entry {seq}: contents do not match its hash (edited)")
        if r["mac"] is None:
            if keyed_before:
                out.append(f"entry {seq}: has no MAC after keyed entries (rewritten without the key)")
        elif (
            self.key is None
            or r["key_id"] != self.key.id
            or not hmac.compare_digest(self._entry_mac(r["hash"]), r["mac"])
        ):
            out.append(f"entry {seq}: not authenticated by the audit key (written or rebuilt without it)")
        return out

    def _signed(self, lines: Iterable[str], report: Report) -> dict[int, str]:
        """seq -> hash of the checkpoints that carry this key's signature; the others are problems."""
        heads: dict[int, str] = {}
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            cp = Checkpoint.parse(line)
            if cp is None or self.key is None or not cp.valid(self.key):
                report.problems.append(f"checkpoint {n}: not signed by the audit key (forged or damaged)")
                continue
            if heads.get(cp.seq, cp.hash) != cp.hash:
                report.problems.append(f"checkpoint {n}: contradicts another checkpoint for entry {cp.seq}")
            heads[cp.seq] = cp.hash
            report.checkpoints += 1
        return heads

    def verify(self, extra_checkpoints: Iterable[str] = ()) -> Report:
        """The whole chain, against every checkpoint in the file and any given (printed) ones."""
        report = Report()
        heads = self._signed([*self.checkpoints.lines(), *extra_checkpoints], report)  # read before the rows
        table = AuditEntry.__table__
        expected_seq, prev, keyed = 1, GENESIS, False
        with self.engine.connect() as conn:
            rows = conn.execution_options(yield_per=5000).execute(select(table).order_by(table.c.seq, table.c.id))
            for row in rows:
                r = row._mapping
                report.problems += self._row_problems(r, expected_seq, prev, keyed)
                if heads.get(r["seq"], r["hash"]) != r["hash"]:
                    report.problems.append(f"entry {r['seq']}: differs from the checkpoint signed for it (rewritten)")
                keyed = keyed or r["mac"] is not None
                report.unkeyed += r["mac"] is None
                report.entries += 1
                expected_seq, prev = r["seq"] + 1, r["hash"]
        report.problems += _missing_tail(expected_seq - 1, max(heads, default=0))
        return report

    def verify_recent(self, shown: Iterable[Mapping[str, Any]] = ()) -> list[str]:
        """Problems in what is new since the last verified point, at the head, and in the ``shown`` entries."""
        problems: list[str] = []
        newest = self.checkpoints.newest()
        if newest is not None and (self.key is None or not newest.valid(self.key)):
            problems.append("the newest checkpoint is not signed by the audit key (forged or damaged)")
            newest = None
        start = self._verified or ((newest.seq, newest.hash) if newest else (0, GENESIS))
        table = AuditEntry.__table__
        expected_seq, prev, keyed = start[0] + 1, start[1], start[0] > 0
        with self.engine.connect() as conn:
            if start[0] > 0:
                anchor = conn.execute(select(table).where(table.c.seq == start[0])).first()
                if anchor is None or anchor._mapping["hash"] != start[1]:
                    problems.append(f"entry {start[0]}: removed or rewritten since it was checkpointed")
                else:
                    problems += self._row_problems(anchor._mapping, start[0], anchor._mapping["prev_hash"], False)
            for row in conn.execute(select(table).where(table.c.seq > start[0]).order_by(table.c.seq, table.c.id)):
                r = row._mapping
                problems += self._row_problems(r, expected_seq, prev, keyed)
                keyed = keyed or r["mac"] is not None
                expected_seq, prev = r["seq"] + 1, r["hash"]
            head = int(conn.scalar(select(func.max(table.c.seq))) or 0)
        problems += _missing_tail(head, max(start[0], newest.seq if newest else 0))
        for entry in shown:  # the entries on the page, each against its own hash and MAC
            own = self._row_problems(entry, entry["seq"], entry["prev_hash"], False)
            problems += [p for p in own if p not in problems]
        if not problems:
            self._verified = (head, prev)
        return problems


def _missing_tail(last_seq: int, signed_seq: int) -> list[str]:
    if signed_seq <= last_seq:
        return []
    if last_seq == 0:
        return [f"the log is empty but a signed checkpoint records {signed_seq} entries: every entry was deleted"]
    return [
        f"entries {last_seq + 1} to {signed_seq} are missing: the log was cut after entry {last_seq} "
        f"(a signed checkpoint records entry {signed_seq})"
    ]


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
