"""Prevention guide: ``learn_completions``, the lessons a dashboard user completed (see heroes.web.training).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table of completed lessons."""
    op.create_table(
        "learn_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("lesson", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("completed", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_learn_completions_user_id_web_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_learn_completions"),
        sa.UniqueConstraint("user_id", "lesson", name="uq_learn_completions_user_id_lesson"),
    )


def downgrade() -> None:
    op.drop_table("learn_completions")
