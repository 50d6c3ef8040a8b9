"""An in-process harness: push messages and button presses through the real engine, read
the replies. Tests read like a conversation."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core import Core
from bot.messages import Button, Incoming, Reply


@dataclass
class Chat:
    core: Core
    user_id: str = "u1"
    platform: str = "console"
    private: bool = True
    replies: list[Reply] = field(default_factory=list)

    async def say(self, text: str) -> list[Reply]:
        msg = Incoming(
            self.platform,
            self.user_id,
            self.user_id,
            self.core.clock.now(),
            text=text,
            is_private=self.private,
        )
        self.replies = await self.core.engine.handle(msg)
        return self.replies

    async def send_action(self, action: str) -> list[Reply]:
        msg = Incoming(
            self.platform, self.user_id, self.user_id, self.core.clock.now(), action=action
        )
        self.replies = await self.core.engine.handle(msg)
        return self.replies

    def button(self, label: str) -> Button:
        """The button with this label (or starting with it) in the last replies."""
        for reply in self.replies:
            for button in reply.all_buttons:
                if button.label == label or button.label.startswith(label):
                    return button
        labels = [b.label for r in self.replies for b in r.all_buttons]
        raise AssertionError(f"no button {label!r}; have {labels}")

    async def press(self, label: str) -> list[Reply]:
        return await self.send_action(self.button(label).action)

    @property
    def text(self) -> str:
        return "\n---\n".join(r.text for r in self.replies)

    @property
    def labels(self) -> list[str]:
        return [b.label for r in self.replies for b in r.all_buttons]


async def me(core: Core, chat: Chat) -> int:
    """The user id of the person chatting (they must have been seen)."""
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return identity.user_id


def offered(chat: Chat) -> list[str]:
    """The action ids of every button in the last replies."""
    return [b.action for r in chat.replies for b in r.all_buttons]
