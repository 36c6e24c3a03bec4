"""`heroes serve`: the dashboard on loopback (FastAPI + uvicorn), and the settings `heroes users` and `heroes audit`
share with it (database, audit key and checkpoints; `heroes orgs` and `heroes referrals` too)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # only for annotations: the commands load these when they run
    from sqlalchemy import Engine

    from heroes.web.audit import AuditLog

DB_HELP = "case database URL (also $HEROES_DB; default: ./heroes.sqlite)"
KEY_HELP = "audit key file (also $HEROES_AUDIT_KEY; default: next to a SQLite database, as DB.audit-key)"
CHECKPOINTS_HELP = (
    "append-only file of signed audit checkpoints (also $HEROES_AUDIT_CHECKPOINTS; default: DB.audit-checkpoints)"
)
LOCAL = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "")  # noqa: S104


def db_url(db: str | None) -> str:
    """The database the dashboard, `heroes users` and `heroes audit` share."""
    return db or os.environ.get("HEROES_DB") or f"sqlite:///{Path('heroes.sqlite').absolute()}"


def open_engine(db: str | None) -> Engine:
    """An engine on the shared database (`--db`), its schema brought up to date first."""
    from heroes.store import CaseStore
    from heroes.store import db as dbmod

    CaseStore(db_url(db)).close()
    return dbmod.make_engine(db_url(db))


def open_audit(
    engine: Engine, url: str, key: Path | None = None, checkpoints: Path | None = None, create: bool = True
) -> AuditLog:
    """The database's audit log with its key; a missing or wrong key is one line and exit 2."""
    from heroes.web.audit import AuditLog
    from heroes.web.audit_anchor import AuditKeyError, default_paths

    default_key, default_checkpoints = default_paths(url)
    try:
        return AuditLog.open(engine, key or default_key, checkpoints or default_checkpoints, create=create)
    except AuditKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def allowed_hosts(host: str, extra: list[str]) -> list[str]:
    """The Host header values to accept: the address served on, loopback names, and those given (an IPv6
    address is written in brackets in a Host header)."""
    names = [*([] if host in WILDCARD_ADDRESSES else [host]), *LOCAL, *extra]
    return list(dict.fromkeys(f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names))


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on; keep it on loopback behind a TLS proxy"),
    port: int = typer.Option(8000, min=1, max=65535),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    secure_cookies: bool = typer.Option(False, help="mark cookies Secure (when a TLS proxy is in front)"),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help="a Host header to accept (repeat for more; * accepts any); always accepted: the address served on, "
        "localhost, 127.0.0.1, ::1. Others get 400 (stops DNS rebinding).",
    ),
    forwarded_allow_ips: str | None = typer.Option(
        None,
        "--forwarded-allow-ips",
        help="comma-separated proxy addresses or networks whose X-Forwarded-For names the client (login limits "
        "count per client); default: none, the connecting address counts",
    ),
    max_body: int = typer.Option(1 << 20, "--max-body", min=1024, help="largest request body in bytes (else 413)"),
    idle_minutes: float = typer.Option(
        30, "--idle-timeout", min=1, help="minutes without a request that end a session"
    ),
    session_hours: float = typer.Option(12, "--session-hours", min=0.1, help="hours after login that end a session"),
    audit_key: Path | None = typer.Option(None, "--audit-key", help=KEY_HELP),
    audit_checkpoints: Path | None = typer.Option(None, "--audit-checkpoints", help=CHECKPOINTS_HELP),
    referral_key: Path | None = typer.Option(
        None,
        "--referral-key",
        help="key file of the referrals' sealed personal fields (also $HEROES_REFERRAL_KEY; default: DB.referrals-key)",
    ),
) -> None:
    """Serve the dashboard: cases for investigators, screening for responders, public job and shield pages."""
    import uvicorn

    from heroes.web.app import Settings, create_app
    from heroes.web.audit_anchor import AuditKeyError

    settings = Settings(
        allowed_hosts=allowed_hosts(host, allowed_host),
        forwarded_allow_ips=forwarded_allow_ips,
        max_body=max_body,
        idle_timeout=idle_minutes * 60,
        session_lifetime=session_hours * 3600,
        audit_key=audit_key,
        audit_checkpoints=audit_checkpoints,
        referral_key=referral_key,
    )
    secret = os.environ.get("HEROES_SECRET")  # set it to keep open forms and media tickets valid across restarts
    try:
        app = create_app(db_url(db), secret=secret, secure_cookies=secure_cookies, settings=settings)
    except AuditKeyError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if host in WILDCARD_ADDRESSES:
        typer.echo("note: name the host clients use with --allowed-host, or they get 400", err=True)
    typer.echo(f"HEROES dashboard on http://{host}:{port}/ (database {db_url(db)})")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
