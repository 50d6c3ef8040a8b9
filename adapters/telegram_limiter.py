"""Telegram's flood limits, with answers to people ahead of messages nobody is waiting for.

PTB's `AIORateLimiter` keeps a bot under Telegram's limits (30 messages a second overall,
20 a minute in one group) but serves everyone in arrival order: with a morning wave of
nudges queued, an answer to a person (a crisis answer included) waits behind all of them.
`PriorityRateLimiter` keeps the same limits, measured the same way (a leaky bucket: a burst
up to the limit, then the limit's pace), and serves two queues: `Priority.REPLY` first,
`Priority.SCHEDULED` only when no reply is waiting; in arrival order within each.

The priority travels with each call as PTB's `rate_limit_args`, which `ExtBot` hands to the
limiter for every Bot API method: `await bot.send_message(..., rate_limit_args=priority)`.
A call without it counts as a reply (the adapter marks every scheduled send; the unmarked
calls are button answers and edits made while answering a person).

`urgent(chat_id)` is priority inheritance for one chat: while an answer waits for a chat
that a scheduled message is being sent to (the adapter sends one thing at a time per chat,
so pieces never interleave), that chat's scheduled sends are served as replies, so a crisis
answer never waits behind the person's own nudge at the back of a wave.

Like PTB's limiter: requests without a `chat_id` (getMe, setMyCommands, answering a button)
are not limited, getUpdates never reaches a limiter, the limits are per process, and a 429 is
raised to the caller (the adapter waits it out), never retried here.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter, deque
from collections.abc import Callable, Coroutine, Iterator
from enum import IntEnum
from typing import Any

from telegram.error import NetworkError
from telegram.ext import BaseRateLimiter

# Telegram's documented limits (telegram.constants.FloodLimit has the same numbers).
MESSAGES_PER_SECOND = 30
MESSAGES_PER_MINUTE_PER_GROUP = 20
_IDLE_GROUPS_KEPT = 512  # as AIORateLimiter: forget idle group buckets beyond this many

Result = bool | dict[str, Any] | list[dict[str, Any]]


class Priority(IntEnum):
    """Who is waiting for a message: a person who just wrote, or nobody in particular."""

    REPLY = 0  # an answer to an update: a person is looking at the chat
    SCHEDULED = 1  # nudges and notices from the scheduler, buddy notices


class _Waiter:
    __slots__ = ("chat", "future")

    def __init__(self, chat: str, future: asyncio.Future[None]) -> None:
        self.chat = chat
        self.future = future


class PriorityBucket:
    """`capacity` requests per `period` seconds as a leaky bucket (a burst of `capacity`,
    then one every `period / capacity` seconds), handed out to waiters by priority.

    One timer wakes the bucket when the next slot frees; waiters never poll.
    """

    def __init__(self, capacity: float, period: float) -> None:
        self.capacity = capacity
        self.rate = capacity / period  # slots freed per second
        self._level = 0.0
        self._checked = 0.0
        self._queues: tuple[deque[_Waiter], ...] = tuple(deque() for _ in Priority)
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return sum(not w.future.done() for q in self._queues for w in q)

    def idle(self, now: float) -> bool:
        """Nothing waits and the bucket has fully drained."""
        self._leak(now)
        return self._level == 0 and not self.waiting

    async def acquire(self, priority: Priority, chat: str) -> None:
        """Wait for a slot: at once if one is free and nobody of this priority or higher
        waits, otherwise in line behind them."""
        loop = asyncio.get_running_loop()
        ahead = any(self._queues[p] for p in range(priority + 1))
        if not ahead and self._has_room(loop.time()):
            self._level += 1
            return
        waiter = _Waiter(chat, loop.create_future())
        self._queues[priority].append(waiter)
        self._arm(loop)
        try:
            await waiter.future
        except asyncio.CancelledError:
            if waiter.future.done() and not waiter.future.cancelled():
                # Granted, then cancelled before it could use the slot: give it back.
                self._level = max(0.0, self._level - 1)
                self._rearm(loop)
            raise

    def promote(self, chat: str) -> None:
        """Move this chat's scheduled waiters to the end of the reply queue."""
        low, high = self._queues[Priority.SCHEDULED], self._queues[Priority.REPLY]
        moved = [w for w in low if w.chat == chat]
        if not moved:
            return
        kept = [w for w in low if w.chat != chat]
        low.clear()
        low.extend(kept)
        high.extend(moved)

    def fail_all(self, exc: BaseException) -> None:
        """Wake every waiter with `exc` (the limiter is shutting down)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for queue in self._queues:
            while queue:
                future = queue.popleft().future
                if not future.done():
                    future.set_exception(exc)

    # --- internals ------------------------------------------------------------------

    def _leak(self, now: float) -> None:
        if self._level:
            self._level = max(0.0, self._level - (now - self._checked) * self.rate)
        self._checked = now

    def _has_room(self, now: float) -> bool:
        self._leak(now)
        return self._level + 1 <= self.capacity + 1e-9

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None:
            self._leak(loop.time())
            needed = self._level + 1 - self.capacity
            self._timer = loop.call_later(max(0.0, needed / self.rate), self._dispatch)

    def _rearm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.waiting:
            self._arm(loop)

    def _dispatch(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        now = loop.time()
        for queue in self._queues:  # replies first
            while queue:
                if queue[0].future.done():  # cancelled while waiting
                    queue.popleft()
                    continue
                if not self._has_room(now):
                    self._arm(loop)
                    return
                queue.popleft().future.set_result(None)
                self._level += 1


def _group_of(chat_id: object) -> str | None:
    """The group a chat id names, as AIORateLimiter reads it: negative ids and @usernames
    are groups or channels; private chats (positive ids) have no per-chat limit here."""
    try:
        return str(chat_id) if int(str(chat_id)) < 0 else None
    except ValueError:
        return str(chat_id)


class PriorityRateLimiter(BaseRateLimiter[int]):
    """Telegram's limits with replies first (see the module docstring).

    `rate_limit_args` is a `Priority` (an int); None counts as `Priority.REPLY`.
    """

    def __init__(
        self,
        overall_max_rate: float = MESSAGES_PER_SECOND,
        overall_time_period: float = 1.0,
        group_max_rate: float = MESSAGES_PER_MINUTE_PER_GROUP,
        group_time_period: float = 60.0,
    ) -> None:
        self._overall = (
            PriorityBucket(overall_max_rate, overall_time_period)
            if overall_max_rate and overall_time_period
            else None
        )
        self._group_rate = (group_max_rate, group_time_period)
        self._groups: dict[str, PriorityBucket] = {}
        self._urgent: Counter[str] = Counter()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Wake whatever still waits with a network error (the adapter's sends retry or hand
        it back as RetryLater) instead of leaving it asleep."""
        error = NetworkError("the rate limiter shut down")
        for bucket in [self._overall, *self._groups.values()]:
            if bucket is not None:
                bucket.fail_all(error)

    @contextlib.contextmanager
    def urgent(self, chat_id: str) -> Iterator[None]:
        """While inside, scheduled sends to `chat_id` (queued or new) are served as replies."""
        self._urgent[chat_id] += 1
        for bucket in [self._overall, self._groups.get(chat_id)]:
            if bucket is not None:
                bucket.promote(chat_id)
        try:
            yield
        finally:
            self._urgent[chat_id] -= 1
            if self._urgent[chat_id] <= 0:
                del self._urgent[chat_id]

    def waiting(self) -> int:
        """Requests waiting for the overall limit (for benchmarks and health checks)."""
        return self._overall.waiting if self._overall is not None else 0

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)
        chat = str(chat_id)
        asked = Priority.REPLY if rate_limit_args is None else Priority(rate_limit_args)
        group = _group_of(chat_id)
        if group is not None and all(self._group_rate):
            await self._group_bucket(group).acquire(self._priority(asked, chat), chat)
        if self._overall is not None:
            # Asked again: the chat may have become urgent while this waited for its group.
            await self._overall.acquire(self._priority(asked, chat), chat)
        return await callback(*args, **kwargs)

    def _priority(self, asked: Priority, chat: str) -> Priority:
        return Priority.REPLY if chat in self._urgent else asked

    def _group_bucket(self, group: str) -> PriorityBucket:
        bucket = self._groups.get(group)
        if bucket is None:
            if len(self._groups) > _IDLE_GROUPS_KEPT:
                now = asyncio.get_running_loop().time()
                self._groups = {g: b for g, b in self._groups.items() if not b.idle(now)}
            bucket = self._groups[group] = PriorityBucket(*self._group_rate)
        return bucket
