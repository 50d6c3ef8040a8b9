"""foreign keys for the loose ids, one open plan per person, the buddy code stored once

* `users.nudge_identity_id`, `drafts.urge_id` and `buddy_links.last_sos_urge_id` become
  foreign keys (ON DELETE SET NULL). A value that already points at nothing is cleared
  first: it could not be followed anyway.
* At most one open plan (ended_at IS NULL) per person: a partial unique index, on SQLite
  and PostgreSQL alike. Where an older database holds several open plans for one person,
  all but the newest (the one the bot uses, highest id) are ended when the next one began,
  with the outcome "superseded"; no row is deleted.
* A buddy invite's code is kept in `link_codes` only (purpose "buddy"); `buddy_links.code`
  goes. Only the code an open invite showed worked before, so the person's other live
  invite codes are expired (expires_at = created_at) before the column is dropped.
* A check-back's state is kept on its urge only (`checkback_due_at`, `checkback_sent_at`):
  the ledger's "checkback" rows are folded into `checkback_sent_at` (the earliest, where the
  urge does not have it yet) and then removed.

On SQLite the three tables are rebuilt (batch mode), which `Database.migrate` runs with
foreign keys off so the rebuild of `users` cannot cascade into the rows that point at it.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, the table it points at, constraint name, checked at commit)
KEYS = (
    # users and identities point at each other: written in either order in one transaction
    ("users", "nudge_identity_id", "identities", "fk_users_nudge_identity_id", True),
    ("drafts", "urge_id", "urges", "fk_drafts_urge_id", False),
    ("buddy_links", "last_sos_urge_id", "urges", "fk_buddy_links_last_sos_urge_id", False),
)
ONE_OPEN_PLAN = "uq_plans_one_open"
OPEN = sa.text("ended_at IS NULL")


def upgrade() -> None:
    for table, column, target, _, _ in KEYS:
        op.execute(
            f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL "
            f"AND {column} NOT IN (SELECT id FROM {target})"
        )
    # Older open plans of a person end when their next plan was created.
    op.execute(
        "UPDATE plans SET outcome = COALESCE(outcome, 'superseded'), ended_at = ("
        " SELECT MIN(newer.created_at) FROM plans AS newer"
        " WHERE newer.user_id = plans.user_id AND newer.id > plans.id"
        ") WHERE ended_at IS NULL AND EXISTS ("
        " SELECT 1 FROM plans AS newer"
        " WHERE newer.user_id = plans.user_id AND newer.id > plans.id AND newer.ended_at IS NULL"
        ")"
    )
    for table, column, target, name, deferred in KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                name,
                target,
                [column],
                ["id"],
                ondelete="SET NULL",
                deferrable=True if deferred else None,
                initially="DEFERRED" if deferred else None,
            )
    op.execute(
        "UPDATE link_codes SET expires_at = created_at"
        " WHERE purpose = 'buddy' AND used_at IS NULL"
        " AND user_id IN (SELECT user_id FROM buddy_links WHERE buddy_user_id IS NULL)"
        " AND code NOT IN (SELECT code FROM buddy_links WHERE code IS NOT NULL)"
    )
    with op.batch_alter_table("buddy_links", schema=None) as batch_op:
        batch_op.drop_index("ix_buddy_links_code")
        batch_op.drop_column("code")
    sent = (
        "SELECT MIN(deliveries.sent_at) FROM deliveries WHERE deliveries.kind = 'checkback'"
        " AND deliveries.user_id = urges.user_id"
        " AND deliveries.key = 'urge:' || CAST(urges.id AS VARCHAR(16))"
    )
    op.execute(
        f"UPDATE urges SET checkback_sent_at = ({sent})"
        f" WHERE checkback_sent_at IS NULL AND ({sent}) IS NOT NULL"
    )
    op.execute("DELETE FROM deliveries WHERE kind = 'checkback'")
    op.create_index(
        ONE_OPEN_PLAN,
        "plans",
        ["user_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index(ONE_OPEN_PLAN, table_name="plans")
    op.execute(
        "INSERT INTO deliveries (user_id, kind, key, sent_at)"
        " SELECT user_id, 'checkback', 'urge:' || CAST(id AS VARCHAR(16)), checkback_sent_at"
        " FROM urges WHERE checkback_sent_at IS NOT NULL"
    )
    with op.batch_alter_table("buddy_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=16), nullable=True))
        batch_op.create_index("ix_buddy_links_code", ["code"], unique=False)
    op.execute(
        "UPDATE buddy_links SET code = ("
        " SELECT code FROM link_codes WHERE link_codes.user_id = buddy_links.user_id"
        " AND purpose = 'buddy' AND used_at IS NULL ORDER BY created_at DESC LIMIT 1"
        ") WHERE buddy_user_id IS NULL"
    )
    for table, _, _, name, _ in reversed(KEYS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(name, type_="foreignkey")
