"""The case database: SQLite by default, any SQLAlchemy URL (PostgreSQL via ``postgresql+psycopg://``)."""

from __future__ import annotations

from heroes.store.store import CaseStore, default_url

__all__ = ["CaseStore", "default_url"]
