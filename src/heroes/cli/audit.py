"""`heroes audit`: verify the dashboard's audit log, or print a signed checkpoint of its head."""

from __future__ import annotations

from pathlib import Path

import typer

from heroes.cli.serve import CHECKPOINTS_HELP, DB_HELP, KEY_HELP, db_url, open_audit, open_engine

app = typer.Typer(help="The dashboard's audit trail.", no_args_is_help=True)
SHOWN = 50  # problems printed; the count says how many more
DB = typer.Option(None, "--db", help=DB_HELP)
KEY = typer.Option(None, "--audit-key", help=KEY_HELP)
CHECKPOINTS = typer.Option(None, "--audit-checkpoints", help=CHECKPOINTS_HELP)


@app.command("verify")
def verify(
    db: str | None = DB,
    audit_key: Path | None = KEY,
    audit_checkpoints: Path | None = CHECKPOINTS,
    checkpoint: list[str] = typer.Option(
        [], "--checkpoint", help="also check against a checkpoint line printed by `heroes audit checkpoint`"
    ),
) -> None:
    """Exit 0 when the log is whole: no entry edited, removed, reordered or rebuilt without the key, and nothing cut
    from its end (checked against the signed checkpoints); 1 with the problems listed otherwise."""
    engine = open_engine(db)
    try:
        report = open_audit(engine, db_url(db), audit_key, audit_checkpoints, create=False).verify(checkpoint)
    finally:
        engine.dispose()
    if report.problems:
        for p in report.problems[:SHOWN]:
            typer.echo(p, err=True)
        if len(report.problems) > SHOWN:
            typer.echo(f"... and {len(report.problems) - SHOWN} more", err=True)
        typer.echo(f"audit log BROKEN: {len(report.problems)} problem(s) in {report.entries} entries", err=True)
        raise typer.Exit(1)
    unkeyed = f", {report.unkeyed} from before the audit key" if report.unkeyed else ""
    typer.echo(
        f"audit log OK: {report.entries} entries{unkeyed}, chain intact, every MAC valid, "
        f"{report.checkpoints} signed checkpoint(s) match"
    )


@app.command("checkpoint")
def checkpoint(db: str | None = DB, audit_key: Path | None = KEY, audit_checkpoints: Path | None = CHECKPOINTS) -> None:
    """Print a signed checkpoint of the log's head (also appended to the checkpoint file): keep it in a paper log
    or a ticket, and give it to `heroes audit verify --checkpoint` later to prove nothing was cut since."""
    engine = open_engine(db)
    try:
        made = open_audit(engine, db_url(db), audit_key, audit_checkpoints).checkpoint()
    finally:
        engine.dispose()
    typer.echo(made.line())
