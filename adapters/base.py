"""What every platform adapter offers the runtime: a lifecycle and the outbound port."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.messages import Address, Reply
from bot.ports import Outbox, RetryLater


class PlatformAdapter(Outbox, Protocol):
    platform: str

    async def start(self) -> None:
        """Connect and begin receiving; returns once running (does not block forever)."""
        ...

    async def stop(self) -> None:
        """Stop receiving, finish in-flight work briefly, release connections."""
        ...


class OutboxRouter:
    """The one outbound port of a process: routes each address to its platform's adapter.

    Made before the engine (which needs it to reach a buddy) and before the adapters (which
    need the engine); each adapter is attached once it exists.
    """

    def __init__(self) -> None:
        self._adapters: dict[str, Outbox] = {}

    def attach(self, adapter: PlatformAdapter) -> None:
        if adapter.platform in self._adapters:
            raise ValueError(f"two adapters for {adapter.platform}")
        self._adapters[adapter.platform] = adapter

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        adapter = self._adapters.get(address.platform)
        if adapter is None:
            # That platform isn't running in this process (its token unset for now): not the
            # person's doing, so they are not marked unreachable; the nudge waits.
            raise RetryLater(retry_after=600)
        await adapter.deliver(address, replies)
