"""What the program sends unasked on a day: the pure decisions the scheduler asks for."""

from __future__ import annotations

from datetime import date, timedelta

from bot import actions
from bot.domain.nudge_plan import (
    CHECKIN,
    MORNING,
    REVIEW,
    DailyNudge,
    PlanFacts,
    checkback_nudge,
    daily_nudge,
    wants_weekly,
)
from bot.messages import Reply
from tests.scheduler_fixtures import library

START = date(2026, 11, 1)  # a Sunday
PLAN = PlanFacts(id=7, start_date=START, length_days=30)


def _nudge(
    kind: str, day: date, *, checked_in: bool = False, opted_in: bool = False
) -> DailyNudge | None:
    return daily_nudge(
        library(), kind, day, PLAN, user_id=1, checked_in=checked_in, weekly_opt_in=opted_in
    )


def _ids(replies: list[Reply]) -> list[str]:
    return [b.action for r in replies for b in r.all_buttons]


def test_nothing_before_the_plan_begins() -> None:
    assert _nudge(MORNING, START - timedelta(days=1)) is None
    assert _nudge(CHECKIN, START - timedelta(days=1)) is None


def test_the_check_in_is_not_asked_twice_a_day() -> None:
    day = START + timedelta(days=2)  # a Tuesday
    asked = _nudge(CHECKIN, day)
    assert asked is not None and asked.entries == [(CHECKIN, day.isoformat())]
    assert all(a.startswith(f"{actions.CHECKIN}:{day:%Y%m%d}:m:") for a in _ids(asked.replies))
    assert _nudge(CHECKIN, day, checked_in=True) is None


def test_on_sunday_an_opted_in_person_who_checked_in_still_gets_the_weekly_review() -> None:
    sunday = START + timedelta(days=7)
    assert wants_weekly(CHECKIN, sunday, True) and not wants_weekly(MORNING, sunday, True)
    only_weekly = _nudge(CHECKIN, sunday, checked_in=True, opted_in=True)
    assert only_weekly is not None and only_weekly.weekly
    assert only_weekly.replies == [] and only_weekly.entries == []
    assert _nudge(CHECKIN, sunday, checked_in=True, opted_in=False) is None


def test_the_review_is_offered_from_the_last_day_on() -> None:
    before = _nudge(MORNING, START + timedelta(days=28))
    assert before is not None and before.optional == {}
    last = _nudge(MORNING, START + timedelta(days=29))
    assert last is not None
    assert list(last.optional) == [(REVIEW, "plan:7:30")]
    assert all(a.startswith(f"{actions.REVIEW}:7:") for a in _ids(list(last.optional.values())))


def test_milestone_mornings_are_shared_with_the_buddy_and_others_are_not() -> None:
    assert [
        n.milestone_day
        for d in range(30)
        if (n := _nudge(MORNING, START + timedelta(days=d))) is not None and n.milestone_day
    ] == [1, 3, 7, 14, 21, 30]
    evening = _nudge(CHECKIN, START + timedelta(days=6))
    assert evening is not None and evening.milestone_day is None


def test_a_check_back_asks_the_strength_of_that_urge() -> None:
    replies = checkback_nudge(library(), 12)
    assert len(_ids(replies)) == 11
    assert all(a.startswith(f"{actions.URGE}:12:a:") for a in _ids(replies))
