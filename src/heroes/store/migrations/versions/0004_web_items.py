"""Dashboard: ``web_items``, per-item facts (MIME, size, month, deleted, mismatch, known-good) for indexed filters.

The table is derived from the findings: the store writes each item's row with the item (heroes.store.facts) and the
dashboard fills the rows of older items once when it starts, so this revision only creates it: upgrading a database
with millions of findings stays instant.

Revision ID: 0004
Revises: 0003
Create Date: 2026-05-11
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INDEXES = ("file_id", "deleted", "mismatch", "known_good", "mime")


def upgrade() -> None:
    """Create the per-item facts table of the dashboard's filters."""
    op.create_table(
        "web_items",
        sa.Column("item_id", BigId, autoincrement=False, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.BigInteger(), nullable=True),
        sa.Column("mime", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("mismatch", sa.Boolean(), nullable=False),
        sa.Column("known_good", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_web_items_item_id_items", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", name="pk_web_items"),
    )
    for column in INDEXES:
        columns = ["case_id", column] if column == "file_id" else ["case_id", column, "file_id"]
        op.create_index(f"ix_web_items_{'_'.join(columns)}", "web_items", columns)


def downgrade() -> None:
    op.drop_table("web_items")
