"""The dashboard's reads of a case: pages of items and findings (the store's browsing queries, heroes.store.browse,
run where they cost least) and the full one-pass summary behind the entities, graph, timeline and GPS pages, which
reuses the HTML report's aggregation and is cached per case for ``SUMMARY_TTL`` seconds (the overview does not need
it: see heroes.web.overview).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool

from heroes.core.kinds import spec
from heroes.export.aggregate import CaseSummary
from heroes.store import CaseStore

SUMMARY_TTL = 30.0


async def items_page_async(
    store: CaseStore, case_id: int, filters: Mapping[str, str], after: int = 0
) -> tuple[list[dict[str, Any]], int | None]:
    """`CaseStore.items_page` for an async route. On SQLite the page is one indexed keyset query on a local file (a
    fraction of a millisecond for 100,000 items, a few ms for the sparsest filter) and runs right here: handing it
    to a worker thread cost twice the whole request under 20 concurrent clients (thread switches around every SQLite
    step). On a server database it goes to the thread pool, so the event loop never waits on the network."""
    if store.dialect == "sqlite":
        return store.items_page(case_id, filters, after)
    return await run_in_threadpool(store.items_page, case_id, filters, after)


@dataclass
class Summary:
    """A case's full summary and identifier graph, and when they were made."""

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
        """Add the node this finding's kind makes of it (`KindSpec.graph_node`), if any, to its file."""
        make = spec(str(rec.get("kind"))).graph_node
        node = make(rec) if make is not None else None
        if node is not None:
            self.by_file.setdefault(str(rec.get("path", "")), set()).add(node)

    def build(self) -> dict[str, Any]:
        """The graph for cytoscape: the best-connected nodes (at most MAX_NODES) and the files they share."""
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
        """The case's summary, built (one pass over its findings) when missing or older than the TTL."""
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
