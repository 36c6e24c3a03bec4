"""Dashboard: server-side login sessions (``web_sessions``) and the keyed audit (``web_audit.mac``, ``key_id``).

Existing audit entries keep their SHA-256 chain and get no MAC: the first keyed entry links to them, so its MAC
vouches for everything before it (see heroes.web.audit).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the login sessions table and add the audit MAC columns."""
    op.create_table(
        "web_sessions",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", sa.Float(), nullable=False),
        sa.Column("last_seen", sa.Float(), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(256), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_web_sessions_user_id_web_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    with op.batch_alter_table("web_audit") as batch:
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))
        batch.add_column(sa.Column("key_id", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("web_audit") as batch:
        batch.drop_column("key_id")
        batch.drop_column("mac")
    op.drop_table("web_sessions")
