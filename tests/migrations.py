"""A database brought to one old revision only (a deployment of yesterday's code), on a
SQLite file or a fresh PostgreSQL database of its own: what a migration test starts from."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Integer, String, column, insert, table
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import Database, alembic_config
from bot.storage.models import Identity, User
from bot.storage.types import UTCDateTime
from tests.conftest import PG_ENV, _pg

# urges as 0001 to 0007 made it, with the comma string 0008 moves into urge_tools
OLD_URGES = table(
    "urges",
    column("id", Integer),
    column("user_id", Integer),
    column("started_at", UTCDateTime),
    column("source", String),
    column("tools", String),
)


async def add_people(conn: AsyncConnection, ids: tuple[int, ...], at: datetime) -> None:
    """People with one console identity each (id = their user id), as any revision has."""
    for uid in ids:
        await conn.execute(insert(User).values(id=uid, created_at=at, timezone="UTC", locale="en"))
        await conn.execute(
            insert(Identity).values(
                id=uid,
                user_id=uid,
                platform="console",
                platform_user_id=f"p{uid}",
                chat_id=f"c{uid}",
                created_at=at,
            )
        )


@asynccontextmanager
async def database_at(backend: str, tmp_path: Path, revision: str) -> AsyncIterator[Database]:
    if backend == "sqlite":
        url, drop = f"sqlite:///{tmp_path}/old.db", None
    else:
        admin = os.environ.get(PG_ENV)
        if not admin:
            pytest.skip(f"PostgreSQL tests need {PG_ENV}")
        name = f"cooloff_mig_{uuid.uuid4().hex[:10]}"
        await _pg(admin, f'CREATE DATABASE "{name}"')
        url, drop = f"{admin.rpartition('/')[0]}/{name}", (admin, name)
    db = Database(url)
    async with db.engine.connect() as conn:
        await conn.run_sync(lambda c: command.upgrade(alembic_config(c), revision))
        await conn.commit()
    try:
        yield db
    finally:
        await db.dispose()
        if drop is not None:
            await _pg(drop[0], f'DROP DATABASE IF EXISTS "{drop[1]}" WITH (FORCE)')
