"""Fixtures for the Telegram tests: a stand-in Bot API, a real core on SQLite, the adapter.

The adapter runs the real python-telegram-bot Application against the stand-in over HTTP on
127.0.0.1; only the waits are shortened so the suite stays fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from standins.telegram_api import FakeBotApi

from adapters.telegram_adapter import TelegramAdapter, TelegramOptions
from bot.clock import FixedClock
from bot.config import Settings
from bot.core import Core, open_core

# Shaped like a real token so PTB treats it as one; the log test looks for it.
TOKEN = "7000001:AAH-secret-token-that-must-never-be-logged"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

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


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi(TOKEN)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
async def core(tmp_path: Path, clock: FixedClock) -> AsyncIterator[Core]:
    opened = await open_core(f"sqlite:///{tmp_path}/t.db", clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
async def adapter(api: FakeBotApi, core: Core) -> AsyncIterator[TelegramAdapter]:
    bot = TelegramAdapter(core, telegram_settings(api), options=FAST)
    await bot.start()
    yield bot
    await bot.stop()
