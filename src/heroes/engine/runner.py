"""A triage run: walk the source, process every item not yet done, store findings, export the case.

Resumable by construction: each item's findings are committed together with its done mark, and a rerun skips
done items, so a run killed at any point and started again ends with the same findings, none twice.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from heroes import __version__
from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.evidence import hash_container
from heroes.engine.executors import run_tasks
from heroes.engine.process import process_item
from heroes.sources.detect import open_source
from heroes.store import CaseStore, default_url

Progress = Callable[[Item | None, list[Finding]], None]


@dataclass
class TriageResult:
    case: str
    out_dir: Path
    report: Path
    jsonl: Path
    jsonld: Path
    timeline: Path
    db_url: str
    items_done: int = 0
    items_skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _process(settings: Settings, item: Item) -> list[Finding]:
    return process_item(item, settings)


class _Batch:
    """Commits items in batches (one transaction each: a crash loses only whole, uncommitted items) because one
    transaction per item caps a large scan at the database's commit rate."""

    MAX_ITEMS, MAX_SECONDS = 200, 1.0

    def __init__(self, store: CaseStore, evidence_id: int):
        self._store, self._evidence_id = store, evidence_id
        self._items: list[tuple[str, str, list[Finding]]] = []
        self._since = time.monotonic()

    def add(self, key: str, path: str, findings: list[Finding]) -> None:
        self._items.append((key, path, findings))
        if len(self._items) >= self.MAX_ITEMS or time.monotonic() - self._since >= self.MAX_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._items:
            self._store.save_items(self._evidence_id, self._items)
        self._items = []
        self._since = time.monotonic()


def _walk_key(finding: Finding) -> str:
    text = f"walk\0{finding.kind}\0{finding.path}\0{finding.data.get('reason', '')}"
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()


def run_triage(
    source_path: str,
    case: str,
    out_dir: Path,
    db_url: str | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> TriageResult:
    out_dir.mkdir(parents=True, exist_ok=True)
    db_url = db_url or default_url(out_dir)
    settings = settings or Settings.from_env()
    if not settings.bank_db:  # hash banks live in the case store unless another bank database is named
        settings = dataclasses.replace(settings, bank_db=db_url)
    source = open_source(source_path)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    store = CaseStore(db_url)
    try:
        case_id = store.case(case)
        evidence_id = store.evidence(case_id, source.path, source.kind, source.describe())
        if os.path.isfile(source.path):
            facts = hash_container(source.path, settings.chunk_size)
            store.set_evidence_hashes(evidence_id, str(facts["md5"]), str(facts["sha256"]), int(facts["size"]))
        done = store.done_keys(evidence_id)
        checks = [(_walk_key(f), f.path, [f]) for f in source.verify(settings.chunk_size)]  # an E01's own hashes
        store.save_items(evidence_id, [c for c in checks if c[0] not in done])
        result = TriageResult(
            case,
            out_dir,
            out_dir / "report.html",
            out_dir / "findings.jsonl",
            out_dir / "case.jsonld",
            out_dir / "timeline.csv",
            db_url,
        )

        batch = _Batch(store, evidence_id)

        def pending() -> Iterator[Item]:
            for entry in source.items():
                if isinstance(entry, Finding):
                    key = _walk_key(entry)
                    if key not in done:
                        batch.add(key, entry.path, [entry])
                    if progress:
                        progress(None, [entry])
                elif entry.key in done:
                    result.items_skipped += 1
                else:
                    yield entry

        for item, findings in run_tasks(functools.partial(_process, settings), pending(), workers, scheduler):
            batch.add(item.key, item.path, findings)
            result.items_done += 1
            if progress:
                progress(item, findings)
        batch.flush()
        store.finish_evidence(evidence_id)
        meta = {
            "case": case,
            "tool": f"heroes {__version__}",
            "started": started,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv),
            "evidence": store.evidence_list(case_id),
        }
        _export(store, case_id, meta, result)
        result.counts = store.counts(case_id)
    finally:
        store.close()
    return result


def _export(store: CaseStore, case_id: int, meta: dict, result: TriageResult) -> None:
    from heroes.export.caseuco import write_case_jsonld
    from heroes.export.html import write_report
    from heroes.export.jsonl import write_jsonl
    from heroes.export.timeline import write_timeline_csv

    write_jsonl(store.records(case_id), result.jsonl)
    write_report(store.records(case_id), meta, result.report)
    write_case_jsonld(store.records(case_id), meta, result.jsonld)
    write_timeline_csv(store.records(case_id), result.timeline)
