"""Staying with someone in crisis (issue 16), through the real `cooloff run` on Telegram and
Discord at once (the stand-in servers in tests/standins/), buttons included.

A crisis message gets the line and the safety question with its three buttons. "Not safe"
puts the emergency number first and asks the country when it is unknown; "safe" offers
grounding, the safety plan and talking. The safety plan survives a restart of the real
process and disappears with /delete. Answers are recognised by their buttons (action ids),
numbers from the crisis-lines data and the person's own words, never by English wording.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.content.crisis_lines import line_for
from tests.process_harness import (
    World,
    actions_of,
    both_platforms,
    buttons_of,
    has_button,
    offers,
    offset_to,
    texts,
)
from tests.standins.telegram_api import Recorded

pytestmark = pytest.mark.asyncio(loop_scope="module")

CRISIS = "i want to kill myself tonight"
SAFETY = {"cr:safe", "cr:unsafe", "cr:unsure"}
SUPPORT = {"cr:ground:0", "cr:plan", "cr:talk"}
PLAN_WORDS = "OKAPI walks by the canal calm me"  # the person's own words, to find again


@pytest_asyncio.fixture(scope="module", loop_scope="module", name="world")
async def world_fixture(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    async with both_platforms(
        tmp_path_factory.mktemp("crisis"), 61_000, private=(CRISIS, PLAN_WORDS)
    ) as world:
        yield world


def offered(sends: list[Recorded]) -> set[str]:
    return set(buttons_of(sends))


# --- Telegram --------------------------------------------------------------------------------


async def test_telegram_the_line_then_the_safety_question_with_buttons(world: World) -> None:
    ana = world.on_telegram("Ana")
    sends = await ana.say(CRISIS, has_button(r"^cr:unsure$"))
    assert offered(sends) >= SAFETY
    first = sends[0]
    assert not first.buttons, "the line comes first, on its own"
    assert any(ch.isdigit() for ch in first.text) or "." in first.text  # a way to reach help


async def test_telegram_not_safe_gives_the_emergency_number_first_and_asks_the_country(
    world: World,
) -> None:
    ben = world.on_telegram("Ben")
    await ben.say(CRISIS, has_button(r"^cr:unsafe$"))
    sends = await ben.press(r"^cr:unsafe$", has_button(r"^cr:cc:"))
    assert not any(b.startswith("cr:cc:") for b in buttons_of(sends[:1])), "urgent words first"
    assert {"cr:cc:US", "cr:cc:GB", "cr:cc:other"} <= offered(sends)
    gb = line_for("GB")
    assert gb is not None
    chosen = await ben.press(r"^cr:cc:GB$")
    assert gb.emergency in texts(chosen)
    user = world.bot.user_id("telegram", ben.user_id)
    assert world.bot.rows("SELECT country FROM users WHERE id = ?", user) == [("GB",)]
    # Known now: the next "not safe" starts with that country's emergency number.
    await ben.say("i still want to die", has_button(r"^cr:unsafe$"))
    again = await ben.press(r"^cr:unsafe$")
    assert gb.emergency in again[0].text


async def test_telegram_safe_offers_grounding_the_plan_and_talking(world: World) -> None:
    cai = world.on_telegram("Cai")
    await cai.say(CRISIS, has_button(r"^cr:safe$"))
    sends = await cai.press(r"^cr:safe$", has_button(r"^cr:talk$"))
    assert offered(sends) >= SUPPORT
    step = await cai.press(r"^cr:ground:0$", has_button(r"^cr:ground:1$"))
    assert step, "the first grounding step, with a next"
    plan = await cai.press(r"^cr:plan$", has_button(r"^sp:skip:"))
    assert has_button(r"^sp:stop$")(plan)


async def test_telegram_not_sure_is_answered_like_safe(world: World) -> None:
    dee = world.on_telegram("Dee")
    await dee.say(CRISIS, has_button(r"^cr:unsure$"))
    sends = await dee.press(r"^cr:unsure$", has_button(r"^cr:talk$"))
    assert offered(sends) >= SUPPORT


async def test_telegram_answers_typed_instead_of_tapped(world: World) -> None:
    """Typed, not tapped: "im not safe" at the safety question is its answer (never the
    question again), and "im not sure" is the not-sure answer."""
    eve = world.on_telegram("Eve")
    await eve.say(CRISIS, has_button(r"^cr:unsafe$"))
    sends = await eve.say("im not safe", has_button(r"^cr:cc:"))
    assert not offered(sends) & {"cr:safe", "cr:unsure"}, "not asked again"
    fay = world.on_telegram("Fay")
    await fay.say(CRISIS, has_button(r"^cr:unsure$"))
    sends = await fay.say("im not sure", has_button(r"^cr:talk$"))
    assert offered(sends) >= SUPPORT


async def test_telegram_the_gentle_check_inside_setup_comes_alone(world: World) -> None:
    gus = world.on_telegram("Gus")
    await gus.say("/start", has_button(r"^ob:len:"))
    sends = await gus.say("i cant do this anymore", has_button(r"^cr:no$"))
    assert not any(b.startswith("ob:") for b in buttons_of(sends)), "no setup question after it"
    await gus.press(r"^cr:no$")
    answered = await gus.say("30", has_button(r"^ob:start:"))  # setup kept its place
    assert has_button(r"^ob:start:")(answered)


# --- Discord ---------------------------------------------------------------------------------


async def test_discord_the_safety_question_and_not_safe(world: World) -> None:
    eli = world.on_discord("eli")
    shown = await eli.write(CRISIS, offers(r"^cr:unsure$"))
    assert set(actions_of(shown)) >= SAFETY
    answer = await eli.press(r"^cr:unsafe$", offers(r"^cr:cc:"))
    assert {"cr:cc:US", "cr:cc:GB"} <= set(actions_of(answer))
    chosen = await eli.press(r"^cr:cc:US$")
    us = line_for("US")
    assert us is not None
    assert us.emergency in " ".join(s.content for s in chosen)


async def test_discord_safe_offers_grounding_the_plan_and_talking(world: World) -> None:
    fay = world.on_discord("fay")
    await fay.write(CRISIS, offers(r"^cr:safe$"))
    answer = await fay.press(r"^cr:safe$", offers(r"^cr:talk$"))
    assert set(actions_of(answer)) >= SUPPORT
    step = await fay.press(r"^cr:ground:0$", offers(r"^cr:ground:1$"))
    assert step


# --- the safety plan: a restart, then /delete --------------------------------------------------


async def test_the_safety_plan_survives_a_restart_and_goes_with_delete(world: World) -> None:
    gus = world.on_telegram("Gus")
    await gus.say("/start", has_button(r"^ob:stop$"))
    await gus.press(r"^ob:stop$")
    empty = await gus.say("/safetyplan", has_button(r"^sp:start$"))
    assert PLAN_WORDS not in texts(empty)
    await gus.press(r"^sp:start$", has_button(r"^sp:skip:warning$"))
    await gus.say("when I stop sleeping", has_button(r"^sp:skip:self$"))
    await gus.say(PLAN_WORDS, has_button(r"^sp:skip:distract$"))
    await gus.press(r"^sp:stop$")
    user = world.bot.user_id("telegram", gus.user_id)
    assert world.bot.rows("SELECT COUNT(*) FROM safety_plan_items WHERE user_id = ?", user) == [
        (2,)
    ]

    assert await world.bot.stop() == 0, world.bot.tail()
    await world.bot.start()
    assert world.bot.starts == 2

    shown = await gus.say("/safetyplan", has_button(r"^sp:edit$"))
    assert PLAN_WORDS in texts(shown), "the plan came back after the restart"

    await gus.say("/delete", has_button(r"^dl:yes:\w+$"))
    await gus.press(r"^dl:yes:\w+$")
    assert world.bot.rows("SELECT COUNT(*) FROM safety_plan_items WHERE user_id = ?", user) == [
        (0,)
    ]
    assert world.bot.user_id("telegram", gus.user_id) is None
    after = await gus.say("/safetyplan")
    assert PLAN_WORDS not in texts(after), "nothing of the plan is left"


# --- the morning after ---------------------------------------------------------------------


async def test_the_morning_after_brings_one_gentle_check_with_buttons(world: World) -> None:
    """Last in the module: it moves the process's clock to the next morning."""
    hal = world.on_telegram("Hal")
    await hal.say(CRISIS, has_button(r"^cr:safe$"))
    await hal.press(r"^cr:safe$", has_button(r"^cr:ok$"))
    await hal.press(r"^cr:ok$")
    since = len(hal.inbox())
    # 08:00 UTC (Hal's zone) tomorrow, his morning time, outside the default quiet hours.
    world.bot.jump(offset_to("08:00:05", days=1))
    got = await hal.expect(
        has_button(r"^cr:morning:better$"), since=since, within=20.0, what="the morning check"
    )
    checks = [r for r in got if "cr:morning:better" in buttons_of([r])]
    assert len(checks) == 1
    assert {"cr:morning:hard", "cr:unsafe"} <= set(buttons_of(checks))
    hard = await hal.press(r"^cr:morning:hard$", has_button(r"^cr:talk$"))
    assert set(buttons_of(hard)) >= SUPPORT
    world.bot.jump(offset_to("08:10", days=1))
    await asyncio.sleep(2)  # a few ticks of the running scheduler
    later = [r for r in hal.inbox()[since:] if "cr:morning:better" in buttons_of([r])]
    assert len(later) == 1, "once"
