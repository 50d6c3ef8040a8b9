"""`cooloff run`: every adapter whose token is set, plus the scheduler, on one event loop.

This is the process's composition root. SIGTERM/SIGINT stop things in reverse order of
starting (scheduler first, so nothing new is sent while adapters close), then the
database is disposed and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from typing import Any

from adapters.base import OutboxRouter, PlatformAdapter
from adapters.console_adapter import ConsoleAdapter
from bot.config import Settings
from bot.core import Core, open_core
from bot.ports import Outbox

log = logging.getLogger(__name__)


def _platform_adapters(core: Core, settings: Settings) -> list[PlatformAdapter]:
    adapters: list[PlatformAdapter] = []
    if settings.telegram_token:
        from adapters.telegram_adapter import TelegramAdapter

        adapters.append(TelegramAdapter(core, settings))
    if settings.discord_token:
        from adapters.discord_adapter import DiscordAdapter

        adapters.append(DiscordAdapter(core, settings))
    return adapters


def _scheduler(core: Core, outbox: Outbox) -> Any | None:
    try:
        from scheduler import Scheduler
    except ImportError:
        log.warning("scheduler not available; no nudges will be sent")
        return None
    return Scheduler(core, outbox)


async def run(settings: Settings) -> int:
    core = await open_core(settings.database_url, encryption_key=settings.encryption_key)
    adapters = _platform_adapters(core, settings)
    console: ConsoleAdapter | None = None
    if not adapters:
        console = ConsoleAdapter(core)
        print("No platform token set: chatting here in the console. Ctrl-D to quit.\n")
    outbox = OutboxRouter(
        {a.platform: a for a in adapters} | ({"console": console} if console else {})
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    started: list[Any] = []
    try:
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
            log.info("%s adapter running", adapter.platform)
        scheduler = _scheduler(core, outbox)
        if scheduler is not None:
            await scheduler.start()
            started.append(scheduler)
        if console is not None:
            chat = asyncio.create_task(console.run(sys.stdin))
            waiter = asyncio.create_task(stop.wait())
            await asyncio.wait({chat, waiter}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if not chat.done():
                chat.cancel()
        else:
            await stop.wait()
        log.info("stopping")
    finally:
        for part in reversed(started):
            try:
                await asyncio.wait_for(part.stop(), timeout=10)
            except Exception:
                log.exception("error while stopping %s", type(part).__name__)
        await core.close()
    return 0
