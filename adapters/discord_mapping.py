"""Pure translation between Discord interactions and the core's neutral messages.

Nothing here touches the network, the database or the clock. `to_incoming` and
`message_to_incoming` read discord.py objects (built from gateway payloads) and return an
`Incoming`; `render` turns a `Reply` into the messages that show it. The adapter is left with
lifecycle, acknowledgement deadlines and error handling, so the rules that matter for privacy
(nothing personal in a server channel) and for Discord's limits (2,000 characters, 5 buttons a
row, 5 rows, 100-character custom ids) are checked by unit tests without a server.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord

from bot.commands import COMMANDS
from bot.content.library import Library
from bot.messages import Attachment, Button, Incoming, Reply
from bot.text.splitting import split_text

PLATFORM = "discord"
TEXT_LIMIT = 2000  # message content
BUTTONS_PER_ROW = 5
MAX_ROWS = 5  # action rows per message
LABEL_LIMIT = 80  # button label
CUSTOM_ID_LIMIT = 100
MODAL_TITLE_LIMIT = 45
MODAL_TEXT_LIMIT = 4000  # a paragraph text input

# A pressed button's custom_id is the core's action id behind this prefix, so the id alone
# says what to do and a button keeps working after a restart (no state in memory).
ACTION_PREFIX = "cooloff:"
# A button that opens a form (modal) for the free text the core waits for ("draft", ...),
# and the modal itself: the same id, so a submit after a restart is still understood.
FORM_PREFIX = "cooloff-form:"
FORM_FIELD = "text"

# Discord channel types (gateway numbers) that are direct messages.
_DM_CHANNEL_TYPES = {discord.ChannelType.private.value, discord.ChannelType.group.value}
_APP_COMMAND_CONTEXTS = (0, 1)  # in servers and in the bot's DMs
_STRING_OPTION = 3

# Adapter words, used only when the library has no text under the same key. They are about
# Discord's mechanics (forms, DM settings), not about cooling off.
# The adapter's own words, all in the library (bot/content/en/ui.toml); a form for a kind
# of writing without its own label and title (`discord_form_button_<kind>`) uses the plain one.
TEXT_KEYS = (
    "discord_form_button",
    "discord_form_title",
    "discord_form_label",
    "discord_form_button_draft",
    "discord_form_title_draft",
    "discord_form_button_journal",
    "discord_form_title_journal",
    "discord_dms_closed",
    "discord_error",
)


def texts_from(lib: Library) -> dict[str, str]:
    """The adapter's words from the content library."""
    return {key: lib.ui(key) for key in TEXT_KEYS}


@dataclass(frozen=True)
class SlashOption:
    name: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class SlashCommand:
    name: str
    description: str
    option: SlashOption | None = None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slash_commands() -> tuple[SlashCommand, ...]:
    """The core's command list as slash commands, each with at most one string option.

    Every option is optional: `/link` with no code asks for a new code, and for the others
    the core answers a missing value by asking for it, as it does on Telegram.
    """
    out: list[SlashCommand] = []
    for command in COMMANDS:
        option = None
        if command.argument:
            option = SlashOption(
                command.argument, _clip(command.argument_help or command.argument, 100)
            )
        out.append(SlashCommand(command.name, _clip(command.description, 100), option))
    return tuple(out)


def command_payloads(commands: Iterable[SlashCommand] | None = None) -> list[dict[str, Any]]:
    """The JSON Discord's bulk-overwrite endpoint takes (one call replaces the whole set)."""
    payloads: list[dict[str, Any]] = []
    for command in slash_commands() if commands is None else commands:
        payload: dict[str, Any] = {
            "type": 1,
            "name": command.name,
            "description": command.description,
            "contexts": list(_APP_COMMAND_CONTEXTS),
            "integration_types": [0],
        }
        if command.option is not None:
            payload["options"] = [
                {
                    "type": _STRING_OPTION,
                    "name": command.option.name,
                    "description": command.option.description,
                    "required": command.option.required,
                }
            ]
        payloads.append(payload)
    return payloads


# --- inbound ------------------------------------------------------------------------------


def command_text(name: str, options: Sequence[Mapping[str, Any]] = ()) -> str:
    """`/timezone zone:Europe/Berlin` -> "/timezone Europe/Berlin", the core's text command."""
    values = [str(o.get("value", "")).strip() for o in options if o.get("value") is not None]
    values = [v for v in values if v]
    return " ".join([f"/{name}", *values])


def action_custom_id(action: str) -> str:
    return ACTION_PREFIX + action


def form_custom_id(expects: str) -> str:
    return FORM_PREFIX + expects


def action_from_custom_id(custom_id: str) -> str | None:
    """The core's action id inside a button's custom_id; None for ids that are not ours."""
    if not custom_id.startswith(ACTION_PREFIX):
        return None
    action = custom_id[len(ACTION_PREFIX) :]
    return action or None


def form_from_custom_id(custom_id: str) -> str | None:
    if not custom_id.startswith(FORM_PREFIX):
        return None
    return custom_id[len(FORM_PREFIX) :] or None


def modal_text(components: Sequence[Mapping[str, Any]]) -> str | None:
    """The text typed into our modal's field.

    Discord nests text inputs in action rows (`components`) or, for newer modals, in labels
    (`component`); both shapes are read.
    """
    stack: list[Mapping[str, Any]] = list(components)
    while stack:
        component = stack.pop(0)
        if component.get("custom_id") == FORM_FIELD and "value" in component:
            value = str(component.get("value") or "")
            return value if value.strip() else None
        stack.extend(component.get("components") or [])
        child = component.get("component")
        if isinstance(child, Mapping):
            stack.append(child)
    return None


def _display_name(user: discord.abc.User) -> str | None:
    return user.global_name or user.name or None


def to_incoming(interaction: discord.Interaction[Any], now: datetime) -> Incoming | None:
    """The neutral `Incoming` for an interaction, or None when it is not for the core.

    Slash commands become the core's text commands, our buttons their action ids, and a
    submitted form the text typed into it. An interaction is a private exchange even in a
    server, because every answer to it is ephemeral (see `render`), so `is_private` is True.
    `chat_id` is the person's user id: scheduled messages go to their DMs, which the adapter
    opens from that id, never to the server channel the command was typed in.
    """
    user = interaction.user
    data: Mapping[str, Any] = interaction.data or {}
    text: str | None = None
    action: str | None = None
    kind = interaction.type
    if kind is discord.InteractionType.application_command:
        name = data.get("name")
        if not isinstance(name, str) or data.get("type", 1) != 1:
            return None
        text = command_text(name, data.get("options") or ())
    elif kind is discord.InteractionType.component:
        action = action_from_custom_id(str(data.get("custom_id", "")))
        if action is None:
            return None
    elif kind is discord.InteractionType.modal_submit:
        if form_from_custom_id(str(data.get("custom_id", ""))) is None:
            return None
        text = modal_text(data.get("components") or ())
        if text is None:
            return None
    else:
        return None
    return Incoming(
        platform=PLATFORM,
        user_id=str(user.id),
        chat_id=str(user.id),
        at=now,
        text=text,
        action=action,
        is_private=True,
        display_name=_display_name(user),
    )


def is_direct_message(message: discord.Message) -> bool:
    kind = message.channel.type
    return message.guild is None and kind is not None and kind.value in _DM_CHANNEL_TYPES


def message_to_incoming(message: discord.Message, now: datetime) -> Incoming | None:
    """Free text in the bot's DMs, or None.

    Messages in servers are ignored: reading them would need the privileged message-content
    intent, and a server channel is no place for this conversation anyway. Bots (including
    this one) are ignored so two bots can never talk to each other in a loop.
    """
    if message.author.bot or not is_direct_message(message):
        return None
    text = message.content
    if not text or not text.strip():
        text = ""  # a sticker or a picture alone: answered kindly, never ignored
    return Incoming(
        platform=PLATFORM,
        user_id=str(message.author.id),
        chat_id=str(message.author.id),
        at=now,
        text=text,
        is_private=True,
        display_name=_display_name(message.author),
    )


# --- outbound -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormSpec:
    """A button that opens a modal for the free text the core is waiting for."""

    expects: str
    label: str


@dataclass(frozen=True)
class DiscordMessage:
    """One Discord message that shows (part of) a reply."""

    content: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    form: FormSpec | None = None
    attachment: Attachment | None = None
    ephemeral: bool = False

    def custom_ids(self) -> list[str]:
        ids = [action_custom_id(b.action) for row in self.buttons for b in row]
        if self.form is not None:
            ids.append(form_custom_id(self.form.expects))
        return ids

    def view(self) -> discord.ui.View | None:
        """A persistent view (no timeout) of dynamic buttons; None without buttons."""
        if not self.buttons and self.form is None:
            return None
        view = discord.ui.View(timeout=None)
        for row_index, row in enumerate(self.buttons):
            for b in row:
                view.add_item(ActionButton(b.action, b.label, row=row_index))
        if self.form is not None:
            view.add_item(FormButton(self.form.expects, self.form.label, row=len(self.buttons)))
        return view

    def file(self) -> discord.File | None:
        """A fresh `discord.File` (each send consumes one)."""
        if self.attachment is None:
            return None
        return discord.File(io.BytesIO(self.attachment.data), filename=self.attachment.filename)


def text_for(key: str, lib_text: Mapping[str, str]) -> str:
    """An adapter text, as the library words it (`texts_from`)."""
    return lib_text[key]


def form_label(expects: str, lib_text: Mapping[str, str]) -> str:
    specific = f"discord_form_button_{expects}"
    if specific in lib_text:
        return text_for(specific, lib_text)
    return text_for("discord_form_button", lib_text)


def form_title(expects: str, lib_text: Mapping[str, str]) -> str:
    specific = f"discord_form_title_{expects}"
    if specific in lib_text:
        return _clip(text_for(specific, lib_text), MODAL_TITLE_LIMIT)
    return _clip(text_for("discord_form_title", lib_text), MODAL_TITLE_LIMIT)


def button_rows(buttons: Sequence[Sequence[Button]]) -> list[tuple[Button, ...]]:
    """The core's rows laid out for Discord: at most 5 to a row, no custom_id twice.

    Discord rejects a whole message whose components repeat a custom_id, so a repeated
    action is dropped rather than losing the message.
    """
    seen: set[str] = set()
    out: list[tuple[Button, ...]] = []
    for row in buttons:
        unique: list[Button] = []
        for b in row:
            if b.action in seen:
                continue
            seen.add(b.action)
            unique.append(Button(_clip(b.label, LABEL_LIMIT) or "…", b.action))
        for i in range(0, len(unique), BUTTONS_PER_ROW):
            out.append(tuple(unique[i : i + BUTTONS_PER_ROW]))
    return out


def render_one(
    reply: Reply, *, ephemeral: bool, lib_text: Mapping[str, str]
) -> list[DiscordMessage]:
    """The messages that show one reply.

    Text is split at 2,000 characters; buttons, the form button and any attachment go on the
    last message so they sit under the end of the reply. More than 5 rows of buttons spill
    into further messages that carry only buttons.
    """
    rows = button_rows(reply.buttons)
    form = FormSpec(reply.expects, form_label(reply.expects, lib_text)) if reply.expects else None
    slots = MAX_ROWS - (1 if form is not None else 0)
    first_rows, extra_rows = rows[:slots], rows[slots:]
    text = reply.text if reply.text.strip() else ""
    pieces = split_text(text, TEXT_LIMIT) if text else []
    has_extras = bool(first_rows) or form is not None or reply.attachment is not None
    if not pieces:
        if not has_extras:
            return []
        pieces = ["" if reply.attachment is not None else "…"]
    messages = [DiscordMessage(piece, ephemeral=ephemeral) for piece in pieces[:-1]]
    messages.append(
        DiscordMessage(
            pieces[-1],
            buttons=tuple(first_rows),
            form=form,
            attachment=reply.attachment,
            ephemeral=ephemeral,
        )
    )
    for i in range(0, len(extra_rows), MAX_ROWS):
        messages.append(
            DiscordMessage("…", buttons=tuple(extra_rows[i : i + MAX_ROWS]), ephemeral=ephemeral)
        )
    return messages


def render(
    replies: Sequence[Reply], *, in_server: bool, lib_text: Mapping[str, str]
) -> list[DiscordMessage]:
    """Every message for a batch of replies, in order.

    In a server every answer is ephemeral (seen only by the person who asked), whether or not
    the core marked it private: even a help text would tell the channel that someone is using
    a breakup bot. In DMs nothing needs hiding.
    """
    out: list[DiscordMessage] = []
    for reply in replies:
        out.extend(render_one(reply, ephemeral=in_server, lib_text=lib_text))
    return out


def pressed_label(message: discord.Message | None, custom_id: str) -> str | None:
    """The label of the pressed button, if the message still shows it."""
    if message is None:
        return None
    for row in message.components:
        for child in getattr(row, "children", ()):
            if getattr(child, "custom_id", None) == custom_id:
                label = getattr(child, "label", None)
                return str(label) if label else None
    return None


def mark_choice(text: str, label: str | None) -> str:
    """The pressed message's text with the choice noted under it (its buttons are removed).

    Seeing "» Breathe with me" under the question shows the press was taken, and removing the
    buttons stops the same old button being pressed again (as on Telegram).
    """
    if not label:
        return text
    marked = f"{text}\n\n» {label}" if text.strip() and text != "…" else f"» {label}"
    return marked if len(marked) <= TEXT_LIMIT else text


# --- persistent components ------------------------------------------------------------------


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"cooloff:(?P<action>.+)"
):
    """A button whose custom_id carries the core's action id.

    Registered once with `Client.add_dynamic_items`, it is recognised from its custom_id
    alone, so buttons on messages sent before a restart still work.
    """

    def __init__(self, action: str, label: str = "…", *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=action_custom_id(action),
            ),
            row=row,
        )
        self.action = action

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: Any,
        /,
    ) -> ActionButton:
        return cls(str(match["action"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler = getattr(interaction.client, "cooloff_interaction", None)
        if handler is not None:
            await handler(interaction)


class FormButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"cooloff-form:(?P<expects>[a-z_]+)"
):
    """A button that opens the form for the free text the core waits for."""

    def __init__(self, expects: str, label: str = "…", *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.primary,
                custom_id=form_custom_id(expects),
            ),
            row=row,
        )
        self.expects = expects

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: Any,
        /,
    ) -> FormButton:
        return cls(str(match["expects"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler = getattr(interaction.client, "cooloff_open_form", None)
        if handler is not None:
            await handler(interaction, self.expects)


def build_form(expects: str, lib_text: Mapping[str, str]) -> discord.ui.Modal:
    """The modal for a draft or a journal entry.

    Its submission is handled from the custom_id alone (in the adapter's `on_interaction`),
    not by this object's callback: the object is stopped before it is sent so discord.py does
    not keep it in memory, and a form opened before a restart still arrives.
    """
    modal = discord.ui.Modal(
        title=form_title(expects, lib_text), custom_id=form_custom_id(expects), timeout=None
    )
    modal.add_item(
        discord.ui.TextInput(
            label=_clip(text_for("discord_form_label", lib_text), MODAL_TITLE_LIMIT),
            custom_id=FORM_FIELD,
            style=discord.TextStyle.paragraph,
            max_length=MODAL_TEXT_LIMIT,
            required=True,
        )
    )
    return modal
