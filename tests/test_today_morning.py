"""What "today" means for a time someone sets, through the bot as `cooloff run` builds it.

The rule (docs/scheduler.md, "Today"): a new or changed schedule counts today's occurrence
only if it has not passed at the moment of the change; otherwise the first one is
tomorrow's. Today's message of a kind never goes out twice, however often the time moves.

Each test drives the real engine (`build_app`, stand-in platforms) and calls the
scheduler's tick itself on a fixed clock. Monday 2026-11-23: no Sunday weekly review.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.runtime import App
from bot.clock import FixedClock
from tests.fakes import Deliveries
from tests.harness import Chat

MONDAY_10_UTC = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 in Berlin


def _kinds(deliveries: Deliveries, chat_id: str) -> list[str]:
    """One entry per unasked message (a delivery) to the chat: morning, checkin or other."""
    out = []
    for address, replies in deliveries.sent:
        if address.chat_id != chat_id:
            continue
        actions = {b.action for r in replies for b in r.all_buttons}
        if "go:journal" in actions:
            out.append("morning")
        elif any(a.startswith("ci:") for a in actions):
            out.append("checkin")
        else:
            out.append("other")
    return out


def mornings(deliveries: Deliveries, chat_id: str = "u1") -> int:
    return _kinds(deliveries, chat_id).count("morning")


async def tick_until(app: App, clock: FixedClock, until: datetime, step: float = 15) -> None:
    """Tick every `step` seconds of the fixed clock up to and including `until`."""
    while clock.now() < until:
        clock.set(min(until, clock.now() + timedelta(seconds=step)))
        await app.scheduler.tick()


async def say_and_tick(app: App, chat: Chat, *commands: str) -> None:
    """Each command, then a tick, as the running bot's heartbeat would between messages."""
    for command in commands:
        await chat.say(command)
        await app.scheduler.tick()


async def set_up(app: App, chat: Chat, clock: FixedClock, *commands: str) -> None:
    clock.set(MONDAY_10_UTC)
    await say_and_tick(app, chat, "/start", "/timezone Europe/Berlin", *commands)


async def test_a_morning_time_two_minutes_ahead_comes_at_that_minute_once(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    # 08:00 in Berlin is long over when the zone is set: that must not send a morning now.
    await set_up(app, chat, clock, "/time 11:02")
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 1, 45, tzinfo=UTC))
    assert mornings(deliveries) == 0, "a morning came before its time"
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 2, tzinfo=UTC))
    assert mornings(deliveries) == 1
    await tick_until(app, clock, datetime(2026, 11, 23, 19, 0, tzinfo=UTC), step=300)
    assert _kinds(deliveries, "u1") == ["morning"]  # nothing else until the 21:00 check-in


async def test_a_time_earlier_than_now_waits_for_tomorrow(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await set_up(app, chat, clock, "/time 10:30")  # it is 11:00 in Berlin
    await tick_until(app, clock, datetime(2026, 11, 23, 19, 0, tzinfo=UTC), step=60)
    assert mornings(deliveries) == 0
    clock.set(datetime(2026, 11, 24, 9, 29, tzinfo=UTC))
    await app.scheduler.tick()
    assert mornings(deliveries) == 0
    await tick_until(app, clock, datetime(2026, 11, 24, 9, 30, tzinfo=UTC))
    assert mornings(deliveries) == 1
    await tick_until(app, clock, datetime(2026, 11, 24, 12, 0, tzinfo=UTC), step=60)
    assert mornings(deliveries) == 1


async def test_joining_after_todays_time_hears_first_tomorrow(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    clock.set(MONDAY_10_UTC)  # the default morning, 08:00 UTC, is over
    await say_and_tick(app, chat, "/start")
    await tick_until(app, clock, datetime(2026, 11, 23, 11, 0, tzinfo=UTC), step=60)
    # 06:00 in New York, where today's 08:00 is ahead; then 12:00 in Berlin, over again.
    await say_and_tick(app, chat, "/timezone America/New_York", "/timezone Europe/Berlin")
    await tick_until(app, clock, datetime(2026, 11, 23, 19, 0, tzinfo=UTC), step=60)
    assert mornings(deliveries) == 0
    await tick_until(app, clock, datetime(2026, 11, 24, 7, 0, tzinfo=UTC), step=600)
    assert mornings(deliveries) == 1  # 08:00 in Berlin the next day


async def test_joining_before_todays_time_hears_first_today(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    clock.set(datetime(2026, 11, 23, 7, 40, tzinfo=UTC))
    await say_and_tick(app, chat, "/start")
    await tick_until(app, clock, datetime(2026, 11, 23, 7, 59, 45, tzinfo=UTC))
    assert mornings(deliveries) == 0
    await tick_until(app, clock, datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    assert mornings(deliveries) == 1


async def test_a_time_moved_after_todays_morning_went_out_sends_no_second(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await set_up(app, chat, clock, "/time 11:02")
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 5, tzinfo=UTC))
    assert mornings(deliveries) == 1
    await say_and_tick(app, chat, "/time 11:10")  # later today, but today's has gone out
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 30, tzinfo=UTC))
    await say_and_tick(app, chat, "/time 12:00")
    await tick_until(app, clock, datetime(2026, 11, 23, 12, 0, tzinfo=UTC), step=60)
    assert mornings(deliveries) == 1
    await tick_until(app, clock, datetime(2026, 11, 24, 11, 0, tzinfo=UTC), step=600)
    assert mornings(deliveries) == 2  # tomorrow at 12:00 Berlin, the last time set


async def test_a_time_moved_twice_before_it_fires_comes_once_at_the_last_one(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    await set_up(app, chat, clock, "/time 11:05")
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 1, tzinfo=UTC))
    await say_and_tick(app, chat, "/time 11:03")
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 2, 45, tzinfo=UTC))
    assert mornings(deliveries) == 0
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 3, tzinfo=UTC))
    assert mornings(deliveries) == 1
    await tick_until(app, clock, datetime(2026, 11, 23, 10, 10, tzinfo=UTC))
    assert mornings(deliveries) == 1  # nothing at the 11:05 set before


async def test_a_checkin_time_two_minutes_ahead_comes_at_that_minute_once(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))  # 19:00 in Berlin
    await say_and_tick(app, chat, "/start", "/timezone Europe/Berlin", "/checkin_time 19:02")
    await tick_until(app, clock, datetime(2026, 11, 23, 18, 1, 45, tzinfo=UTC))
    assert _kinds(deliveries, "u1") == []  # neither a late morning nor an early check-in
    await tick_until(app, clock, datetime(2026, 11, 23, 18, 2, tzinfo=UTC))
    assert _kinds(deliveries, "u1") == ["checkin"]
    await say_and_tick(app, chat, "/checkin_time 19:30")
    await tick_until(app, clock, datetime(2026, 11, 23, 21, 0, tzinfo=UTC), step=60)
    assert _kinds(deliveries, "u1") == ["checkin"]


async def test_a_zone_change_back_across_the_date_line_sends_no_second_morning(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    # Tuesday's morning reaches someone in Tokyo at 08:00 there (23:00 UTC on Monday). Half
    # an hour later they move to New York, where it is still Monday 18:30 and Monday's
    # 08:00 has passed: that passed morning must not be sent now as a second one.
    clock.set(MONDAY_10_UTC)  # 19:00 in Tokyo
    await say_and_tick(app, chat, "/start", "/timezone Asia/Tokyo")
    await tick_until(app, clock, datetime(2026, 11, 23, 23, 0, tzinfo=UTC), step=300)
    assert mornings(deliveries) == 1
    clock.set(datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    await say_and_tick(app, chat, "/timezone America/New_York")
    await tick_until(app, clock, datetime(2026, 11, 24, 4, 0, tzinfo=UTC), step=300)
    assert mornings(deliveries) == 1
    # Tuesday's morning went out in Tokyo; the next is Wednesday 08:00 in New York.
    await tick_until(app, clock, datetime(2026, 11, 25, 13, 0, tzinfo=UTC), step=900)
    assert mornings(deliveries) == 2
