"""Entry point of the `heroes` command."""

from __future__ import annotations

import typer

from heroes import __version__
from heroes.cli import (
    analysers,
    audit,
    classifier,
    crawl,
    demo,
    export,
    graph,
    grooming,
    hashset,
    jobs,
    screen,
    serve,
    triage,
    users,
)

app = typer.Typer(
    help="HEROES toolkit: forensic triage and OSINT against trafficking in human beings and child sexual exploitation.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("triage")(triage.triage)
app.command("demo")(demo.demo)
app.command("screen")(screen.screen)
app.command("crawl")(crawl.crawl)
app.command("graph")(graph.graph)
app.command("serve")(serve.serve)
app.add_typer(users.app, name="users")
app.add_typer(audit.app, name="audit")
app.add_typer(analysers.app, name="analysers")
app.add_typer(grooming.app, name="grooming")
app.add_typer(jobs.app, name="jobs")
app.add_typer(hashset.app, name="hashset")
app.add_typer(export.app, name="export")
app.add_typer(classifier.app, name="classifier")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"heroes {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Every command reads evidence read-only and writes only under --out and the case database."""


if __name__ == "__main__":
    app()
