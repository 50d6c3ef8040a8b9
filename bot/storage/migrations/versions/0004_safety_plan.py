"""safety plan items

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "safety_plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "step", name="uq_safety_plan_step"),
    )
    with op.batch_alter_table("safety_plan_items", schema=None) as batch_op:
        batch_op.create_index("ix_safety_plan_items_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("safety_plan_items", schema=None) as batch_op:
        batch_op.drop_index("ix_safety_plan_items_user_id")
    op.drop_table("safety_plan_items")
