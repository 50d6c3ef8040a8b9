"""What every platform adapter offers the runtime: a lifecycle and the outbound port."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    """One outbound port for the scheduler: routes each address to its platform's adapter."""

    def __init__(self, adapters: Mapping[str, Outbox]) -> None:
        self._adapters = adapters

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        adapter = self._adapters.get(address.platform)
        if adapter is None:
            # That platform isn't running in this process (its token unset for now): not the
            # person's doing, so they are not marked unreachable; the nudge waits.
            raise RetryLater(retry_after=600)
        await adapter.deliver(address, replies)
