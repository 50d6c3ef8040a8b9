"""The two paths that write schedule rows, and what they may not do to each other.

`ScheduleSync.settings_changed` (the engine, on the reply path) recomputes one person's rows
at the moment of a change; `Worker.sync` (periodic) recomputes everyone's changed rows. A
change must land at once even while a worker holds the row, and the two syncs running
together must leave every row computed from the newest settings.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, select, update

from bot.clock import FixedClock
from bot.messages import Address, Reply
from bot.storage.db import Database
from bot.storage.models import User
from bot.storage.schedule_models import Schedule
from scheduler.rules import DAILY_KINDS, first_due, settings_for
from scheduler.sync import ScheduleSync, basis_of
from tests.scheduler_fixtures import (  # noqa: F401 - fixtures are registered by import
    FakeOutbox,
    add_users,
    at,
    db_fixture,
    make_worker,
    sched_pg_url_fixture,
    sched_url_fixture,
)


async def _rows(db: Database) -> dict[tuple[int, str], Any]:
    async with db.engine.begin() as conn:
        result = await conn.execute(
            select(
                Schedule.user_id,
                Schedule.kind,
                Schedule.due_at,
                Schedule.local_date,
                Schedule.basis,
                Schedule.lease_owner,
            ).where(Schedule.ref == 0)
        )
        return {(r.user_id, r.kind): r for r in result}


async def test_settings_changed_touches_one_person_in_two_statements(db: Database) -> None:
    await add_users(db, 50)
    clock = FixedClock(at("2026-11-22 06:00"))
    await make_worker(db, clock, FakeOutbox(clock)).sync(clock.now())
    before = await _rows(db)
    async with db.engine.begin() as conn:
        await conn.execute(update(User).where(User.id == 7).values(morning_time="06:30"))

    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SELECT 1")):
            statements.append(sql)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        await ScheduleSync(db).settings_changed(7, clock.now())
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)

    assert len(statements) <= 2, statements  # read the person, write their rows
    assert not any("TEMPORARY" in s.upper() or "CREATE" in s.upper() for s in statements)
    after = await _rows(db)
    assert after[(7, "morning")].due_at == at("2026-11-22 06:30")  # later today: today
    assert {k: v for k, v in after.items() if k[0] != 7} == {
        k: v for k, v in before.items() if k[0] != 7
    }


class _ChangesDuringDelivery:
    """An outbox whose first delivery stands for a moment in which another person, whose row
    the same batch holds, changes a setting and the engine reports it at once."""

    def __init__(self, clock: FixedClock, change: Any) -> None:
        self.clock = clock
        self.change = change
        self.sent: list[tuple[str, Any]] = []

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        self.sent.append((address.chat_id, self.clock.now()))
        if self.change is not None:
            change, self.change = self.change, None
            await change()


async def test_a_change_made_while_a_worker_holds_the_row_lands_at_once(db: Database) -> None:
    # 07:00: both mornings are due. Person 1 has no quiet hours and is sent theirs; person
    # 2 is in quiet hours until 07:30, so theirs is put off. While person 1's is being
    # delivered, person 2 switches quiet hours off and asks for 07:01 (30 s ahead). Their
    # row is leased by the worker: the change must still hold, and fire at 07:01.
    await add_users(db, 1, morning="07:00", quiet=("00:00", "00:00"))
    await add_users(db, 1, morning="07:00")
    clock = FixedClock(at("2026-11-22 07:00:30"))
    schedules = ScheduleSync(db)

    async def person_2_changes() -> None:
        async with db.engine.begin() as conn:
            await conn.execute(
                update(User)
                .where(User.id == 2)
                .values(morning_time="07:01", quiet_start="00:00", quiet_end="00:00")
            )
        await schedules.settings_changed(2, clock.now())

    outbox = _ChangesDuringDelivery(clock, person_2_changes)
    worker = make_worker(db, clock, FakeOutbox(clock))
    await worker.sync(at("2026-11-21 22:00"))
    worker.outbox = outbox
    stats = await worker.tick(clock.now())
    assert stats.sent == 1 and stats.deferred == 1
    row = (await _rows(db))[(2, "morning")]
    assert row.due_at == at("2026-11-22 07:01") and row.lease_owner is None
    clock.set(at("2026-11-22 07:00:45"))
    await worker.tick(clock.now())
    assert [c for c, _ in outbox.sent] == ["c1"]
    clock.set(at("2026-11-22 07:01"))
    await worker.tick(clock.now())
    assert outbox.sent == [("c1", at("2026-11-22 07:00:30")), ("c2", at("2026-11-22 07:01"))]


async def test_immediate_and_periodic_syncs_together_leave_every_row_current(
    db: Database,
) -> None:
    # Many changes, each reported by the engine while a periodic sync runs: afterwards every
    # row is computed from its person's newest settings (none lost, none stale, none twice).
    ids = await add_users(db, 12)
    clock = FixedClock(at("2026-11-22 06:00"))
    worker = make_worker(db, clock, FakeOutbox(clock))
    await worker.sync(clock.now())
    schedules = ScheduleSync(db)
    rng = random.Random(12)
    zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]
    for _ in range(15):
        clock.advance(minutes=7)
        changed = rng.sample(ids, 4)
        for user_id in changed:
            async with db.engine.begin() as conn:
                await conn.execute(
                    update(User)
                    .where(User.id == user_id)
                    .values(
                        timezone=rng.choice(zones),
                        morning_time=f"{rng.randrange(5, 12):02d}:{rng.choice([0, 30]):02d}",
                        checkin_time=f"{rng.randrange(18, 22):02d}:00",
                    )
                )
        now = clock.now()
        await asyncio.gather(
            worker.sync(now), *(schedules.settings_changed(u, now) for u in changed)
        )
        rows = await _rows(db)
        async with db.engine.begin() as conn:
            users = {u.id: u for u in await conn.execute(select(User))}
        assert len(rows) == 2 * len(ids)
        for user_id, user in users.items():
            settings = settings_for(
                user.timezone,
                user.morning_time,
                user.checkin_time,
                user.quiet_start,
                user.quiet_end,
            )
            for kind in DAILY_KINDS:
                row = rows[(user_id, kind)]
                assert row.basis == basis_of(kind, user)
                if user_id in changed:
                    assert (row.local_date, row.due_at) == first_due(kind, settings, now)
