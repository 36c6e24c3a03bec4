"""Referrals: organisations, memberships, referrals and their status events (see heroes.referrals.models).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the referral tables: organisations, memberships, referrals and events."""
    op.create_table(
        "ref_orgs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("titles", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(8), nullable=False),
        sa.Column("phone", sa.String(64), nullable=False),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("url", sa.String(255), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("accept_hours", sa.Integer(), nullable=False),
        sa.Column("urgent_accept_hours", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ref_orgs"),
        sa.UniqueConstraint("name", name="uq_ref_orgs_name"),
    )
    op.create_table(
        "ref_members",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_ref_members_user_id_web_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["org_id"], ["ref_orgs.id"], name="fk_ref_members_org_id_ref_orgs"),
        sa.PrimaryKeyConstraint("user_id", name="pk_ref_members"),
    )
    op.create_index("ix_ref_members_org_id", "ref_members", ["org_id"])
    op.create_table(
        "ref_referrals",
        sa.Column("id", BigId, nullable=False),
        sa.Column("ref", sa.String(16), nullable=False),
        sa.Column("parent_id", BigId, nullable=True),
        sa.Column("from_org_id", sa.Integer(), nullable=False),
        sa.Column("to_org_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("age_group", sa.String(8), nullable=False),
        sa.Column("purpose", sa.String(8), nullable=False),
        sa.Column("sector", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("potential_victim", sa.String(8), nullable=False),
        sa.Column("consent", sa.String(16), nullable=False),
        sa.Column("legal_basis", sa.String(255), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=True),
        sa.Column("key_id", sa.String(16), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("decline_reason", sa.String(32), nullable=True),
        sa.Column("created", When, nullable=False),
        sa.Column("updated", When, nullable=False),
        sa.Column("accepted_at", When, nullable=True),
        sa.Column("closed_at", When, nullable=True),
        sa.Column("purged_at", When, nullable=True),
        sa.ForeignKeyConstraint(["parent_id"], ["ref_referrals.id"], name="fk_ref_referrals_parent_id_ref_referrals"),
        sa.ForeignKeyConstraint(["from_org_id"], ["ref_orgs.id"], name="fk_ref_referrals_from_org_id_ref_orgs"),
        sa.ForeignKeyConstraint(["to_org_id"], ["ref_orgs.id"], name="fk_ref_referrals_to_org_id_ref_orgs"),
        sa.PrimaryKeyConstraint("id", name="pk_ref_referrals"),
        sa.UniqueConstraint("ref", name="uq_ref_referrals_ref"),
    )
    op.create_index("ix_ref_referrals_to_org_id_status", "ref_referrals", ["to_org_id", "status"])
    op.create_index("ix_ref_referrals_from_org_id_status", "ref_referrals", ["from_org_id", "status"])
    op.create_index("ix_ref_referrals_closed_at", "ref_referrals", ["closed_at"])
    op.create_index("ix_ref_referrals_parent_id", "ref_referrals", ["parent_id"])
    op.create_table(
        "ref_events",
        sa.Column("id", BigId, nullable=False),
        sa.Column("referral_id", BigId, nullable=False),
        sa.Column("at", When, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=True),
        sa.Column("sealed_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["ref_referrals.id"], name="fk_ref_events_referral_id_ref_referrals", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["org_id"], ["ref_orgs.id"], name="fk_ref_events_org_id_ref_orgs"),
        sa.PrimaryKeyConstraint("id", name="pk_ref_events"),
    )
    op.create_index("ix_ref_events_referral_id", "ref_events", ["referral_id"])


def downgrade() -> None:
    op.drop_table("ref_events")
    op.drop_table("ref_referrals")
    op.drop_table("ref_members")
    op.drop_table("ref_orgs")
