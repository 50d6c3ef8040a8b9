"""buddy links and progress preferences

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "buddy_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("buddy_user_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=16), nullable=True),
        sa.Column("user_name", sa.String(length=64), nullable=True),
        sa.Column("buddy_name", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("share_sos", sa.Boolean(), nullable=False),
        sa.Column("share_milestones", sa.Boolean(), nullable=False),
        sa.Column("share_slips", sa.Boolean(), nullable=False),
        sa.Column("last_sos_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sos_urge_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["buddy_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("buddy_links", schema=None) as batch_op:
        batch_op.create_index("ix_buddy_links_user_id", ["user_id"], unique=True)
        batch_op.create_index("ix_buddy_links_buddy_user_id", ["buddy_user_id"], unique=False)
        batch_op.create_index("ix_buddy_links_code", ["code"], unique=False)

    op.create_table(
        "progress_prefs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("weekly_review", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("progress_prefs")
    with op.batch_alter_table("buddy_links", schema=None) as batch_op:
        batch_op.drop_index("ix_buddy_links_code")
        batch_op.drop_index("ix_buddy_links_buddy_user_id")
        batch_op.drop_index("ix_buddy_links_user_id")
    op.drop_table("buddy_links")
