"""The scheduler as the runtime sees it: `Scheduler(core, outbox)`, `start()`, `stop()`.

APScheduler (3.11, AsyncIOScheduler) only supplies the heartbeat: one interval job, a few
seconds apart, that runs `Worker.tick(now)`. The schedules themselves live in the database,
so no per-user job exists in memory, a restart loses nothing, and several processes can run
side by side (each with its own worker id and lease).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import update

from bot.clock import Clock
from bot.content.library import Library
from bot.ports import Outbox
from bot.storage.db import Database
from bot.storage.schedule_models import Schedule
from scheduler.throttle import Throttle
from scheduler.worker import TickStats, Worker

log = logging.getLogger(__name__)

JOB_ID = "cooloff-scheduler-tick"


class CoreLike(Protocol):
    """What the scheduler needs of `bot.core.Core` (kept structural to avoid importing the
    engine): the database, the words, the clock and the store's sealer."""

    @property
    def db(self) -> Database: ...

    @property
    def library(self) -> Library: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def store(self) -> Any: ...


def default_worker_id() -> str:
    """Unique per process: a restarted process never mistakes an old lease for its own."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Scheduler:
    """Sends the unasked messages (morning, check-in, milestones, review, check-backs)."""

    def __init__(
        self,
        core: CoreLike,
        outbox: Outbox,
        *,
        worker_id: str | None = None,
        interval_seconds: float = 5.0,
        per_second: float | None = 30.0,
        per_chat_seconds: float = 1.0,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self.core = core
        self.worker_id = worker_id or default_worker_id()
        self._stable_id = worker_id is not None
        self.interval_seconds = interval_seconds
        sealer = getattr(core.store, "sealer", None)
        self.worker = Worker(
            core.db,
            core.library,
            outbox,
            core.clock,
            owner=self.worker_id,
            sealer=sealer,
            throttle=Throttle(
                core.clock, per_second=per_second, per_chat_seconds=per_chat_seconds
            ),
            lease=lease,
        )
        self._aps: AsyncIOScheduler | None = None
        self._running: asyncio.Task[Any] | None = None

    @property
    def running(self) -> bool:
        """Whether the heartbeat is scheduled (between `start()` and `stop()`)."""
        return self._aps is not None and self._aps.get_job(JOB_ID) is not None

    async def tick(self) -> TickStats:
        """One tick at the core clock's time (what the interval job runs)."""
        return await self.worker.tick(self.core.clock.now())

    async def start(self) -> None:
        """Sync schedules with the users table, then tick every `interval_seconds`."""
        if self._aps is not None:
            return
        now = self.core.clock.now()
        if self._stable_id:
            await self._release_own_leases()
        await self.worker.sync(now)
        self.worker.stopping = False
        self._aps = AsyncIOScheduler(timezone="UTC")
        self._aps.add_job(
            self._run,
            "interval",
            seconds=self.interval_seconds,
            id=JOB_ID,
            replace_existing=True,
            max_instances=2,  # the second returns at once (see _run)
            coalesce=True,
            misfire_grace_time=None,
            # APScheduler keeps wall-clock time; the core clock (moved in tests, maybe by
            # hours) decides what is due. Its "now" here would delay the first tick by the
            # offset, so the first tick is simply "at once".
            next_run_time=datetime.now(UTC),
        )
        self._aps.start()
        log.info("scheduler %s started", self.worker_id)

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Stop ticking; let the delivery in progress finish (bounded), keep every row."""
        if self._aps is None:
            return
        self.worker.stopping = True
        self._aps.shutdown(wait=False)
        self._aps = None
        task = self._running
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), grace_seconds)
            except TimeoutError:
                task.cancel()  # its rows stay leased until the lease runs out
        log.info("scheduler %s stopped", self.worker_id)

    async def _run(self) -> None:
        if self._running is not None:
            # A long tick (a morning wave paced at the platform's limit) is still going:
            # it keeps claiming what comes due, so this beat has nothing to add. Returning
            # here, rather than letting APScheduler refuse a second instance, keeps its
            # "maximum number of running instances" warning out of the log every second.
            return
        self._running = asyncio.current_task()
        try:
            stats = await self.tick()
            if stats.claimed:
                log.info(
                    "tick: claimed=%d sent=%d skipped=%d deferred=%d retried=%d unreachable=%d",
                    stats.claimed,
                    stats.sent,
                    stats.skipped,
                    stats.deferred,
                    stats.retried,
                    stats.unreachable,
                )
        except asyncio.CancelledError:
            # stop() ran out of grace mid-wave: what was claimed stays leased and is sent by
            # the next worker once the lease runs out. Not an error worth a traceback.
            log.info("scheduler %s: tick cancelled while stopping", self.worker_id)
        except Exception:  # the next tick tries again; rows are safe in the database
            log.exception("scheduler tick failed")
        finally:
            self._running = None

    async def _release_own_leases(self) -> None:
        """A restart with the same worker id: leases from our previous life are ours to drop."""
        async with self.core.db.engine.begin() as conn:
            await conn.execute(
                update(Schedule)
                .where(Schedule.lease_owner == self.worker_id)
                .values(lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )
