"""Fixtures for the Telegram tests: a stand-in Bot API and the adapter on a real core.

`core` and `clock` come from conftest.py (a SQLite file in tmp_path, a fixed clock).

The adapter runs the real python-telegram-bot Application against the stand-in over HTTP on
127.0.0.1; only the waits are shortened so the suite stays fast.
"""

from __future__ import annotations

import asyncio
import re
import weakref
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from adapters.runtime import App, build_app
from adapters.telegram_adapter import TelegramAdapter, TelegramOptions
from bot.clock import FixedClock
from bot.config import Settings
from bot.core import Core
from tests.fakes import Deliveries, recording_platforms
from tests.standins.telegram_api import FakeBotApi, Recorded

# Shaped like a real token so PTB treats it as one; the log test looks for it.
TOKEN = "7000001:AAH-secret-token-that-must-never-be-logged"

FAST = TelegramOptions(
    poll_timeout=1.0,
    request_timeout=5.0,
    handler_timeout=10.0,
    max_inline_wait=3.0,
    backoff_base=0.02,
    backoff_max=0.1,
    network_attempts=4,
)


def telegram_settings(api: FakeBotApi, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "telegram_token": TOKEN,
        "telegram_api_base_url": api.base_url,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(name="api")
async def api_fixture() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(TOKEN)
    await server.start()
    yield server
    await server.stop()


def fast_telegram(core: Core, settings: Settings) -> TelegramAdapter:
    return TelegramAdapter(core, settings, options=FAST)


@pytest.fixture(name="app")
async def telegram_app_fixture(
    api: FakeBotApi, sqlite_url: str, clock: FixedClock, deliveries: Deliveries
) -> AsyncIterator[App]:
    """The bot as `cooloff run` builds it, with the real Telegram adapter (on the stand-in)
    and recording stand-ins for the other platforms."""
    built = await build_app(
        telegram_settings(api, database_url=sqlite_url),
        clock=clock,
        platforms=[fast_telegram, *recording_platforms(deliveries, ("console", "discord"))],
        console=False,
    )
    try:
        yield built
    finally:
        await built.stop()


@pytest.fixture(name="adapter")
async def adapter_fixture(app: App) -> AsyncIterator[TelegramAdapter]:
    bot = next(a for a in app.adapters if isinstance(a, TelegramAdapter))
    await app.start(scheduler=False)
    tracked(bot)
    yield bot
    await app.stop()
    TRACKERS.pop(bot, None)


class Person:
    """One simulated Telegram user: types, presses buttons, and reads what came back.

    Each step waits until the bot has finished handling that very update (a PTB handler in a
    later group runs only after the adapter's handler returned), so no test sleeps or guesses.
    """

    def __init__(self, api: FakeBotApi, adapter: TelegramAdapter, user_id: int) -> None:
        self.api = api
        self.adapter = adapter
        self.user_id = user_id
        self.chat_id = str(user_id)

    async def say(self, text: str, **kwargs: Any) -> list[Recorded]:
        before = len(self.api.calls())
        update_id = await self.api.push_text(self.user_id, text, **kwargs)
        await tracked(self.adapter).wait(update_id)
        return self._new_sends(before)

    async def press(self, data: str) -> list[Recorded]:
        before = len(self.api.calls())
        update_id = await self.api.press(self.user_id, data)
        await tracked(self.adapter).wait(update_id)
        return self._new_sends(before)

    def _new_sends(self, before: int) -> list[Recorded]:
        return [
            r
            for r in self.api.calls()[before:]
            if r.method in ("sendMessage", "sendDocument", "sendPhoto")
            and r.chat_id == self.chat_id
            and r.ok
        ]

    def button(self, pattern: str, sends: list[Recorded] | None = None) -> str:
        """The callback_data of the newest button whose data matches `pattern` (a regex)."""
        pool = sends if sends is not None else self.api.delivered(self.chat_id)
        for record in reversed(pool):
            for b in reversed(record.buttons):
                data = str(b.get("callback_data", ""))
                if re.search(pattern, data):
                    return data
        raise AssertionError(f"no button matching {pattern!r}")


class Handled:
    """Which update ids the adapter has finished handling (a PTB handler in group 1 runs only
    after the adapter's group-0 handler returned for that update)."""

    def __init__(self, adapter: TelegramAdapter) -> None:
        self.done: set[int] = set()
        self._changed = asyncio.Condition()
        adapter.application.add_handler(TypeHandler(Update, self._mark), group=1)

    async def _mark(self, update: object, _context: object) -> None:
        if isinstance(update, Update):
            self.done.add(update.update_id)
            async with self._changed:
                self._changed.notify_all()

    async def wait(self, update_id: int, within: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: update_id in self.done), within)


def tracked(adapter: TelegramAdapter) -> Handled:
    """The `Handled` tracker attached to a running adapter (attached on first use).

    Keyed by the adapter itself, weakly: keyed by `id()`, a later test's adapter could reuse
    a collected one's id and get a tracker listening to an application that no longer runs.
    """
    tracker = TRACKERS.get(adapter)
    if tracker is None:
        tracker = TRACKERS[adapter] = Handled(adapter)
    return tracker


TRACKERS: weakref.WeakKeyDictionary[TelegramAdapter, Handled] = weakref.WeakKeyDictionary()
