"""`heroes demo`: build a benign demo evidence set and triage it, to see the whole tool work in a minute."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

from heroes.cli.progress import scan_progress
from heroes.cli.triage import print_summary
from heroes.demo.generate import USB_NAME, build_demo_evidence
from heroes.engine.runner import run_triage


def demo(
    out: Path = typer.Option(Path("demo-case"), help="Folder for the generated evidence and the case."),
    workers: int = typer.Option(os.cpu_count() or 1, min=1, help="Local worker processes."),
) -> None:
    """Generate synthetic, benign evidence (photos with GPS, documents with identifiers, a renamed file, an
    archive, a small disk image with a deleted file) and run triage on it."""
    console = Console(stderr=True)
    evidence = build_demo_evidence(out / "evidence")
    console.print(f"demo evidence (synthetic, benign): {evidence}")
    # two pieces of evidence in one case: the folder (a phone dump, say) and the USB stick image found with it
    for source in (evidence, evidence / USB_NAME):
        with scan_progress(console, f"triage {source.name}") as progress:
            result = run_triage(str(source), "demo", out / "case", workers=workers, progress=progress)
    print_summary(console, result)
    typer.echo(str(result.report))
