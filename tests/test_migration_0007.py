"""Migration 0007 on a database made by 0005 with rows in it, on SQLite and PostgreSQL:
nothing is lost, loose ids become foreign keys, and one open plan per person is enforced."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Integer,
    String,
    column,
    func,
    insert,
    inspect,
    select,
    table,
    text,
    update,
)
from sqlalchemy.exc import IntegrityError

from bot.storage import buddy_store, linking_store
from bot.storage.buddy_models import BuddyLink
from bot.storage.db import Database
from bot.storage.models import Base, Draft, Identity, LinkCode, Plan, Reason, Urge, User
from bot.storage.schedule_models import Delivery, Schedule
from bot.storage.sealing import Sealer
from bot.storage.store import Store
from bot.storage.types import UTCDateTime
from tests.migrations import OLD_URGES, add_people, database_at

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)
MISSING = 999_999  # an id that points at nothing
# buddy_links as 0005 made it, with the code column 0007 drops
OLD_BUDDY_LINKS = table(
    "buddy_links",
    column("id", Integer),
    column("user_id", Integer),
    column("code", String),
    column("created_at", UTCDateTime),
    column("share_sos", Boolean),
    column("share_milestones", Boolean),
    column("share_slips", Boolean),
)


@pytest.fixture(params=["sqlite", "postgres"])
async def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A database brought to revision 0005 only (as a deployment of yesterday's code)."""
    async with database_at(request.param, tmp_path, "0005") as db:
        yield db


async def _fill(db: Database) -> None:
    """Two people, with what an old database can hold: a dangling nudge identity and draft
    urge, and two open plans for one person."""
    async with db.engine.begin() as conn:
        await add_people(conn, (1, 2, 4), T0)
        await conn.execute(update(User).where(User.id == 1).values(nudge_identity_id=1))
        await conn.execute(update(User).where(User.id == 2).values(nudge_identity_id=MISSING))
        plans: list[dict[str, Any]] = [
            {"id": 1, "user_id": 1, "created_at": T0, "ended_at": T0 + timedelta(days=1)},
            {"id": 2, "user_id": 1, "created_at": T0 + timedelta(days=1), "ended_at": None},
            {"id": 3, "user_id": 1, "created_at": T0 + timedelta(days=5), "ended_at": None},
            {"id": 4, "user_id": 2, "created_at": T0, "ended_at": None},
        ]
        for plan in plans:
            await conn.execute(
                insert(Plan).values(start_date=date(2026, 11, 1), length_days=30, **plan)
            )
        await conn.execute(
            insert(OLD_URGES).values(id=1, user_id=1, started_at=T0, source="command", tools="")
        )
        for draft_id, urge_id in ((1, 1), (2, MISSING)):
            await conn.execute(
                insert(Draft).values(
                    id=draft_id, user_id=1, urge_id=urge_id, created_at=T0, text="enc1:abc"
                )
            )
        await conn.execute(insert(Reason).values(user_id=1, created_at=T0, text="kept"))
        await conn.execute(
            insert(BuddyLink).values(
                id=1, user_id=1, buddy_user_id=2, created_at=T0, last_sos_urge_id=1
            )
        )
        await conn.execute(
            insert(Schedule).values(user_id=1, kind="morning", ref=0, due_at=T0, basis="")
        )
        # A check-back the old ledger recorded (and a morning, which stays in the ledger).
        for kind, key in (("checkback", "urge:1"), ("morning", "2026-11-01")):
            await conn.execute(insert(Delivery).values(user_id=1, kind=kind, key=key, sent_at=T0))
        # Person 4's open invite shows code A; an older code B of theirs is still live.
        await conn.execute(
            insert(OLD_BUDDY_LINKS).values(
                id=2,
                user_id=4,
                code="AAAAAAAA",
                created_at=T0,
                share_sos=True,
                share_milestones=True,
                share_slips=False,
            )
        )
        for code, made in (("BBBBBBBB", T0), ("AAAAAAAA", T0 + timedelta(hours=1))):
            await conn.execute(
                insert(LinkCode).values(
                    code=code,
                    user_id=4,
                    purpose="buddy",
                    created_at=made,
                    expires_at=T0 + timedelta(days=1),
                )
            )


async def _counts(db: Database) -> dict[str, int]:
    """Rows per table, for the tables the database has (later migrations add some)."""
    async with db.engine.connect() as conn:
        present = set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
        return {
            t.name: (await conn.scalar(select(func.count()).select_from(t))) or 0
            for t in Base.metadata.sorted_tables
            if t.name in present
        }


async def test_0007_keeps_every_row_and_adds_the_keys(old_db: Database) -> None:
    await _fill(old_db)
    before = await _counts(old_db)
    await old_db.migrate("0007")
    # Nothing lost, nothing cascaded away; the check-back's ledger row moved onto its urge.
    assert await _counts(old_db) == {**before, "deliveries": before["deliveries"] - 1}
    async with old_db.engine.connect() as conn:
        sent = await conn.scalar(select(Urge.checkback_sent_at).where(Urge.id == 1))
        kinds = (await conn.execute(select(Delivery.kind))).scalars().all()
    assert sent is not None and sent.astimezone(UTC) == T0 and kinds == ["morning"]

    async with old_db.engine.connect() as conn:
        nudge = dict((await conn.execute(select(User.id, User.nudge_identity_id))).all())
        assert nudge == {1: 1, 2: None, 4: None}  # the dangling pointer cleared, the real kept
        drafts = dict((await conn.execute(select(Draft.id, Draft.urge_id))).all())
        assert drafts == {1: 1, 2: None}
        rows = (await conn.execute(select(Plan.id, Plan.ended_at, Plan.outcome))).all()
        plans = {r.id: (r.ended_at, r.outcome) for r in rows}
    assert plans[2][1] == "superseded" and plans[2][0] is not None
    assert plans[2][0].astimezone(UTC) == T0 + timedelta(days=5)  # when the newer one began
    assert plans[3] == (None, None) and plans[4] == (None, None)
    assert plans[1][1] is None  # an ended plan is left as it was

    # One open plan per person is now the database's rule too.
    with pytest.raises(IntegrityError):
        async with old_db.engine.begin() as conn:
            await conn.execute(
                insert(Plan).values(id=10, user_id=2, start_date=date(2026, 12, 1), created_at=T0)
            )
    async with old_db.engine.begin() as conn:  # an ended one is fine
        await conn.execute(
            insert(Plan).values(
                id=11, user_id=2, start_date=date(2026, 12, 1), created_at=T0, ended_at=T0
            )
        )

    # The keys hold (on SQLite too: the pragma is back on after the migration).
    async with old_db.engine.begin() as conn:
        await conn.execute(text("DELETE FROM urges WHERE id = 1"))
    async with old_db.engine.connect() as conn:
        assert await conn.scalar(select(Draft.urge_id).where(Draft.id == 1)) is None
        assert await conn.scalar(select(BuddyLink.last_sos_urge_id)) is None
    with pytest.raises(IntegrityError):  # checked at commit
        async with old_db.engine.begin() as conn:
            await conn.execute(update(User).where(User.id == 2).values(nudge_identity_id=MISSING))
    async with old_db.engine.begin() as conn:  # a person before their identity, in one go
        await conn.execute(insert(User).values(id=3, created_at=T0, nudge_identity_id=3))
        await conn.execute(
            insert(Identity).values(
                id=3,
                user_id=3,
                platform="console",
                platform_user_id="p3",
                chat_id="c3",
                created_at=T0,
            )
        )

    # The buddy code is kept once, in link_codes: the invite is found through it, and only
    # the code the invite showed still works.
    store = Store(old_db, Sealer(None))
    soon = T0 + timedelta(hours=2)
    invite = await buddy_store.invite_by_code(store, "AAAAAAAA")
    assert invite is not None and invite.id == 2
    assert await buddy_store.live_invite_code(store, 4, soon) == "AAAAAAAA"
    assert await linking_store.peek_code(store, "BBBBBBBB", "buddy", soon) is None
    async with old_db.engine.connect() as conn:
        columns = await conn.run_sync(
            lambda c: [x["name"] for x in inspect(c).get_columns("buddy_links")]
        )
    assert "code" not in columns

    await old_db.migrate("0007")  # idempotent
    after = await _counts(old_db)
    assert (after["plans"], after["users"]) == (before["plans"] + 1, before["users"] + 1)


async def test_the_migrated_schema_is_the_models(old_db: Database) -> None:
    """From 0005 to the head the database and the models agree (keys, the partial index),
    both ways."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    await old_db.migrate()

    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return list(compare_metadata(context, Base.metadata))

    async with old_db.engine.connect() as conn:
        assert await conn.run_sync(diff) == []
