"""The main journeys as a Telegram user lives them: typed over the real PTB Application and
the stand-in Bot API, answered by the real engine on a SQLite file.

Buttons are found by their action ids (bot/actions.py is the core's stable vocabulary), and
the assertions are about what a person would notice: that an answer came, what it says, that
a file arrived and holds their data.
"""

from __future__ import annotations

import json
import re

import pytest

from adapters.telegram_adapter import TelegramAdapter
from bot.core import Core
from tests.standins.telegram_api import FakeBotApi, Recorded
from tests.telegram_fixtures import (  # noqa: F401  (the fixtures are used by name)
    Person,
    adapter_fixture,
    api_fixture,
    telegram_app_fixture,
)

SAM = 6101


def text_of(sends: list[Recorded]) -> str:
    return "\n---\n".join(r.text for r in sends)


@pytest.fixture
def sam(api: FakeBotApi, adapter: TelegramAdapter) -> Person:
    return Person(api, adapter, SAM)


async def test_onboarding(sam: Person, core: Core) -> None:
    welcome = await sam.say("/start")
    assert "day 1" in text_of(welcome)
    assert "Question 1 of 9" in text_of(welcome)
    assert welcome[-1].buttons, "the first question offers buttons"

    answered = await sam.press(sam.button(r"^ob:len:45$", welcome))
    assert "45 days" in text_of(answered)
    sends = answered
    for _ in range(12):  # skip the remaining questions one by one
        try:
            skip = sam.button(r"^ob:[a-z_]+:skip$", sends)
        except AssertionError:
            break
        sends = await sam.press(skip)
        assert sends, "every press gets an answer"
    assert "All set" in text_of(sends)

    status = await sam.say("/status")
    assert "of 45" in text_of(status)
    identity = await core.store.find_identity("telegram", str(SAM))
    assert identity is not None and identity.chat_id == str(SAM)


@pytest.mark.parametrize("tool", ["write", "wait", "task", "breathe", "passed"])
async def test_urge_with_each_tool(sam: Person, core: Core, tool: str) -> None:
    asked = await sam.say("/urge")
    assert "How strong is the pull" in text_of(asked)
    tools = await sam.press(sam.button(r"^ur:\d+:s:7$", asked))
    assert "What would help right now?" in text_of(tools)
    labels = {b["callback_data"].split(":")[-1]: b["text"] for b in tools[-1].buttons}
    assert tool in labels, f"the {tool} tool is offered"

    sends = await sam.press(sam.button(rf"^ur:\d+:t:{tool}$", tools))
    assert sends, f"{labels[tool]!r} gets an answer"
    said = text_of(sends)
    if tool == "write":
        assert "goes nowhere" in said
        sends = await sam.say("I miss you. Can we please talk tonight?")
        assert "Saved, not sent" in text_of(sends)
    elif tool == "wait":
        assert "20:15" in said  # the fixed clock says 20:00 UTC
        return
    elif tool == "task":
        assert "something small to do" in said
    elif tool == "breathe":
        assert "in for 4" in said.lower()

    after = await sam.press(sam.button(r"^ur:\d+:a:2$", sends))
    assert "7" in text_of(after) and "2" in text_of(after)
    held = await sam.press(sam.button(r"^ur:\d+:o:held$", after))
    assert "You held on" in text_of(held)

    identity = await core.store.find_identity("telegram", str(SAM))
    assert identity is not None
    (urge,) = await core.store.urges(identity.user_id)
    assert (urge.strength_before, urge.strength_after, urge.outcome) == (7, 2, "held")
    if tool == "write":
        (draft,) = await core.store.drafts(identity.user_id)
        assert draft.text == "I miss you. Can we please talk tonight?"


async def test_a_slip(sam: Person, core: Core) -> None:
    await sam.say("/start")
    await sam.press(sam.button(r"^ob:stop$"))
    asked = await sam.say("/slip")
    assert asked and asked[-1].buttons
    reset = await sam.press(sam.button(r"^sl:\d+:k:reset$", asked))
    assert "Tomorrow is day 1" in text_of(reset)
    for word in ("you failed", "weak", "pathetic", "should have"):
        assert word not in text_of(reset).lower()
    await sam.press(sam.button(r"^sl:\d+:g:profile$", reset))
    note = await sam.press(sam.button(r"^sl:\d+:note$"))
    assert note
    saved = await sam.say("Saw a photo and texted. Felt worse after.")
    assert "Saved" in text_of(saved)

    status = await sam.say("/status")
    assert "count begins tomorrow" in text_of(status)
    identity = await core.store.find_identity("telegram", str(SAM))
    assert identity is not None
    (slip,) = await core.store.slips(identity.user_id)
    assert (slip.kind, slip.trigger) == ("reset", "profile")


async def test_a_crisis_message_from_a_new_user(sam: Person, api: FakeBotApi) -> None:
    sends = await sam.say("I don't want to be alive anymore")
    assert sends, "a crisis message is always answered"
    first = sends[0].text
    assert re.search(r"helpline|\d{3}", first, re.IGNORECASE), first
    assert "I'm really glad you told me" in first
    assert api.calls("sendMessage")[-len(sends)].text == first  # resources came first


async def test_export_arrives_as_a_json_document_with_my_data(sam: Person) -> None:
    await sam.say("/start")
    await sam.press(sam.button(r"^ob:len:skip$"))
    await sam.press(sam.button(r"^ob:[a-z_]+:skip$"))
    reason = await sam.say("I deserve someone who stays")
    assert "Saved" in text_of(reason)

    sends = await sam.say("/export")
    documents = [r for r in sends if r.method == "sendDocument"]
    assert len(documents) == 1
    filename, payload = documents[0].files["document"]
    assert filename.endswith(".json")
    data = json.loads(payload)
    assert "I deserve someone who stays" in json.dumps(data, ensure_ascii=False)
    assert data["user"]["id"]


async def test_delete_with_its_confirm_button(sam: Person, core: Core) -> None:
    await sam.say("/start")
    identity = await core.store.find_identity("telegram", str(SAM))
    assert identity is not None
    asked = await sam.say("/delete")
    assert "Are you sure?" in text_of(asked)
    yes = sam.button(r"^dl:yes:\w+$", asked)
    done = await sam.press(yes)
    assert "erased" in text_of(done)
    assert await core.store.count_rows_for(identity.user_id) == 0

    # The same confirm button again gets a clear answer and brings nothing back.
    again = await sam.press(yes)
    assert "no longer have" in text_of(again)
    assert await core.store.find_identity("telegram", str(SAM)) is None

    after = await sam.say("/export")
    assert [r.method for r in after] == ["sendMessage"]
    assert "don't have anything stored" in text_of(after)
