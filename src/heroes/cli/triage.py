"""`heroes triage`: the main job, from a folder or disk image to a case with findings and a report."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from heroes.cli.progress import scan_progress
from heroes.core.settings import Settings
from heroes.engine.runner import TriageResult, run_triage
from heroes.inputs import check_db_url
from heroes.sources.detect import EvidenceError


def print_summary(console: Console, result: TriageResult) -> None:
    table = Table("finding kind", "count", title=f"case {result.case}")
    for kind, count in sorted(result.counts.items()):
        table.add_row(kind, str(count))
    console.print(table)
    if result.items_skipped:
        console.print(f"resumed: {result.items_skipped} items were already done and were not read again")
    console.print(f"findings: {result.jsonl}\nCASE/UCO: {result.jsonld}\ntimeline: {result.timeline}")
    console.print(f"case database: {result.db_url}")
    console.print(f"[bold green]report: {result.report}[/]")


def triage(
    source: Path = typer.Argument(..., help="Folder, raw/dd disk image (partitioned or not) or E01 image."),
    case: str = typer.Option("", help="Case name (default: the source's name)."),
    out: Path = typer.Option(
        Path("out"), help="Where report.html, findings.jsonl, case.jsonld and, by default, the case database go."
    ),
    db: str = typer.Option(
        "", help="Case database URL (default: sqlite:///OUT/case.sqlite). e.g. postgresql+psycopg://user@host/heroes"
    ),
    workers: int = typer.Option(os.cpu_count() or 1, min=1, help="Local worker processes."),
    scheduler: str = typer.Option(
        "",
        help="Dask scheduler address (tcp://HOST:PORT) to scale out; workers must see the evidence at the same path.",
    ),
    bank_db: str = typer.Option(
        "", help="Hash-bank database URL (default: the case database). Import banks with `heroes hashset import`."
    ),
    known_good_skip: bool = typer.Option(
        True,
        "--known-good-skip/--no-known-good-skip",
        help="Skip the other analysers on files in a known-good (NSRL) bank.",
    ),
    classifier: Path | None = typer.Option(
        None,
        help="ONNX image classifier whose scores become findings (e.g. the demo model: `heroes classifier train`).",
    ),
    classifier_labels: Path | None = typer.Option(None, help="Its labels file (default: MODEL with .labels)."),
    ocr_jobs: bool = typer.Option(
        False, "--ocr-jobs", help="Read pictures (PNG, JPEG, WebP) with OCR and check them as job ads (1-5 s each)."
    ),
) -> None:
    """Walk SOURCE read-only: types, hashes, metadata, GPS, documents, entities, timeline, report.

    Interrupted? Run the same command again: it resumes where it stopped."""
    console = Console(stderr=True)
    for option, url in (("--db", db), ("--bank-db", bank_db)):
        if url:  # before the scan starts: a bad URL is one line, not a traceback after the progress bar
            check_db_url(url, option)
    name = case or source.resolve().name
    chosen = {
        "bank_db": bank_db,
        "classifier": str(classifier or ""),
        "classifier_labels": str(classifier_labels or ""),
    }
    extra = {"ocr_jobs": True} if ocr_jobs else {}  # off: HEROES_OCR_JOBS from the environment still applies
    settings = Settings.from_env(known_good_skip=known_good_skip, **extra, **{k: v for k, v in chosen.items() if v})
    if settings.ocr_jobs:  # no Tesseract: say so before the scan, not once per picture
        from heroes.jobs.ocr import OcrUnavailable, engine

        try:
            engine()
        except OcrUnavailable as exc:
            console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
    if settings.classifier:  # a bad model stops here, before the scan, with one clear message
        from heroes.classify.runner import ClassifierError, load

        try:
            load(settings.classifier, settings.classifier_labels)
        except ClassifierError as exc:
            console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
    try:
        with scan_progress(console, f"triage {source.name}") as progress:
            result = run_triage(
                str(source), name, out, db or None, workers, scheduler or None, settings, progress=progress
            )
    except EvidenceError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    print_summary(console, result)
    typer.echo(str(result.report))
