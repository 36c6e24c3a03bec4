"""vPDQ banks as python-threatexchange: ``vpdq_bank_share`` becomes ``vpdq_index_share``, default 0 %.

The old default (80 % of the bank video's frames) could not be changed by any command, so every bank that still
holds it is moved to the new default; a bank video's frames are now kept with their times (heroes.hashsets.video
reads the older hash-only entries too).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hash_banks") as batch:
        batch.alter_column(
            "vpdq_bank_share", new_column_name="vpdq_index_share", existing_type=sa.Integer(), existing_nullable=False
        )
    op.execute("UPDATE hash_banks SET vpdq_index_share = 0 WHERE vpdq_index_share = 80")


def downgrade() -> None:
    with op.batch_alter_table("hash_banks") as batch:
        batch.alter_column(
            "vpdq_index_share", new_column_name="vpdq_bank_share", existing_type=sa.Integer(), existing_nullable=False
        )
