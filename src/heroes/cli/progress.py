"""A Rich progress display for long scans: items, bytes, throughput and errors as they happen."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from heroes.core.finding import ERROR, Finding
from heroes.core.item import Item


@contextmanager
def scan_progress(console: Console, label: str) -> Iterator:
    """A Rich progress bar for a scan; yields the callback the engine calls after each item."""
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} items"),
        TextColumn("{task.fields[mb]:.1f} MB"),
        TextColumn("{task.fields[errors]} errors"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=None, mb=0.0, errors=0)
        state = {"bytes": 0, "errors": 0}

        def update(item: Item | None, findings: list[Finding]) -> None:
            state["errors"] += sum(1 for f in findings if f.kind == ERROR.name)
            if item is not None:
                state["bytes"] += item.size
                progress.advance(task)
            progress.update(task, mb=state["bytes"] / 1e6, errors=state["errors"])

        yield update
