"""`heroes users`: add dashboard users, assign them to cases, list them."""

from __future__ import annotations

import sys

import typer

from heroes.cli.serve import DB_HELP, db_url

app = typer.Typer(help="Dashboard users, roles and case assignments.", no_args_is_help=True)


def _engine(db: str | None):  # type: ignore[no-untyped-def]
    from heroes.store import CaseStore
    from heroes.store import db as dbmod

    CaseStore(db_url(db)).close()  # brings the schema up to date
    return dbmod.make_engine(db_url(db))


@app.command("add")
def add(
    name: str = typer.Argument(..., help="user name"),
    role: str = typer.Option(..., "--role", help="admin, investigator, reviewer or responder"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from standard input"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Add a user; the password is hashed with argon2id and never stored in clear."""
    from heroes.web import accounts, audit

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    engine = _engine(db)
    try:
        user = accounts.add_user(engine, name, role, password)
    except accounts.AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    audit.append(engine, "cli", "user_add", f"user:{user.name}", role=user.role)
    typer.echo(f"added {user.name} ({user.role})")


@app.command("assign")
def assign(
    name: str = typer.Argument(..., help="user name"),
    case: str = typer.Argument(..., help="case name"),
    remove: bool = typer.Option(False, "--remove", help="take the case away instead"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Give a user access to a case (only assigned users see a case)."""
    from heroes.web import accounts, audit

    engine = _engine(db)
    try:
        accounts.assign(engine, name, case, allow=not remove)
    except accounts.AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    audit.append(engine, "cli", "case_unassign" if remove else "case_assign", f"user:{name}", case=case)
    typer.echo(f"{'removed' if remove else 'assigned'}: {name} - {case}")


@app.command("list")
def list_users(db: str | None = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Users with their roles and cases."""
    from heroes.web import accounts

    for u in accounts.users(_engine(db)):
        typer.echo(f"{u['name']}\t{u['role']}\t{'active' if u['active'] else 'disabled'}\t{', '.join(u['cases'])}")  # type: ignore[arg-type]
