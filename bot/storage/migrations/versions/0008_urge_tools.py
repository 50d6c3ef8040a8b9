"""urge tools as a collection: one `urge_tools` row per tool tried during an urge

`urges.tools` held the tools as a comma-separated string, cut silently at 128 characters.
Each urge's string becomes rows in `urge_tools` (in the order written, repeats and empty
pieces skipped, every piece kept as it was), dated the urge's start since when each tool
was pressed was never stored; then the column goes. A row is the urge's own: it is removed
with it (ON DELETE CASCADE) and carries the urge's `user_id`, so /export and /delete find it.

On SQLite `urges` is rebuilt (batch mode), with foreign keys off (`Database.migrate`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 15:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIQUE = "uq_urge_tools_urge_tool"
OLD_WIDTH = 128  # what `urges.tools` held


def pieces(stored: str | None) -> list[str]:
    """The tools a comma string names, in order, each once."""
    out: list[str] = []
    for piece in (stored or "").split(","):
        if piece and piece not in out:
            out.append(piece)
    return out


def upgrade() -> None:
    op.create_table(
        "urge_tools",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urge_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=OLD_WIDTH), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["urge_id"], ["urges.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("urge_id", "tool", name=UNIQUE),
    )
    with op.batch_alter_table("urge_tools", schema=None) as batch_op:
        batch_op.create_index("ix_urge_tools_urge_id", ["urge_id"], unique=False)
        batch_op.create_index("ix_urge_tools_user_id", ["user_id"], unique=False)

    bind = op.get_bind()
    urges = bind.execute(
        sa.text("SELECT id, tools FROM urges WHERE tools IS NOT NULL AND tools <> '' ORDER BY id")
    ).all()
    rows = [{"urge": urge_id, "tool": tool} for urge_id, stored in urges for tool in pieces(stored)]
    if rows:  # in order: ids keep the order the tools were written in
        bind.execute(
            sa.text(
                "INSERT INTO urge_tools (urge_id, user_id, tool, used_at)"
                " SELECT id, user_id, :tool, started_at FROM urges WHERE id = :urge"
            ),
            rows,
        )
    with op.batch_alter_table("urges", schema=None) as batch_op:
        batch_op.drop_column("tools")


def downgrade() -> None:
    with op.batch_alter_table("urges", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tools", sa.String(length=OLD_WIDTH), nullable=False, server_default="")
        )
    bind = op.get_bind()
    joined: dict[int, list[str]] = {}
    for urge_id, tool in bind.execute(
        sa.text("SELECT urge_id, tool FROM urge_tools ORDER BY urge_id, id")
    ).all():
        joined.setdefault(urge_id, []).append(tool)
    if joined:
        bind.execute(
            sa.text("UPDATE urges SET tools = :tools WHERE id = :urge"),
            [{"urge": k, "tools": ",".join(v)[:OLD_WIDTH]} for k, v in joined.items()],
        )
    with op.batch_alter_table("urge_tools", schema=None) as batch_op:
        batch_op.drop_index("ix_urge_tools_user_id")
        batch_op.drop_index("ix_urge_tools_urge_id")
    op.drop_table("urge_tools")
