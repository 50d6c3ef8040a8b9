"""How much time the bot adds between Telegram and a reply, with 1,000 simulated users.

The real Telegram adapter (python-telegram-bot's Application, the engine, SQLite) runs against
the stand-in Bot API from the tests. The stand-in runs on its own thread and event loop, so
its work is not billed to the bot. Latency is measured from the moment an update becomes
available to getUpdates (the stand-in releases the waiting long poll) to the moment the
first reply to it reaches the stand-in: exactly the bot's overhead, since the network to
Telegram is not in it.

    .venv/bin/python -m benchmarks.telegram_bench             # the full run (~1 minute)
    .venv/bin/python -m benchmarks.telegram_bench --users 200 --rate 100

Phases: every user sends /start (creates a plan), then /urge, then a free-text message the
detector reads, all paced at --rate updates per second; then all users send /status at the
same instant and replies per second are counted. The same is repeated with the production
rate limiter (AIORateLimiter, Telegram's 30 messages/s) at a load under that limit.
Goal: median ≤ 50 ms and p99 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Coroutine
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from adapters.runtime import build_app
from adapters.telegram_adapter import TelegramAdapter, TelegramOptions
from bot.config import Settings
from bot.core import Core
from bot.messages import Incoming
from tests.standins.telegram_api import FakeBotApi, Recorded

TOKEN = "7000001:AAH-benchmark-token"
SENDS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})
T = TypeVar("T")


class ServerThread:
    """The stand-in Bot API on its own thread and loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.api = self.run(self._make())

    async def _make(self) -> FakeBotApi:
        api = FakeBotApi(TOKEN)
        await api.start()
        return api

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def close(self) -> None:
        self.run(self.api.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


@dataclass
class Meter:
    """Matches each user's first reply to the update that is waiting for it."""

    waiting: dict[str, float] = field(default_factory=dict)  # chat -> pushed at
    latencies: list[float] = field(default_factory=list)
    replies: int = 0
    last_reply_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_request(self, record: Recorded) -> None:  # runs on the server thread
        if record.method not in SENDS or record.chat_id is None:
            return
        with self.lock:
            self.replies += 1
            self.last_reply_at = record.at
            pushed = self.waiting.pop(record.chat_id, None)
            if pushed is not None:
                self.latencies.append(record.at - pushed)

    def expect(self, chat: str, pushed_at: float) -> None:
        with self.lock:
            self.waiting[chat] = pushed_at

    def reset(self) -> None:
        with self.lock:
            self.waiting.clear()
            self.latencies.clear()
            self.replies = 0


async def push(server: ServerThread, meter: Meter, user: int, text: str) -> None:
    api = server.api
    # Expect the reply before the update is visible, so a fast reply is never missed; the
    # push time is corrected to when the update became available.
    meter.expect(str(user), time.perf_counter())
    update_id = await asyncio.wrap_future(server.submit(api.push_text(user, text)))
    with meter.lock:
        if str(user) in meter.waiting:
            meter.waiting[str(user)] = api.pushed_at[update_id]


async def wait_answered(meter: Meter, expected: int, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with meter.lock:
            if len(meter.latencies) >= expected:
                return
        await asyncio.sleep(0.01)
    raise TimeoutError(f"only {len(meter.latencies)} of {expected} updates were answered")


MIX = ("/urge", "I keep thinking about them tonight", "/status", "/help", "/checkin")


async def paced(
    server: ServerThread, meter: Meter, sends: list[tuple[int, str]], rate: float
) -> list[float]:
    """Send each (user, text) once, spread evenly at `rate` updates per second."""
    meter.reset()
    began = time.perf_counter()
    for n, (user, text) in enumerate(sends):
        delay = began + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await push(server, meter, user, text)
    await wait_answered(meter, len(sends), within=60 + len(sends) / rate)
    return list(meter.latencies)


async def burst(server: ServerThread, meter: Meter, users: list[int], text: str) -> float:
    """Every user sends at once; replies per second until the last first reply arrived."""
    meter.reset()
    began = time.perf_counter()
    await asyncio.gather(*(push(server, meter, u, text) for u in users))
    await wait_answered(meter, len(users), within=300)
    with meter.lock:
        return meter.replies / (meter.last_reply_at - began)


def summary(name: str, latencies: list[float]) -> dict[str, Any]:
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, round(p * (len(ms) - 1)))], 1)

    return {
        "phase": name,
        "updates": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": round(ms[-1], 1),
    }


def mixed(users: list[int], count: int, seed: int) -> list[tuple[int, str]]:
    """`count` messages from users in random order, cycling through everyday messages.

    A user comes round again only after everyone else, so each has one message in flight.
    """
    order = list(users)
    random.Random(seed).shuffle(order)
    return [(order[n % len(order)], MIX[n % len(MIX)]) for n in range(count)]


async def engine_alone(core: Core, sends: list[tuple[int, str]]) -> dict[str, Any]:
    """The same messages straight into the engine, one at a time: the core's share."""
    latencies = []
    for user, text in sends:
        began = time.perf_counter()
        await core.engine.handle(
            Incoming("telegram", str(user), str(user), core.clock.now(), text=text)
        )
        latencies.append(time.perf_counter() - began)
    return summary("engine alone", latencies)


async def with_adapter(
    server: ServerThread, meter: Meter, core: Core, rate_limit: bool
) -> TelegramAdapter:
    settings = Settings(telegram_token=TOKEN, telegram_api_base_url=server.api.base_url)
    adapter = TelegramAdapter(
        core, settings, options=TelegramOptions(poll_timeout=10, rate_limit=rate_limit)
    )
    await adapter.start()
    return adapter


async def run(args: argparse.Namespace, db_dir: Path) -> dict[str, Any]:
    server = ServerThread()
    meter = Meter()
    server.api.on_request = meter.on_request
    # The app's own wiring; the adapters are started below with the options under test.
    app = await build_app(
        Settings(database_url=f"sqlite:///{db_dir}/bench.db"), platforms=[], console=False
    )
    core = app.core
    users = [100_000 + n for n in range(args.users)]
    result: dict[str, Any] = {"users": args.users, "latency": []}
    try:
        adapter = await with_adapter(server, meter, core, rate_limit=False)
        try:
            await paced(server, meter, [(u, "/help") for u in users[:20]], 50)  # warm-up
            result["burst_start_replies_per_s"] = round(
                await burst(server, meter, users, "/start"), 1
            )
            result["burst_start"] = summary("/start burst", list(meter.latencies))
            for n, rate in enumerate(args.rates):
                sends = mixed(users, args.updates, seed=n)
                row = summary(f"{rate:g}/s", await paced(server, meter, sends, rate))
                result["latency"].append({**row, "rate_limiter": False})
        finally:
            await adapter.stop()
        adapter = await with_adapter(server, meter, core, rate_limit=True)
        try:
            sends = mixed(users, args.updates, seed=99)
            rate = args.limited_rate
            row = summary(f"{rate:g}/s", await paced(server, meter, sends, rate))
            result["latency"].append({**row, "rate_limiter": True})
        finally:
            await adapter.stop()
        result["engine_alone"] = await engine_alone(core, mixed(users, args.updates, seed=7))
    finally:
        await app.stop()
        server.close()
    return result


def print_report(result: dict[str, Any]) -> None:
    print(f"Telegram adapter, {result['users']} simulated users, SQLite, one process")
    print(
        f"\nall {result['users']} users send /start at once: "
        f"{result['burst_start_replies_per_s']:.1f} replies/s"
        f" (first reply: median {result['burst_start']['median_ms']:.0f} ms,"
        f" max {result['burst_start']['max_ms']:.0f} ms)"
    )
    print("\nupdate available -> first reply at the stand-in (mixed everyday messages)")
    print(
        f"  {'load':<10}{'limiter':>8}{'updates':>9}{'median':>10}{'p90':>10}{'p99':>10}{'max':>10}"
    )
    for row in result["latency"]:
        print(
            f"  {row['phase']:<10}{'on' if row['rate_limiter'] else 'off':>8}{row['updates']:>9}"
            f"{row['median_ms']:>8.1f}ms{row['p90_ms']:>8.1f}ms{row['p99_ms']:>8.1f}ms"
            f"{row['max_ms']:>8.1f}ms"
        )
    e = result["engine_alone"]
    print(
        f"\nthe engine alone, same messages, one at a time: median {e['median_ms']:.1f} ms,"
        f" p99 {e['p99_ms']:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--updates", type=int, default=300, help="messages per load level")
    parser.add_argument(
        "--rates", type=float, nargs="+", default=[5.0, 10.0, 20.0], help="updates per second"
    )
    parser.add_argument("--limited-rate", type=float, default=10.0)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    # Two threads share the GIL here (bot and stand-in); the default 5 ms switch interval
    # would bill GIL hand-overs to the bot. A real deployment has no stand-in thread.
    sys.setswitchinterval(0.0005)
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(run(args, Path(tmp)))
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    met = all(r["median_ms"] <= 50 and r["p99_ms"] <= 200 for r in result["latency"])
    print(
        "\ngoal (median <= 50 ms, p99 <= 200 ms) at every load level:", "met" if met else "NOT met"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
