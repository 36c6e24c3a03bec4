"""Per-item facts for the dashboard's item filters and case overview, kept in the ``web_items`` table and written
by the store in the same transaction as the item they describe.

Why: filtering 100,000 items by matching text inside the JSON of 300,000 findings costs a scan per request (a
filter that matches nothing reads every file finding), and the overview used to stream every finding through
Python (4 s and more). Each item's facts (MIME type, size, month modified, deleted, and what its kinds declare in
`KindSpec.item_facts`: a type mismatch, a known-good hash) are plain indexed columns; filters become index lookups
and the overview a few GROUP BY queries. The same SQL runs on SQLite and PostgreSQL (no JSON operators, no
expression indexes). Items are immutable once saved, so a row is written once, with its item, and a read never
writes. ``fill_missing`` adds the rows of items that an older version saved without them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Text, exists, func, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError

from heroes.core.finding import FILE
from heroes.core.kinds import spec
from heroes.store import db
from heroes.store.models import Evidence, Finding, Item, ItemFacts

READ_CHUNK = 500  # item ids per IN (...) query
WRITE_BATCH = 5_000  # rows per write transaction: a fill never holds the write lock for long
FLAGS = ("deleted", "mismatch", "known_good")  # the boolean columns an item filter can ask for


def month(value: Any) -> str | None:
    """``YYYY-MM`` (UTC) of a POSIX time, or None for anything that is not a plausible one."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 4102444800:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m")
    return None


def _size(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        return None
    return int(value)


def facts_row(item_id: int, case_id: int, file_id: int | None, findings: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The facts row of one item from its findings as (kind, data), in the order they were saved: the first file
    record (whose id is ``file_id``) gives the file's columns, and each kind may set flags (`KindSpec.item_facts`)."""
    row: dict[str, Any] = {
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
    seen_file = False
    for kind, raw in findings:
        data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        if kind == FILE.name:
            if not seen_file and file_id is not None:
                seen_file = True
                mime = data.get("mime")
                row.update(
                    file_id=file_id,
                    mime=mime[:255] if isinstance(mime, str) else "",
                    size=_size(data.get("size")),
                    month=month(data.get("mtime")),
                    deleted=bool(data.get("deleted")),
                )
        elif (flags := spec(kind).item_facts) is not None:
            for flag, value in flags(data).items():
                if flag in FLAGS and value:
                    row[flag] = True
    return row


def write(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert facts rows in the caller's transaction (the one that saves their items)."""
    if rows:
        conn.execute(insert(ItemFacts), rows)


def file_ids(conn: Connection, item_ids: list[int]) -> dict[int, int]:
    """The id of each item's first file record (items without one are left out)."""
    f = Finding.__table__.c
    out: dict[int, int] = {}
    for start in range(0, len(item_ids), READ_CHUNK):
        chunk = item_ids[start : start + READ_CHUNK]
        stmt = select(f.item_id, func.min(f.id)).where(f.item_id.in_(chunk), f.kind == FILE.name).group_by(f.item_id)
        out.update((int(i), int(n)) for i, n in conn.execute(stmt))
    return out


def _read(engine: Engine, items: Sequence[Any]) -> list[dict[str, Any]]:
    found: dict[int, list[tuple[str, Any]]] = {int(i): [] for i, _ in items}
    first_file: dict[int, int] = {}
    ids = list(found)
    f = Finding.__table__.c
    # by item id only (a kind filter would steer SQLite to the kind index); JSON parsed only where needed
    stmt = select(f.item_id, f.id, f.kind, type_coerce(f.data, Text)).order_by(f.id)
    with engine.connect() as conn:
        for start in range(0, len(ids), READ_CHUNK):
            for item_id, finding_id, kind, data in conn.execute(
                stmt.where(f.item_id.in_(ids[start : start + READ_CHUNK]))
            ):
                if kind == FILE.name:
                    first_file.setdefault(item_id, finding_id)
                if kind == FILE.name or spec(kind).item_facts is not None:
                    found[item_id].append((kind, json.loads(data) if data else None))
    return [facts_row(int(i), int(c), first_file.get(int(i)), found[int(i)]) for i, c in items]


def fill_missing(engine: Engine) -> int:
    """Add the facts of every item that has none (saved by an older version); returns how many rows were added."""
    w = ItemFacts.__table__.c
    with engine.connect() as conn:
        missing = conn.execute(
            select(Item.id, Evidence.case_id)
            .join(Evidence, Evidence.id == Item.evidence_id)
            .where(~exists().where(w.item_id == Item.id))
            .order_by(Item.id)
        ).all()
    added = 0
    for start in range(0, len(missing), WRITE_BATCH):
        rows = _read(engine, missing[start : start + WRITE_BATCH])
        try:
            with db.writer(engine).begin() as conn:
                done = set(
                    conn.scalars(select(w.item_id).where(w.item_id.between(rows[0]["item_id"], rows[-1]["item_id"])))
                )
                fresh = [r for r in rows if r["item_id"] not in done]  # another process may have filled some
                write(conn, fresh)
                added += len(fresh)
        except IntegrityError:  # a concurrent filler on a server database won the race
            continue
    return added
