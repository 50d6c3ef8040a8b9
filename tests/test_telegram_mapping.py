"""The pure half of the Telegram adapter: updates in, sends out, no network."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import Update

from adapters.telegram_mapping import (
    TEXT_LIMIT,
    GroupRedirect,
    mark_choice,
    normalise_command,
    render,
    to_incoming,
    utf16_len,
)
from bot.content.library import Library
from bot.messages import Attachment, Button, Reply, rows

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BOT = "cooloff_test_bot"
REDIRECT = GroupRedirect.from_library(Library.load("en"))


def message_update(
    text: str, *, chat_id: int = 42, chat_type: str = "private", **extra: Any
) -> Update:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    body = {
        "message_id": 1,
        "date": int(NOW.timestamp()),
        "chat": chat,
        "from": {"id": 42, "is_bot": False, "first_name": "Sam", "last_name": "Lee"},
        "text": text,
        **extra,
    }
    update = Update.de_json({"update_id": 1, "message": body}, None)
    assert update is not None
    return update


def test_private_text_goes_to_the_core() -> None:
    incoming = to_incoming(message_update("I miss them so much"), BOT, NOW)
    assert incoming is not None
    assert incoming.platform == "telegram"
    assert (incoming.user_id, incoming.chat_id) == ("42", "42")
    assert incoming.text == "I miss them so much"
    assert incoming.is_private
    assert incoming.display_name == "Sam Lee"
    assert incoming.at == NOW


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/timezone@cooloff_test_bot Europe/Berlin", "/timezone Europe/Berlin"),
        ("/timezone@Cooloff_Test_Bot Europe/Berlin", "/timezone Europe/Berlin"),
        ("/urge", "/urge"),
        ("/checkin_time 21:30", "/checkin_time 21:30"),
    ],
)
def test_commands_lose_only_the_bot_suffix(typed: str, expected: str) -> None:
    incoming = to_incoming(message_update(typed), BOT, NOW)
    assert incoming is not None and incoming.text == expected


def test_another_bots_command_is_not_ours() -> None:
    assert normalise_command("/start@some_other_bot", BOT) == ("/start", False)
    update = message_update("/start@some_other_bot", chat_id=-100, chat_type="supergroup")
    assert to_incoming(update, BOT, NOW) is None


def test_groups_only_see_commands_and_mentions() -> None:
    chatter = message_update("anyone up?", chat_id=-100, chat_type="group")
    assert to_incoming(chatter, BOT, NOW) is None

    command = to_incoming(message_update("/urge@cooloff_test_bot", chat_id=-100), BOT, NOW)
    assert command is not None and command.text == "/urge"

    mention = message_update(
        "@cooloff_test_bot how does this work",
        chat_id=-100,
        chat_type="supergroup",
        entities=[{"type": "mention", "offset": 0, "length": 17}],
    )
    incoming = to_incoming(mention, BOT, NOW)
    assert incoming is not None
    assert incoming.text == "how does this work"
    assert not incoming.is_private
    assert incoming.chat_id == "-100"


def test_a_button_press_carries_its_action_id() -> None:
    update = Update.de_json(
        {
            "update_id": 9,
            "callback_query": {
                "id": "q1",
                "from": {"id": 42, "is_bot": False, "first_name": "Sam"},
                "chat_instance": "x",
                "data": "ur:12:s:7",
                "message": {
                    "message_id": 5,
                    "date": 0,
                    "chat": {"id": 42, "type": "private"},
                    "text": "How strong?",
                },
            },
        },
        None,
    )
    assert update is not None
    incoming = to_incoming(update, BOT, NOW)
    assert incoming is not None
    assert incoming.action == "ur:12:s:7" and incoming.text is None
    assert incoming.at == NOW and incoming.is_private


def test_a_sticker_in_private_gets_an_answer_not_silence() -> None:
    sticker = Update.de_json(
        {
            "update_id": 2,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 42, "type": "private"},
                "from": {"id": 42, "is_bot": False, "first_name": "Sam"},
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "type": "regular",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                },
            },
        },
        None,
    )
    assert sticker is not None
    incoming = to_incoming(sticker, BOT, NOW)
    assert incoming is not None and incoming.text == "" and incoming.user_id == "42"


def test_long_text_is_split_with_the_buttons_on_the_last_piece() -> None:
    paragraph = ("I kept thinking about what I would say. " * 40).strip()
    text = "\n\n".join([paragraph] * 8)  # about 13,000 characters
    buttons = rows([Button("It passed", "ur:1:t:passed")])
    sends = render([Reply(text, buttons=buttons)], "42", BOT, redirect=REDIRECT)
    assert len(sends) >= 4
    assert all(utf16_len(s.text) <= TEXT_LIMIT for s in sends)
    assert [s.keyboard is not None for s in sends] == [False] * (len(sends) - 1) + [True]
    assert "".join(s.text for s in sends).replace("\n", "").replace(" ", "") == text.replace(
        "\n", ""
    ).replace(" ", "")


def test_the_limit_counts_utf16_units() -> None:
    text = "🌙" * 3000  # 6,000 UTF-16 units in 3,000 characters
    sends = render([Reply(text)], "42", BOT, redirect=REDIRECT)
    assert len(sends) == 2
    assert all(utf16_len(s.text) <= TEXT_LIMIT for s in sends)
    assert "".join(s.text for s in sends) == text


def test_pictures_go_as_photos_and_files_as_documents() -> None:
    chart = Attachment("progress.png", b"\x89PNG...", "image/png", "image")
    export = Attachment("export.json", b"{}", "application/json", "file")
    sends = render(
        [Reply("Your progress", attachment=chart), Reply("Your data", attachment=export)],
        "42",
        BOT,
        redirect=REDIRECT,
    )
    assert [(s.kind, s.text) for s in sends] == [
        ("photo", "Your progress"),
        ("document", "Your data"),
    ]


def test_groups_never_see_personal_replies() -> None:
    personal = Reply("Day 12. Your reasons: they lied to me.", buttons=rows([Button("x", "a:b")]))
    public = Reply("Ask me in a private chat.", private=False)
    sends = render([personal, personal, public], "-100123", BOT, redirect=REDIRECT)
    assert [s.text for s in sends] == [REDIRECT.text, "Ask me in a private chat."]
    redirect_button = sends[0].keyboard
    assert redirect_button is not None
    assert redirect_button.inline_keyboard[0][0].url == f"https://t.me/{BOT}"
    # The same replies in the private chat are shown as they are.
    assert render([personal], "42", BOT, redirect=REDIRECT)[0].text == personal.text


def test_the_choice_is_noted_under_a_pressed_message() -> None:
    assert mark_choice("How strong is it?", "7") == "How strong is it?\n\n» 7"
    assert mark_choice("x" * TEXT_LIMIT, "7") == "x" * TEXT_LIMIT
