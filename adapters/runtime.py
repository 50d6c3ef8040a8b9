"""The composition root: `build_app` makes the whole bot, for `cooloff run`, `cooloff chat`
and the tests alike.

Order of construction is what makes "nothing assigned afterwards" possible: the outbound
router and the scheduler's sync exist before the engine, the engine before the adapters
that carry its messages, and the adapters are then attached to the router they deliver
for. `App.start()` starts adapters, then the scheduler; `App.stop()` stops them in reverse
order (scheduler first, so nothing new is sent while adapters close), then closes the
database. SIGTERM/SIGINT in `run` do exactly that and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adapters.base import OutboxRouter, PlatformAdapter
from adapters.console_adapter import ConsoleAdapter
from bot.clock import Clock, OffsetClock, SystemClock
from bot.config import Settings
from bot.content.library import Library
from bot.core import Core, assemble_core
from bot.domain.reachability import ReachableOutbox
from bot.ports import Outbox
from bot.storage import Database, Store
from bot.storage.sealing import Sealer
from scheduler import Scheduler
from scheduler.sync import ScheduleSync

log = logging.getLogger(__name__)

# Builds one platform adapter on the finished core (TelegramAdapter and DiscordAdapter
# take `(core, settings)`; tests pass factories for stand-in platforms the same way).
AdapterFactory = Callable[[Core, Settings], PlatformAdapter]


@dataclass
class App:
    """Everything one process runs: the core, its adapters and the scheduler."""

    settings: Settings
    core: Core
    outbox: Outbox  # the router behind the reachability rule: what the core and scheduler use
    adapters: list[PlatformAdapter]
    scheduler: Scheduler
    console: ConsoleAdapter | None = None
    _started: list[Any] = field(default_factory=list)

    async def start(self, *, scheduler: bool = True) -> None:
        self.core.warm_up()  # before the first update can arrive
        for adapter in self.adapters:
            await adapter.start()
            self._started.append(adapter)
            log.info("%s adapter running", adapter.platform)
        if scheduler:
            await self.scheduler.start()
            self._started.append(self.scheduler)

    async def stop(self) -> None:
        """Stop what was started, in reverse order, then close the database. Idempotent."""
        while self._started:
            part = self._started.pop()
            try:
                await asyncio.wait_for(part.stop(), timeout=10)
            except Exception:
                log.exception("error while stopping %s", type(part).__name__)
        await self.core.close()


def default_clock(settings: Settings) -> Clock:
    if settings.clock_file:
        log.warning("COOLOFF_CLOCK_FILE is set: the clock is moved by a file (tests only)")
        return OffsetClock(Path(settings.clock_file))
    return SystemClock()


def platform_factories(settings: Settings) -> list[AdapterFactory]:
    """One factory for each platform whose token is set."""
    factories: list[AdapterFactory] = []
    if settings.telegram_token:
        from adapters.telegram_adapter import TelegramAdapter

        factories.append(TelegramAdapter)
    if settings.discord_token:
        from adapters.discord_adapter import DiscordAdapter

        factories.append(DiscordAdapter)
    return factories


async def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    platforms: Sequence[AdapterFactory] | None = None,
    console: bool | None = None,
    library: Library | None = None,
) -> App:
    """Open the database (migrating it), load the words, and wire every part.

    `platforms` defaults to those whose tokens are set; `console` (default: when there is
    no platform) adds the console adapter, which `cooloff chat` and a token-less `cooloff
    run` talk through.
    """
    clock = clock or default_clock(settings)
    db = Database(settings.database_url)
    await db.migrate()
    store = Store(db, Sealer(settings.encryption_key))
    lib = library or Library.load("en")
    router = OutboxRouter()
    outbox = ReachableOutbox(router, store, clock)
    core = assemble_core(db, store, lib, clock, outbox=outbox, schedules=ScheduleSync(db))
    factories = platform_factories(settings) if platforms is None else list(platforms)
    adapters = [make(core, settings) for make in factories]
    chat = ConsoleAdapter(core) if (not adapters if console is None else console) else None
    for adapter in adapters:
        router.attach(adapter)
    if chat is not None:
        router.attach(chat)
    scheduler = Scheduler(core, outbox, interval_seconds=settings.scheduler_interval)
    return App(settings, core, outbox, adapters, scheduler, chat)


async def run(settings: Settings) -> int:
    """`cooloff run`: until SIGTERM/SIGINT, or until the console's input ends."""
    app = await build_app(settings)
    if app.console is not None:
        print("No platform token set: chatting here in the console. Ctrl-D to quit.\n")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await app.start()
        if app.console is not None:
            chat = asyncio.create_task(app.console.run(sys.stdin))
            waiter = asyncio.create_task(stop.wait())
            await asyncio.wait({chat, waiter}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if not chat.done():
                chat.cancel()
        else:
            await stop.wait()
        log.info("stopping")
    finally:
        await app.stop()
    return 0


async def chat(settings: Settings) -> int:
    """`cooloff chat`: the console adapter alone, reading stdin to its end. Nothing is sent
    unasked, so a piped conversation reads the same every time."""
    app = await build_app(settings, platforms=[], console=True)
    assert app.console is not None
    try:
        await app.start(scheduler=False)
        await app.console.run(sys.stdin)
    finally:
        await app.stop()
    return 0
