"""Alembic environment: runs on the connection that heroes.store.db.upgrade hands over, inside its transaction.

For developers, ``alembic -x url=sqlite:///case.sqlite revision --autogenerate -m "..."`` also works with a
config that only sets ``script_location`` to this folder (see heroes.store.db.alembic_config). The models are every
package's (`heroes.schema`): this script is the one place below the top layer that sees them all.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from heroes.schema import metadata

config = context.config
target_metadata = metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Migrate the connection the caller passes, or the database given by -x url or sqlalchemy.url."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: pass -x url=... or set sqlalchemy.url")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
