"""Read-only queries behind the case pages: keyset-paged items and findings, and a cached case summary.

Item pages are keyset-paged on the file finding's id (``after=``), so page 2,000 of 100,000 items costs what
page 1 does; the filters are indexed columns of ``web_items`` (see heroes.web.facts), portable across SQLite and
PostgreSQL. The full summary behind the entities, graph, timeline and GPS pages is one streamed pass over the
case's findings, reusing the HTML report's aggregation, cached per case for ``SUMMARY_TTL`` seconds (the overview
no longer needs it: see heroes.web.overview).
"""

from __future__ import annotations

import functools
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Select, String, bindparam, select, true
from sqlalchemy.sql.elements import ColumnElement
from starlette.concurrency import run_in_threadpool

from heroes.export.aggregate import CaseSummary
from heroes.store import CaseStore
from heroes.store.models import Evidence, Finding
from heroes.store.text import join
from heroes.web.facts import facts_due, facts_for
from heroes.web.models import ItemFacts

PAGE = 50
SUMMARY_TTL = 30.0
ITEM_FILTERS = ("type", "deleted", "mismatch", "known_good")


def evidence_ids(engine: Engine, case_id: int) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(select(Evidence.id).where(Evidence.case_id == case_id).order_by(Evidence.id)))


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


def items_page(
    engine: Engine, case_id: int, filters: Mapping[str, str], after: int = 0, limit: int = PAGE, ensure: bool = True
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of the case's items (their ``file`` findings) and the ``after`` of the next page, or None."""
    if ensure:
        facts_for(engine)
    mime = filters.get("type", "")
    flags = tuple(flag for flag in ("deleted", "mismatch", "known_good") if filters.get(flag) in ("1", "true", "yes"))
    page, probe = _items_statements(engine.dialect.name, bool(mime), flags)
    params: dict[str, Any] = {"case_id": case_id, "after": after, "limit": limit + 1}
    if mime:
        params |= {"lo": mime, "hi": mime + "\U0010ffff"}
    with engine.connect() as conn:
        if mime and conn.scalar(probe, params) is None:  # no such type: skip the index walk
            return [], None
        rows = conn.execute(page, params).all()
    out = [{"id": i, "path": join(p, e), **(d or {})} for i, p, e, d in rows[:limit]]
    return out, (out[-1]["id"] if len(rows) > limit else None)


async def items_page_async(
    engine: Engine, case_id: int, filters: Mapping[str, str], after: int = 0
) -> tuple[list[dict[str, Any]], int | None]:
    """``items_page`` for an async route. On SQLite, with the facts table checked less than ``CHECK_EVERY`` ago,
    the page is one indexed keyset query on a local file (a fraction of a millisecond for 100,000 items, a few
    ms for the sparsest filter) and runs right here: handing it to a worker thread cost twice the whole request
    under 20 concurrent clients (thread switches around every SQLite step). Anything else (another database,
    a facts check or fill due) goes to the thread pool, so the event loop never waits on a fill or a network."""
    if engine.dialect.name == "sqlite" and not facts_due(engine):
        return items_page(engine, case_id, filters, after, ensure=False)
    return await run_in_threadpool(items_page, engine, case_id, filters, after)


def findings_page(
    engine: Engine, case_id: int, kinds: tuple[str, ...], after: int = 0, limit: int = PAGE
) -> tuple[list[dict[str, Any]], int | None]:
    """A page of a case's findings of some kinds, after id `after`; also the id to continue from."""
    ev = evidence_ids(engine, case_id)
    if not ev:
        return [], None
    f = Finding.__table__.c
    stmt = (
        select(f.id, f.kind, f.path, f.path_exact, f.analyser, f.data, f.item_id)
        .where(f.evidence_id.in_(ev), f.kind.in_(kinds), f.id > after)
        .order_by(f.id)
        .limit(limit + 1)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = [
        {"id": i, "kind": k, "path": join(p, e), "analyser": a, "item_id": it, "data": d or {}}
        for i, k, p, e, a, d, it in rows[:limit]
    ]
    return out, (out[-1]["id"] if len(rows) > limit else None)


def finding(engine: Engine, case_id: int, finding_id: int) -> dict[str, Any] | None:
    """One finding of this case (None if it belongs to another case), with its item's file record."""
    f = Finding.__table__.c
    with engine.connect() as conn:
        row = conn.execute(
            select(f.id, f.kind, f.path, f.path_exact, f.data, f.item_id)
            .join(Evidence, Evidence.id == f.evidence_id)
            .where(f.id == finding_id, Evidence.case_id == case_id)
        ).first()
        if row is None:
            return None
        file_data = conn.scalar(select(f.data).where(f.item_id == row[5], f.kind == "file").limit(1))
    return {"id": row[0], "kind": row[1], "path": join(row[2], row[3]), "data": row[4] or {}, "file": file_data or {}}


@dataclass
class Summary:
    summary: CaseSummary
    graph: dict[str, Any] = field(default_factory=dict)
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
                for b in ordered[i + 1 :]:
                    edges[(a, b)] += 1
        ids = {n: f"n{i}" for i, n in enumerate(sorted(keep))}
        return {
            "nodes": [{"data": {"id": ids[n], "label": n[1], "type": n[0], "files": degree[n]}} for n in sorted(keep)],
            "edges": [
                {"data": {"id": f"e{i}", "source": ids[a], "target": ids[b], "weight": w}}
                for i, ((a, b), w) in enumerate(sorted(edges.items()))
            ],
        }


class SummaryCache:
    """The full one-pass summary per case, kept ``ttl`` seconds; one build per case at a time (other cases and
    visitors of a case already built are not held up by it)."""

    def __init__(self, ttl: float = SUMMARY_TTL) -> None:
        self.ttl = ttl
        self._cache: dict[int, Summary] = {}
        self._locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)

    def get(self, store: CaseStore, case_id: int) -> Summary:
        hit = self._cache.get(case_id)
        if hit is not None and time.monotonic() - hit.made < self.ttl:
            return hit
        with self._locks[case_id]:  # concurrent first visitors of a case wait for the same pass
            hit = self._cache.get(case_id)
            if hit is not None and time.monotonic() - hit.made < self.ttl:
                return hit
            made = self._cache[case_id] = self._build(store.records(case_id))
            return made

    @staticmethod
    def _build(records: Iterator[dict[str, Any]]) -> Summary:
        out, graph = Summary(CaseSummary()), _GraphBuilder()
        for rec in records:
            out.summary.add(rec)
            graph.add(rec)
        out.graph = graph.build()
        return out
