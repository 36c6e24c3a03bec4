"""Initial schema: cases, evidence, items (the done marks) and findings. JSON columns are ASCII JSON text.

Revision ID: 0001
Revises:
Create Date: 2026-05-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the cases, evidence, items and findings tables."""
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("name", name="uq_cases_name"),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("path_exact", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("md5", sa.String(32), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_evidence_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.UniqueConstraint("case_id", "path", name="uq_evidence_case_id_path"),
    )
    op.create_table(
        "items",
        sa.Column("id", BigId, nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("path_exact", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_items_evidence_id_evidence", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_items"),
        sa.UniqueConstraint("evidence_id", "key", name="uq_items_evidence_id_key"),
    )
    op.create_table(
        "findings",
        sa.Column("id", BigId, nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("item_id", BigId, nullable=False),
        sa.Column("kind", sa.String(255), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("path_exact", sa.Text(), nullable=True),
        sa.Column("analyser", sa.String(255), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name="fk_findings_evidence_id_evidence", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_findings_item_id_items", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
    )
    op.create_index("ix_findings_evidence_id_kind", "findings", ["evidence_id", "kind"])
    op.create_index("ix_findings_kind", "findings", ["kind"])
    op.create_index("ix_findings_item_id", "findings", ["item_id"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("items")
    op.drop_table("evidence")
    op.drop_table("cases")
