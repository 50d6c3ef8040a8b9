"""Migration 0008 on a database made by 0007 with urges in it, on SQLite and PostgreSQL:
every tool in the old comma strings becomes a row, in order, and the column goes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database
from bot.storage.models import Urge, UrgeTool
from bot.storage.sealing import Sealer
from bot.storage.store import Store
from tests.migrations import OLD_URGES, add_people, database_at

T0 = datetime(2026, 11, 1, 9, tzinfo=UTC)
# (urge id, person, what urges.tools held)
STORED = (
    (1, 1, "wait,breathe"),
    (2, 1, ""),
    (3, 1, "write,,task,write"),  # an empty piece and a repeat, as a hand-edited row could be
    (4, 2, "task,breathe,wa"),  # cut at the old width: the piece is kept as it was
)


@pytest.fixture(params=["sqlite", "postgres"])
async def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A database brought to revision 0007 only (the head before this migration)."""
    async with database_at(request.param, tmp_path, "0007") as db:
        async with db.engine.begin() as conn:
            await add_people(conn, (1, 2), T0)
            for urge_id, uid, tools in STORED:
                await conn.execute(
                    insert(OLD_URGES).values(
                        id=urge_id,
                        user_id=uid,
                        started_at=T0 + timedelta(hours=urge_id),
                        source="command",
                        tools=tools,
                    )
                )
        yield db


async def test_0008_moves_every_tool_into_rows_in_order(old_db: Database) -> None:
    await old_db.migrate()
    store = Store(old_db, Sealer(None))
    assert [await store.urge_tools(n) for n, _, _ in STORED] == [
        ("wait", "breathe"),
        (),
        ("write", "task"),
        ("task", "breathe", "wa"),
    ]
    async with old_db.engine.connect() as conn:
        rows = (
            await conn.execute(select(UrgeTool.urge_id, UrgeTool.user_id, UrgeTool.used_at))
        ).all()
        columns = await conn.run_sync(
            lambda c: [x["name"] for x in inspect(c).get_columns("urges")]
        )
        assert await conn.scalar(select(func.count()).select_from(Urge)) == len(STORED)
    owner = {n: uid for n, uid, _ in STORED}
    assert all(r.user_id == owner[r.urge_id] for r in rows)  # the urge's person, each row
    assert {r.urge_id: r.used_at.astimezone(UTC) for r in rows}[4] == T0 + timedelta(hours=4)
    assert "tools" not in columns
    # The urge read through the store carries its tools as a tuple; more are recorded once.
    first, empty, *_ = await store.urges(1)
    assert (first.tools, empty.tools) == (("wait", "breathe"), ())
    assert await store.record_tool(empty.id, "wait", T0) == ("wait",)
    assert await store.record_tool(empty.id, "write", T0) == ("wait", "write")
    assert await store.record_tool(empty.id, "wait", T0) == ("wait", "write")  # once each

    # Once per urge is the database's rule too, and the rows go with their urge.
    with pytest.raises(IntegrityError):
        async with old_db.engine.begin() as conn:
            await conn.execute(
                insert(UrgeTool).values(urge_id=1, user_id=1, tool="wait", used_at=T0)
            )
    async with old_db.engine.begin() as conn:
        await conn.execute(text("DELETE FROM urges WHERE id = 1"))
    assert await store.urge_tools(1) == ()
    # /export shows a person's tools; /delete erases them.
    shown = (await store.export(2))["urge_tools"]
    assert [(r["urge_id"], r["tool"]) for r in shown] == [(4, "task"), (4, "breathe"), (4, "wa")]
    await store.delete_user(2)
    assert await store.count_rows_for(2) == 0 and await store.urge_tools(4) == ()
    await old_db.migrate()  # idempotent
    assert await store.urge_tools(3) == ("write", "task")


async def test_0008_down_gives_the_comma_strings_back(old_db: Database) -> None:
    from alembic import command

    from bot.storage.db import alembic_config

    await old_db.migrate()
    async with old_db.engine.connect() as conn:
        await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "0007"))
        await conn.commit()
        back = dict((await conn.execute(select(OLD_URGES.c.id, OLD_URGES.c.tools))).all())
    assert back == {1: "wait,breathe", 2: "", 3: "write,task", 4: "task,breathe,wa"}


def test_the_migration_is_the_head() -> None:
    """0008 chains on the newest revision before it (re-chain if another lands)."""
    from alembic.script import ScriptDirectory

    from bot.storage.db import alembic_config

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == ["0008"]
