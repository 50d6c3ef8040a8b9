"""The one outbound port. Adapters implement it; replies and scheduled nudges both use it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.messages import Address, Reply


class Unreachable(Exception):
    """The person cannot be reached there (blocked the bot, closed DMs, left the chat).

    The scheduler marks the identity unreachable and stops trying until they write again.
    """


class RetryLater(Exception):
    """A passing failure (rate limit, network); try again after `retry_after` seconds."""

    def __init__(self, retry_after: float = 1.0) -> None:
        super().__init__(f"retry after {retry_after:.1f}s")
        self.retry_after = retry_after


class Outbox(Protocol):
    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        """Send replies, in order, to one chat. Raises `Unreachable` or `RetryLater`."""
        ...


class Schedules(Protocol):
    """What the core tells the scheduler: a person's timing settings may have changed.

    Called after every message that changed a time zone, a time or quiet hours, and when a
    person first arrives, so their rows exist (and a time set for later today fires today)
    without waiting for the scheduler's periodic sync.
    """

    async def settings_changed(self, user_id: int, now: datetime) -> None: ...

