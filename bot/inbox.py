"""Every incoming message reaches the engine through here, and none is lost to an outage.

Platforms redeliver updates after a crash, so each update is recorded once (`first_sight`)
and a redelivery is not handled twice. When the database cannot be reached, the message is
not dropped: the person gets an answer from memory (crisis language and /helpline get the
crisis lines, anyone else a short "I'll pick this up in a minute"), the message is kept in
order with that person's others, and once the database answers again they are handled one
by one and the replies delivered through the outbound port, as a buddy notice would be.

Held messages live in this process's memory: a restart during an outage loses them, and the
log says how many. That is the trade for not needing a second store that is up when the
first is down.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from bot.engine import Engine
from bot.messages import Address, Incoming, Reply
from bot.ports import Outbox, RetryLater, Unreachable
from bot.storage import Database, StorageUnavailable, Store, is_outage

log = logging.getLogger(__name__)

Sender = tuple[str, str]  # (platform, user id)


@dataclass(frozen=True)
class Received:
    """What to show for one incoming message. `duplicate`: seen before, show nothing."""

    replies: list[Reply]
    duplicate: bool = False


@dataclass
class _Held:
    msg: Incoming
    key: str | None  # the update id still to record (None: recorded, or the platform has none)
    crisis_answered: bool  # the answer from memory already gave the crisis lines


@dataclass
class Inbox:
    engine: Engine
    store: Store
    db: Database
    outbox: Outbox
    retry_seconds: float = 1.0
    max_retry_seconds: float = 10.0
    _held: OrderedDict[Sender, deque[_Held]] = field(default_factory=OrderedDict)
    _drain: asyncio.Task[None] | None = None

    async def receive(self, msg: Incoming, update_key: str | None = None) -> Received:
        """Handle one message at most once (per `update_key`, when the platform has one)."""
        sender = (msg.platform, msg.user_id)
        if sender in self._held:
            # Their earlier messages wait for the database: this one waits behind them.
            return Received(self._hold(msg, update_key, first=False))
        unrecorded = update_key
        try:
            if update_key is not None:
                if not await self.store.first_sight(msg.platform, update_key, msg.at):
                    return Received([], duplicate=True)
                unrecorded = None
            return Received(await self.engine.handle(msg))
        except Exception as exc:
            if not is_outage(exc):
                raise
        if await self.db.reachable():
            # Not an outage after all (one failed query): the engine's kind answer.
            return Received([Reply(self.engine.lib.ui("error_generic"))])
        return Received(self._hold(msg, unrecorded, first=True))

    @property
    def waiting(self) -> int:
        """Messages kept for later (for logs and tests)."""
        return sum(len(q) for q in self._held.values())

    def _hold(self, msg: Incoming, key: str | None, *, first: bool) -> list[Reply]:
        replies = self.engine.answer_offline(msg, first=first)
        crisis = self.engine.is_crisis_answer(replies)
        held = _Held(msg, key, crisis)
        self._held.setdefault((msg.platform, msg.user_id), deque()).append(held)
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._drain_when_back())
        log.warning("database unreachable: %d message(s) kept for later", self.waiting)
        return replies

    async def _drain_when_back(self) -> None:
        delay = self.retry_seconds
        while self._held:
            await asyncio.sleep(delay)
            delay = min(self.max_retry_seconds, delay * 2)
            if not await self.db.reachable():
                continue
            try:
                await self._handle_held()
            except StorageUnavailable:
                continue
            delay = self.retry_seconds
        log.info("database back: every kept message handled")

    async def _handle_held(self) -> None:
        while self._held:
            sender, queue = next(iter(self._held.items()))
            while queue:
                held = queue[0]
                msg = held.msg
                try:
                    if held.key is not None:
                        if not await self.store.first_sight(msg.platform, held.key, msg.at):
                            queue.popleft()  # the platform delivered it twice while we waited
                            continue
                        held.key = None
                    replies = await self.engine.handle(msg)
                except Exception as exc:
                    if is_outage(exc):
                        raise StorageUnavailable from None  # down again: the rest wait
                    log.exception("a kept message failed")
                    replies = [Reply(self.engine.lib.ui("error_generic"))]
                queue.popleft()
                if held.crisis_answered and self.engine.is_crisis_answer(replies[:1]):
                    replies = replies[1:]  # the crisis lines were already given, from memory
                await self._deliver(held.msg, replies)
            del self._held[sender]

    async def _deliver(self, msg: Incoming, replies: list[Reply]) -> None:
        if not replies:
            return
        try:
            await self.outbox.deliver(Address(msg.platform, msg.chat_id), replies)
        except (Unreachable, RetryLater) as exc:
            log.warning("a kept message's answer could not be delivered: %s", type(exc).__name__)

    async def close(self) -> None:
        """Stop waiting for the database; say how many kept messages are given up."""
        if self._drain is not None and not self._drain.done():
            self._drain.cancel()
            await asyncio.gather(self._drain, return_exceptions=True)
        if self._held:
            log.warning("stopping with %d kept message(s) not yet handled", self.waiting)
