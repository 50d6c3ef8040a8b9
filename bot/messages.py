"""The platform-neutral language the core speaks.

Adapters turn platform updates into `Incoming` and render `Reply` back; the scheduler emits
the same `Reply` objects, so a nudge and an answer can never be rendered differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

MAX_ACTION_BYTES = 64  # Telegram's callback_data limit; Discord's custom_id (100) is looser.


@dataclass(frozen=True)
class Incoming:
    """One thing a person did: typed text or pressed a button."""

    platform: str  # "console" | "telegram" | "discord"
    user_id: str  # the platform's id for the person, as a string
    chat_id: str  # where answers go (a private chat / DM channel, or a group)
    at: datetime  # when it happened, timezone-aware
    text: str | None = None
    action: str | None = None  # the action id of a pressed button
    is_private: bool = True  # False in a group or server channel: no personal data there
    display_name: str | None = None


@dataclass(frozen=True)
class Button:
    label: str
    action: str

    def __post_init__(self) -> None:
        if len(self.action.encode()) > MAX_ACTION_BYTES:
            raise ValueError(f"action id over {MAX_ACTION_BYTES} bytes: {self.action!r}")


@dataclass(frozen=True)
class Attachment:
    """A picture or a file sent with a reply (the /export JSON, the /progress chart)."""

    filename: str
    data: bytes
    mime_type: str
    kind: Literal["image", "file"] = "file"


@dataclass(frozen=True)
class Reply:
    """One message from the bot.

    `private` marks personal content: adapters must not show it in a group or server channel
    (Discord makes it ephemeral or sends it by DM; Telegram asks to continue in private).
    `expects` names the free text the bot now waits for ("draft", "journal", ...), so an
    adapter with forms (Discord modals) can offer one.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    private: bool = True
    expects: str | None = None
    kind: str | None = None  # what the core sent ("crisis"), for its own bookkeeping

    @property
    def all_buttons(self) -> list[Button]:
        return [b for row in self.buttons for b in row]


def rows(*button_rows: Sequence[Button]) -> tuple[tuple[Button, ...], ...]:
    """Freeze rows of buttons for a `Reply`."""
    return tuple(tuple(r) for r in button_rows if r)


def chunked(buttons: Sequence[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out `per_row` to a row (Discord allows 5 a row)."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


@dataclass(frozen=True)
class Address:
    """Where the scheduler delivers: a platform chat that belongs to a user."""

    platform: str
    chat_id: str
