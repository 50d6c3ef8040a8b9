"""Platform limits: about 30 messages a second overall and one a second per chat (Telegram).

A worker sends one delivery at a time and asks the throttle first; the throttle says how
long to wait and waits through an injected `sleep`, so tests move a fake clock instead of
sleeping. Limits are per process: several workers on one token should divide `per_second`
between them (see docs/scheduler.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock

Sleep = Callable[[float], Awaitable[None]]

_MAX_CHATS_REMEMBERED = 10_000


class Throttle:
    """A global pacing gate plus a per-chat one.

    `per_second=None` disables the global limit (benchmarks with a no-op outbox).
    """

    def __init__(
        self,
        clock: Clock,
        *,
        per_second: float | None = 30.0,
        per_chat_seconds: float = 1.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._gap = timedelta(seconds=1.0 / per_second) if per_second else timedelta(0)
        self._chat_gap = timedelta(seconds=per_chat_seconds)
        self._sleep = sleep
        self._next_global: datetime | None = None
        self._next_chat: dict[str, datetime] = {}

    def wait_for(self, chat: str, messages: int = 1) -> float:
        """Seconds to wait before `messages` messages may go to `chat`; books the slots."""
        now = self._clock.now()
        start = max(now, self._next_global or now, self._next_chat.get(chat, now))
        self._next_global = start + self._gap * messages
        self._next_chat[chat] = start + self._chat_gap * messages
        if len(self._next_chat) > _MAX_CHATS_REMEMBERED:
            self._forget_before(now)
        return (start - now).total_seconds()

    async def acquire(self, chat: str, messages: int = 1) -> None:
        """Wait until `messages` messages may be sent to `chat`."""
        delay = self.wait_for(chat, messages)
        if delay > 0:
            await self._sleep(delay)

    def hold(self, seconds: float) -> None:
        """The platform said slow down (a 429): nothing goes out for `seconds`."""
        until = self._clock.now() + timedelta(seconds=seconds)
        if self._next_global is None or self._next_global < until:
            self._next_global = until

    def _forget_before(self, now: datetime) -> None:
        self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
