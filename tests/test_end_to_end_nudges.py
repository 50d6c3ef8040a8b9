"""The engine and the scheduler meet through the same port: a person asks to wait 15
minutes, the check-back arrives, and its buttons work in the engine."""

from __future__ import annotations

from adapters.runtime import App
from bot.clock import FixedClock
from bot.core import Core
from tests.fakes import Deliveries
from tests.harness import Chat


async def test_wait_fifteen_minutes_then_the_check_back_arrives_and_works(
    chat: Chat, app: App, clock: FixedClock, deliveries: Deliveries
) -> None:
    outbox, scheduler = deliveries, app.scheduler
    await chat.say("/urge")  # 20:00 UTC, outside quiet hours
    await chat.press("8")
    await chat.press("Wait 15 minutes")
    await scheduler.worker.sync(clock.now())
    await scheduler.tick()
    assert outbox.sent == []  # not yet
    clock.advance(minutes=15, seconds=5)
    await scheduler.tick()
    checkbacks = [r for a, rs in outbox.sent for r in rs if a.chat_id == "u1"]
    assert checkbacks, outbox.sent
    chat.replies = checkbacks
    await chat.press("3")
    assert "From 8 down to 3" in chat.text
    # It is sent once, whatever the ticks after it.
    clock.advance(minutes=5)
    await scheduler.tick()
    assert len([r for _, rs in outbox.sent for r in rs if "15 minutes" in r.text]) <= 1


async def test_a_morning_message_arrives_on_day_one_before_setup_is_finished(
    chat: Chat, app: App, clock: FixedClock, deliveries: Deliveries
) -> None:
    outbox, scheduler = deliveries, app.scheduler
    await chat.say("/start")  # and never answers a question
    await scheduler.worker.sync(clock.now())
    clock.advance(hours=12, minutes=1)  # 08:01 UTC the next morning
    await scheduler.tick()
    texts = [r.text for a, rs in outbox.sent for r in rs if a.chat_id == "u1"]
    assert texts, "no morning message"
    assert all("{" not in t for t in texts)


async def test_a_shared_milestone_reaches_the_buddy_once(
    core: Core, app: App, clock: FixedClock, deliveries: Deliveries
) -> None:
    from tests.test_buddy import linked

    outbox, scheduler = deliveries, app.scheduler
    await linked(core)  # alex starts today (day 1); sam is the buddy
    await scheduler.worker.sync(clock.now())
    for _ in range(2 * 24 * 4 + 8):  # into day 3's morning, ticking every 15 minutes
        clock.advance(minutes=15)
        await scheduler.tick()
    to_sam = [r.text for a, rs in outbox.sent for r in rs if a.chat_id == "sam"]
    assert sum("day 3" in t for t in to_sam) == 1, to_sam
    assert all("To stop" in t for t in to_sam)
