"""Schema and connection behaviour: shipped migrations, models in step with them, SQLite settings."""

from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from heroes.schema import metadata
from heroes.store import CaseStore, db


def test_migrations_ship_inside_the_package():
    assert (db.MIGRATIONS / "env.py").is_file()
    assert (db.MIGRATIONS / "script.py.mako").is_file()
    assert (db.MIGRATIONS / "versions" / "0001_initial.py").is_file()
    script = ScriptDirectory.from_config(db.alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1, "migrations must form one line"
    assert "0001" in {rev.revision for rev in script.walk_revisions()}


def test_upgrade_is_idempotent_and_reaches_head(store_url):
    CaseStore(store_url).close()
    CaseStore(store_url).close()
    engine = db.make_engine(store_url)
    try:
        assert db.current_revision(engine) == ScriptDirectory.from_config(db.alembic_config()).get_current_head()
        tables = set(inspect(engine).get_table_names())
        assert {"cases", "evidence", "items", "findings", "alembic_version"} <= tables
        indexes = {ix["name"] for ix in inspect(engine).get_indexes("findings")}
        assert {"ix_findings_evidence_id_kind", "ix_findings_kind"} <= indexes
    finally:
        engine.dispose()


def test_models_match_the_migrated_schema(store_url):
    """A model change without a new migration fails here."""
    CaseStore(store_url).close()
    engine = db.make_engine(store_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_sqlite_uses_wal_and_a_busy_timeout(tmp_path):
    path = tmp_path / "case.sqlite"
    CaseStore(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_autogenerate_proposes_an_empty_migration(tmp_path):
    """`alembic revision --autogenerate` on an up-to-date database writes a migration that does nothing: the
    environment sees every package's tables (heroes.schema), so it proposes neither drops nor additions."""
    import shutil

    from alembic import command
    from alembic.config import Config

    scripts = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    url = f"sqlite:///{tmp_path / 'case.sqlite'}"
    CaseStore(url).close()
    cfg = Config()
    cfg.set_main_option("script_location", str(scripts))
    cfg.set_main_option("sqlalchemy.url", url)
    command.revision(cfg, message="check", autogenerate=True)
    (made,) = (scripts / "versions").glob("*_check.py")
    body = made.read_text()
    upgrade = body[body.index("def upgrade") : body.index("def downgrade")]
    assert "op." not in body and "pass" in upgrade
