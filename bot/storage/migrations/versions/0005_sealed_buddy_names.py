"""buddy display names hold sealed text

With COOLOFF_ENCRYPTION_KEY set, `buddy_links.user_name` and `buddy_name` hold Fernet tokens
(a 40-character name seals to about 320 characters), so they become TEXT like the other
sealed columns. Names saved in plain text before stay readable as they are.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("buddy_links", schema=None) as batch_op:
        for column in ("user_name", "buddy_name"):
            batch_op.alter_column(
                column, existing_type=sa.String(length=64), type_=sa.Text(), existing_nullable=True
            )


def downgrade() -> None:
    # Sealed names do not fit back into 64 characters; a downgrade keeps only plain ones.
    with op.batch_alter_table("buddy_links", schema=None) as batch_op:
        for column in ("user_name", "buddy_name"):
            batch_op.alter_column(
                column, existing_type=sa.Text(), type_=sa.String(length=64), existing_nullable=True
            )
