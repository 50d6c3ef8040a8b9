"""The weekly review: pure numbers and words from a week of urges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bot.content.library import Library
from bot.core import Core
from bot.features import weekly
from bot.features.weekly import WeekUrge

SUNDAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load("en")


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 15)


def test_the_week_is_monday_to_sunday() -> None:
    assert weekly.week_ending(SUNDAY) == (date(2026, 11, 16), SUNDAY)
    assert weekly.week_ending(date(2026, 11, 16)) == (date(2026, 11, 16), SUNDAY)


def test_a_week_of_urges() -> None:
    urges = [
        WeekUrge(at(15, 22), 9, 1, ("breathe",), "held"),  # Sunday before: not this week
        WeekUrge(at(16, 22), 8, 3, ("wait",), "held"),
        WeekUrge(at(18, 22), 7, 5, ("task",), "held"),
        WeekUrge(at(19, 9), 6, 6, ("write", "task"), "sent"),
        WeekUrge(at(22, 23), 5, None, ("wait",), None),
        WeekUrge(at(23, 22), 9, 0, ("passed",), "held"),  # next Monday
    ]
    r = weekly.review(urges, SUNDAY)
    assert (r.urges, r.held) == (4, 2)
    assert r.hardest_hour == 22
    assert r.best_tool == "wait"  # 8 -> 3 beats task's average of 1


def test_hardest_hour_ties_go_to_the_stronger_pull() -> None:
    urges = [WeekUrge(at(16, 9), 3), WeekUrge(at(17, 21), 8)]
    assert weekly.hardest_hour(urges) == 21
    assert weekly.hardest_hour([]) is None


def test_best_tool_without_strengths_is_the_one_used_in_held_urges() -> None:
    urges = [
        WeekUrge(at(16, 9), tools=("breathe",), outcome="held"),
        WeekUrge(at(17, 9), tools=("breathe", "wait"), outcome="held"),
        WeekUrge(at(18, 9), tools=("task",), outcome="sent"),
    ]
    assert weekly.best_tool(urges) == "breathe"
    assert weekly.best_tool([WeekUrge(at(16, 9), 5, 7, ("wait",))]) is None  # nothing helped
    assert weekly.best_tool([WeekUrge(at(16, 9), tools=("unknown",), outcome="held")]) is None


def test_the_text(lib: Library) -> None:
    r = weekly.review([WeekUrge(at(16, 22), 8, 3, ("wait",), "held")], SUNDAY)
    assert weekly.text(lib, r).split("\n") == [
        "Your week since Monday 16 Nov:",
        "Urges held: 1 of 1.",
        "The hardest time: around 22:00.",
        "What helped most: waiting 15 minutes.",
        "Send /progress for the picture.",
    ]
    quiet = weekly.text(lib, weekly.review([], SUNDAY))
    assert "No urges logged this week" in quiet and "hardest" not in quiet


def test_rows_are_read_in_local_time() -> None:
    row = SimpleNamespace(
        started_at=datetime(2026, 11, 22, 23, 30, tzinfo=UTC),
        strength_before=7,
        strength_after=2,
        tools=("wait", "breathe"),
        outcome="held",
    )
    [urge] = weekly.from_rows([row], ZoneInfo("Europe/Berlin"))  # type: ignore[list-item]
    assert urge.at.hour == 0 and urge.at.date() == date(2026, 11, 23)
    assert urge.tools == ("wait", "breathe")


async def test_the_sunday_reply_only_for_those_who_opted_in(core: Core) -> None:
    from bot.features.buddy_progress import weekly_review_reply
    from bot.storage import progress_store

    zone = ZoneInfo("Europe/Berlin")
    user, _ = await core.store.create_user(
        platform="console",
        platform_user_id="w1",
        chat_id="w1",
        now=core.clock.now(),
        start_date=date(2026, 11, 10),
    )
    urge = await core.store.add_urge(user.id, datetime(2026, 11, 20, 21, 5, tzinfo=UTC), "command")
    await core.store.update_urge(urge.id, strength_before=8, strength_after=2, outcome="held")
    await core.store.record_tool(urge.id, "breathe", core.clock.now())
    assert await weekly_review_reply(core.store, core.library, user.id, zone, SUNDAY) is None
    await progress_store.set_weekly_review(core.store, user.id, True, core.clock.now())
    reply = await weekly_review_reply(core.store, core.library, user.id, zone, SUNDAY)
    assert reply is not None
    assert "Urges held: 1 of 1." in reply.text
    assert "around 22:00" in reply.text  # 21:05 UTC is 22:05 in Berlin
    assert "breathing it through" in reply.text
    assert [b.action for b in reply.all_buttons] == ["wk:off"]
