"""Read-only queries for browsing a case (the dashboard's pages): keyset-paged items and findings, one finding with
its file record, and the overview's aggregates. A mixin of `CaseStore`, so the dashboard reads through the store.

Item pages are keyset-paged on the file finding's id (``after=``), so page 2,000 of 100,000 items costs what page 1
does; the filters are indexed columns of the per-item facts the store writes with each item (heroes.store.facts),
portable across SQLite and PostgreSQL. Nothing here writes.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, Select, String, bindparam, case, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from heroes.core.finding import FILE
from heroes.store.facts import FLAGS
from heroes.store.models import Evidence, Finding, Item, ItemFacts
from heroes.store.text import join

PAGE = 50


@functools.cache
def _items_statements(dialect: str, typed: bool, flags: tuple[str, ...]) -> tuple[Select[Any], Select[Any]]:
    """The page query and the "does this type occur at all" probe for one combination of filters, built once
    with bound parameters (building a statement costs more than SQLite takes to run it)."""
    f, w = Finding.__table__.c, ItemFacts.__table__.c
    where: list[ColumnElement[bool]] = [w.case_id == bindparam("case_id")]
    if typed:
        # ``mime`` starts with the prefix, as a range an index can serve (byte order: "C" collation on PostgreSQL,
        # SQLite's default BINARY already is)
        col = w.mime.collate("C") if dialect == "postgresql" else w.mime
        where += [col >= bindparam("lo", type_=String()), col < bindparam("hi", type_=String())]
    probe = select(w.file_id).where(*where).limit(1)
    where += [w[flag] == true() for flag in flags]
    page = (
        select(f.id, f.path, f.path_exact, f.data)
        .join_from(ItemFacts, Finding, f.id == w.file_id)
        .where(*where, w.file_id > bindparam("after"))
        .order_by(w.file_id)
        .limit(bindparam("limit"))
    )
    return page, probe


class Browsing:
    """The browsing reads of `CaseStore` (which provides ``_engine``)."""

    _engine: Engine

    @property
    def dialect(self) -> str:
        """The database's dialect name (``sqlite``, ``postgresql``)."""
        return self._engine.dialect.name

    def evidence_ids(self, case_id: int) -> list[int]:
        """The ids of the case's evidence, in order."""
        with self._engine.connect() as conn:
            return list(conn.scalars(select(Evidence.id).where(Evidence.case_id == case_id).order_by(Evidence.id)))

    def items_mark(self) -> int:
        """How many items the database holds: it moves when a scan adds items (what caches of aggregates watch)."""
        with self._engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(Item)) or 0)

    def items_page(
        self, case_id: int, filters: Mapping[str, str], after: int = 0, limit: int = PAGE
    ) -> tuple[list[dict[str, Any]], int | None]:
        """One page of the case's items (their ``file`` findings, with ``id`` and ``path``) and the ``after`` of the
        next page, or None. Filters: ``type`` (a MIME prefix) and the flags ``deleted``, ``mismatch``,
        ``known_good`` (``1``, ``true`` or ``yes``)."""
        mime = filters.get("type", "")
        flags = tuple(flag for flag in FLAGS if filters.get(flag) in ("1", "true", "yes"))
        page, probe = _items_statements(self.dialect, bool(mime), flags)
        params: dict[str, Any] = {"case_id": case_id, "after": after, "limit": limit + 1}
        if mime:
            params |= {"lo": mime, "hi": mime + "\U0010ffff"}
        with self._engine.connect() as conn:
            if mime and conn.scalar(probe, params) is None:  # no such type: skip the index walk
                return [], None
            rows = conn.execute(page, params).all()
        out = [{"id": i, "path": join(p, e), **(d or {})} for i, p, e, d in rows[:limit]]
        return out, (out[-1]["id"] if len(rows) > limit else None)

    def findings_page(
        self, case_id: int, kinds: tuple[str, ...], after: int = 0, limit: int = PAGE
    ) -> tuple[list[dict[str, Any]], int | None]:
        """One page of the case's findings of these kinds, in id order, and the ``after`` of the next page."""
        ev = self.evidence_ids(case_id)
        if not ev:
            return [], None
        f = Finding.__table__.c
        stmt = (
            select(f.id, f.kind, f.path, f.path_exact, f.analyser, f.data, f.item_id)
            .where(f.evidence_id.in_(ev), f.kind.in_(kinds), f.id > after)
            .order_by(f.id)
            .limit(limit + 1)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(stmt).all()
        out = [
            {"id": i, "kind": k, "path": join(p, e), "analyser": a, "item_id": it, "data": d or {}}
            for i, k, p, e, a, d, it in rows[:limit]
        ]
        return out, (out[-1]["id"] if len(rows) > limit else None)

    def finding(self, case_id: int, finding_id: int) -> dict[str, Any] | None:
        """One finding of this case (None if it belongs to another case), with its item's file record."""
        f = Finding.__table__.c
        with self._engine.connect() as conn:
            row = conn.execute(
                select(f.id, f.kind, f.path, f.path_exact, f.data, f.item_id)
                .join(Evidence, Evidence.id == f.evidence_id)
                .where(f.id == finding_id, Evidence.case_id == case_id)
            ).first()
            if row is None:
                return None
            file_data = conn.scalar(select(f.data).where(f.item_id == row[5], f.kind == FILE.name).limit(1))
        return {
            "id": row[0],
            "kind": row[1],
            "path": join(row[2], row[3]),
            "data": row[4] or {},
            "file": file_data or {},
        }

    def overview(self, case_id: int) -> dict[str, list[tuple[Any, ...]]]:
        """The case overview's aggregates: ``mimes`` (mime, files, bytes, deleted), ``months`` (YYYY-MM, files, in
        order) and ``kinds`` (kind, findings)."""
        w, f = ItemFacts.__table__.c, Finding.__table__.c
        files = (w.case_id == case_id, w.file_id.is_not(None))
        ev = self.evidence_ids(case_id)
        with self._engine.connect() as conn:
            mimes = [
                (str(mime or ""), int(n), int(size or 0), int(deleted or 0))
                for mime, n, size, deleted in conn.execute(
                    select(w.mime, func.count(), func.sum(w.size), func.sum(case((w.deleted, 1), else_=0)))
                    .where(*files)
                    .group_by(w.mime)
                )
            ]
            months = sorted(
                (str(m), int(n))
                for m, n in conn.execute(
                    select(w.month, func.count()).where(*files, w.month.is_not(None)).group_by(w.month)
                )
            )
            kinds = (
                [
                    (str(kind), int(n))
                    for kind, n in conn.execute(
                        select(f.kind, func.count()).where(f.evidence_id.in_(ev)).group_by(f.kind)
                    )
                ]
                if ev
                else []
            )
        return {"mimes": mimes, "months": months, "kinds": kinds}
