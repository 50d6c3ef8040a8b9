"""Replies first: the priority rate limiter on its own, then through the real adapter.

Only ORDER is checked here, never speed: which request the limiter lets through first when
both wait. The latency it buys is measured by `benchmarks/reply_priority_bench.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from telegram.error import NetworkError

from adapters.runtime import App, build_app
from adapters.telegram_adapter import TelegramAdapter
from adapters.telegram_limiter import Priority, PriorityRateLimiter
from bot.clock import FixedClock
from bot.config import Settings
from bot.core import Core
from bot.messages import Address, Reply
from tests.fakes import Deliveries, recording_platforms
from tests.standins.telegram_api import FakeBotApi
from tests.telegram_fixtures import FAST, api_fixture, telegram_settings  # noqa: F401

REPLY, SCHEDULED = int(Priority.REPLY), int(Priority.SCHEDULED)


class Sends:
    """Calls `process_request` the way ExtBot does and records the order callbacks ran."""

    def __init__(self, limiter: PriorityRateLimiter) -> None:
        self.limiter = limiter
        self.ran: list[str] = []

    def start(self, name: str, chat: object, priority: int | None) -> asyncio.Task[Any]:
        async def callback() -> bool:
            self.ran.append(name)
            return True

        data = {} if chat is None else {"chat_id": chat, "text": name}
        return asyncio.create_task(
            self.limiter.process_request(callback, (), {}, "sendMessage", data, priority)
        )


async def settle() -> None:
    """Let every task that can run without waiting for the clock run."""
    for _ in range(5):
        await asyncio.sleep(0)


def one_at_a_time() -> PriorityRateLimiter:
    # One request per 20 ms: a burst of one, then the pace.
    return PriorityRateLimiter(overall_max_rate=1, overall_time_period=0.02)


async def test_a_reply_queued_behind_scheduled_sends_goes_first() -> None:
    sends = Sends(one_at_a_time())
    tasks = [sends.start(f"nudge{n}", 1000 + n, SCHEDULED) for n in range(5)]
    await settle()
    assert sends.ran == ["nudge0"]  # the burst; the other four wait
    tasks.append(sends.start("answer", 42, REPLY))
    await asyncio.gather(*tasks)
    assert sends.ran == ["nudge0", "answer", "nudge1", "nudge2", "nudge3", "nudge4"]


async def test_replies_keep_their_order_and_an_unmarked_call_counts_as_a_reply() -> None:
    sends = Sends(one_at_a_time())
    tasks = [sends.start("nudge0", 1000, SCHEDULED), sends.start("nudge1", 1001, SCHEDULED)]
    await settle()
    tasks += [sends.start("answer-a", 42, REPLY), sends.start("edit-a", 42, None)]
    await settle()
    tasks.append(sends.start("answer-b", 43, REPLY))
    await asyncio.gather(*tasks)
    assert sends.ran == ["nudge0", "answer-a", "edit-a", "answer-b", "nudge1"]


async def test_the_overall_limit_holds_and_calls_without_a_chat_pass() -> None:
    sends = Sends(PriorityRateLimiter(overall_max_rate=3, overall_time_period=60))
    tasks = [sends.start(f"answer{n}", 42, REPLY) for n in range(5)]
    await settle()
    assert sends.ran == ["answer0", "answer1", "answer2"]  # 3 a minute: two must wait
    button = sends.start("answerCallbackQuery", None, None)
    await settle()
    assert sends.ran[-1] == "answerCallbackQuery"
    await button
    await sends.limiter.shutdown()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    # Shutting down wakes the waiters instead of leaving them asleep.
    assert [type(r) for r in results[3:]] == [NetworkError, NetworkError]


async def test_a_group_has_its_own_limit_and_private_chats_are_not_held_by_it() -> None:
    limiter = PriorityRateLimiter(group_max_rate=2, group_time_period=60)
    sends = Sends(limiter)
    tasks = [sends.start(f"group{n}", -100123, SCHEDULED) for n in range(3)]
    tasks.append(sends.start("private", 42, SCHEDULED))
    await settle()
    assert sends.ran == ["group0", "group1", "private"]
    answer = sends.start("group-answer", -100123, REPLY)
    await settle()
    assert "group-answer" not in sends.ran  # the group's two a minute are used up
    await limiter.shutdown()
    await asyncio.gather(*tasks, answer, return_exceptions=True)


async def test_an_urgent_chat_has_its_queued_nudge_sent_next() -> None:
    limiter = one_at_a_time()
    sends = Sends(limiter)
    tasks = [sends.start(f"nudge-{chat}", chat, SCHEDULED) for chat in (1, 2, 3, 4)]
    await settle()
    with limiter.urgent("4"):  # an answer to chat 4 waits for chat 4's nudge to go out
        await asyncio.gather(*tasks)
    assert sends.ran == ["nudge-1", "nudge-4", "nudge-2", "nudge-3"]


async def test_a_cancelled_waiter_does_not_hold_up_the_queue() -> None:
    sends = Sends(one_at_a_time())
    first = sends.start("nudge0", 1000, SCHEDULED)
    gone = sends.start("nudge1", 1001, SCHEDULED)
    last = sends.start("nudge2", 1002, SCHEDULED)
    await settle()
    gone.cancel()
    await asyncio.gather(first, last)
    assert sends.ran == ["nudge0", "nudge2"]


# --- through the real adapter ----------------------------------------------------------------

# Four messages a second (a burst of four, then one every 250 ms): a backlog of nudges builds
# at once, and the order it drains in is plain to see.
SLOW = replace(FAST, rate_per_second=4.0)
NUDGE = "Good morning. Today's small task is waiting for you."
PERSON = 6201


@pytest.fixture(name="slow_app")
async def slow_app_fixture(
    api: FakeBotApi, sqlite_url: str, clock: FixedClock, deliveries: Deliveries
) -> AsyncIterator[tuple[App, TelegramAdapter]]:
    def slow_telegram(core: Core, settings: Settings) -> TelegramAdapter:
        return TelegramAdapter(core, settings, options=SLOW)

    app = await build_app(
        telegram_settings(api, database_url=sqlite_url),
        clock=clock,
        platforms=[slow_telegram, *recording_platforms(deliveries, ("console", "discord"))],
        console=False,
    )
    adapter = next(a for a in app.adapters if isinstance(a, TelegramAdapter))
    await app.start(scheduler=False)
    try:
        yield app, adapter
    finally:
        await app.stop()


def chats_sent_to(api: FakeBotApi) -> list[tuple[str | None, str]]:
    return [(r.chat_id, "nudge" if r.text == NUDGE else "answer") for r in api.delivered()]


async def queue_nudges(adapter: TelegramAdapter, chats: list[int]) -> list[asyncio.Task[None]]:
    tasks = [
        asyncio.create_task(adapter.deliver(Address("telegram", str(c)), [Reply(NUDGE)]))
        for c in chats
    ]
    await settle()
    return tasks


async def test_an_answer_goes_ahead_of_queued_nudges(
    api: FakeBotApi, slow_app: tuple[App, TelegramAdapter]
) -> None:
    _, adapter = slow_app
    nudges = await queue_nudges(adapter, [7000 + n for n in range(16)])
    await api.wait_for(lambda a: len(a.delivered()) >= 4)  # the burst went out
    await api.push_text(PERSON, "/helpline")
    await api.wait_sent(PERSON, 1, within=10)
    sent_before_answer = len(api.delivered()) - 1
    for task in nudges:
        task.cancel()
    await asyncio.gather(*nudges, return_exceptions=True)
    # Twelve nudges were waiting when the person wrote; at most the one whose slot was
    # already due went first.
    assert sent_before_answer <= 6, chats_sent_to(api)


async def test_a_person_whose_nudge_is_at_the_back_of_the_wave_is_answered_next(
    api: FakeBotApi, slow_app: tuple[App, TelegramAdapter]
) -> None:
    _, adapter = slow_app
    others = [7100 + n for n in range(16)]
    nudges = await queue_nudges(adapter, [*others, PERSON])  # the person's nudge is last
    await api.wait_for(lambda a: len(a.delivered()) >= 4)
    await api.push_text(PERSON, "/helpline")
    await api.wait_sent(PERSON, 2, within=10)  # their nudge, then the answer
    order = chats_sent_to(api)
    for task in nudges:
        task.cancel()
    await asyncio.gather(*nudges, return_exceptions=True)
    mine = [kind for chat, kind in order if chat == str(PERSON)]
    assert mine[:2] == ["nudge", "answer"]
    # Once the answer was ready, the person's own nudge went next and the answer right after
    # it; in arrival order it would have waited behind all sixteen. (How many others went
    # first depends on how long the answer took to make, which a loaded machine stretches.)
    nudge_at = order.index((str(PERSON), "nudge"))
    assert order[nudge_at + 1] == (str(PERSON), "answer"), order
    assert nudge_at < len(others), order
