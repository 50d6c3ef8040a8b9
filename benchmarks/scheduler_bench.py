"""Scheduler figures for issue 5: throughput, peak memory, and APScheduler's alternative.

For each database (SQLite file, PostgreSQL) and each population (10k and 100k users by
default), a fresh process:

1. bulk-inserts the users (with identities and active plans) — not timed as scheduler work;
2. builds a full day's schedule: `Worker.sync` creates the morning and check-in rows;
3. at an instant when every morning is due, runs `Worker.tick` with a no-op outbox and no
   throttle: nudges found, decided, rendered and handed over per second;
4. reports peak RSS (ru_maxrss) of the process.

The alternative, in its own process: one APScheduler 3.11 CronTrigger job per user in a
started (paused) AsyncIOScheduler with the default memory job store: time to add the jobs
and peak RSS. It cannot be measured "per second of nudges" against a database at all: its
state is in memory only and lost on restart.

Usage:
    .venv/bin/python benchmarks/scheduler_bench.py            # both databases, 10k + 100k
    .venv/bin/python benchmarks/scheduler_bench.py --db sqlite --users 100000
PostgreSQL comes from --postgres or COOLOFF_TEST_POSTGRES_URL (a server URL; a scratch
database is created and dropped per run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Africa/Lagos",
    "Europe/Helsinki",
    "Atlantic/Reykjavik",
)
TICK_AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # every morning below is due, same day
# The schedule is built late the evening before, after the last check-in of the 21st went out
# (21:00 local is at most 21:00 UTC here), so the tick sends mornings and nothing else.
DAY_BEFORE = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class NoOpOutbox:
    def __init__(self) -> None:
        self.count = 0

    async def deliver(self, address: Any, replies: Sequence[Any]) -> None:
        self.count += 1


async def _admin(url: str, sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def seed(db: Any, users: int) -> None:
    """100k users in a few seconds: multi-row INSERTs in chunks, no ORM objects."""
    from sqlalchemy import insert

    from bot.storage.models import Identity, Plan, User

    created = datetime(2026, 11, 1, tzinfo=UTC)
    chunk = 10_000
    for first in range(1, users + 1, chunk):
        ids = range(first, min(users, first + chunk - 1) + 1)
        async with db.engine.begin() as conn:
            await conn.execute(
                insert(User),
                [
                    {
                        "id": i,
                        "created_at": created,
                        "timezone": ZONES[i % len(ZONES)],
                        # mornings spread over 06:00-07:59 local: all due by 10:00 UTC
                        "morning_time": f"{6 + i % 2:02d}:{i % 60:02d}",
                        "checkin_time": "21:00",
                        "quiet_start": "22:30",
                        "quiet_end": "05:30",
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
                        "platform_user_id": str(i),
                        "chat_id": str(i),
                        "created_at": created,
                    }
                    for i in ids
                ],
            )
            await conn.execute(
                insert(Plan),
                [
                    {
                        "user_id": i,
                        "start_date": date(2026, 11, 1),
                        "length_days": 30,
                        "created_at": created,
                    }
                    for i in ids
                ],
            )


async def run_seed(url: str, users: int) -> dict[str, Any]:
    from bot.storage.db import Database

    db = Database(url)
    try:
        await db.migrate()
        t0 = time.perf_counter()
        await seed(db, users)
        return {"seed_s": round(time.perf_counter() - t0, 2)}
    finally:
        await db.dispose()


async def run_ours(url: str, users: int, render: str) -> dict[str, Any]:
    """In a process that did not seed: build the day's schedule, then send every morning."""
    from sqlalchemy import text

    from bot.clock import FixedClock
    from bot.content.library import Library
    from bot.storage.db import Database
    from scheduler.throttle import Throttle
    from scheduler.worker import MorningComposer, Worker, morning_plan

    base_rss = rss_mb()
    db = Database(url)
    lib = Library.load("en")
    compose: MorningComposer | None = None
    if render == "fixed":
        # The same rendering path, with the program's per-user choice computed once: shows
        # what the scheduler itself costs apart from bot/domain/program.py.
        fixed = morning_plan(lib, "1", 5, 30)
        compose = lambda *_: fixed  # noqa: E731
    try:
        clock = FixedClock(DAY_BEFORE)
        outbox = NoOpOutbox()
        worker = Worker(
            db,
            lib,
            outbox,
            clock,
            owner="bench",
            throttle=Throttle(clock, per_second=None, per_chat_seconds=0.0),
            batch=500,
            compose_morning=compose,
        )
        t0 = time.perf_counter()
        await worker.sync(DAY_BEFORE)
        schedule_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        await worker.sync(DAY_BEFORE)  # what a restart costs: every row already there
        restart_s = time.perf_counter() - t0
        # A running bot's schedule table is long-lived and its statistics current; right
        # after a bulk build they are not, and PostgreSQL's autovacuum would analyse the
        # 200,000 new rows in the middle of the measured tick.
        async with db.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
        clock.set(TICK_AT)
        t0, cpu0 = time.perf_counter(), time.process_time()
        stats = await worker.tick(TICK_AT)
        tick_s, tick_cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        assert stats.sent == users == outbox.count, (stats, outbox.count)
    finally:
        await db.dispose()
    return {
        "approach": f"cooloff (render={render})",
        "users": users,
        "schedule_s": round(schedule_s, 2),
        "restart_s": round(restart_s, 3),
        "tick_s": round(tick_s, 2),
        "nudges_per_s": round(users / tick_s),
        # The bot process's own CPU (the database server's, or SQLite's thread waits, not
        # counted): what one process could do with the database on other cores.
        "nudges_per_cpu_s": round(users / tick_cpu_s),
        "base_rss_mb": round(base_rss, 1),
        "peak_rss_mb": round(rss_mb(), 1),
    }


async def run_apscheduler(users: int) -> dict[str, Any]:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.cron import CronTrigger

    # The same imports as the scheduler's process, so both start from the same base.
    import bot.content.library
    import bot.storage.db  # noqa: F401
    import scheduler.worker  # noqa: F401

    base_rss = rss_mb()

    async def nudge(user_id: int) -> None:  # pragma: no cover - never fires while paused
        return None

    sched = AsyncIOScheduler(timezone="UTC")
    sched.start(paused=True)
    t0 = time.perf_counter()
    for i in range(1, users + 1):
        sched.add_job(
            nudge,
            CronTrigger(hour=6 + i % 2, minute=i % 60, timezone=ZONES[i % len(ZONES)]),
            args=(i,),
            id=f"morning-{i}",
            replace_existing=True,
        )
    schedule_s = time.perf_counter() - t0
    sched.shutdown(wait=False)
    return {
        "approach": "apscheduler-cron-per-user",
        "db": "memory",
        "users": users,
        "schedule_s": round(schedule_s, 2),
        "base_rss_mb": round(base_rss, 1),
        "peak_rss_mb": round(rss_mb(), 1),
    }


def child(args: argparse.Namespace) -> None:
    if args.approach == "apscheduler":
        result = asyncio.run(run_apscheduler(args.users))
    elif args.approach == "seed":
        result = asyncio.run(run_seed(args.url, args.users))
    else:
        result = asyncio.run(run_ours(args.url, args.users, args.render))
    print(json.dumps(result))


def spawn(*argv: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *argv],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def measure(kind: str, users: int, render: str, pg_admin: str | None) -> dict[str, Any]:
    """Seed a scratch database in one process, measure the scheduler in another."""
    scratch: str | None = None
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp(prefix='cooloff-bench-')}/bench.db"
    else:
        assert pg_admin
        scratch = f"cooloff_bench_{uuid.uuid4().hex[:8]}"
        asyncio.run(_admin(pg_admin, f'CREATE DATABASE "{scratch}"'))
        url = f"{pg_admin.rpartition('/')[0]}/{scratch}"
    try:
        seeded = spawn("--approach", "seed", "--url", url, "--users", str(users))
        result = spawn("--url", url, "--users", str(users), "--render", render)
    finally:
        if scratch and pg_admin:
            asyncio.run(_admin(pg_admin, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    return {"db": kind, **result, **seeded}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--render", choices=["program", "fixed", "both"], default="both")
    parser.add_argument("--postgres", default=os.environ.get("COOLOFF_TEST_POSTGRES_URL"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--approach", default="ours", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.users = args.users[0]
        child(args)
        return
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in kinds and not args.postgres:
        print("no PostgreSQL URL (--postgres or COOLOFF_TEST_POSTGRES_URL): SQLite only")
        kinds.remove("postgres")
    renders = ["program", "fixed"] if args.render == "both" else [args.render]
    for users in args.users:
        aps = spawn("--approach", "apscheduler", "--users", str(users))
        print(json.dumps(aps), flush=True)
        for kind in kinds:
            for render in renders:
                ours = measure(kind, users, render, args.postgres)
                ours["aps_schedule_over_ours_x"] = round(aps["schedule_s"] / ours["schedule_s"], 1)
                ours["aps_schedule_over_restart_x"] = round(
                    aps["schedule_s"] / max(ours["restart_s"], 1e-3), 1
                )
                ours["aps_rss_over_ours_x"] = round(aps["peak_rss_mb"] / ours["peak_rss_mb"], 2)
                # Both processes start from the same imports; above that base is what each
                # approach itself holds.
                ours["aps_rss_above_base_over_ours_x"] = round(
                    (aps["peak_rss_mb"] - aps["base_rss_mb"])
                    / max(ours["peak_rss_mb"] - ours["base_rss_mb"], 1.0),
                    1,
                )
                print(json.dumps(ours), flush=True)


if __name__ == "__main__":
    main()
