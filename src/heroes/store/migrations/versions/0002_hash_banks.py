"""Hash banks: named hash lists (notable, known-good, negative) and their entries (see heroes.hashsets.models).

Revision ID: 0002
Revises: 0001
Create Date: 2026-05-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the hash banks and their entries."""
    op.create_table(
        "hash_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scheme", sa.String(64), nullable=False),
        sa.Column("pdq_threshold", sa.Integer(), nullable=False),
        sa.Column("vpdq_query_share", sa.Integer(), nullable=False),
        sa.Column("vpdq_bank_share", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hash_banks"),
        sa.UniqueConstraint("name", name="uq_hash_banks_name"),
    )
    op.create_table(
        "hash_entries",
        sa.Column("id", BigId, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("algo", sa.String(16), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("category", sa.String(64), nullable=True),
        sa.Column("media_id", sa.String(255), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("extra", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["hash_banks.id"], name="fk_hash_entries_bank_id_hash_banks", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_hash_entries"),
        sa.UniqueConstraint("bank_id", "algo", "value", name="uq_hash_entries_bank_id_algo_value"),
    )
    op.create_index("ix_hash_entries_algo_value", "hash_entries", ["algo", "value"])


def downgrade() -> None:
    op.drop_table("hash_entries")
    op.drop_table("hash_banks")
