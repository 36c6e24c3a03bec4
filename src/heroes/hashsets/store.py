"""BankStore: hash banks in the case database (or any SQLAlchemy URL); one transaction per import.

Connecting runs the store's Alembic migrations, so a bank database and a case database share one schema and a
case database can hold its own banks. Lookups are indexed queries, so NSRL-sized banks never need to fit in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from heroes.hashsets import schemes
from heroes.hashsets.banks import KINDS, NOTABLE, Bank, Hit
from heroes.hashsets.entries import Entry
from heroes.hashsets.models import HashBank, HashEntry
from heroes.hashsets.signals import PDQ, VPDQ
from heroes.store import db

BATCH = 5_000
LOOKUP_CHUNK = 500


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
            conn = s.connection()
            rows: list[dict[str, Any]] = []
            for e in entries:
                rows.append(
                    {
                        "bank_id": bank.id,
                        "algo": e.algo,
                        "value": e.value,
                        "category": schemes.normalise(bank.scheme, e.category),
                        "media_id": e.media_id,
                        "quality": e.quality,
                        "extra": e.extra,
                    }
                )
                if len(rows) >= BATCH:
                    conn.execute(self._insert_ignore(conn.dialect.name), rows)
                    rows = []
            if rows:
                conn.execute(self._insert_ignore(conn.dialect.name), rows)
            return int(s.scalar(count) or 0) - int(before)

    @staticmethod
    def _insert_ignore(dialect: str) -> Any:
        table = HashEntry.__table__
        if dialect == "postgresql":
            return postgresql.insert(table).on_conflict_do_nothing()
        if dialect == "sqlite":
            return sqlite.insert(table).on_conflict_do_nothing()
        raise NotImplementedError(f"hash banks support SQLite and PostgreSQL, not {dialect}")

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
        hexes: list[str] = []
        bank_ids: list[int] = []
        cats: list[str | None] = []
        for bank_id, value, cat, _q in self.pdq_rows():
            hexes.append(value)
            bank_ids.append(bank_id)
            cats.append(cat)
        raw = np.frombuffer(bytes.fromhex("".join(hexes)), dtype=np.uint8).reshape(-1, 32)
        return raw, np.asarray(bank_ids, dtype=np.int32), cats

    def vpdq_rows(self) -> Iterator[tuple[int, str, str | None, str | None, dict[str, Any]]]:
        """(bank id, video id, category, media id, stored frames) of every vPDQ entry."""
        stmt = select(
            HashEntry.bank_id, HashEntry.value, HashEntry.category, HashEntry.media_id, HashEntry.extra
        ).where(HashEntry.algo == VPDQ.name)
        with self._engine.connect() as conn:
            yield from conn.execute(stmt)


def _bounded(what: str, value: int | None, top: int) -> int | None:
    if value is not None and not 0 <= value <= top:
        raise ValueError(f"{what} must be 0-{top}, not {value}")
    return value


def _bank(b: HashBank) -> Bank:
    return Bank(b.id, b.name, b.kind, b.scheme, b.pdq_threshold, b.vpdq_query_share, b.vpdq_index_share)
