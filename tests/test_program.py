"""The day-by-day program: phases, no repeats, task categories, milestones, rendering.

The selection is a pure function of (user, day, plan length), so these tests can replay a
whole year for many users and check the promises directly.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content.library import PHASES, REVIEW_CHOICES, Item, Library, render_item
from bot.domain import program
from bot.domain.program import (
    DailyPlan,
    daily_plan,
    daily_task,
    fields_for,
    milestone_for,
    milestone_kind,
    phase_begins,
    phase_bounds,
    phase_for,
    pick_checkin_question,
    pick_journal_prompt,
    pick_line,
    pick_task_now,
    pick_urge_line,
    review_guidance,
    review_intro,
    task_category,
    walk,
)

USER = "telegram:4242"
REASONS = ("I deserve calm", "I want to sleep again", "I keep hurting myself by checking")


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load("en")


def plan_texts(lib: Library, plan: DailyPlan, length: int, name: str = "Sam") -> list[str]:
    fields = fields_for(plan.day, length, name=name, ex="Alex", reasons=REASONS, user_key=USER)
    items = [plan.morning, plan.task, plan.checkin, plan.milestone, plan.phase_intro]
    items.append(pick_journal_prompt(lib, USER, plan.day, length))
    return [render_item(i, **fields) for i in items if i is not None]


def assert_no_repeats(days: dict[int, list[Item]], window: int = 30) -> None:
    last: dict[str, int] = {}
    for day in sorted(days):
        for item in days[day]:
            if item.id in last:
                assert day - last[item.id] >= window, (item.id, last[item.id], day)
            last[item.id] = day


# --- phases -------------------------------------------------------------------------------


def test_phases_of_a_30_day_plan() -> None:
    phases = [phase_for(d, 30) for d in range(1, 32)]
    assert phases == ["early"] * 7 + ["middle"] * 16 + ["last_week"] * 7 + ["after"]
    assert [d for d in range(1, 40) if phase_begins(d, 30)] == [1, 8, 24, 31]


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (1, [("early", 1, 1), ("after", 2, None)]),
        (2, [("early", 1, 1), ("last_week", 2, 2), ("after", 3, None)]),
        (7, [("early", 1, 3), ("last_week", 4, 7), ("after", 8, None)]),
        (14, [("early", 1, 7), ("last_week", 8, 14), ("after", 15, None)]),
        (45, [("early", 1, 7), ("middle", 8, 38), ("last_week", 39, 45), ("after", 46, None)]),
    ],
)
def test_short_plans_shrink_and_long_plans_stretch(
    length: int, expected: list[tuple[str, int, int | None]]
) -> None:
    assert list(phase_bounds(length)) == expected


@pytest.mark.parametrize(("day", "length"), [(0, 30), (-1, 30), (1, 0)])
def test_days_and_lengths_start_at_one(day: int, length: int) -> None:
    with pytest.raises(ValueError):
        phase_for(day, length)


# --- whole plans --------------------------------------------------------------------------


def test_a_whole_30_day_plan_renders_without_repeats_or_broken_text(lib: Library) -> None:
    length = 30
    plans = [daily_plan(lib, USER, d, length) for d in range(1, length + 1)]
    picked: dict[int, list[Item]] = {}
    for plan in plans:
        assert plan.phase == phase_for(plan.day, length)
        for item in (plan.morning, plan.task, plan.checkin):
            assert item.in_phase(plan.phase), (plan.day, item.id)
        for name in ("Sam", ""):
            for text in plan_texts(lib, plan, length, name):
                assert text.strip()
                assert "{" not in text and "}" not in text, (plan.day, text)
        picked[plan.day] = [plan.morning, plan.task, plan.checkin]
        picked[plan.day].append(pick_journal_prompt(lib, USER, plan.day, length))
    assert_no_repeats(picked)
    for pool in range(4):  # 30 days, 30 different items in each daily pool
        assert len({items[pool].id for items in picked.values()}) == length
    for before, after in itertools.pairwise(plans):
        assert before.task.category != after.task.category, after.day
    milestones = {p.day: p.milestone for p in plans if p.milestone}
    assert sorted(milestones) == [1, 3, 7, 14, 21, 30]
    assert milestones[30].extra["kind"] == "end"  # the plan's end wins over "day 30"
    assert all(milestones[d].extra["day"] == d for d in (1, 3, 7, 14, 21))
    assert {p.day: p.phase_intro.phase[0] for p in plans if p.phase_intro} == {
        1: "early",
        8: "middle",
        24: "last_week",
    }


def test_a_45_day_plan_runs_on_past_its_end(lib: Library) -> None:
    length = 45
    plans = [daily_plan(lib, USER, d, length) for d in range(1, 121)]
    assert_no_repeats({p.day: [p.morning, p.task, p.checkin] for p in plans})
    for plan in plans:
        for text in plan_texts(lib, plan, length):
            assert "{" not in text and "}" not in text, (plan.day, text)
    assert {p.phase for p in plans[45:]} == {"after"}
    assert plans[45].phase_intro is not None and plans[45].phase_intro.phase == ("after",)
    kinds = {p.day: milestone_kind(p.day, length) for p in plans if p.milestone}
    assert kinds == {
        1: 1,
        3: 3,
        7: 7,
        14: 14,
        21: 21,
        30: 30,
        45: "end",
        60: "every30",
        90: "every30",
        120: "every30",
    }
    end = plans[44].milestone
    assert end is not None
    assert "45" in render_item(end, **fields_for(45, length))


def test_milestone_kinds() -> None:
    assert milestone_kind(30, 30) == "end"
    assert milestone_kind(30, 60) == 30
    assert milestone_kind(60, 60) == "end"
    assert milestone_kind(60, 90) == "every30"  # inside a long plan too
    assert milestone_kind(21, 14) == 21  # days without contact still count past a short plan
    assert milestone_kind(31, 30) is None
    assert milestone_kind(45, 30) is None


def test_milestone_for_varies_per_user_but_not_per_call(lib: Library) -> None:
    picks = {milestone_for(lib, 7, 30, f"user{n}") for n in range(20)}
    assert len(picks) > 1 and None not in picks
    assert milestone_for(lib, 7, 30, USER) == milestone_for(lib, 7, 30, USER)
    assert milestone_for(lib, 8, 30, USER) is None


# --- the promises, over many users and a year ---------------------------------------------

DAILY: dict[str, Callable[[Library, str, int, int], Item]] = {
    "morning": lambda lib, u, d, n: walk(lib, "morning", u, d, n),
    "task": daily_task,
    "checkin": pick_checkin_question,
    "journal": lambda lib, u, d, n: pick_journal_prompt(lib, u, d, n),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(user_key=st.text(min_size=0, max_size=40), length=st.integers(min_value=1, max_value=120))
def test_a_year_never_repeats_within_30_days(lib: Library, user_key: str, length: int) -> None:
    for pool, pick in DAILY.items():
        last: dict[str, int] = {}
        for day in range(1, 366):
            item = pick(lib, user_key, day, length)
            assert item.in_phase(phase_for(day, length)), (pool, day, item.id)
            if item.id in last:
                assert day - last[item.id] >= 30, (pool, item.id, last[item.id], day)
            last[item.id] = day


@settings(max_examples=100, deadline=None)
@given(user_key=st.text(max_size=40), length=st.integers(min_value=1, max_value=400))
def test_a_year_of_tasks_never_repeats_a_category_on_consecutive_days(
    lib: Library, user_key: str, length: int
) -> None:
    categories = [daily_task(lib, user_key, d, length).category for d in range(1, 366)]
    assert all(a != b for a, b in itertools.pairwise(categories))
    assert categories == [task_category(user_key, d) for d in range(1, 366)]
    # Every category comes round at least every 15 days.
    for start in range(365 - 15):
        assert len(set(categories[start : start + 15])) == 8


@settings(max_examples=30, deadline=None)
@given(user_key=st.text(max_size=20), length=st.integers(min_value=1, max_value=90))
def test_the_plan_is_pure_whatever_order_days_are_asked_in(
    lib: Library, user_key: str, length: int
) -> None:
    days = [200, 1, 45, 31, 7, 365, 90]
    forward = {d: daily_plan(lib, user_key, d, length) for d in days}
    program.clear_caches()
    backward = {d: daily_plan(lib, user_key, d, length) for d in reversed(days)}
    assert forward == backward


def test_users_get_different_sequences(lib: Library) -> None:
    first_weeks = {
        tuple(walk(lib, "morning", f"user{n}", d, 30).id for d in range(1, 8)) for n in range(10)
    }
    assert len(first_weeks) == 10


def test_the_first_week_reads_like_a_first_week(lib: Library) -> None:
    # Items written for the first days alone come before general ones.
    for n in range(10):
        for day in range(1, 8):
            assert walk(lib, "morning", f"user{n}", day, 30).phase == ("early",)


# --- on-demand picks ----------------------------------------------------------------------


def test_extra_journal_prompts_differ_from_the_days_own(lib: Library) -> None:
    for day in (1, 10, 27, 40):
        asked = [pick_journal_prompt(lib, USER, day, 30, n) for n in range(6)]
        assert len({i.id for i in asked}) == 6
        assert all(i.in_phase(phase_for(day, 30)) for i in asked)
        # An extra prompt today is not a daily prompt of the coming days.
        coming = {pick_journal_prompt(lib, USER, d, 30).id for d in range(day, day + 7)}
        assert not {i.id for i in asked[1:]} & coming
    with pytest.raises(ValueError):
        pick_journal_prompt(lib, USER, 1, 30, -1)


def test_a_task_for_the_urge_moment(lib: Library) -> None:
    for day in range(1, 60):
        today = daily_task(lib, USER, day, 30)
        now = pick_task_now(lib, USER, f"urge-{day}", day, 30)
        assert now.category != today.category
        assert now.extra.get("quick") is True
        assert now.in_phase(phase_for(day, 30))
        assert now == pick_task_now(lib, USER, f"urge-{day}", day, 30)
    seeds = {pick_task_now(lib, USER, f"urge-{s}", 12, 30).id for s in range(30)}
    assert len(seeds) > 3


def test_urge_lines_are_deterministic_and_avoid_recent(lib: Library) -> None:
    line = pick_urge_line(lib, USER, "2026-01-01T02:00")
    assert line == pick_urge_line(lib, USER, "2026-01-01T02:00")
    assert line.pool == "urge_line"
    recent: list[str] = []
    for _ in range(len(lib.pool("urge_line"))):
        recent.append(pick_urge_line(lib, USER, "same moment", recent).id)
    assert len(set(recent)) == len(lib.pool("urge_line"))
    assert pick_line(lib, "slip_recovery", USER, "s").pool == "slip_recovery"


def test_review_offers_every_choice(lib: Library) -> None:
    assert review_intro(lib).extra["kind"] == "intro"
    for choice in REVIEW_CHOICES:
        guidance = review_guidance(lib, choice)
        assert guidance and all(i.extra["choice"] == choice for i in guidance)
    resume = " ".join(i.text for i in review_guidance(lib, "resume")).lower()
    for idea in ("slowly", "gently", "light", "no pressure", "apolog", "genuine"):
        assert idea in resume, idea


def test_every_phase_has_an_intro(lib: Library) -> None:
    for phase in PHASES:
        assert program.phase_intro(lib, phase).phase == (phase,)


# --- placeholder values -------------------------------------------------------------------


def test_fields_for_a_day() -> None:
    fields = fields_for(12, 30, name=" Sam ", ex="", reasons=REASONS, user_key=USER)
    assert fields["name"] == "Sam"
    assert fields["ex"] == "them"
    assert (fields["day"], fields["days"], fields["days_left"]) == ("12", "30", "18")
    assert fields["reason"] in REASONS
    assert fields_for(31, 30)["days_left"] == "0"
    assert fields_for(3, 30, reasons=["  ", ""])["reason"] == ""
    reasons = {fields_for(d, 30, reasons=REASONS, user_key=USER)["reason"] for d in range(1, 31)}
    assert reasons == set(REASONS)  # they rotate


def test_the_check_in_question_asked_is_the_one_scheduled(lib: Library) -> None:
    for day in (1, 9, 30, 31, 90):
        plan = daily_plan(lib, USER, day, 30)
        assert pick_checkin_question(lib, USER, day, 30) == plan.checkin
