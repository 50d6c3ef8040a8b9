"""The gentle check the morning after a crisis mode (issue 16), through the bot as
`cooloff run` builds it: the engine answers, the scheduler's tick is called on the fixed
clock, and what reached the person is read from the fake outbox.

When the mode ends (they said they are okay, or `MODE_HOURS` passed quietly), the next
morning at their morning time and outside quiet hours brings one check with buttons, once.
Monday 2026-11-23, Berlin (UTC+1).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from adapters.runtime import App
from bot.clock import FixedClock
from bot.core import Core
from bot.flows import crisis_support
from tests.fakes import Deliveries
from tests.harness import Chat

CRISIS = "honestly I just want to kill myself"
MONDAY_20_UTC = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)  # 21:00 in Berlin
TUESDAY_MORNING = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


def checks(deliveries: Deliveries) -> list[datetime]:
    """When each morning check reached u1: the clock of the tick that delivered it."""
    return [
        when
        for when, (address, replies) in _seen(deliveries)
        if address.chat_id == "u1"
        and "cr:morning:better" in {b.action for r in replies for b in r.all_buttons}
    ]


# When each delivery went out, by its index in deliveries.sent (filled by tick_until).
_WHEN: dict[int, dict[int, datetime]] = {}


def _seen(deliveries: Deliveries) -> list[tuple[datetime, tuple[Any, Any]]]:
    when = _WHEN.get(id(deliveries), {})
    return [(when[i], sent) for i, sent in enumerate(deliveries.sent) if i in when]


async def tick_until(
    app: App, clock: FixedClock, deliveries: Deliveries, until: datetime, step: float = 300
) -> None:
    when = _WHEN.setdefault(id(deliveries), {})
    while clock.now() < until:
        clock.set(min(until, clock.now() + timedelta(seconds=step)))
        before = len(deliveries.sent)
        await app.scheduler.tick()
        when.update({i: clock.now() for i in range(before, len(deliveries.sent))})


async def start(app: App, chat: Chat, clock: FixedClock, *commands: str) -> None:
    _WHEN.clear()
    clock.set(MONDAY_20_UTC - timedelta(hours=1))
    for command in ("/start", "/timezone Europe/Berlin", *commands):
        await chat.say(command)
        await app.scheduler.tick()


async def test_said_okay_brings_one_check_the_next_morning(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await start(app, chat, clock)
    clock.set(MONDAY_20_UTC)
    await chat.say(CRISIS)
    await chat.send_action("cr:safe")
    clock.set(MONDAY_20_UTC + timedelta(seconds=30))  # all before the scheduler's next sync
    await chat.send_action("cr:ok")
    await chat.say("thanks")  # moving on before the morning keeps the check
    await tick_until(app, clock, deliveries, TUESDAY_MORNING - timedelta(minutes=5))
    assert checks(deliveries) == [], "a check came before the morning"
    await tick_until(app, clock, deliveries, TUESDAY_MORNING + timedelta(days=2))
    assert checks(deliveries) == [TUESDAY_MORNING]


async def test_going_straight_to_the_safety_plan_keeps_the_check(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries, core: Core
) -> None:
    await start(app, chat, clock)
    clock.set(MONDAY_20_UTC)
    await chat.say(CRISIS)
    await chat.send_action("cr:safe")
    await chat.send_action("cr:plan")  # the safety plan's own state from here
    await chat.say("when i stop eating")
    await chat.send_action("sp:stop")
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    state, _ = await core.store.conversation(identity.user_id)
    assert state != "crisis"
    await tick_until(app, clock, deliveries, TUESDAY_MORNING + timedelta(days=2))
    assert checks(deliveries) == [TUESDAY_MORNING]


async def test_a_mode_that_lapses_brings_the_check_too(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await start(app, chat, clock)
    clock.set(MONDAY_20_UTC)
    await chat.say(CRISIS)
    await chat.say("i just feel so empty")
    await tick_until(app, clock, deliveries, TUESDAY_MORNING + timedelta(days=2))
    assert checks(deliveries) == [TUESDAY_MORNING]


async def test_the_check_waits_for_the_end_of_quiet_hours(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await start(app, chat, clock, "/time 06:30")  # before quiet hours end (07:30)
    clock.set(MONDAY_20_UTC)
    await chat.say(CRISIS)
    await chat.send_action("cr:ok")
    await tick_until(app, clock, deliveries, TUESDAY_MORNING + timedelta(days=1))
    assert checks(deliveries) == [datetime(2026, 11, 24, 6, 30, tzinfo=UTC)]  # 07:30 Berlin


async def test_a_misread_answered_no_brings_no_check(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await start(app, chat, clock)
    clock.set(MONDAY_20_UTC)
    await chat.say("i cant do this anymore")
    assert "cr:no" in {b.action for r in chat.replies for b in r.all_buttons}
    await tick_until(app, clock, deliveries, MONDAY_20_UTC + timedelta(minutes=10))
    await chat.send_action("cr:no")
    await tick_until(app, clock, deliveries, TUESDAY_MORNING + timedelta(days=1))
    assert checks(deliveries) == []


async def test_a_new_crisis_before_the_morning_moves_the_check(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await start(app, chat, clock)
    clock.set(MONDAY_20_UTC)
    await chat.say(CRISIS)
    await chat.send_action("cr:ok")
    await tick_until(app, clock, deliveries, TUESDAY_MORNING - timedelta(hours=3))
    await chat.say(CRISIS)  # 05:00 in Berlin: in crisis again, the mode runs to 11:00
    await tick_until(app, clock, deliveries, TUESDAY_MORNING + timedelta(days=1, hours=2))
    assert checks(deliveries) == [TUESDAY_MORNING + timedelta(days=1)]


async def test_the_check_buttons_answer_with_care(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries, core: Core
) -> None:
    await start(app, chat, clock)
    clock.set(MONDAY_20_UTC)
    await chat.say(CRISIS)
    await chat.send_action("cr:ok")
    await tick_until(app, clock, deliveries, TUESDAY_MORNING)
    assert checks(deliveries) == [TUESDAY_MORNING]
    _, replies = deliveries.sent[-1]
    offered = {b.action for r in replies for b in r.all_buttons}
    assert {"cr:morning:better", "cr:morning:hard", "cr:unsafe"} <= offered
    await chat.send_action("cr:morning:hard")
    assert {"cr:ground:0", "cr:plan", "cr:talk"} <= {
        b.action for r in chat.replies for b in r.all_buttons
    }
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    state, _ = await core.store.conversation(identity.user_id)
    assert state == "crisis"
    await chat.send_action("cr:morning:better")
    assert "cr:plan" in {b.action for r in chat.replies for b in r.all_buttons}


def test_the_next_morning_is_the_first_morning_time_well_after_the_end() -> None:
    at = crisis_support.morning_check_at
    quiet = (time(22, 30), time(7, 30))
    evening = datetime(2026, 11, 23, 21, 0, tzinfo=UTC)
    assert at(evening, BERLIN, time(8), *quiet) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    dawn = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 03:00 in Berlin: that same morning
    assert at(dawn, BERLIN, time(8), *quiet) == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    early = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 07:00: 08:00 is too soon; tomorrow
    assert at(early, BERLIN, time(8), *quiet) == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    # A morning time inside quiet hours waits for their end.
    assert at(evening, BERLIN, time(6), *quiet) == datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    # The day clocks go forward (29 March 2026, 02:00 -> 03:00): a 02:30 morning moves on.
    spring = datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    got = at(spring, BERLIN, time(2, 30), time(0), time(0))
    assert got.astimezone(BERLIN).date().isoformat() == "2026-03-29"
    assert got.astimezone(BERLIN).hour == 3


def test_a_check_far_too_late_is_skipped_and_quiet_hours_defer_it() -> None:
    verdict = crisis_support.morning_check_verdict
    due = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    quiet = (time(22, 30), time(7, 30))
    assert verdict(due, due - timedelta(minutes=1), BERLIN, *quiet) == due
    assert verdict(due, due, BERLIN, *quiet) == "send"
    assert verdict(due, due + timedelta(hours=5), BERLIN, *quiet) == "skip"
    late_quiet = (time(7, 0), time(9, 0))  # the settings moved quiet hours over the morning
    assert verdict(due, due, BERLIN, *late_quiet) == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
