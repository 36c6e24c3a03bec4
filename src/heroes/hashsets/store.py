"""BankStore: hash banks in the case database (or any SQLAlchemy URL); one transaction per import.

Connecting runs the store's Alembic migrations, so a bank database and a case database share one schema and a
case database can hold its own banks. Lookups are indexed queries, so NSRL-sized banks never need to fit in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from heroes.hashsets import schemes
from heroes.hashsets.banks import KINDS, NOTABLE, Bank, Hit
from heroes.hashsets.entries import Entry
from heroes.hashsets.index_file import PdqBankIndex, open_index
from heroes.hashsets.models import HashBank, HashEntry
from heroes.hashsets.signals import PDQ, VPDQ
from heroes.store import db
from heroes.store.text import dumps

BATCH = 50_000
LOOKUP_CHUNK = 500
# An import fills a staging table without indexes, then moves its rows in index order (one sorted pass over the two
# indexes instead of a random B-tree insert per row); the columns are spelled out in each statement.
STAGE_TABLE = (
    "CREATE TEMPORARY TABLE hash_import (bank_id integer, algo text, value text, category text, media_id text, "
    "quality integer, extra text)"
)
SQLITE_STAGE = "INSERT INTO hash_import VALUES (?, ?, ?, ?, ?, ?, ?)"
PG_COPY = "COPY hash_import (bank_id, algo, value, category, media_id, quality, extra) FROM STDIN"
MOVE = (
    "INSERT INTO hash_entries (bank_id, algo, value, category, media_id, quality, extra) "
    "SELECT bank_id, algo, value, category, media_id, quality, extra FROM hash_import ORDER BY algo, value "
    "ON CONFLICT DO NOTHING"
)
SQLITE_IMPORT_CACHE_KIB = 262_144  # SQLite's page cache during an import (its default is 2 MiB)


class BankStore(db.Database):
    """Hash banks, in the case database or a bank database of their own; a `heroes.hashsets.banks.BankReader`."""

    # ---- banks -------------------------------------------------------------------------------------------------
    def banks(self) -> dict[int, Bank]:
        with Session(self._engine) as s:
            return {b.id: _bank(b) for b in s.scalars(select(HashBank).order_by(HashBank.name))}

    def counts(self) -> dict[str, dict[str, int]]:
        """Entries per bank name and algorithm."""
        stmt = (
            select(HashBank.name, HashEntry.algo, func.count())
            .join(HashEntry, HashEntry.bank_id == HashBank.id)
            .group_by(HashBank.name, HashEntry.algo)
        )
        out: dict[str, dict[str, int]] = {b.name: {} for b in self.banks().values()}
        with Session(self._engine) as s:
            for name, algo, n in s.execute(stmt):
                out[name][algo] = int(n)
        return out

    # ---- import ------------------------------------------------------------------------------------------------
    def import_entries(
        self,
        name: str,
        entries: Iterable[Entry],
        kind: str | None = None,
        scheme: str | None = None,
        pdq_threshold: int | None = None,
        vpdq_query_share: int | None = None,
        vpdq_index_share: int | None = None,
    ) -> int:
        """Add ``entries`` to bank ``name`` (created if new) in ONE transaction; returns how many were new.

        A parse error raised by ``entries`` rolls everything back, so the bank stays as it was; entries already
        present (same algorithm and value) are skipped, so re-importing a list adds nothing. The PDQ distance and the
        vPDQ shares are per-bank settings: given for an existing bank, they replace its own."""
        if kind is not None and kind not in KINDS:
            raise ValueError(f"bank kind must be one of {', '.join(KINDS)}")
        settings = {
            "pdq_threshold": _bounded("PDQ distance", pdq_threshold, 256),
            "vpdq_query_share": _bounded("vPDQ query share", vpdq_query_share, 100),
            "vpdq_index_share": _bounded("vPDQ index share", vpdq_index_share, 100),
        }
        with Session(self._writer) as s, s.begin():
            bank = s.scalar(select(HashBank).where(HashBank.name == name))
            if bank is None:
                bank = HashBank(name=name, kind=kind or NOTABLE, scheme=scheme or "plain")
                schemes.scheme(bank.scheme)  # refuse an unknown scheme before anything is written
                s.add(bank)
            else:
                for attr, want in (("kind", kind), ("scheme", scheme)):
                    if want is not None and getattr(bank, attr) != want:
                        raise ValueError(f"bank {name!r} is {attr} {getattr(bank, attr)!r}, not {want!r}")
            for attr, value in settings.items():
                if value is not None:
                    setattr(bank, attr, value)
            s.flush()  # a new bank gets its id
            count = select(func.count()).select_from(HashEntry).where(HashEntry.bank_id == bank.id)
            before = s.scalar(count) or 0
            _bulk_insert(s.connection(), bank.id, bank.scheme, entries)
            return int(s.scalar(count) or 0) - int(before)

    # ---- lookups -----------------------------------------------------------------------------------------------
    def lookup(self, algo: str, values: Sequence[str]) -> list[Hit]:
        """Every entry of every bank whose ``algo`` hash is one of ``values`` (lower-case hex)."""
        rows: list[tuple[int, str, str | None, str | None]] = []
        with self._engine.connect() as conn:
            for i in range(0, len(values), LOOKUP_CHUNK):
                stmt = select(HashEntry.bank_id, HashEntry.value, HashEntry.category, HashEntry.media_id).where(
                    HashEntry.algo == algo, HashEntry.value.in_(list(values[i : i + LOOKUP_CHUNK]))
                )
                rows.extend(conn.execute(stmt))
        if not rows:  # the usual case: no match, and no need to read the bank list
            return []
        banks = self.banks()
        return [Hit(banks[b], algo, v, c, m) for b, v, c, m in rows]

    def pdq_rows(self) -> Iterator[tuple[int, str, str | None, int | None]]:
        """(bank id, hex, category, quality) of every PDQ entry, streamed."""
        stmt = (
            select(HashEntry.bank_id, HashEntry.value, HashEntry.category, HashEntry.quality)
            .where(HashEntry.algo == PDQ.name)
            .order_by(HashEntry.id)
        )
        with self._engine.connect() as conn:
            yield from conn.execution_options(stream_results=True, yield_per=20_000).execute(stmt)

    def pdq_arrays(self) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """All PDQ hashes as an (N, 32) uint8 array, their bank ids and categories: what the index is built from."""
        raw = bytearray()
        bank_ids: list[int] = []
        cats: list[str | None] = []
        for bank_id, value, cat, _q in self.pdq_rows():
            raw += bytes.fromhex(value)
            bank_ids.append(bank_id)
            cats.append(cat)
        return np.frombuffer(raw, dtype=np.uint8).reshape(-1, 32), np.asarray(bank_ids, dtype=np.int32), cats

    def pdq_version(self) -> str:
        """What identifies the PDQ entries' current state: their count, the newest entry (id and value) and every
        bank's id, name and creation time. Entries are only added, or removed with their bank, so any change to the
        PDQ entries changes it; cheap to read (indexed)."""
        with self._engine.connect() as conn:
            count = conn.scalar(select(func.count()).select_from(HashEntry).where(HashEntry.algo == PDQ.name))
            top = conn.scalar(select(func.max(HashEntry.id)))
            value = conn.scalar(select(HashEntry.value).where(HashEntry.id == top)) if top is not None else None
            banks = [list(map(str, row)) for row in conn.execute(select(HashBank.id, HashBank.name, HashBank.created))]
        return json.dumps([count, top, value, sorted(banks)])

    def pdq_index(self) -> PdqBankIndex:
        """The PDQ index over every bank, memory-mapped from beside the database when saved for the current
        entries, else built and saved there (`heroes.hashsets.index_file`)."""
        url = make_url(self.url)
        folder = None
        if url.get_backend_name() != "sqlite" or (url.database and url.database != ":memory:"):
            folder = Path(f"{db.database_stem(self.url)}.pdq-index")
        return open_index(folder, self.pdq_version(), self.pdq_arrays)

    def vpdq_rows(self) -> Iterator[tuple[int, str, str | None, str | None, dict[str, Any]]]:
        """(bank id, video id, category, media id, stored frames) of every vPDQ entry."""
        stmt = select(
            HashEntry.bank_id, HashEntry.value, HashEntry.category, HashEntry.media_id, HashEntry.extra
        ).where(HashEntry.algo == VPDQ.name)
        with self._engine.connect() as conn:
            yield from conn.execute(stmt)


def _rows(bank_id: int, scheme: str, entries: Iterable[Entry]) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of plain row tuples (no per-row ORM or dict objects): categories normalised once per distinct code,
    ``extra`` as the JSON text the column stores."""
    codes: dict[str | None, str] = {}
    batch: list[tuple[Any, ...]] = []
    for e in entries:
        cat = codes.get(e.category)
        if cat is None:
            cat = codes[e.category] = schemes.normalise(scheme, e.category)
        batch.append((bank_id, e.algo, e.value, cat, e.media_id, e.quality, dumps(e.extra) if e.extra else "{}"))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk_insert(conn: Connection, bank_id: int, scheme: str, entries: Iterable[Entry]) -> None:
    """Insert ``entries``, skipping those already present, through a staging table: ``executemany`` on SQLite,
    ``COPY`` on PostgreSQL, then one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` in index order (so the ids of
    one import's entries follow their values, not the list's order)."""
    dialect = conn.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"hash banks support SQLite and PostgreSQL, not {dialect}")
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute("DROP TABLE IF EXISTS hash_import")
        cur.execute(STAGE_TABLE)
        if dialect == "sqlite":
            cur.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
            for batch in _rows(bank_id, scheme, entries):
                cur.executemany(SQLITE_STAGE, batch)
        else:
            with cur.copy(PG_COPY) as copy:
                for batch in _rows(bank_id, scheme, entries):
                    for row in batch:
                        copy.write_row(row)
        cur.execute(MOVE)
        cur.execute("DROP TABLE hash_import")
    finally:
        if dialect == "sqlite":
            cur.execute("PRAGMA cache_size = -2000")
        cur.close()


def _bounded(what: str, value: int | None, top: int) -> int | None:
    if value is not None and not 0 <= value <= top:
        raise ValueError(f"{what} must be 0-{top}, not {value}")
    return value


def _bank(b: HashBank) -> Bank:
    return Bank(b.id, b.name, b.kind, b.scheme, b.pdq_threshold, b.vpdq_query_share, b.vpdq_index_share)
