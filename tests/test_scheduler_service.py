"""The runtime's view: Scheduler(core, outbox) with start()/stop() on APScheduler's loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.clock import FixedClock
from bot.content.library import Library
from bot.storage.db import Database
from bot.storage.sealing import Sealer
from bot.storage.store import Store
from scheduler import Scheduler
from tests.scheduler_fixtures import (  # noqa: F401 - fixtures are registered by import
    FakeOutbox,
    add_users,
    at,
    library,
    sqlite_db_fixture,
)


@dataclass
class _Core:
    db: Database
    store: Store
    library: Library
    clock: FixedClock


async def test_start_ticks_at_once_and_stop_is_clean(sqlite_db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    await add_users(sqlite_db, 2)
    core = _Core(sqlite_db, Store(sqlite_db, Sealer(None)), library(), clock)
    outbox = FakeOutbox(clock)
    scheduler = Scheduler(core, outbox, worker_id="test-worker", per_second=None)
    # Rows exist from an earlier run: the first tick (run at start) sends today's mornings.
    clock.set(at("2026-11-21 12:00"))
    await scheduler.worker.sync(clock.now())
    clock.set(at("2026-11-22 08:00"))
    both = asyncio.Event()
    outbox.after_accept = lambda _: both.set() if len(outbox.sent) == 2 else None
    await scheduler.start()
    assert scheduler.running
    await asyncio.wait_for(both.wait(), timeout=20)  # the first tick runs at start
    await scheduler.stop()
    assert sorted(outbox.chats()) == ["c1", "c2"]
    assert not scheduler.running
    await scheduler.stop()  # idempotent
