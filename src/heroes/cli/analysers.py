"""`heroes analysers list`: what is enabled, what is disabled and why."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from heroes.engine.registry import registrations

app = typer.Typer(help="Show the analyser plugins.", no_args_is_help=True)


@app.command("list")
def list_analysers() -> None:
    """List the analysers with the types they handle, in run order."""
    table = Table("analyser", "handles", "order", "status")
    for reg in registrations():
        status = "[green]enabled[/]" if reg.enabled else f"[yellow]disabled[/]: {reg.reason}"
        table.add_row(reg.name, ", ".join(reg.handles), str(reg.order), status)
    Console().print(table)
