"""Two people, two platforms, one real `cooloff run`: a buddy and a linked account.

Both tokens are set, so the process runs Telegram and Discord together (against the
Telegram stand-in and the Discord stand-in) and the scheduler, as in production. The person
(A) is always on Telegram; the buddy (B) is on Telegram or on Discord. What is checked is
what each of them would see arrive, and that nothing private ever reaches the buddy.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.process_harness import (
    DiscordUser,
    Shown,
    TelegramUser,
    World,
    both_platforms,
    buttons_of,
    has_button,
    offers,
    texts,
    until,
)
from tests.standins.telegram_api import Recorded

pytestmark = pytest.mark.asyncio(loop_scope="module")

NOTICE_WITHIN = 10.0
# Words that must never reach a buddy: the person's reason and draft.
REASON, DRAFT = "ZEBRA reasons are mine alone", "PLATYPUS please answer me"


@pytest_asyncio.fixture(scope="module", loop_scope="module", name="world")
async def world_fixture(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    async with both_platforms(
        tmp_path_factory.mktemp("people"), 52_000, private=(REASON, DRAFT)
    ) as world:
        yield world


Buddy = TelegramUser | DiscordUser


def code_in(text: str) -> str:
    found = re.search(r"\b([A-Z2-9]{8})\b", text)
    assert found, f"no code in {text!r}"
    return found.group(1)


async def person_with_private_words(world: World, name: str = "Alex") -> TelegramUser:
    """A on Telegram: joined with the defaults, a reason and a draft of their own."""
    alex = world.on_telegram(name)
    await alex.say("/start", has_button(r"^ob:stop$"))
    await alex.press(r"^ob:stop$", has_button(r"^go:"))
    await alex.say("/reasons", has_button(r"^ob:reasons:"))
    await alex.say(REASON, has_button(r"^ob:reasons:done$"))
    await alex.press(r"^ob:reasons:done$")
    await alex.say("/urge", has_button(r"^ur:\d+:s:"))
    await alex.press(r"^ur:\d+:s:6$", has_button(r"^ur:\d+:t:write$"))
    await alex.press(r"^ur:\d+:t:write$")
    await alex.say(DRAFT, has_button(r"^ur:\d+:a:\d+$"))
    await alex.say("/cancel")
    return alex


def everything_to(buddy: Buddy) -> str:
    if isinstance(buddy, TelegramUser):
        return texts(buddy.inbox())
    return "\n".join(s.content for s in [*buddy.dms(), *buddy.last])


async def become_buddies(alex: TelegramUser, buddy: Buddy) -> None:
    """A invites with /buddy; B sends the code and accepts with the button; A is told."""
    invite = await alex.say("/buddy", has_button(r"^bd:set:"))
    code = code_in(texts(invite))
    told_before = len(alex.inbox())
    if isinstance(buddy, TelegramUser):
        offer = await buddy.say(f"/buddy {code}", has_button(r"^bd:acc:"))
        assert has_button(r"^bd:dec$")(offer), "and a way to say no"
        accepted = await buddy.press(r"^bd:acc:", has_button(r"^bd:stop:\d+$"))
        assert accepted
    else:
        # The code typed in the DM with the bot, as the invitation says: "/buddy CODE".
        offer_d = await buddy.write(f"/buddy {code}", offers(r"^bd:acc:"))
        assert offers(r"^bd:dec$")(offer_d), "and a way to say no"
        await buddy.press(r"^bd:acc:", offers(r"^bd:stop:\d+$"))
    told = await alex.expect(
        has_button(r"^bd:set:"),
        since=told_before,
        within=NOTICE_WITHIN,
        what=f"A ({alex.user_id}) being told that the buddy accepted",
    )
    assert buddy.name.title() in texts(told), "the notice names the buddy"


async def wait_for_buddy(buddy: Buddy, since: int, what: str) -> str:
    """What reached the buddy (unasked) after `since` messages, once something did."""
    if isinstance(buddy, TelegramUser):
        sends: list[Recorded] = await buddy.expect(
            has_button(r"^bd:stop:\d+$"), since=since, within=NOTICE_WITHIN, what=what
        )
        return texts(sends)
    items: list[Shown] = []

    def arrived() -> bool:
        items[:] = buddy.dms()[since:]
        return offers(r"^bd:stop:\d+$")(items)

    await until(arrived, within=NOTICE_WITHIN, what=what, bot=buddy.bot)
    return "\n".join(s.content for s in items)


def received(buddy: Buddy) -> int:
    return len(buddy.inbox()) if isinstance(buddy, TelegramUser) else len(buddy.dms())


def b_on(world: World, platform: str, name: str) -> Buddy:
    return world.on_telegram(name) if platform == "telegram" else world.on_discord(name)


# --- the journeys ------------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["telegram", "discord"])
async def test_buddy_invite_accept_and_sos(world: World, platform: str) -> None:
    alex = await person_with_private_words(world, "Alex")
    bo = b_on(world, platform, "bo")
    await become_buddies(alex, bo)

    await alex.say("/urge", has_button(r"^ur:\d+:s:"))
    tools = await alex.press(r"^ur:\d+:s:8$", has_button(r"^ur:\d+:t:"))
    assert has_button(r"^bd:sos:\d+$")(tools), f"'reach my buddy' among {buttons_of(tools)}"
    confirm = await alex.press(r"^bd:sos:\d+$", has_button(r"^bd:sos:\d+:none$"))
    assert has_button(r"^bd:sos:\d+:no$")(confirm), "nothing is sent without a confirm"

    before = received(bo)
    sent = await alex.press(r"^bd:sos:\d+:none$", has_button(r"^ur:\d+:t:"))
    assert sent
    sos = await wait_for_buddy(bo, before, f"the SOS reaching B on {platform}")
    assert "Alex" in sos, "the buddy knows who needs them"

    for private in (REASON, DRAFT):
        assert private not in everything_to(bo)


@pytest.mark.parametrize("platform", ["telegram", "discord"])
async def test_a_shared_slip_reaches_the_buddy(world: World, platform: str) -> None:
    alex = await person_with_private_words(world, "Casey")
    bo = b_on(world, platform, "dana")
    await become_buddies(alex, bo)
    # Slips are not shared by default; A turns it on.
    await alex.say("/buddy", has_button(r"^bd:set:sl:1$"))
    await alex.press(r"^bd:set:sl:1$", has_button(r"^bd:set:sl:0$"))

    before = received(bo)
    await alex.say("/slip", has_button(r"^sl:\d+:k:reset$"))
    await alex.press(r"^sl:\d+:k:reset$", has_button(r"^sl:\d+:g:"))
    notice = await wait_for_buddy(bo, before, f"the slip notice reaching B on {platform}")
    assert "Casey" in notice
    for private in (REASON, DRAFT):
        assert private not in everything_to(bo)


async def test_no_slip_notice_when_slips_are_not_shared(world: World) -> None:
    alex = await person_with_private_words(world, "Eden")
    bo = world.on_telegram("finn")
    await become_buddies(alex, bo)
    before = received(bo)
    await alex.say("/slip", has_button(r"^sl:\d+:k:reset$"))
    await alex.press(r"^sl:\d+:k:reset$", has_button(r"^sl:\d+:g:"))
    await alex.say("/status")  # a full turn later: anything sent for the slip has gone out
    assert received(bo) == before, texts(bo.inbox()[before:])


async def test_link_joins_a_discord_account_to_the_telegram_plan(world: World) -> None:
    gil = world.on_telegram("gil")
    await gil.say("/start", has_button(r"^ob:stop$"))
    await gil.press(r"^ob:stop$", has_button(r"^go:"))
    code = code_in(texts(await gil.say("/link")))

    gil_d = world.on_discord("gil")
    await gil_d.command("link", code, option="code")
    on_telegram = world.bot.user_id("telegram", gil.user_id)
    on_discord = world.bot.user_id("discord", gil_d.user_id)
    assert on_telegram is not None and on_telegram == on_discord, "one plan, one person"
    status = await gil_d.command("status")
    assert any(re.search(r"\b30\b", s.content) for s in status), [s.content for s in status]


async def test_the_discord_buddy_command_takes_the_code(world: World) -> None:
    """The invitation says "send /buddy CODE" on Telegram or Discord. On Discord a command's
    text can only be given through a declared option (like /link's `code`)."""
    (registered,) = [
        c for c in world.discord.calls if c.method == "PUT" and c.path.endswith("/commands")
    ][:1]
    assert isinstance(registered.body, list)
    by_name = {c["name"]: c for c in registered.body}
    assert by_name["link"].get("options"), "the /link command takes its code"
    assert by_name["buddy"].get("options"), "the /buddy command has no option for the code"
