"""The one run service: what triage, the crawler and `heroes hashset match` share instead of each writing it.

`Scan` walks a source through the per-item step (`process_item`) on an executor (inline, process pool or Dask),
skipping items already done and handing what the walk itself reports (an unreadable folder, a symlink) to the
caller as it is met. `CaseRun` is a run into a case: it opens the case store, the case and the evidence, gives a
`BatchWriter` that commits items in batches, finishes the evidence and writes the exports.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from heroes import __version__
from heroes.core.analyser import Analyser
from heroes.core.finding import Finding
from heroes.core.item import Item, item_key
from heroes.core.settings import Settings
from heroes.engine.executors import run_tasks
from heroes.engine.process import process_item
from heroes.sources.base import Source
from heroes.store import CaseStore

#: export name -> file written under the run's output folder
EXPORTS: dict[str, str] = {
    "jsonl": "findings.jsonl",
    "report": "report.html",
    "jsonld": "case.jsonld",
    "timeline": "timeline.csv",
}


def walk_key(finding: Finding) -> str:
    """The store key of a finding the walk itself reports (not an item's): stable across runs, for resume."""
    return item_key("walk", finding.kind, finding.path, str(finding.data.get("reason", "")))


def _process(settings: Settings, analysers: list[Analyser] | None, item: Item) -> list[Finding]:
    return process_item(item, settings, analysers)


class Scan:
    """A source walked through the per-item step. Items whose key is in `done` are not read again (counted in
    `skipped`); a finding of the walk itself goes to `on_walk` with its key as soon as the walk meets it."""

    def __init__(
        self,
        source: Source,
        settings: Settings,
        analysers: list[Analyser] | None = None,
        done: Container[str] = frozenset(),
        on_walk: Callable[[str, Finding], None] | None = None,
    ):
        self.source, self.settings, self.analysers = source, settings, analysers
        self.done, self.on_walk = done, on_walk
        self.skipped = 0

    def _pending(self) -> Iterator[Item]:
        for entry in self.source.items():
            if isinstance(entry, Finding):
                if self.on_walk is not None:
                    self.on_walk(walk_key(entry), entry)
            elif entry.key in self.done:
                self.skipped += 1
            else:
                yield entry

    def items(self, workers: int = 1, scheduler: str | None = None) -> Iterator[tuple[Item, list[Finding]]]:
        """(item, its findings) for every item not done, in completion order (analysers: the enabled ones)."""
        task = functools.partial(_process, self.settings, self.analysers)
        return run_tasks(task, self._pending(), workers, scheduler)


class BatchWriter:
    """Commits items in batches (one transaction each: a crash loses only whole, uncommitted items) because one
    transaction per item caps a large scan at the database's commit rate."""

    MAX_ITEMS, MAX_SECONDS = 200, 1.0

    def __init__(self, store: CaseStore, evidence_id: int):
        self._store, self._evidence_id = store, evidence_id
        self._items: list[tuple[str, str, list[Finding]]] = []
        self._since = time.monotonic()

    def add(self, key: str, path: str, findings: list[Finding]) -> None:
        """Queue one item's findings under its key; commits when the batch is full or a second old."""
        self._items.append((key, path, findings))
        if len(self._items) >= self.MAX_ITEMS or time.monotonic() - self._since >= self.MAX_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Commit what is queued."""
        if self._items:
            self._store.save_items(self._evidence_id, self._items)
        self._items = []
        self._since = time.monotonic()


@dataclass
class CaseRun:
    """A run into one case and one piece of evidence, open on its case store (see `open`)."""

    store: CaseStore
    case: str
    case_id: int
    evidence_id: int
    done: set[str]  # keys of the items this evidence already holds (what a resumed run skips)

    @classmethod
    @contextmanager
    def open(cls, db_url: str, case: str, evidence: str, kind: str, description: dict[str, Any]) -> Iterator[CaseRun]:
        """Open the store at ``db_url``, the case (created if new) and its evidence (created, status running, if
        new); the store is closed when the block ends."""
        store = CaseStore(db_url)
        try:
            case_id = store.case(case)
            evidence_id = store.evidence(case_id, evidence, kind, description)
            yield cls(store, case, case_id, evidence_id, store.done_keys(evidence_id))
        finally:
            store.close()

    def writer(self) -> BatchWriter:
        """A batch writer into this run's evidence."""
        return BatchWriter(self.store, self.evidence_id)

    def save_walk(self, findings: Sequence[Finding]) -> None:
        """Commit findings about the evidence itself (an E01's own hashes) now, each once across resumed runs."""
        checks = [(walk_key(f), f.path, [f]) for f in findings]
        self.store.save_items(self.evidence_id, [c for c in checks if c[0] not in self.done])

    def finish(self) -> None:
        """Mark the evidence complete."""
        self.store.finish_evidence(self.evidence_id)

    def export(self, out_dir: Path, started: str, formats: Sequence[str] = tuple(EXPORTS)) -> dict[str, Path]:
        """Write the case's exports under ``out_dir`` (each streamed from the store); returns them by name."""
        from heroes.export.caseuco import write_case_jsonld
        from heroes.export.html import write_report
        from heroes.export.jsonl import write_jsonl
        from heroes.export.timeline import write_timeline_csv

        meta = {
            "case": self.case,
            "version": __version__,
            "started": started,
            "finished": now(),
            "command": " ".join(sys.argv),
            "evidence": self.store.evidence_list(self.case_id),
        }
        writers: dict[str, Callable[[Path], object]] = {
            "jsonl": lambda path: write_jsonl(self.store.records(self.case_id), path),
            "report": lambda path: write_report(self.store.records(self.case_id), meta, path),
            "jsonld": lambda path: write_case_jsonld(self.store.records(self.case_id), meta, path),
            "timeline": lambda path: write_timeline_csv(self.store.records(self.case_id), path),
        }
        written = {}
        for name in formats:
            written[name] = out_dir / EXPORTS[name]
            writers[name](written[name])
        return written

    def counts(self) -> dict[str, int]:
        """Findings per kind in the case."""
        return self.store.counts(self.case_id)


def now() -> str:
    """The current time as a run records it (ISO 8601, UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
