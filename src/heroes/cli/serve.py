"""`heroes serve`: the dashboard on loopback (FastAPI + uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

DB_HELP = "case database URL (also $HEROES_DB; default: ./heroes.sqlite)"


def db_url(db: str | None) -> str:
    """The database the dashboard, `heroes users` and `heroes audit` share."""
    return db or os.environ.get("HEROES_DB") or f"sqlite:///{Path('heroes.sqlite').absolute()}"


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on; keep it on loopback behind a TLS proxy"),
    port: int = typer.Option(8000, min=1, max=65535),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    secure_cookies: bool = typer.Option(False, help="mark cookies Secure (when a TLS proxy is in front)"),
) -> None:
    """Serve the dashboard: cases for investigators, screening for responders, public job and shield pages."""
    import uvicorn

    from heroes.web.app import create_app

    secret = os.environ.get("HEROES_SECRET")  # set it to keep sessions across restarts
    app = create_app(db_url(db), secret=secret, secure_cookies=secure_cookies)
    typer.echo(f"HEROES dashboard on http://{host}:{port}/ (database {db_url(db)})")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, server_header=False)
