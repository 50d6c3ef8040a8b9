"""The worker across DST transitions: exactly one morning per local day, at the right instant,
walking the clock from due instant to due instant (and a few moments in between)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import FixedClock
from bot.storage.db import Database
from bot.storage.schedule_models import Schedule
from scheduler.timing import daily_instants, load_zone
from tests.scheduler_fixtures import (  # noqa: F401 - fixtures are registered by import
    FakeOutbox,
    add_users,
    at,
    db_fixture,
    make_worker,
    sched_pg_url_fixture,
    sched_url_fixture,
)

CASES = [
    # zone, morning, first local date (the transition falls inside the 4 days)
    ("America/New_York", "02:30", date(2026, 3, 7)),  # spring forward: 02:30 -> 03:30
    ("America/New_York", "01:30", date(2026, 10, 31)),  # fall back: first 01:30
    ("Europe/Berlin", "02:30", date(2026, 3, 28)),
    ("Europe/Berlin", "02:30", date(2026, 10, 24)),
    ("Australia/Lord_Howe", "02:15", date(2026, 10, 3)),  # 30-minute gap
    ("Australia/Lord_Howe", "01:45", date(2026, 4, 4)),  # 30-minute overlap
    ("Pacific/Chatham", "03:00", date(2026, 9, 26)),
    ("Pacific/Chatham", "03:00", date(2026, 4, 4)),
    ("Asia/Kathmandu", "08:00", date(2026, 3, 28)),  # +05:45, no DST
]


async def _next_due(db: Database) -> datetime:
    async with db.engine.begin() as conn:
        due = await conn.scalar(select(func.min(Schedule.due_at)).where(Schedule.kind == "morning"))
    assert due is not None
    return due


@pytest.mark.parametrize(("zone", "morning", "first"), CASES)
async def test_one_morning_per_local_day_across_dst(
    db: Database, zone: str, morning: str, first: date
) -> None:
    tz = load_zone(zone)
    hh, mm = map(int, morning.split(":"))
    expected = list(daily_instants(first, 4, time(hh, mm), tz))
    start = expected[0] - timedelta(hours=12)
    clock = FixedClock(start)
    outbox = FakeOutbox(clock)
    # Quiet hours off (equal ends), check-in far from the morning: only mornings matter here.
    await add_users(
        db,
        1,
        tz=zone,
        morning=morning,
        checkin="23:59",
        quiet=("00:00", "00:00"),
        start=first - timedelta(days=10),
    )
    worker = make_worker(db, clock, outbox)
    await worker.sync(start)
    for _ in range(len(expected)):
        due = await _next_due(db)
        clock.set(due - timedelta(seconds=1))  # a moment early: nothing yet
        await worker.tick(clock.now())
        clock.set(due)
        await worker.tick(clock.now())
        clock.set(due + timedelta(minutes=45))  # and again later: nothing more
        await worker.tick(clock.now())
    mornings = [s.at for s in outbox.sent]
    assert mornings == expected
    assert len({m.astimezone(tz).date() for m in mornings}) == len(mornings)
