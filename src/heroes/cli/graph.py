"""`heroes graph`: the link graph of a crawl case (GraphML or JSON), or the identifiers shared by several sites."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table


def graph(
    case: str = typer.Argument(..., help="Case name."),
    db: str = typer.Option("", help="Case database URL (default: sqlite:///OUT/case.sqlite)."),
    out: Path = typer.Option(Path("out"), help="The crawl's output folder (for the default database)."),
    export: str = typer.Option("", help="Write the graph to stdout: graphml or json."),
    shared: bool = typer.Option(False, "--shared", help="List identifiers that join two or more sites, ranked."),
    as_json: bool = typer.Option(False, "--json", help="With --shared: one JSON object a line."),
    min_sites: int = typer.Option(2, min=1, help="With --shared: least number of sites."),
) -> None:
    """Sites, pages and identifiers of CASE with first/last seen; what joins sites to one operator."""
    from heroes.crawl import graph as g
    from heroes.store import CaseStore, default_url

    err = Console(stderr=True)
    if export not in ("", "graphml", "json"):
        err.print("[red]error:[/] --export must be graphml or json")
        raise typer.Exit(2)
    with CaseStore(db or default_url(out)) as store:
        case_id = store.find_case(case)
        if case_id is None:
            err.print(f"[red]error:[/] no case called {case!r}")
            raise typer.Exit(2)
        built = g.build(store.records(case_id))
    if export:
        typer.echo(g.to_graphml(built) if export == "graphml" else g.to_json(built), nl=False)
    if shared or not export:
        rows = g.shared(built, min_sites)
        if as_json:
            for row in rows:
                typer.echo(json.dumps({k: row[k] for k in ("type", "value", "sites", "first_seen", "last_seen")}))
            return
        table = Table("type", "value", "sites", "pages", "first seen", "last seen", title=f"shared in {case}")
        for row in rows:
            table.add_row(
                row["type"],
                row["value"],
                "\n".join(row["sites"]),
                str(row["pages"]),
                row["first_seen"],
                row["last_seen"],
            )
        Console().print(table)
