"""Alembic revisions, one module each (alembic skips this __init__)."""
