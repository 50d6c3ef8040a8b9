"""Scheduled nudges: on time in every time zone, never lost, never doubled (issue 5).

`Scheduler(core, outbox, worker_id=None)` with `start()`/`stop()` is what the runtime uses;
`scheduler.sync.ScheduleSync` is the core's `Schedules` port (a person's rows recomputed the
moment their settings change), `reschedule_user` the same for other callers;
`scheduler.cli.main` serves `cooloff schedule ...`. See docs/scheduler.md.
"""

from scheduler.service import Scheduler
from scheduler.sync import reschedule_user
from scheduler.worker import TickStats, Worker

__all__ = ["Scheduler", "TickStats", "Worker", "reschedule_user"]
