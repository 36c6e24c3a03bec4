"""Alembic migrations of the case database, shipped in the package and run by heroes.store.db.upgrade."""
