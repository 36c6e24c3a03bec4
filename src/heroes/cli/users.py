"""`heroes users`: dashboard accounts from the command line - add, assign, list, disable, enable, passwd, role,
remove, and the login sessions of a user (list, revoke). Every change is written to the audit log, and disable,
passwd, role and remove end the user's sessions at once (a running server notices within 2 seconds)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import typer

from heroes.cli.serve import DB_HELP, db_url, open_audit, open_engine

app = typer.Typer(help="Dashboard users, roles, case assignments and sessions.", no_args_is_help=True)
PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="read the password from standard input")
DB = typer.Option(None, "--db", help=DB_HELP)
NAME = typer.Argument(..., help="user name")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _change(db: str | None, action: str, name: str, change, **detail: object):
    """Run ``change(engine)`` (an heroes.web.accounts call), audit it as ``action``; a refusal is one line, exit 2."""
    from heroes.web import accounts

    engine = open_engine(db)
    try:
        audit = open_audit(engine, db_url(db))  # before the change: no change that cannot be audited
        try:
            done = change(engine)
        except accounts.AccountError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        audit.append("cli", action, f"user:{name}", **detail)
        return done
    finally:
        engine.dispose()


@app.command("add")
def add(
    name: str = NAME,
    role: str = typer.Option(..., "--role", help="admin, investigator, reviewer, responder or referral_officer"),
    org: str | None = typer.Option(None, "--org", help="the organisation the user belongs to (see heroes orgs list)"),
    password_stdin: bool = PASSWORD_STDIN,
    db: str | None = DB,
) -> None:
    """Add a user; the password (12+ characters, not common, repetitive or sequential) is hashed with argon2id."""
    from heroes.referrals import orgs
    from heroes.web import accounts

    password = _password(password_stdin)

    def made(engine):
        try:
            if org:
                orgs.by_name(engine, org)  # before the user is made: an unknown organisation adds nobody
            user = accounts.add_user(engine, name, role, password)
            if org:
                orgs.join(engine, user.id, org)
        except orgs.OrgError as exc:
            raise accounts.AccountError(str(exc)) from None
        return user

    user = _change(db, "user_add", name, made, role=role, **({"org": org} if org else {}))
    typer.echo(f"added {user.name} ({user.role}{', ' + org if org else ''})")


@app.command("assign")
def assign(
    name: str = NAME,
    case: str = typer.Argument(..., help="case name"),
    remove: bool = typer.Option(False, "--remove", help="take the case away instead"),
    db: str | None = DB,
) -> None:
    """Give a user access to a case (only assigned users see a case)."""
    from heroes.web import accounts

    action = "case_unassign" if remove else "case_assign"
    _change(db, action, name, lambda e: accounts.assign(e, name, case, allow=not remove), case=case)
    typer.echo(f"{'removed' if remove else 'assigned'}: {name} - {case}")


@app.command("list")
def list_users(db: str | None = DB) -> None:
    """Users with their roles and cases."""
    from heroes.web import accounts

    for u in accounts.users(open_engine(db)):
        typer.echo(f"{u['name']}\t{u['role']}\t{'active' if u['active'] else 'disabled'}\t{', '.join(u['cases'])}")  # type: ignore[arg-type]


@app.command("disable")
def disable(name: str = NAME, db: str | None = DB) -> None:
    """Stop a user logging in, and end their sessions now."""
    from heroes.web import accounts

    _change(db, "user_disable", name, lambda e: accounts.set_active(e, name, False))
    typer.echo(f"disabled {name}; their sessions are ended")


@app.command("enable")
def enable(name: str = NAME, db: str | None = DB) -> None:
    """Let a disabled user log in again."""
    from heroes.web import accounts

    _change(db, "user_enable", name, lambda e: accounts.set_active(e, name, True))
    typer.echo(f"enabled {name}")


@app.command("passwd")
def passwd(name: str = NAME, password_stdin: bool = PASSWORD_STDIN, db: str | None = DB) -> None:
    """Set a new password (same rules as add) and end the user's sessions."""
    from heroes.web import accounts

    password = _password(password_stdin)
    _change(db, "user_passwd", name, lambda e: accounts.set_password(e, name, password))
    typer.echo(f"password of {name} changed; their sessions are ended")


@app.command("role")
def role(name: str = NAME, new_role: str = typer.Argument(..., metavar="ROLE"), db: str | None = DB) -> None:
    """Change a user's role (admin, investigator, reviewer or responder) and end their sessions."""
    from heroes.web import accounts

    _change(db, "user_role", name, lambda e: accounts.set_role(e, name, new_role), role=new_role)
    typer.echo(f"{name} is now {new_role}; their sessions are ended")


@app.command("remove")
def remove(
    name: str = NAME,
    yes: bool = typer.Option(False, "--yes", help="do not ask for confirmation"),
    db: str | None = DB,
) -> None:
    """Delete a user with their sessions and case assignments (the audit log keeps their name)."""
    from heroes.web import accounts

    if not yes:
        typer.confirm(f"Remove user {name}?", abort=True)
    _change(db, "user_remove", name, lambda e: accounts.remove(e, name))
    typer.echo(f"removed {name}")


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@app.command("sessions")
def sessions(
    name: str = NAME,
    revoke: str | None = typer.Option(None, "--revoke", metavar="ID|all", help="end one session (its id) or all"),
    db: str | None = DB,
) -> None:
    """A user's login sessions (id, started, last seen, address, browser); --revoke ends one or all of them."""
    from heroes.web import accounts
    from heroes.web import sessions as store

    if revoke is not None:
        short = None if revoke == "all" else revoke
        ended = _change(db, "session_revoke", name, lambda e: store.revoke(e, name, short), session=revoke)
        typer.echo(f"ended {ended} session(s) of {name}")
        return
    engine = open_engine(db)
    try:
        rows = store.listing(engine, name)
    except accounts.AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    if not rows:
        typer.echo(f"{name} has no sessions")
    for r in rows:
        typer.echo(f"{r['id']}\t{_when(r['created'])}\t{_when(r['last_seen'])}\t{r['address']}\t{r['user_agent']}")
