"""The case overview (files, bytes, deleted, file types, files per month, findings per kind, evidence) from a few
GROUP BY queries, cached briefly.

Why: the overview is the page every investigator opens first, and it used to be one Python pass over all the
case's findings (4 s and more for 300,000). Now it is aggregates over the indexed per-item facts (heroes.web.facts)
and the findings' (evidence_id, kind) index: tens of milliseconds for 100,000 items. The result is still cached
per case for ``TTL`` seconds, or until new items arrive (the facts' generation changes), and an expired entry
is served while one request rebuilds it, so a rebuild never makes other visitors wait.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, case, func, select

from heroes.export.aggregate import CaseSummary
from heroes.export.html import human_bytes, mime_bars
from heroes.store import CaseStore
from heroes.store.models import Finding
from heroes.web.facts import facts_for, fresh_facts
from heroes.web.models import ItemFacts
from heroes.web.queries import evidence_ids

TTL = 10.0


def build(store: CaseStore, engine: Engine, case_id: int) -> dict[str, Any]:
    """The overview's figures, ready for the template and the JSON API."""
    facts_for(engine)
    w, f = ItemFacts.__table__.c, Finding.__table__.c
    files = (w.case_id == case_id, w.file_id.is_not(None))
    summary = CaseSummary()
    ev = evidence_ids(engine, case_id)
    with engine.connect() as conn:
        by_mime = conn.execute(
            select(w.mime, func.count(), func.sum(w.size), func.sum(case((w.deleted, 1), else_=0)))
            .where(*files)
            .group_by(w.mime)
        ).all()
        for mime, n, size, deleted in sorted(by_mime, key=lambda r: (-r[1], r[0])):  # ties: by name
            summary.mimes[mime or "unknown"] += int(n)
            summary.files += int(n)
            summary.bytes += int(size or 0)
            summary.deleted += int(deleted or 0)
        months = sorted(
            (str(m), int(n))
            for m, n in conn.execute(
                select(w.month, func.count()).where(*files, w.month.is_not(None)).group_by(w.month)
            )
        )
        counts: Counter[str] = Counter()
        if ev:
            for kind, n in conn.execute(select(f.kind, func.count()).where(f.evidence_id.in_(ev)).group_by(f.kind)):
                counts[str(kind)] += int(n)
    peak = max((n for _, n in months), default=1)
    return {
        "counts": dict(sorted(counts.items())),
        "evidence": store.evidence_list(case_id),
        "files": summary.files,
        "bytes": human_bytes(summary.bytes),
        "deleted": summary.deleted,
        "types": mime_bars(summary),
        "months": [{"month": m, "count": n, "height": max(1, round(100 * n / peak))} for m, n in months],
    }


@dataclass
class _Entry:
    value: dict[str, Any]
    generation: int
    made: float


class OverviewCache:
    """The case overview's figures, rebuilt at most once per TTL and when the findings change."""

    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._cache: dict[int, _Entry] = {}
        self._locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)

    def cached(self, engine: Engine, case_id: int) -> dict[str, Any] | None:
        """The fresh cached figures when answering needs no database work at all (else None: call ``get``)."""
        facts = fresh_facts(engine)
        if facts is None:
            return None
        hit = self._cache.get(case_id)
        if hit is not None and hit.generation == facts.generation and time.monotonic() - hit.made < self.ttl:
            return hit.value
        return None

    def get(self, store: CaseStore, engine: Engine, case_id: int) -> dict[str, Any]:
        """The overview of a case; while one request rebuilds it, the others get the last one."""
        generation = facts_for(engine).generation
        hit = self._cache.get(case_id)
        if hit is not None and hit.generation == generation and time.monotonic() - hit.made < self.ttl:
            return hit.value
        merely_expired = hit is not None and hit.generation == generation
        if not self._locks[case_id].acquire(blocking=not merely_expired):
            assert hit is not None
            return hit.value  # another request is rebuilding it: serve the last one meanwhile
        try:
            hit = self._cache.get(case_id)
            if hit is not None and hit.generation == generation and time.monotonic() - hit.made < self.ttl:
                return hit.value
            entry = self._cache[case_id] = _Entry(build(store, engine, case_id), generation, time.monotonic())
            return entry.value
        finally:
            self._locks[case_id].release()
