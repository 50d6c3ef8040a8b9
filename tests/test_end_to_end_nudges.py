"""The engine and the scheduler meet through the same port: a person asks to wait 15
minutes, the check-back arrives, and its buttons work in the engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.clock import FixedClock
from bot.core import Core
from bot.messages import Address, Reply
from scheduler import Scheduler
from tests.harness import Chat


@dataclass
class RecordingOutbox:
    sent: list[tuple[Address, list[Reply]]] = field(default_factory=list)

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        self.sent.append((address, list(replies)))


async def test_wait_fifteen_minutes_then_the_check_back_arrives_and_works(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    outbox = RecordingOutbox()
    scheduler = Scheduler(core, outbox)
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
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    outbox = RecordingOutbox()
    scheduler = Scheduler(core, outbox)
    await chat.say("/start")  # and never answers a question
    await scheduler.worker.sync(clock.now())
    clock.advance(hours=12, minutes=1)  # 08:01 UTC the next morning
    await scheduler.tick()
    texts = [r.text for a, rs in outbox.sent for r in rs if a.chat_id == "u1"]
    assert texts, "no morning message"
    assert all("{" not in t for t in texts)
