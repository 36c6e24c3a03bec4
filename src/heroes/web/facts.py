"""Per-item facts for the item filters and the case overview, kept in the ``web_items`` table.

Why: filtering 100,000 items by matching text inside the JSON of 300,000 findings costs a scan per request (a
filter that matches nothing reads every file finding), and the overview used to stream every finding through
Python (4 s and more). Here each item's facts (MIME type, size, month modified, deleted, type mismatch, known-good
hash) are read once from its findings into plain indexed columns; filters become index lookups and the overview a
few GROUP BY queries. The same SQL runs on SQLite and PostgreSQL (no JSON operators, no expression indexes).

Items are immutable once saved (a scan writes an item and all its findings in one transaction, and deleting
evidence cascades to ``web_items``), so keeping the table in step only means adding rows for new items: ``ensure``
compares the two row counts (at most once per ``CHECK_EVERY`` seconds per engine, so a running scan shows up on
the next check) and fills the missing items in batches. The first visit to a freshly migrated database does the
whole fill (seconds for 100,000 items); after that the rows are persistent and shared by every server process.
"""

from __future__ import annotations

import json
import math
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Text, exists, func, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError

from heroes.store import db
from heroes.store.models import Evidence, Finding, Item
from heroes.web.models import ItemFacts

KINDS = ("file", "mismatch", "hash_match")  # the findings an item's facts come from
READ_CHUNK = 500  # item ids per IN (...) query
WRITE_BATCH = 5_000  # rows per write transaction: a fill never holds the write lock for long
CHECK_EVERY = 1.0


def month(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 4102444800:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m")
    return None


def _size(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        return None
    return int(value)


def _blank(item_id: int, case_id: int) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "case_id": case_id,
        "file_id": None,
        "mime": "",
        "size": None,
        "month": None,
        "deleted": False,
        "mismatch": False,
        "known_good": False,
    }


def add_finding(row: dict[str, Any], finding_id: int, kind: str, data: Mapping[str, Any] | None) -> None:
    """Fold one finding of the item into its facts row (findings come in id order; the first file record wins)."""
    data = data if isinstance(data, Mapping) else {}
    if kind == "file" and row["file_id"] is None:
        mime = data.get("mime")
        row.update(
            file_id=finding_id,
            mime=mime[:255] if isinstance(mime, str) else "",
            size=_size(data.get("size")),
            month=month(data.get("mtime")),
            deleted=bool(data.get("deleted")),
        )
    elif kind == "mismatch":
        row["mismatch"] = True
    elif kind == "hash_match" and data.get("known_good") is True:
        row["known_good"] = True


class Facts:
    """Keeps ``web_items`` in step with ``items`` for one engine; ``generation`` counts the fills that added rows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.generation = 0
        self._checked = -math.inf
        self._lock = threading.Lock()

    def ensure(self) -> None:
        if time.monotonic() - self._checked < CHECK_EVERY:
            return
        with self._lock:  # one fill at a time; requests that wait get the filled table
            if time.monotonic() - self._checked < CHECK_EVERY:
                return
            if self._stale() and self.fill():
                self.generation += 1
            self._checked = time.monotonic()

    def due(self) -> bool:
        """Whether ``ensure`` would touch the database now (a check is due, or a fill is running)."""
        return time.monotonic() - self._checked >= CHECK_EVERY or self._lock.locked()

    def _stale(self) -> bool:
        with self.engine.connect() as conn:
            items = conn.scalar(select(func.count()).select_from(Item))
            facts = conn.scalar(select(func.count()).select_from(ItemFacts))
        return bool(items != facts)

    def fill(self) -> int:
        """Add the facts of every item that has none yet; returns how many rows were added."""
        w = ItemFacts.__table__.c
        with self.engine.connect() as conn:
            missing = conn.execute(
                select(Item.id, Evidence.case_id)
                .join(Evidence, Evidence.id == Item.evidence_id)
                .where(~exists().where(w.item_id == Item.id))
                .order_by(Item.id)
            ).all()
        added = 0
        for start in range(0, len(missing), WRITE_BATCH):
            added += self._write(self._read(missing[start : start + WRITE_BATCH]))
        return added

    def _read(self, items: Sequence[Any]) -> list[dict[str, Any]]:
        rows = {int(i): _blank(int(i), int(c)) for i, c in items}
        ids = list(rows)
        f = Finding.__table__.c
        # by item id only (a kind filter would steer SQLite to the kind index); JSON parsed only where needed
        stmt = select(f.item_id, f.id, f.kind, type_coerce(f.data, Text)).order_by(f.id)
        with self.engine.connect() as conn:
            for start in range(0, len(ids), READ_CHUNK):
                for item_id, finding_id, kind, data in conn.execute(
                    stmt.where(f.item_id.in_(ids[start : start + READ_CHUNK]))
                ):
                    if kind in KINDS:
                        add_finding(rows[item_id], finding_id, kind, json.loads(data) if data else None)
        return list(rows.values())

    def _write(self, rows: list[dict[str, Any]]) -> int:
        if not rows:
            return 0
        w = ItemFacts.__table__
        try:
            with db.writer(self.engine).begin() as conn:
                done = set(
                    conn.scalars(
                        select(w.c.item_id).where(w.c.item_id.between(rows[0]["item_id"], rows[-1]["item_id"]))
                    )
                )
                fresh = [r for r in rows if r["item_id"] not in done]  # another process may have filled some
                if fresh:
                    conn.execute(insert(w), fresh)
                return len(fresh)
        except IntegrityError:  # a concurrent filler on a server database won the race: the next check retries
            return 0


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, Facts] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def facts_for(engine: Engine) -> Facts:
    """The one ``Facts`` of this engine, made up to date (cheap when nothing changed)."""
    with _REGISTRY_LOCK:
        facts = _BY_ENGINE.get(engine)
        if facts is None:
            facts = _BY_ENGINE[engine] = Facts(engine)
    facts.ensure()
    return facts


def fresh_facts(engine: Engine) -> Facts | None:
    """This engine's ``Facts`` if bringing them up to date needs no database work now (see ``Facts.due``)."""
    facts = _BY_ENGINE.get(engine)
    return None if facts is None or facts.due() else facts


def facts_due(engine: Engine) -> bool:
    return fresh_facts(engine) is None
