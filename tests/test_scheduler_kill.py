"""A real kill -9: a worker process dies right after the platform accepted a message and
before the ledger row was written. Another worker finishes the run; only that one message
may repeat."""

from __future__ import annotations

import asyncio
import signal
import sys
import textwrap
from pathlib import Path

from bot.clock import FixedClock
from bot.storage.db import Database
from tests.scheduler_fixtures import (  # noqa: F401 - fixtures are registered by import
    FakeOutbox,
    add_users,
    at,
    db_fixture,
    make_worker,
    sched_pg_url_fixture,
    sched_url_fixture,
)

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from datetime import datetime
    from bot.clock import FixedClock
    from bot.content.library import Library
    from bot.storage.db import Database
    from scheduler.throttle import Throttle
    from scheduler.worker import Worker

    url, out, kill_after = sys.argv[1], sys.argv[2], int(sys.argv[3])

    class FileOutbox:
        def __init__(self):
            self.count = 0

        async def deliver(self, address, replies):
            with open(out, "a") as f:
                f.write(address.chat_id + "\\n")
                f.flush()
                os.fsync(f.fileno())
            self.count += 1
            if self.count == kill_after:  # accepted, not yet in the ledger
                os.kill(os.getpid(), signal.SIGKILL)

    async def main():
        clock = FixedClock(datetime.fromisoformat("2026-11-22T08:00:00+00:00"))
        db = Database(url)
        worker = Worker(
            db, Library.load("en"), FileOutbox(), clock, owner="child",
            throttle=Throttle(clock, per_second=None, per_chat_seconds=0.0),
            last_sync=clock.now(),  # rows were made by the parent
        )
        await worker.tick(clock.now())

    asyncio.run(main())
    """
)


async def test_kill_9_between_acceptance_and_ledger(db: Database, tmp_path: Path) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    await add_users(db, 20)
    parent = make_worker(db, clock, FakeOutbox(clock), owner="parent")
    await parent.sync(at("2026-11-21 22:00"))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    accepted = tmp_path / "accepted.txt"
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        db.url,
        str(accepted),
        "7",
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
    before = accepted.read_text().split()
    assert len(before) == 7
    # The dead worker's rows are leased; once the lease runs out the parent takes over.
    outbox = FakeOutbox(clock)
    parent.outbox = outbox
    assert (await parent.tick(clock.now())).claimed == 0
    clock.advance(minutes=3)
    await parent.tick(clock.now())
    everything = before + outbox.chats()
    assert set(everything) == {f"c{i}" for i in range(1, 21)}  # nothing lost
    repeats = [c for c in set(everything) if everything.count(c) > 1]
    assert repeats == [before[-1]]  # only the message in flight at the kill
    assert len(everything) == 21
