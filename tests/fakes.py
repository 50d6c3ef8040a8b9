"""Stand-in platforms for engine-level tests: adapters that record what reaches whom.

They are attached to the app by the same factory as Telegram and Discord are
(`build_app(platforms=...)`), so a test reaches a buddy, a scheduled nudge or a slip notice
exactly as production does: through the engine's outbox router.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.config import Settings
from bot.core import Core
from bot.messages import Address, Reply
from bot.ports import Unreachable

PLATFORMS = ("console", "telegram", "discord")


@dataclass
class Deliveries:
    """Everything delivered on every stand-in platform, in order; chats in `unreachable`
    refuse like a person who blocked the bot."""

    sent: list[tuple[Address, list[Reply]]] = field(default_factory=list)
    unreachable: set[str] = field(default_factory=set)

    def to(self, chat_id: str) -> list[Reply]:
        return [r for a, rs in self.sent if a.chat_id == chat_id for r in rs]

    def words(self, chat_id: str) -> str:
        return "\n".join(
            [r.text for r in self.to(chat_id)]
            + [b.label for r in self.to(chat_id) for b in r.all_buttons]
        )


@dataclass
class RecordingPlatform:
    """A platform adapter whose "network" is a `Deliveries` list."""

    platform: str
    deliveries: Deliveries

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        if address.chat_id in self.deliveries.unreachable:
            raise Unreachable(address.chat_id)
        self.deliveries.sent.append((address, list(replies)))


def recording_platforms(
    deliveries: Deliveries, names: Sequence[str] = PLATFORMS
) -> list[Callable[[Core, Settings], RecordingPlatform]]:
    """Factories for `build_app(platforms=...)`: one recording adapter per platform name."""

    def factory(name: str) -> Callable[[Core, Settings], RecordingPlatform]:
        return lambda _core, _settings: RecordingPlatform(name, deliveries)

    return [factory(name) for name in names]
