"""Where a person's unasked messages go, and whether they can be reached there: one rule for
every platform.

* Unasked messages go to the identity the person chose (`users.nudge_identity_id`), else
  to their first one.
* When a platform says a chat is closed to us (blocked, closed DMs, chat gone), that
  identity is marked `unreachable_since` and nothing more is sent to it: a repeated refusal
  counts against the platform's limits and helps nobody.
* The mark is lifted when the person shows up again (writes, unblocks, reopens DMs).

`ReachableOutbox` applies the rule to every delivery of a process (the composition root
wraps the outbound router with it), so Telegram, Discord and the console behave the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from bot.clock import Clock
from bot.messages import Address, Reply
from bot.ports import Outbox, Unreachable

if TYPE_CHECKING:  # the store itself asks `nudge_target` where unasked messages go
    from bot.storage.store import Store


class _Reachable(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def unreachable_since(self) -> datetime | None: ...


T = TypeVar("T", bound=_Reachable)


def reachable(identity: _Reachable | None) -> bool:
    """Whether unasked messages may be sent to this identity."""
    return identity is not None and identity.unreachable_since is None


def nudge_target(identities: Sequence[T], chosen_id: int | None) -> T | None:
    """The identity unasked messages go to: the chosen one, else the first (by id order)."""
    chosen = next((i for i in identities if i.id == chosen_id), None)
    return chosen or (identities[0] if identities else None)


async def mark_unreachable(store: Store, platform: str, chat_id: str, now: datetime) -> None:
    """The platform refused this chat: mark whoever it belongs to (a group chat belongs to
    no identity, so its refusal marks no one). Keeps the first instant of an earlier mark."""
    await store.mark_chat_unreachable(platform, chat_id, now)


async def mark_reachable(store: Store, identity_id: int) -> None:
    """The person is back (wrote, unblocked, reopened DMs): unasked messages may go again."""
    await store.update_identity(identity_id, unreachable_since=None)


async def refused(store: Store, address: Address) -> bool:
    """Whether this chat belongs to an identity already marked unreachable."""
    return await store.chat_marked_unreachable(address.platform, address.chat_id)


class ReachableOutbox:
    """An outbound port that keeps the rule: never delivers to a chat already marked
    unreachable (raises `Unreachable` without asking the platform), and marks a chat the
    platform refuses."""

    def __init__(self, inner: Outbox, store: Store, clock: Clock) -> None:
        self.inner = inner
        self.store = store
        self.clock = clock

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        if await refused(self.store, address):
            raise Unreachable("marked unreachable; waiting until the person comes back")
        await self.deliver_known_reachable(address, replies)

    async def deliver_known_reachable(self, address: Address, replies: Sequence[Reply]) -> None:
        """`deliver` for a caller that has just applied `reachable()` itself (the scheduler
        reads a whole batch's marks in one query): no second look, but a refusal is still
        marked here."""
        try:
            await self.inner.deliver(address, replies)
        except Unreachable:
            await mark_unreachable(self.store, address.platform, address.chat_id, self.clock.now())
            raise
