"""/link through the real engine: one person on Telegram and Discord, one plan.

A code works once, for 15 minutes, never from the account that made it; a fresh account
joins at once; two plans with history are never merged without asking which to keep.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.core import Core
from bot.domain import short_codes
from bot.storage import linking_store
from tests.harness import Chat


def code_in(chat: Chat) -> str:
    for word in chat.text.replace("\n", " ").split():
        if short_codes.normalise_code(word) and len(word) == short_codes.CODE_LENGTH:
            return word
    raise AssertionError(f"no code in {chat.text!r}")


async def user_of(core: Core, platform: str, user_id: str) -> int:
    identity = await core.store.find_identity(platform, user_id)
    assert identity is not None
    return identity.user_id


@pytest.fixture
def tg(core: Core) -> Chat:
    return Chat(core, user_id="tg-1", platform="telegram")


@pytest.fixture
def dc(core: Core) -> Chat:
    return Chat(core, user_id="dc-1", platform="discord")


# --- codes ------------------------------------------------------------------------------


def test_codes_are_eight_unambiguous_characters() -> None:
    codes = {short_codes.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("01OIL")
        assert short_codes.normalise_code(code) == code


def test_typed_codes_forgive_case_spaces_and_dashes() -> None:
    assert short_codes.normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert short_codes.normalise_code("ABCD EFGH") == "ABCDEFGH"
    assert short_codes.normalise_code("ABCDEFG") is None
    assert short_codes.normalise_code("ABCDEFG0") is None  # 0 is never in a code
    assert short_codes.normalise_code("hello world") is None


async def test_link_gives_a_code_to_send_from_the_other_account(tg: Chat, core: Core) -> None:
    await tg.say("/start")
    await tg.say("/link")
    code = code_in(tg)
    assert f"/link {code}" in tg.text and "15 minutes" in tg.text
    assert all(r.private for r in tg.replies)


# --- joining ----------------------------------------------------------------------------


async def test_a_fresh_account_joins_the_codes_plan_at_once(tg: Chat, dc: Chat, core: Core) -> None:
    await tg.say("/start")
    await tg.say("/urge")  # history on Telegram
    tg_user = await user_of(core, "telegram", "tg-1")
    await tg.say("/link")
    code = code_in(tg)

    await dc.say("/start")  # a fresh default plan, nothing done with it yet
    await dc.say(f"/link {code.lower()}")
    assert "Linked" in dc.text
    assert await user_of(core, "discord", "dc-1") == tg_user
    identities = await core.store.identities(tg_user)
    assert {i.platform for i in identities} == {"telegram", "discord"}
    assert len(await core.store.urges(tg_user)) == 1  # Telegram's history is kept
    assert len(await core.store.plans(tg_user)) == 1  # one plan, one streak
    assert dc.labels == ["To Telegram", "To Discord"]

    # Both accounts now speak for one person.
    await dc.say("/status")
    await tg.say("/status")
    assert len(await core.store.urges(tg_user)) == 1


async def test_a_code_works_once(tg: Chat, dc: Chat, core: Core) -> None:
    await tg.say("/start")
    await tg.say("/link")
    code = code_in(tg)
    await dc.say("/start")
    await dc.say(f"/link {code}")
    assert "Linked" in dc.text
    console = Chat(core, user_id="c-1", platform="console")
    await console.say("/start")
    await console.say(f"/link {code}")
    assert "doesn't work" in console.text
    assert await user_of(core, "console", "c-1") != await user_of(core, "telegram", "tg-1")


async def test_a_code_expires_after_15_minutes(
    tg: Chat, dc: Chat, core: Core, clock: FixedClock
) -> None:
    await tg.say("/start")
    await tg.say("/link")
    code = code_in(tg)
    await dc.say("/start")
    clock.advance(minutes=15, seconds=1)
    await dc.say(f"/link {code}")
    assert "doesn't work" in dc.text
    assert await user_of(core, "discord", "dc-1") != await user_of(core, "telegram", "tg-1")


async def test_a_code_cannot_be_used_by_the_account_that_made_it(
    tg: Chat, dc: Chat, core: Core
) -> None:
    await tg.say("/start")
    await tg.say("/link")
    code = code_in(tg)
    await tg.say(f"/link {code}")
    assert "came from this account" in tg.text
    # Not spent: the other account can still use it.
    await dc.say("/start")
    await dc.say(f"/link {code}")
    assert "Linked" in dc.text


async def test_two_accounts_on_one_platform_cannot_share_a_plan(tg: Chat, core: Core) -> None:
    await tg.say("/start")
    await tg.say("/link")
    code = code_in(tg)
    other = Chat(core, user_id="tg-2", platform="telegram")
    await other.say("/start")
    await other.say(f"/link {code}")
    assert "already has a Telegram account" in other.text
    assert await user_of(core, "telegram", "tg-2") != await user_of(core, "telegram", "tg-1")


async def test_when_the_code_side_is_fresh_it_joins_the_side_with_history(
    tg: Chat, dc: Chat, core: Core
) -> None:
    await tg.say("/start")
    await tg.say("/link")
    code = code_in(tg)
    await dc.say("/urge")
    dc_user = await user_of(core, "discord", "dc-1")
    await dc.say(f"/link {code}")
    assert "Linked" in dc.text
    assert await user_of(core, "telegram", "tg-1") == dc_user
    assert len(await core.store.urges(dc_user)) == 1


# --- both with history ------------------------------------------------------------------


async def both_with_history(tg: Chat, dc: Chat, core: Core) -> tuple[int, int]:
    await tg.say("/urge")
    await dc.say("/urge")
    await dc.press("3")
    tg_user = await user_of(core, "telegram", "tg-1")
    dc_user = await user_of(core, "discord", "dc-1")
    await tg.say("/link")
    await dc.say(f"/link {code_in(tg)}")
    return tg_user, dc_user


async def test_two_plans_with_history_are_never_merged_without_asking(
    tg: Chat, dc: Chat, core: Core
) -> None:
    tg_user, dc_user = await both_with_history(tg, dc, core)
    assert "Which one" in dc.text
    assert dc.labels == ["Keep this account's plan", "Keep the plan from Telegram", "Don't link"]
    assert all(b.action.startswith("lk:") for r in dc.replies for b in r.all_buttons)
    # Nothing changed yet.
    assert await user_of(core, "discord", "dc-1") == dc_user != tg_user


async def test_keeping_the_other_plan_moves_this_account_and_erases_its_plan(
    tg: Chat, dc: Chat, core: Core
) -> None:
    tg_user, dc_user = await both_with_history(tg, dc, core)
    await dc.press("Keep the plan from Telegram")
    assert "Linked" in dc.text
    assert await user_of(core, "discord", "dc-1") == tg_user
    assert await core.store.get_user(dc_user) is None
    assert await core.store.count_rows_for(dc_user) == 0
    assert len(await core.store.urges(tg_user)) == 1


async def test_keeping_this_plan_moves_the_other_account_here(
    tg: Chat, dc: Chat, core: Core
) -> None:
    tg_user, dc_user = await both_with_history(tg, dc, core)
    await dc.press("Keep this account's plan")
    assert "Linked" in dc.text
    assert await user_of(core, "telegram", "tg-1") == dc_user
    assert await core.store.get_user(tg_user) is None
    urges = await core.store.urges(dc_user)
    assert len(urges) == 1 and urges[0].strength_before == 3


async def test_not_linking_leaves_both_plans_and_the_buttons_go_stale(
    tg: Chat, dc: Chat, core: Core
) -> None:
    tg_user, dc_user = await both_with_history(tg, dc, core)
    keep = dc.button("Keep this account's plan").action
    await dc.press("Don't link")
    assert "Nothing was linked" in dc.text
    await dc.send_action(keep)
    assert "expired" in dc.text
    assert await user_of(core, "telegram", "tg-1") == tg_user
    assert await user_of(core, "discord", "dc-1") == dc_user


async def test_the_choice_expires(tg: Chat, dc: Chat, core: Core, clock: FixedClock) -> None:
    tg_user, dc_user = await both_with_history(tg, dc, core)
    clock.advance(minutes=16)
    await dc.press("Keep this account's plan")
    assert "expired" in dc.text
    assert await core.store.get_user(tg_user) is not None
    assert await user_of(core, "discord", "dc-1") == dc_user


async def test_a_forged_choice_does_nothing(tg: Chat, dc: Chat, core: Core) -> None:
    tg_user, dc_user = await both_with_history(tg, dc, core)
    await dc.send_action("lk:keep:this:WRONGTKN")
    assert "expired" in dc.text
    await dc.send_action("lk:nudge:999999")
    assert await core.store.get_user(tg_user) is not None
    assert await user_of(core, "discord", "dc-1") == dc_user


# --- where nudges go --------------------------------------------------------------------


async def test_the_person_chooses_where_nudges_go(tg: Chat, dc: Chat, core: Core) -> None:
    await tg.say("/start")
    await tg.say("/link")
    await dc.say("/start")
    await dc.say(f"/link {code_in(tg)}")
    user_id = await user_of(core, "telegram", "tg-1")
    await dc.press("To Discord")
    assert "Discord" in dc.text
    user = await core.store.get_user(user_id)
    discord_identity = await core.store.find_identity("discord", "dc-1")
    assert user is not None and discord_identity is not None
    assert user.nudge_identity_id == discord_identity.id

    # /link again on a linked plan: no new code, the same choice.
    await tg.say("/link")
    assert "shared by your Telegram and Discord accounts" in tg.text
    await tg.press("To Telegram")
    user = await core.store.get_user(user_id)
    telegram_identity = await core.store.find_identity("telegram", "tg-1")
    assert user is not None and telegram_identity is not None
    assert user.nudge_identity_id == telegram_identity.id


# --- store operations -------------------------------------------------------------------


async def test_history_is_anything_the_person_did(core: Core, clock: FixedClock) -> None:
    user, _ = await core.store.create_user(
        platform="console",
        platform_user_id="h",
        chat_id="h",
        now=clock.now(),
        start_date=clock.now().date(),
    )
    assert not await linking_store.has_history(core.store, user.id)
    await core.store.add_reason(user.id, "self-respect", clock.now())
    assert await linking_store.has_history(core.store, user.id)


async def test_peek_does_not_spend_a_code(core: Core, clock: FixedClock) -> None:
    user, _ = await core.store.create_user(
        platform="console",
        platform_user_id="p",
        chat_id="p",
        now=clock.now(),
        start_date=clock.now().date(),
    )
    now = clock.now()
    await core.store.add_code("ABCDEFGH", user.id, "link", now, now + timedelta(minutes=15))
    assert await linking_store.peek_code(core.store, "ABCDEFGH", "link", now) is not None
    assert await core.store.claim_code("ABCDEFGH", "link", now) is not None
    assert await linking_store.peek_code(core.store, "ABCDEFGH", "link", now) is None


async def test_join_refuses_to_join_a_user_to_itself(core: Core) -> None:
    with pytest.raises(ValueError):
        await linking_store.join_users(core.store, keep=1, drop=1)
