"""The main journeys as a Discord user lives them: slash commands, buttons, forms and DMs
over the real discord.py client and the stand-in Discord, answered by the real engine on a
SQLite file.

Buttons are found by their action ids (bot/actions.py is the core's vocabulary); the
assertions are about what a person would notice: that an answer came, only to them, what it
says, that a file arrived and holds their data.
"""

from __future__ import annotations

import json
import re

import pytest

from adapters.discord_adapter import DiscordAdapter
from bot.core import Core
from tests import discord_fixtures as fx
from tests.discord_fixtures import Person
from tests.harness import Chat
from tests.standins.discord_api import StandIn

discord_api = fx.discord_api
discord_bot = fx.discord_bot
app = fx.app

ALEX = 777000000000000007


@pytest.fixture
def alex(discord_api: StandIn, discord_bot: DiscordAdapter) -> Person:
    """Alex uses the bot from a server: every answer must be ephemeral."""
    return Person(discord_api, discord_bot, user_id=ALEX, name="alex")


def only_to_them(person: Person) -> None:
    assert person.last, "an answer came"
    assert all(s.ephemeral for s in person.last if s.kind in {"message", "defer"})


async def test_onboarding(alex: Person, core: Core) -> None:
    await alex.command("start")
    assert "day 1" in alex.text and "Question 1 of 9" in alex.text
    only_to_them(alex)

    await alex.press_action(r"^ob:len:45$")
    assert "45 days" in alex.text
    for _ in range(12):  # skip the remaining questions one by one
        try:
            skip = alex.action(r"^ob:[a-z_]+:skip$")
        except AssertionError:
            break
        await alex.press_id(skip)
        only_to_them(alex)
    assert "All set" in alex.text

    await alex.command("status")
    assert "of 45" in alex.text
    identity = await core.store.find_identity("discord", str(ALEX))
    # Nudges are addressed to the person (their DMs), not to the server channel.
    assert identity is not None and identity.chat_id == str(ALEX)


@pytest.mark.parametrize("tool", ["write", "wait", "task", "breathe", "passed"])
async def test_urge_with_each_tool(alex: Person, core: Core, tool: str) -> None:
    await alex.command("urge")
    assert "How strong is the pull" in alex.text
    await alex.press_action(r"^ur:\d+:s:7$")
    assert "What would help right now?" in alex.text
    await alex.press_action(rf"^ur:\d+:t:{tool}$")
    only_to_them(alex)
    if tool == "write":
        assert "goes nowhere" in alex.text
        form = alex.button("✍️")
        opened = await alex.press_id(form)
        assert [s.kind for s in opened] == ["modal"]
        await alex.submit(form, "I miss you. Can we please talk tonight?")
        assert "Saved, not sent" in alex.text
    elif tool == "wait":
        assert "20:15" in alex.text  # the fixed clock says 20:00 UTC
        return
    elif tool == "task":
        assert "something small to do" in alex.text
    elif tool == "breathe":
        assert "in for 4" in alex.text.lower()

    await alex.press_action(r"^ur:\d+:a:2$")
    await alex.press_action(r"^ur:\d+:o:held$")
    assert "You held on" in alex.text
    only_to_them(alex)

    identity = await core.store.find_identity("discord", str(ALEX))
    assert identity is not None
    (urge,) = await core.store.urges(identity.user_id)
    assert (urge.strength_before, urge.strength_after, urge.outcome) == (7, 2, "held")
    if tool == "write":
        (draft,) = await core.store.drafts(identity.user_id)
        assert draft.text == "I miss you. Can we please talk tonight?"


async def test_a_slip(alex: Person, core: Core) -> None:
    await alex.command("start")
    await alex.press_action(r"^ob:stop$")
    await alex.command("slip")
    await alex.press_action(r"^sl:\d+:k:reset$")
    assert "Tomorrow is day 1" in alex.text
    await alex.press_action(r"^sl:\d+:g:profile$")
    await alex.press_action(r"^sl:\d+:note$")
    form = alex.button("✍️")  # the note is free text: a form is offered
    await alex.submit(form, "Saw a photo and texted. Felt worse after.")
    assert "Saved" in alex.text
    only_to_them(alex)

    await alex.command("status")
    assert "count begins tomorrow" in alex.text
    identity = await core.store.find_identity("discord", str(ALEX))
    assert identity is not None
    (slip,) = await core.store.slips(identity.user_id)
    assert (slip.kind, slip.trigger) == ("reset", "profile")
    assert slip.note == "Saw a photo and texted. Felt worse after."


async def test_a_crisis_message_in_dms_from_a_new_user(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    newcomer = Person(discord_api, discord_bot, user_id=888000000000000008, in_server=False)
    said = await newcomer.write_dm("I don't want to be alive anymore")
    assert said, "a crisis message is always answered"
    first = said[0].content
    assert "I'm really glad you told me" in first  # resources come first
    assert re.search(r"helpline|\d{3}", first, re.IGNORECASE), first


async def test_export_arrives_as_a_file(alex: Person) -> None:
    await alex.command("start")
    await alex.press_action(r"^ob:len:skip$")
    await alex.press_action(r"^ob:[a-z_]+:skip$")
    # Free text that has no form goes by DM (server messages are never read).
    await alex.write_dm("I deserve someone who stays")
    assert "Saved" in alex.text

    await alex.command("export")
    only_to_them(alex)
    files = [f for s in alex.last for f in s.files]
    assert len(files) == 1
    filename, content = files[0]
    assert filename.endswith(".json")
    data = json.loads(content)
    assert "I deserve someone who stays" in json.dumps(data, ensure_ascii=False)


async def test_delete_with_its_confirm_button(alex: Person, core: Core) -> None:
    await alex.command("start")
    identity = await core.store.find_identity("discord", str(ALEX))
    assert identity is not None
    await alex.command("delete")
    assert "Are you sure?" in alex.text
    yes = alex.action(r"^dl:yes:\w+$")
    await alex.press_id(yes)
    assert "erased" in alex.text
    only_to_them(alex)
    assert await core.store.count_rows_for(identity.user_id) == 0

    await alex.press_id(yes)
    assert "no longer have" in alex.text
    assert await core.store.find_identity("discord", str(ALEX)) is None


async def test_link_a_telegram_and_a_discord_account(alex: Person, core: Core) -> None:
    telegram = Chat(core, user_id="5550001", platform="telegram")
    await telegram.say("/start")
    await telegram.say("/urge")
    await telegram.say("/link")
    code = next(w for w in telegram.text.split() if len(w) == 8 and w.isupper())
    telegram_user = (await core.store.find_identity("telegram", "5550001")).user_id  # type: ignore[union-attr]

    await alex.command("start")
    await alex.command("link", code)
    assert "Linked" in alex.text
    only_to_them(alex)
    discord_identity = await core.store.find_identity("discord", str(ALEX))
    assert discord_identity is not None and discord_identity.user_id == telegram_user
    assert len(await core.store.urges(telegram_user)) == 1  # one plan, one history

    await alex.press("To Discord")
    user = await core.store.get_user(telegram_user)
    assert user is not None and user.nudge_identity_id == discord_identity.id

    # The code worked once.
    other = Person(alex.api, alex.bot, user_id=999000000000000009, name="eve")
    await other.command("start")
    await other.command("link", code)
    assert "doesn't work" in other.text
