"""Does a crisis answer wait behind a morning wave? 10,000 nudges due, then people write.

The whole bot as `cooloff run` builds it (`adapters.runtime.build_app`: the Telegram adapter
with its rate limiter, the engine, the scheduler ticking every second, SQLite) runs against
the stand-in Bot API on its own thread. Ten thousand people have their morning message due
this minute; once the wave is going out (Telegram allows about 30 messages a second, so it
takes several minutes), other people write: crisis language, /helpline and an everyday
/start, one every half second. Latency is from the update becoming available to getUpdates
to the first reply reaching the stand-in.

Run twice: with the production limiter (`PriorityRateLimiter`: answers to people first) and
with PTB's first-in-first-out `AIORateLimiter` for comparison.

    .venv/bin/python -m benchmarks.reply_priority_bench                 # ~3 minutes
    .venv/bin/python -m benchmarks.reply_priority_bench --users 2000 --probes 12

Goal (issue "Runs as tested"): a crisis answer arrives within a second during the wave.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update

from adapters.runtime import App, build_app
from adapters.telegram_adapter import TelegramAdapter, TelegramOptions
from benchmarks.telegram_bench import TOKEN, Meter, ServerThread, push, summary
from bot.config import Settings
from bot.core import Core
from bot.storage.models import User

PROBES = (
    ("crisis", "i want to kill myself"),
    ("/helpline", "/helpline"),
    ("everyday", "/start"),
)


def noon_zone(now: datetime) -> str:
    """A fixed-offset zone where it is around midday now, so no quiet hours are in the way
    whenever the benchmark runs."""
    shift = (12 - now.hour) % 24
    shift = shift - 24 if shift > 14 else shift
    # Etc/GMT-3 is UTC+3 (the POSIX sign is inverted).
    return "Etc/GMT" + (f"-{shift}" if shift > 0 else f"+{-shift}" if shift < 0 else "")


async def people_due_soon(core: Core, count: int, now: datetime) -> datetime:
    """`count` people past setup whose morning message falls due at the next minute (a time
    set for the current minute would already be past); returns that instant."""
    zone = noon_zone(now)
    for n in range(count):
        user_id = str(200_000 + n)
        await core.store.create_user(
            platform="telegram",
            platform_user_id=user_id,
            chat_id=user_id,
            now=now,
            start_date=(now - timedelta(days=3)).date(),
            timezone=zone,
        )
    due = (core.clock.now() + timedelta(minutes=1)).replace(second=0, microsecond=0)
    local = due.astimezone(ZoneInfo(zone))
    async with core.db.engine.begin() as conn:
        await conn.execute(
            update(User).values(
                onboarding_step=None,
                morning_time=f"{local:%H:%M}",
                checkin_time="23:59",
                quiet_start="02:00",
                quiet_end="03:00",
            )
        )
    return due


async def until(done: Callable[[], bool], within: float) -> None:
    """Poll `done` (the meter is filled on the stand-in's thread) for up to `within` s."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if done():
            return
        await asyncio.sleep(0.005)


def factory(reply_priority: bool) -> Any:
    def make(core: Core, settings: Settings) -> TelegramAdapter:
        options = TelegramOptions(poll_timeout=10, reply_priority=reply_priority)
        return TelegramAdapter(core, settings, options=options)

    return make


async def one_run(
    args: argparse.Namespace, db_dir: Path, *, reply_priority: bool
) -> dict[str, Any]:
    server = ServerThread()
    meter = Meter()
    server.api.on_request = meter.on_request
    settings = Settings(
        database_url=f"sqlite:///{db_dir}/wave-{reply_priority}.db",
        telegram_token=TOKEN,
        telegram_api_base_url=server.api.base_url,
        scheduler_interval=1.0,
    )
    app: App = await build_app(settings, platforms=[factory(reply_priority)], console=False)
    began = time.perf_counter()
    due = await people_due_soon(app.core, args.users, app.core.clock.now())
    created_s = time.perf_counter() - began
    result: dict[str, Any] = {"limiter": "priority" if reply_priority else "fifo"}
    try:
        await app.start(scheduler=True)
        wait = (due - app.core.clock.now()).total_seconds()
        await until(lambda: meter.replies >= args.warm, wait + 60)
        wave_began = time.perf_counter()
        sent_before = meter.replies
        latencies: dict[str, list[float]] = {name: [] for name, _ in PROBES}
        for n in range(args.probes):
            name, text = PROBES[n % len(PROBES)]
            user = 900_000 + n
            meter.latencies.clear()
            await push(server, meter, user, text)
            await until(lambda: bool(meter.latencies), 30)
            latencies[name].extend(meter.latencies[:1] or [30.0])
            await asyncio.sleep(args.gap)
        wave_s = time.perf_counter() - wave_began
        nudges = meter.replies - sent_before - args.probes
        result.update(
            {
                "users_created_s": round(created_s, 1),
                "nudges_during_probes": nudges,
                "nudges_per_s": round(nudges / wave_s, 1),
                "still_queued": args.users - meter.replies + args.probes,
                "probes": {name: summary(name, lat) for name, lat in latencies.items() if lat},
            }
        )
    finally:
        await app.stop()
        server.close()
    return result


def print_report(users: int, results: list[dict[str, Any]]) -> None:
    print(f"{users} morning messages due at once; people write while the wave goes out\n")
    print(f"  {'limiter':<10}{'probe':<11}{'n':>3}{'median':>10}{'max':>10}   wave")
    for r in results:
        for name, row in r["probes"].items():
            print(
                f"  {r['limiter']:<10}{name:<11}{row['updates']:>3}"
                f"{row['median_ms']:>8.0f}ms{row['max_ms']:>8.0f}ms"
                f"   {r['nudges_per_s']:.1f} nudges/s, {r['still_queued']} still due at the end"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--probes", type=int, default=24, help="messages written during the wave")
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between them")
    parser.add_argument("--warm", type=int, default=150, help="nudges sent before the first")
    parser.add_argument("--only", choices=["priority", "fifo"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    sys.setswitchinterval(0.0005)  # as telegram_bench: two threads share the GIL here
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for priority in (True, False):
            if args.only and args.only != ("priority" if priority else "fifo"):
                continue
            results.append(asyncio.run(one_run(args, Path(tmp), reply_priority=priority)))
    print_report(args.users, results)
    crisis = [r["probes"]["crisis"]["max_ms"] for r in results if r["limiter"] == "priority"]
    met = bool(crisis) and crisis[0] <= 1000
    print("\ngoal (every crisis answer within 1 s during the wave):", "met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
