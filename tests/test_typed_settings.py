"""A setting changed in the person's own words, outside /settings ("timezone new york",
"morning 25:99", "change my check in to 10pm"): changed at once, or the step's question
asked again with its reason; words that only mention a setting are left to the usual
answers. Through the real engine, and once through a real `cooloff chat` process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.core import Core
from bot.flows.typed_settings import asks_to_change, request
from bot.storage.models import User
from tests.harness import Chat
from tests.test_chat_process import chat as run_chat


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("timezone new york", ("tz", "new york")),
        ("set my timezone to Europe/Berlin", ("tz", "europe/berlin")),
        ("morning 25:99", ("am", "25:99")),
        ("move the morning to 7", ("am", "7")),
        ("change my check in to 10pm", ("pm", "10pm")),
        ("quiet hours 23-7", ("quiet", "23-7")),
        ("my country is ireland", ("cc", "ireland")),
        ("plan 60 days", ("len", "60 days")),
        ("morning is the worst", None),
        ("evening was rough", None),
        ("timezone is killing me lol", None),
        ("plan is working so far", None),
        ("can i change my timezone?", None),
    ],
)
def test_what_counts_as_a_setting_request(text: str, found: tuple[str, str] | None) -> None:
    assert request(text) == found


def test_a_question_about_changing_a_setting_names_it() -> None:
    assert asks_to_change("can i change my timezone?") == "tz"
    assert asks_to_change("how do i set the morning time") == "am"
    assert asks_to_change("why is the morning so hard?") is None


async def _set_up(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")


async def _user(core: Core, chat: Chat) -> User:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    user = await core.store.get_user(identity.user_id)
    assert user is not None
    return user


async def test_typed_requests_change_the_settings(chat: Chat, core: Core) -> None:
    await _set_up(chat)
    await chat.say("timezone new york")
    await chat.say("change my check in to 10pm")
    await chat.say("move the morning to 7")
    user = await _user(core, chat)
    assert (user.timezone, user.checkin_time, user.morning_time) == (
        "America/New_York",
        "22:00",
        "07:00",
    )
    assert (await core.store.conversation(user.id))[0] == "idle"


async def test_a_value_that_cannot_be_used_asks_again_and_changes_nothing(
    chat: Chat, core: Core
) -> None:
    await _set_up(chat)
    before = (await _user(core, chat)).morning_time
    await chat.say("morning 25:99")
    assert any(b.action.startswith("ob:") for b in chat.replies[-1].all_buttons)
    assert (await _user(core, chat)).morning_time == before
    await chat.say("7.30")  # the answer to the question asked again
    assert (await _user(core, chat)).morning_time == "07:30"


async def test_a_question_about_a_setting_asks_that_setting(chat: Chat, core: Core) -> None:
    await _set_up(chat)
    await chat.say("can i change my timezone?")
    await chat.say("berlin")
    assert (await _user(core, chat)).timezone == "Europe/Berlin"


async def test_a_mention_is_not_a_request(chat: Chat, core: Core) -> None:
    await _set_up(chat)
    before = await _user(core, chat)
    await chat.say("morning is the worst")
    after = await _user(core, chat)
    assert (after.morning_time, after.timezone) == (before.morning_time, before.timezone)
    assert (await core.store.conversation(after.id))[0] == "idle"
    assert chat.replies  # answered for what it is


def test_typed_settings_through_cooloff_chat(tmp_path: Path) -> None:
    typed = ["/start", "skip the rest", "timezone new york", "morning 25:99", "7.30"]
    result = run_chat(typed, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "chat.db") as db:
        row = db.execute("SELECT timezone, morning_time FROM users").fetchone()
    assert row == ("America/New_York", "07:30")
