"""kill -9 and restart never turn one morning into two, nor lose one (issue 12).

Two people set their morning one minute apart (11:01 and 11:02 in Berlin) through the
engine. The bot, built by `build_app` in a child process, runs the first minute and is
killed with SIGKILL; a second process starts after the second minute, syncs as
`Scheduler.start` does, and runs on. Each person gets exactly one morning, at their minute
or, after the downtime, as soon as the bot is back (or its dead predecessor's lease on the
row runs out).

The clock is fixed and handed to each process; every process ticks the scheduler itself.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import textwrap
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.runtime import App
from bot.clock import FixedClock
from bot.storage.db import Database
from tests.conftest import built_app
from tests.fakes import Deliveries
from tests.harness import Chat
from tests.scheduler_fixtures import (  # noqa: F401 - fixtures are registered by import
    db_fixture,
    sched_pg_url_fixture,
    sched_url_fixture,
)

ROOT = Path(__file__).resolve().parent.parent
MONDAY_10_UTC = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 in Berlin

CHILD = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from datetime import datetime
    from adapters.runtime import build_app
    from bot.clock import FixedClock
    from bot.config import Settings

    url, out, mode, kill_chat = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    instants = [datetime.fromisoformat(a) for a in sys.argv[5:]]
    clock = FixedClock(instants[0])

    class FilePlatform:
        # The people's platform: every accepted delivery is a line, on disk before returning.
        platform = "console"

        async def start(self): ...

        async def stop(self): ...

        async def deliver(self, address, replies):
            if address.chat_id == kill_chat:  # asked to deliver: die before accepting
                os.kill(os.getpid(), signal.SIGKILL)
            actions = {b.action for r in replies for b in r.all_buttons}
            kind = "morning" if "go:journal" in actions else "other"
            with open(out, "a") as f:
                f.write(f"{address.chat_id} {clock.now().isoformat()} {kind}\\n")
                f.flush()
                os.fsync(f.fileno())

    async def main():
        app = await build_app(
            Settings(database_url=url), clock=clock,
            platforms=[lambda core, settings: FilePlatform()], console=False,
        )
        await app.scheduler.worker.sync(clock.now())  # what Scheduler.start does first
        for instant in instants:
            clock.set(instant)
            await app.scheduler.tick()
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        await app.stop()

    asyncio.run(main())
    """
)


@pytest.fixture
async def parent(db: Database) -> AsyncIterator[tuple[App, Deliveries]]:
    """The bot in this process, where the two people set themselves up (on a clean `db`)."""
    deliveries = Deliveries()
    app = await built_app(db.url, FixedClock(MONDAY_10_UTC), deliveries)
    try:
        yield app, deliveries
    finally:
        await app.stop()


def _every_15s(start: str, end: str) -> list[str]:
    first = datetime.fromisoformat(f"2026-11-23T{start}+00:00")
    last = datetime.fromisoformat(f"2026-11-23T{end}+00:00")
    out = []
    while first <= last:
        out.append(first.isoformat())
        first += timedelta(seconds=15)
    return out


async def _run(
    script: Path, url: str, out: Path, mode: str, kill_chat: str, instants: list[str]
) -> int:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(script),
        url,
        str(out),
        mode,
        kill_chat,
        *instants,
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode in (0, -signal.SIGKILL), err.decode()[-3000:]
    return proc.returncode


@pytest.mark.parametrize(
    ("first_until", "kill_chat", "b_at"),
    [
        # Killed while idle after the first minute: B is sent at the restart, late, once.
        ("10:01:45", "-", "10:02:30"),
        # Killed as it was about to send B's morning: the dead worker's lease holds B's
        # row until 10:04; then the new process sends it, once.
        ("10:02:00", "b", "10:04:15"),
    ],
)
async def test_two_people_a_minute_apart_each_get_one_morning_across_kill_9(
    parent: tuple[App, Deliveries],
    db: Database,
    tmp_path: Path,
    first_until: str,
    kill_chat: str,
    b_at: str,
) -> None:
    app, deliveries = parent
    for who, at in (("a", "11:01"), ("b", "11:02")):
        chat = Chat(app.core, user_id=who)
        for command in ("/start", "/timezone Europe/Berlin", f"/time {at}"):
            await chat.say(command)
            await app.scheduler.tick()  # the heartbeat between messages
    # Anything the parent sent (it should send nothing: no morning is due yet).
    before = [f"{a.chat_id} {MONDAY_10_UTC.isoformat()} parent" for a, _ in deliveries.sent]
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    out = tmp_path / "accepted.txt"
    out.touch()

    first = await _run(
        script, db.url, out, "kill", kill_chat, _every_15s("10:00:15", first_until)
    )
    assert first == -signal.SIGKILL
    second = await _run(script, db.url, out, "clean", "-", _every_15s("10:02:30", "10:06:00"))
    assert second == 0

    lines = before + out.read_text().splitlines()
    by_chat = {c: [line.split()[1:] for line in lines if line.split()[0] == c] for c in "ab"}
    assert by_chat["a"] == [["2026-11-23T10:01:00+00:00", "morning"]], lines
    assert by_chat["b"] == [[f"2026-11-23T{b_at}+00:00", "morning"]], lines
