"""Shared fixtures: real databases (SQLite files, a real PostgreSQL server), a fixed clock,
and a conversation harness that drives the real engine."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from adapters.runtime import App, build_app
from bot.clock import FixedClock
from bot.config import Settings
from bot.core import Core
from tests.fakes import Deliveries, recording_platforms
from tests.harness import Chat

PG_ENV = "COOLOFF_TEST_POSTGRES_URL"


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


async def _pg(admin_url: str, sql: str) -> None:
    import asyncpg

    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end.

    Skips when no server is configured. In CI a configured but unreachable server fails
    the run instead: a silent skip there would hide that half the storage contract ran.
    """
    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/test)"
        )
    name = f"cooloff_test_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_pg(admin, f'CREATE DATABASE "{name}"'))
    except (OSError, Exception) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_ENV} is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL at {PG_ENV} is unreachable: {exc}")
    base, _, _ = admin.rpartition("/")
    yield f"{base}/{name}"
    asyncio.run(_pg(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    """The same test, once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/cooloff.db"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/cooloff.db"


@pytest.fixture
def clock() -> FixedClock:
    # A Sunday evening in late November, in UTC.
    return FixedClock(datetime(2026, 11, 22, 20, 0, tzinfo=UTC))


@pytest.fixture
def deliveries() -> Deliveries:
    """What reached anyone on the stand-in platforms (buddies, nudges, notices)."""
    return Deliveries()


async def built_app(url: str, clock: FixedClock, deliveries: Deliveries, **settings: str) -> App:
    """The bot as `cooloff run` builds it, with recording stand-ins for the platforms."""
    return await build_app(
        Settings(database_url=url, **settings),  # type: ignore[arg-type]
        clock=clock,
        platforms=recording_platforms(deliveries),
        console=False,
    )


@pytest.fixture
async def app(sqlite_url: str, clock: FixedClock, deliveries: Deliveries) -> AsyncIterator[App]:
    built = await built_app(sqlite_url, clock, deliveries)
    try:
        yield built
    finally:
        await built.stop()


@pytest.fixture
def core(app: App) -> Core:
    return app.core


@pytest.fixture
async def pg_core(
    database_url: str, clock: FixedClock, deliveries: Deliveries
) -> AsyncIterator[Core]:
    """A core on each database in turn (for tests that must hold on both)."""
    built = await built_app(database_url, clock, deliveries)
    if not built.core.db.is_sqlite:
        # A shared database across tests: start each from empty tables.
        from sqlalchemy import text

        from bot.storage.models import Base

        async with built.core.db.engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    try:
        yield built.core
    finally:
        await built.stop()


@pytest.fixture
def chat(core: Core) -> Chat:
    return Chat(core)
