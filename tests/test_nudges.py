"""Rendering of every unasked message: pure, from the real content, with valid buttons."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

import bot
from bot import actions
from bot.content.library import PLACEHOLDERS, Library, placeholders_in
from bot.domain import nudges
from bot.domain.program import daily_plan, fields_for, review_intro
from bot.messages import MAX_ACTION_BYTES


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load("en")


def _fields(day: int, length: int = 30) -> dict[str, str]:
    return fields_for(day, length, ex="Sam", reasons=["I deserve calm"], user_key="7")


def test_nudge_texts_live_in_their_own_ui_keys(lib: Library) -> None:
    keys = [k for k in lib.ui_keys() if k.startswith("nudge_")]
    assert len(keys) >= 10
    raw = tomllib.loads((Path(bot.__file__).parent / "content/en/nudges.toml").read_text())
    assert set(raw) == {"ui"} and all(k.startswith("nudge_") for k in raw["ui"])
    for text in raw["ui"].values():
        assert placeholders_in(text) <= PLACEHOLDERS


def test_morning_has_encouragement_task_and_two_buttons(lib: Library) -> None:
    plan = daily_plan(lib, "7", 12, 30)
    replies = nudges.morning(lib, plan, _fields(12))
    main = replies[-1]
    assert plan.task.text.split("{")[0][:20] in main.text
    assert lib.ui("nudge_task_intro") in main.text
    assert [(b.label, b.action) for b in main.all_buttons] == [
        ("I'm struggling", "go:urge"),
        (lib.ui("nudge_btn_journal"), "go:journal"),
    ]
    assert all("{" not in r.text for r in replies)


@pytest.mark.parametrize("day", [1, 3, 7, 14, 21, 30, 60])
def test_milestone_days_lead_the_morning(lib: Library, day: int) -> None:
    plan = daily_plan(lib, "7", day, 30)
    replies = nudges.morning(lib, plan, _fields(day))
    assert plan.milestone is not None
    assert len(replies) >= 2
    assert "{" not in replies[0].text and replies[0].buttons == ()


def test_first_day_of_a_phase_gets_its_intro(lib: Library) -> None:
    plan = daily_plan(lib, "7", 8, 30)  # the middle begins on day 8
    assert plan.phase_intro is not None
    texts = [r.text for r in nudges.morning(lib, plan, _fields(8))]
    assert any(t.strip() for t in texts[:-1])


def test_checkin_question_and_mood_buttons(lib: Library) -> None:
    plan = daily_plan(lib, "7", 5, 30)
    reply = nudges.checkin(lib, plan.checkin, date(2026, 11, 22), _fields(5))
    assert [(b.label, b.action) for b in reply.all_buttons] == [
        ("Rough", "ci:20261122:m:1"),
        ("Okay", "ci:20261122:m:2"),
        ("Good", "ci:20261122:m:3"),
    ]


def test_review_offers_the_three_choices(lib: Library) -> None:
    reply = nudges.review(lib, review_intro(lib), 42, _fields(30), 30)
    assert [b.action for b in reply.all_buttons] == [
        "rv:42:extend:30",
        "rv:42:move_on:30",
        "rv:42:resume:30",
    ]
    assert all(actions.parse(b.action) is not None for b in reply.all_buttons)


def test_checkback_asks_for_strength_zero_to_ten(lib: Library) -> None:
    reply = nudges.checkback(lib, 123456789)
    assert reply.text.startswith("15 minutes are up")
    assert [b.action for b in reply.all_buttons] == [f"ur:123456789:a:{n}" for n in range(11)]
    assert all(len(row) <= 5 for row in reply.buttons)  # Discord's limit per row
    assert all(len(b.action.encode()) <= MAX_ACTION_BYTES for b in reply.all_buttons)


def test_every_plan_day_renders_without_leftover_placeholders(lib: Library) -> None:
    for length in (7, 30, 90):
        for day in range(1, length + 3):
            fields = fields_for(day, length, user_key="u")  # no name, no reasons: fallbacks
            plan = daily_plan(lib, "u", day, length)
            replies = [
                *nudges.morning(lib, plan, fields),
                nudges.checkin(lib, plan.checkin, date(2026, 1, 1), fields),
            ]
            for reply in replies:
                assert "{" not in reply.text and reply.text.strip()


def test_the_workers_morning_is_the_programs_morning(lib: Library) -> None:
    from scheduler.worker import morning_plan

    for day in (1, 8, 23, 30, 31, 75):
        plan = daily_plan(lib, "42", day, 30)
        mine = morning_plan(lib, "42", day, 30)
        assert (mine.morning, mine.task, mine.milestone, mine.phase_intro) == (
            plan.morning,
            plan.task,
            plan.milestone,
            plan.phase_intro,
        )
