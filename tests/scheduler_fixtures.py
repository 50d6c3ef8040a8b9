"""Fixtures for the scheduler tests: databases (SQLite files and a fresh PostgreSQL database
per session), a recording outbox, a fixed clock, and bulk seeding of users.

Fixture functions are named `*_fixture` and registered under the short name, so a test
module imports them (to register them) without its parameters shadowing the import.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, text

from bot.clock import FixedClock
from bot.content.library import Library
from bot.messages import Address, Reply
from bot.ports import RetryLater, Unreachable
from bot.storage.db import Database
from bot.storage.models import Base, Identity, Plan, User
from scheduler.throttle import Throttle
from scheduler.worker import Worker

_LIBRARY: Library | None = None


def library() -> Library:
    """The real English content, loaded once."""
    global _LIBRARY
    if _LIBRARY is None:
        _LIBRARY = Library.load("en")
    return _LIBRARY


@pytest.fixture(scope="session", name="sched_pg_url")
def sched_pg_url_fixture(postgres_url: str) -> str:
    """The session's fresh PostgreSQL database (conftest's `postgres_url`: skipped without
    a configured server, failing in CI when the configured server is unreachable)."""
    return postgres_url


@pytest.fixture(params=["sqlite", "postgres"], name="sched_url")
def sched_url_fixture(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """Each test once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/sched.db"
    url: str = request.getfixturevalue("sched_pg_url")
    return url


async def open_db(url: str) -> Database:
    """A migrated database with empty tables (PostgreSQL is shared within the session)."""
    db = Database(url)
    await db.migrate()
    if not db.is_sqlite:
        async with db.engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return db


@pytest.fixture(name="db")
async def db_fixture(sched_url: str) -> AsyncIterator[Database]:
    opened = await open_db(sched_url)
    try:
        yield opened
    finally:
        await opened.dispose()


@pytest.fixture(name="sqlite_db")
async def sqlite_db_fixture(tmp_path: Any) -> AsyncIterator[Database]:
    opened = await open_db(f"sqlite:///{tmp_path}/sched.db")
    try:
        yield opened
    finally:
        await opened.dispose()


@dataclass
class Sent:
    address: Address
    replies: list[Reply]
    at: datetime


@dataclass
class FakeOutbox:
    """Records deliveries; can be told to fail for a chat (Unreachable or RetryLater)."""

    clock: FixedClock
    sent: list[Sent] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)
    retry: dict[str, int] = field(default_factory=dict)  # chat -> failures left
    explode: set[str] = field(default_factory=set)
    after_accept: Callable[[Sent], None] | None = None

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        chat = address.chat_id
        if chat in self.unreachable:
            raise Unreachable(chat)
        if self.retry.get(chat, 0) > 0:
            self.retry[chat] -= 1
            raise RetryLater(5.0)
        if chat in self.explode:
            raise RuntimeError("platform exploded")
        item = Sent(address, list(replies), self.clock.now())
        self.sent.append(item)
        if self.after_accept is not None:
            self.after_accept(item)

    def chats(self) -> list[str]:
        return [s.address.chat_id for s in self.sent]


def fake_sleep(clock: FixedClock) -> Callable[[float], Any]:
    """A sleep that moves the fixed clock instead of waiting."""

    async def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)

    return sleep


def make_worker(
    db: Database,
    clock: FixedClock,
    outbox: FakeOutbox,
    *,
    owner: str = "w1",
    per_second: float | None = None,
    **kwargs: Any,
) -> Worker:
    throttle = Throttle(clock, per_second=per_second, per_chat_seconds=0.0, sleep=fake_sleep(clock))
    return Worker(db, library(), outbox, clock, owner=owner, throttle=throttle, **kwargs)


async def add_users(
    db: Database,
    count: int,
    *,
    tz: str = "UTC",
    morning: str = "08:00",
    checkin: str = "21:00",
    quiet: tuple[str, str] = ("22:30", "07:30"),
    start: date = date(2026, 11, 1),
    length: int = 30,
    created: datetime = datetime(2026, 11, 1, tzinfo=UTC),
    first_id: int | None = None,
) -> list[int]:
    """Bulk-insert onboarded users, each with one identity (chat "c<id>") and an active plan."""
    async with db.engine.begin() as conn:
        if first_id is None:
            first_id = ((await conn.scalar(text("SELECT max(id) FROM users"))) or 0) + 1
        ids = list(range(first_id, first_id + count))
        await conn.execute(
            insert(User),
            [
                {
                    "id": i,
                    "created_at": created,
                    "timezone": tz,
                    "morning_time": morning,
                    "checkin_time": checkin,
                    "quiet_start": quiet[0],
                    "quiet_end": quiet[1],
                    "short_plan_noted": False,
                    "nudge_identity_id": i,
                    "locale": "en",
                }
                for i in ids
            ],
        )
        await conn.execute(
            insert(Identity),
            [
                {
                    "id": i,
                    "user_id": i,
                    "platform": "telegram",
                    "platform_user_id": f"u{i}",
                    "chat_id": f"c{i}",
                    "created_at": created,
                }
                for i in ids
            ],
        )
        await conn.execute(
            insert(Plan),
            [
                {"user_id": i, "start_date": start, "length_days": length, "created_at": created}
                for i in ids
            ],
        )
    return ids


def at(text_: str) -> datetime:
    """`at("2026-11-22 08:00")` -> an aware UTC datetime."""
    return datetime.fromisoformat(text_).replace(tzinfo=UTC)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
