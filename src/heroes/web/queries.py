"""Read-only queries behind the case pages: keyset-paged items and findings, and a cached case summary.

Item pages are keyset-paged on the finding id (``after=``), so page 2,000 of 100,000 items costs what page 1
does; filters are plain SQL over the ASCII JSON text of the ``file`` finding (portable across SQLite and
PostgreSQL, see heroes.store.text). The summary (kinds, types, entities, timeline, GPS) is one streamed pass over
the case's findings, reusing the HTML report's aggregation, and is cached per case for ``SUMMARY_TTL`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Text, and_, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from heroes.export.aggregate import CaseSummary
from heroes.store import CaseStore
from heroes.store.models import Evidence, Finding
from heroes.store.text import join

PAGE = 50
SUMMARY_TTL = 30.0
ITEM_FILTERS = ("type", "deleted", "mismatch", "known_good")


def evidence_ids(engine: Engine, case_id: int) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(select(Evidence.id).where(Evidence.case_id == case_id).order_by(Evidence.id)))


def _like(fragment: str) -> str:
    return "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _json_has(column: Any, fragment: str) -> ColumnElement[bool]:
    """``fragment`` occurs in the JSON text (compared as text, not through the JSON column type)."""
    return type_coerce(column, Text).like(_like(fragment), escape="\\")


def _items_where(ev: list[int], filters: Mapping[str, str]) -> list[ColumnElement[bool]]:
    f = Finding.__table__.c
    where: list[ColumnElement[bool]] = [f.evidence_id.in_(ev), f.kind == "file"]
    mime = filters.get("type", "")
    if mime:
        where.append(_json_has(f.data, f'"mime":"{mime}'))
    if filters.get("deleted") in ("1", "true", "yes"):
        where.append(_json_has(f.data, '"deleted":true'))
    if filters.get("mismatch") in ("1", "true", "yes"):
        other = Finding.__table__.alias("m")
        where.append(f.item_id.in_(select(other.c.item_id).where(other.c.evidence_id.in_(ev),
                                                                 other.c.kind == "mismatch")))
    if filters.get("known_good") in ("1", "true", "yes"):
        other = Finding.__table__.alias("k")
        where.append(f.item_id.in_(select(other.c.item_id).where(
            other.c.evidence_id.in_(ev), other.c.kind == "hash_match",
            _json_has(other.c.data, '"known_good":true'))))
    return where


def items_page(engine: Engine, case_id: int, filters: Mapping[str, str], after: int = 0,
               limit: int = PAGE) -> tuple[list[dict[str, Any]], int | None]:
    """One page of the case's items (their ``file`` findings) and the ``after`` of the next page, or None."""
    ev = evidence_ids(engine, case_id)
    if not ev:
        return [], None
    f = Finding.__table__.c
    stmt = (select(f.id, f.path, f.path_exact, f.data).where(and_(*_items_where(ev, filters), f.id > after))
            .order_by(f.id).limit(limit + 1))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = [{"id": i, "path": join(p, e), **(d or {})} for i, p, e, d in rows[:limit]]
    return out, (out[-1]["id"] if len(rows) > limit else None)


def findings_page(engine: Engine, case_id: int, kinds: tuple[str, ...], after: int = 0,
                  limit: int = PAGE) -> tuple[list[dict[str, Any]], int | None]:
    ev = evidence_ids(engine, case_id)
    if not ev:
        return [], None
    f = Finding.__table__.c
    stmt = (select(f.id, f.kind, f.path, f.path_exact, f.analyser, f.data, f.item_id)
            .where(f.evidence_id.in_(ev), f.kind.in_(kinds), f.id > after).order_by(f.id).limit(limit + 1))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = [{"id": i, "kind": k, "path": join(p, e), "analyser": a, "item_id": it, "data": d or {}}
           for i, k, p, e, a, d, it in rows[:limit]]
    return out, (out[-1]["id"] if len(rows) > limit else None)


def finding(engine: Engine, case_id: int, finding_id: int) -> dict[str, Any] | None:
    """One finding of this case (None if it belongs to another case), with its item's file record."""
    f = Finding.__table__.c
    with engine.connect() as conn:
        row = conn.execute(select(f.id, f.kind, f.path, f.path_exact, f.data, f.item_id)
                           .join(Evidence, Evidence.id == f.evidence_id)
                           .where(f.id == finding_id, Evidence.case_id == case_id)).first()
        if row is None:
            return None
        file_data = conn.scalar(select(f.data).where(f.item_id == row[5], f.kind == "file").limit(1))
    return {"id": row[0], "kind": row[1], "path": join(row[2], row[3]), "data": row[4] or {},
            "file": file_data or {}}


@dataclass
class Summary:
    summary: CaseSummary
    months: Counter[str] = field(default_factory=Counter)
    graph: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # findings per stored kind
    evidence: list[dict[str, Any]] = field(default_factory=list)
    made: float = field(default_factory=time.monotonic)


class _GraphBuilder:
    """Identifiers joined through the files they occur in: sites (URL, onion), people (e-mail, phone, handles),
    money (IBAN, wallets) and devices (camera make and model); two identifiers sharing a file are linked."""

    MAX_NODES = 300

    def __init__(self) -> None:
        self.by_file: dict[str, set[tuple[str, str]]] = {}

    def add(self, rec: Mapping[str, Any]) -> None:
        kind = rec.get("kind")
        if rec.get("type") and rec.get("value") and kind not in ("file", "exif", "document", "hash_match"):
            node = (str(rec["type"]), str(rec["value"]))
        elif kind == "exif" and (rec.get("make") or rec.get("model")):
            node = ("device", " ".join(str(rec[k]) for k in ("make", "model") if rec.get(k)))
        else:
            return
        self.by_file.setdefault(str(rec.get("path", "")), set()).add(node)

    def build(self) -> dict[str, Any]:
        degree: Counter[tuple[str, str]] = Counter()
        for nodes in self.by_file.values():
            degree.update(nodes)
        keep = {n for n, _ in degree.most_common(self.MAX_NODES)}
        edges: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
        for nodes in self.by_file.values():
            ordered = sorted(n for n in nodes if n in keep)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    edges[(a, b)] += 1
        ids = {n: f"n{i}" for i, n in enumerate(sorted(keep))}
        return {"nodes": [{"data": {"id": ids[n], "label": n[1], "type": n[0], "files": degree[n]}}
                          for n in sorted(keep)],
                "edges": [{"data": {"id": f"e{i}", "source": ids[a], "target": ids[b], "weight": w}}
                          for i, ((a, b), w) in enumerate(sorted(edges.items()))]}


def _month(value: Any) -> str | None:
    if isinstance(value, int | float) and 0 < value < 4102444800:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m")
    return None


class SummaryCache:
    def __init__(self, ttl: float = SUMMARY_TTL) -> None:
        self.ttl = ttl
        self._cache: dict[int, Summary] = {}
        self._lock = threading.Lock()

    def get(self, store: CaseStore, case_id: int) -> Summary:
        with self._lock:  # one pass per case at a time: concurrent first visitors wait for the same result
            hit = self._cache.get(case_id)
            if hit is not None and time.monotonic() - hit.made < self.ttl:
                return hit
            made = self._build(store.records(case_id))
            made.counts, made.evidence = store.counts(case_id), store.evidence_list(case_id)
            self._cache[case_id] = made
            return made

    @staticmethod
    def _build(records: Iterator[dict[str, Any]]) -> Summary:
        out, graph = Summary(CaseSummary()), _GraphBuilder()
        for rec in records:
            out.summary.add(rec)
            graph.add(rec)
            if rec.get("kind") == "file":
                month = _month(rec.get("mtime"))
                if month:
                    out.months[month] += 1
        out.graph = graph.build()
        return out
