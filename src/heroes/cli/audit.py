"""`heroes audit verify`: check the dashboard's hash-chained audit log."""

from __future__ import annotations

import typer

from heroes.cli.serve import DB_HELP, db_url

app = typer.Typer(help="The dashboard's audit trail.", no_args_is_help=True)


@app.command("verify")
def verify(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Exit 0 when every entry is intact and in place; 1 with the problems listed otherwise."""
    from heroes.store import CaseStore
    from heroes.store import db as dbmod
    from heroes.web import audit

    CaseStore(db_url(db)).close()
    engine = dbmod.make_engine(db_url(db))
    try:
        problems = audit.verify(engine)
        total = audit.count(engine)
    finally:
        engine.dispose()
    if problems:
        for p in problems:
            typer.echo(p, err=True)
        typer.echo(f"audit log BROKEN: {len(problems)} problem(s) in {total} entries", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log OK: {total} entries, chain intact")


@app.callback()
def main() -> None:
    """The dashboard's audit trail."""
