"""Pure translation between Telegram updates and the core's neutral messages.

Nothing here touches the network, the database or the clock: `to_incoming` reads an `Update`,
`render` turns a `Reply` into the sends that show it. Keeping both pure lets the tests check
every rule (groups, command suffixes, the 4,096 limit) without a server, and keeps the adapter
itself down to lifecycle and reliability.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    MessageEntity,
    Update,
)

from bot.content.library import Library
from bot.messages import Attachment, Button, Incoming, Reply
from bot.text.splitting import split_text

PLATFORM = "telegram"
TEXT_LIMIT = 4096  # sendMessage text, counted by Telegram in UTF-16 code units
CAPTION_LIMIT = 1024  # sendPhoto / sendDocument caption



@dataclass(frozen=True)
class GroupRedirect:
    """What a group is shown instead of anything personal (words from the library); the
    button opens the private chat."""

    text: str
    button: str

    @classmethod
    def from_library(cls, lib: Library) -> GroupRedirect:
        return cls(lib.ui("telegram_group_redirect"), lib.ui("telegram_group_redirect_button"))

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)")

SendKind = Literal["message", "document", "photo"]


@dataclass(frozen=True)
class Send:
    """One Bot API call that shows (part of) a reply: sendMessage, sendDocument or sendPhoto."""

    kind: SendKind
    text: str = ""  # message text, or the caption of a document/photo
    keyboard: InlineKeyboardMarkup | None = None
    attachment: Attachment | None = None


def is_group_chat(chat_id: str | int) -> bool:
    """Telegram gives users and private chats positive ids, groups and channels negative ones.

    `deliver` only has an address, so this is how it knows not to show personal replies.
    """
    return str(chat_id).startswith("-")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (an emoji outside the BMP is two units)."""
    return len(text.encode("utf-16-le")) // 2


def split_for_telegram(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """The shared splitter, re-applied more finely to any piece still too long in UTF-16."""
    pieces: list[str] = []
    size = limit
    pending = split_text(text, limit)
    while pending:
        piece = pending.pop(0)
        if utf16_len(piece) <= limit:
            pieces.append(piece)
            continue
        size = max(1, min(size, len(piece)) // 2)
        pending[:0] = split_text(piece, size)
    return pieces


def normalise_command(text: str, bot_username: str | None) -> tuple[str, bool] | None:
    """Strip the `@botname` suffix from a command.

    Returns (text, addressed_to_us), or None when the text is not a command. A command with
    another bot's suffix (`/start@otherbot` in a group) is not ours.
    """
    match = _COMMAND.match(text)
    if match is None:
        return None
    suffix = match.group(2)
    ours = suffix is None or (
        bot_username is not None and suffix.casefold() == bot_username.casefold()
    )
    rest = text[match.end() :]
    return f"/{match.group(1)}{rest}", ours


def _mentions(message: Message, bot_username: str | None) -> bool:
    if not bot_username:
        return False
    wanted = f"@{bot_username}".casefold()
    for entity, value in message.parse_entities([MessageEntity.MENTION]).items():
        if entity.type == MessageEntity.MENTION and value.casefold() == wanted:
            return True
    # Telegram omits entities in some clients' forwarded texts; a plain match is enough.
    return wanted in (message.text or "").casefold()


def _strip_mention(text: str, bot_username: str) -> str:
    cleaned = re.sub(rf"@{re.escape(bot_username)}\b", "", text, flags=re.IGNORECASE)
    return " ".join(cleaned.split())


def _display_name(first: str | None, last: str | None) -> str | None:
    name = " ".join(p for p in (first, last) if p)
    return name or None


def to_incoming(update: Update, bot_username: str | None, now: datetime) -> Incoming | None:
    """The neutral `Incoming` for an update, or None when the bot should stay silent.

    Private chats: every text (and a photo's caption) goes to the core. Groups: only commands
    meant for us and messages that mention us, marked `is_private=False` so the core and
    `render` keep personal data out of the group. Button presses carry their callback_data as
    the action id. `now` stands in for the time of a button press, which Telegram does not
    date.
    """
    query = update.callback_query
    if query is not None:
        if not query.data:
            return None
        user = query.from_user
        msg: MaybeInaccessibleMessage | None = query.message
        chat_id = msg.chat.id if msg is not None else user.id
        is_private = msg is None or msg.chat.type == Chat.PRIVATE
        return Incoming(
            platform=PLATFORM,
            user_id=str(user.id),
            chat_id=str(chat_id),
            at=now,
            action=query.data,
            is_private=is_private,
            display_name=_display_name(user.first_name, user.last_name),
        )

    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    text = message.text if message.text is not None else message.caption
    if not text or not text.strip():
        if message.chat.type != Chat.PRIVATE:
            return None
        # A sticker, voice note or bare photo in private: answered (kindly), never ignored.
        return Incoming(
            platform=PLATFORM,
            user_id=str(message.from_user.id),
            chat_id=str(message.chat.id),
            at=now,
            text="",
            display_name=_display_name(message.from_user.first_name, message.from_user.last_name),
        )
    chat = message.chat
    is_private = chat.type == Chat.PRIVATE
    if chat.type not in (Chat.PRIVATE, Chat.GROUP, Chat.SUPERGROUP):
        return None

    command = normalise_command(text, bot_username)
    if command is not None:
        text, ours = command
        if not ours:
            return None
    elif not is_private:
        if not _mentions(message, bot_username):
            return None
        text = _strip_mention(text, bot_username or "") or "/help"

    user = message.from_user
    return Incoming(
        platform=PLATFORM,
        user_id=str(user.id),
        chat_id=str(chat.id),
        at=message.date or now,
        text=text,
        is_private=is_private,
        display_name=_display_name(user.first_name, user.last_name),
    )


def keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """Rows of core buttons as an inline keyboard; the action id is the callback_data."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in buttons]
    )


def group_redirect(bot_username: str | None, words: GroupRedirect) -> Send:
    """What a group sees instead of a personal reply: a link into the private chat."""
    markup = None
    if bot_username:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(words.button, url=f"https://t.me/{bot_username}")]]
        )
    return Send("message", words.text, markup)


def render_one(reply: Reply) -> list[Send]:
    """The sends that show one reply in a private chat.

    Text is split at 4,096; the keyboard goes on the last send so it sits under the end of
    the reply. An attachment goes as a photo (kind "image") or a document (kind "file"); its
    text becomes the caption when it fits, else precedes it as messages.
    """
    markup = keyboard(reply.buttons)
    attachment = reply.attachment
    if attachment is not None:
        kind: SendKind = "photo" if attachment.kind == "image" else "document"
        if utf16_len(reply.text) <= CAPTION_LIMIT:
            return [Send(kind, reply.text, markup, attachment)]
        sends = [Send("message", piece) for piece in split_for_telegram(reply.text)]
        return [*sends, Send(kind, "", markup, attachment)]
    if not reply.text.strip():
        if markup is None:
            return []
        # A keyboard needs a message to hang on; Telegram rejects empty text.
        return [Send("message", "…", markup)]
    pieces = split_for_telegram(reply.text)
    return [
        Send("message", piece, markup if i == len(pieces) - 1 else None)
        for i, piece in enumerate(pieces)
    ]


def render(
    replies: list[Reply] | tuple[Reply, ...],
    chat_id: str | int,
    bot_username: str | None,
    *,
    redirect: GroupRedirect,
) -> list[Send]:
    """Every send for a batch of replies to one chat, in order.

    In a group a personal reply is never shown: the whole batch's personal replies become one
    invitation to the private chat, placed where the first of them would have been.
    """
    in_group = is_group_chat(chat_id)
    sends: list[Send] = []
    redirected = False
    for reply in replies:
        if in_group and reply.private:
            if not redirected:
                sends.append(group_redirect(bot_username, redirect))
                redirected = True
            continue
        sends.extend(render_one(reply))
    return sends


def pressed_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button whose callback_data was pressed, if the keyboard still has it."""
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for b in row:
            if b.callback_data == data:
                return b.text
    return None


def mark_choice(text: str, label: str) -> str:
    """The pressed message's text with the choice noted under it (its keyboard is removed).

    Seeing "» Breathe with me" under the question shows the press was taken, and removing the
    keyboard stops the same old button being pressed again.
    """
    marked = f"{text}\n\n» {label}"
    if utf16_len(marked) > TEXT_LIMIT:
        return text
    return marked
