"""A triage run: walk the source, process every item not yet done, store findings, export the case.

Resumable by construction: each item's findings are committed together with its done mark, and a rerun skips
done items, so a run killed at any point and started again ends with the same findings, none twice.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from heroes.core.finding import Finding
from heroes.core.item import Item
from heroes.core.settings import Settings
from heroes.engine.evidence import hash_container
from heroes.engine.run import CaseRun, Scan, now
from heroes.sources.detect import open_source
from heroes.store import default_url

Progress = Callable[[Item | None, list[Finding]], None]


@dataclass
class TriageResult:
    """What a triage run wrote and found."""

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
    """Triage the evidence at `source_path` into `case` (see the module docstring); `progress` is called with each
    item and its findings (None for a finding of the walk itself)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db_url = db_url or default_url(out_dir)
    settings = settings or Settings.from_env()
    if not settings.bank_db:  # hash banks live in the case store unless another bank database is named
        settings = dataclasses.replace(settings, bank_db=db_url)
    source = open_source(source_path)
    started = now()
    with CaseRun.open(db_url, case, source.path, source.kind, source.describe()) as run:
        if os.path.isfile(source.path):
            facts = hash_container(source.path, settings.chunk_size)
            run.store.set_evidence_hashes(run.evidence_id, str(facts["md5"]), str(facts["sha256"]), int(facts["size"]))
        run.save_walk(source.verify(settings.chunk_size))  # an E01's own hashes
        writer = run.writer()

        def walked(key: str, finding: Finding) -> None:
            if key not in run.done:
                writer.add(key, finding.path, [finding])
            if progress:
                progress(None, [finding])

        scan = Scan(source, settings, done=run.done, on_walk=walked)
        items_done = 0
        for item, findings in scan.items(workers, scheduler):
            writer.add(item.key, item.path, findings)
            items_done += 1
            if progress:
                progress(item, findings)
        writer.flush()
        run.finish()
        out = run.export(out_dir, started)
        return TriageResult(
            case,
            out_dir,
            out["report"],
            out["jsonl"],
            out["jsonld"],
            out["timeline"],
            db_url,
            items_done,
            scan.skipped,
            run.counts(),
        )
