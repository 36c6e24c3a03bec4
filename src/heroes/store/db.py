"""Engines and schema upgrades: one place that knows SQLite's and PostgreSQL's quirks.

SQLite runs in WAL mode (readers never block the writer, a crash never corrupts the file) with a busy timeout,
and write transactions start with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes can fail
at once with "database is locked" when another connection wrote in between, immediate ones wait their turn.
Migrations are the Alembic scripts shipped inside the package, run from code: no alembic.ini is needed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Self

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from heroes.inputs import InputError, check_db_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 60_000
PG_MIGRATION_LOCK = 0x4845524F  # "HERO": serialises concurrent first-time upgrades on one PostgreSQL database


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (pysqlite's own handling is unreliable)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable up to the last checkpointed commit
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with our per-backend settings; a URL that cannot work is an InputError (one line)."""
    check_db_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock up front on SQLite (no-op elsewhere)."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when already there, safe against a concurrent upgrader."""
    cfg = alembic_config()
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class Database:
    """A connection to a database at a SQLAlchemy URL; connecting brings its schema up to date (all migrations)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = make_engine(url)
        self._writer = writer(self._engine)
        try:
            upgrade(self._engine)
        except OperationalError as exc:  # unreachable server, unwritable file: the user's to fix, in one line
            self._engine.dispose()
            shown = make_url(url).render_as_string(hide_password=True)
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise InputError(f"cannot open the database {shown}: {reason}") from None
        except BaseException:
            self._engine.dispose()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()


def database_stem(db_url: str) -> Path:
    """Where a database's files outside it live, less their suffix: next to a SQLite file, else under
    ``$XDG_STATE_HOME/heroes`` (the audit key and checkpoints, the referrals' key)."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).absolute()
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "heroes"
    return state / re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{url.host or 'local'}_{url.port or ''}_{url.database or 'db'}")
