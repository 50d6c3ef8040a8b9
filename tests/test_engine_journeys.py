"""Whole conversations through the real engine and a real SQLite file."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.core import Core
from bot.flows.onboarding import STEPS
from bot.flows.urge import typed_strength
from tests.harness import Chat

TOOLS = [
    "Write it here instead",
    "Wait 15 minutes",
    "Give me something to do",
    "Breathe with me",
    "It passed",
]


async def test_a_stranger_can_press_start(chat: Chat) -> None:
    await chat.say("hi")
    assert "Send /start to begin" in chat.text
    await chat.press("Start my plan")
    assert "Your cooling-off plan has started" in chat.text


async def test_help_guidance_works_before_start(chat: Chat, core: Core) -> None:
    await chat.say("/help")
    await chat.press("If I run into them")
    assert "earlier moment" not in chat.text and "no longer have" not in chat.text
    assert "I want to reach out" in chat.labels
    await chat.say("/help")
    await chat.press("They contacted me")
    await chat.press("It's about logistics")
    assert "brief, neutral" in chat.text
    assert await core.store.find_identity("console", "u1") is None  # nothing stored


async def test_start_creates_a_plan_at_once_and_onboarding_can_be_skipped(chat: Chat) -> None:
    await chat.say("/start")
    assert "day 1" in chat.text
    assert "Question 1 of 9" in chat.text
    await chat.press("Skip the rest")
    await chat.say("/status")
    assert "Day 1 of 30" in chat.text


async def test_full_onboarding_with_typed_and_tapped_answers(chat: Chat, core: Core) -> None:
    script: list[tuple[str, str]] = [
        ("/start", "How long"),
        ("45 days", "45 days it is"),
        ("press:Yesterday", "Got it"),
        ("I want my self-respect back", "Saved (1 of 5)"),
        ("press:Done", "Which time zone"),
        ("berlin", "Europe/Berlin"),
        ("ireland", "Thanks"),
        ("7:30am", "07:30"),
        ("press:22:00", "22:00"),
        ("23:00-08:00", "23:00–08:00"),
        ("press:Skip", "All set"),
    ]
    for turn, expected in script:
        if turn.startswith("press:"):
            await chat.press(turn.removeprefix("press:"))
        else:
            await chat.say(turn)
        assert expected in chat.text, (turn, chat.text)
    assert "Day 2 of 45" in chat.text
    identity = await core.store.find_identity("console", "u1")
    assert identity is not None
    user = await core.store.get_user(identity.user_id)
    assert user is not None
    assert (user.timezone, user.country, user.morning_time, user.checkin_time) == (
        "Europe/Berlin",
        "IE",
        "07:30",
        "22:00",
    )
    assert (user.quiet_start, user.quiet_end, user.onboarding_step) == ("23:00", "08:00", None)


@pytest.mark.parametrize("step", STEPS)
async def test_urge_works_at_every_onboarding_step(chat: Chat, step: str) -> None:
    await chat.say("/start")
    for _ in range(STEPS.index(step)):
        await chat.press("Skip")
    assert f"Question {STEPS.index(step) + 1} of 9" in chat.text
    await chat.say("/urge")
    assert "How strong is the pull" in chat.text
    await chat.press("6")
    assert "What would help right now?" in chat.text
    await chat.press("It passed")
    await chat.press("2")
    await chat.press("I held on")
    assert "You held on" in chat.text
    # The setup is still there to finish.
    await chat.press("Late night")
    assert "Finish setting up" in chat.labels
    await chat.press("Finish setting up")
    assert f"Question {STEPS.index(step) + 1} of 9" in chat.text


async def test_urge_before_any_start(chat: Chat) -> None:
    await chat.say("/urge")
    assert "Nothing has been sent" in chat.text
    await chat.press("9")
    assert "strong pull" in chat.text
    # No reasons yet: a line of guidance instead, and the streak.
    assert "While it passes:" in chat.text
    assert "Day 1 of 30" in chat.text


async def test_urge_shows_my_own_reasons(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.say("I deserve someone who stays")
    await chat.say("/urge")
    await chat.press("4")
    assert "I deserve someone who stays" in chat.text


async def test_write_it_here_keeps_the_draft_private_and_readable(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("8")
    await chat.press("Write it here instead")
    assert "goes nowhere" in chat.text
    await chat.say("I miss you so much, can we please talk tonight?")
    assert "not sent" in chat.text  # kept at once; more may follow (tests/test_drafts_bursts.py)
    await chat.press("Done")
    assert "Saved, not sent" in chat.text
    await chat.press("3")
    assert "From 8 down to 3" in chat.text
    await chat.press("I held on")
    await chat.say("/drafts")
    assert "I miss you so much, can we please talk tonight?" in chat.text
    urges = await core.store.urges(1)
    assert (urges[0].strength_before, urges[0].strength_after) == (8, 3)
    assert (urges[0].tools, urges[0].outcome) == (("write",), "held")


async def test_wait_fifteen_minutes_records_the_check_back(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await chat.say("/urge")
    await chat.press("7")
    await chat.press("Wait 15 minutes")
    assert "20:15" in chat.text  # UTC user, 20:00 now
    urge = (await core.store.urges(1))[0]
    assert urge.checkback_due_at == clock.now() + timedelta(minutes=15)
    # Pressing it again does not start a second timer.
    await chat.send_action("ur:1:t:wait")
    assert "already running" in chat.text
    clock.advance(minutes=1)
    assert (await core.store.urges(1))[0].checkback_due_at == urge.checkback_due_at


async def test_wait_inside_quiet_hours_says_it_will_not_ping(chat: Chat, clock: FixedClock) -> None:
    clock.set(clock.now().replace(hour=23))
    await chat.say("/urge")
    await chat.press("7")
    await chat.press("Wait 15 minutes")
    assert "quiet hours" in chat.text.lower()


async def test_something_to_do_gives_a_task_then_checks_back(chat: Chat) -> None:
    await chat.say("/urge")
    await chat.press("5")
    await chat.press("Give me something to do")
    assert "something small to do" in chat.text
    assert "how strong" in chat.text.lower()
    await chat.press("1")
    await chat.press("Still deciding")
    assert "Nothing has to be decided" in chat.text
    await chat.press("Breathe with me")
    assert "in for 4" in chat.text.lower()


async def test_sent_anyway_leads_to_a_slip_without_shame(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("10")
    await chat.press("It passed")
    await chat.press("10")
    await chat.press("I reached out anyway")
    assert "Thank you for telling me" in chat.text
    assert "Start my count again" in chat.labels
    for word in ("failure", "weak", "pathetic", "should have"):
        assert word not in chat.text.lower()


async def test_slip_reset_restarts_the_count_and_keeps_history(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("A week ago")  # day 1 was 7 days ago: today is day 8
    await chat.say("/status")
    assert "Day 8 of 30: 8 days" in chat.text
    await chat.say("/slip")
    await chat.press("Start my count again")
    assert "Tomorrow is day 1" in chat.text
    assert "longest run is 7 days" in chat.text
    await chat.press("Their profile")
    await chat.press("Add a note")
    await chat.say("Saw a photo and texted. Felt worse after.")
    assert "Saved" in chat.text
    await chat.say("/status")
    assert "count begins tomorrow" in chat.text
    clock.advance(days=1)
    await chat.say("/status")
    assert "Day 1 of 30: 1 day without" in chat.text
    assert "Longest run: 7 days" in chat.text
    assert "No contact in all: 8 days" in chat.text
    slips = await core.store.slips(1)
    assert (slips[0].kind, slips[0].trigger) == ("reset", "profile")
    assert slips[0].note == "Saw a photo and texted. Felt worse after."


async def test_a_slip_on_the_very_first_day_reads_kindly(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("/slip")
    await chat.press("Start my count again")
    assert "Tomorrow is day 1" in chat.text
    assert "longest run is 0" not in chat.text and " 0 days of" not in chat.text


async def test_slip_as_limited_contact_keeps_the_count(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("3 days ago")
    await chat.say("/slip")
    await chat.press("Log as limited contact")
    assert "count goes on: 4 days" in chat.text
    # A second press of either choice changes nothing.
    await chat.press("Done")
    await chat.send_action("sl:1:k:reset")
    assert "Already logged as limited contact" in chat.text
    await chat.say("/status")
    assert "Day 4 of 30: 4 days" in chat.text
    assert "Limited contacts: 1" in chat.text


async def test_export_has_everything_and_delete_erases_it(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.say("My peace matters")
    await chat.say("/urge")
    await chat.press("6")
    await chat.press("Write it here instead")
    await chat.say("unsent words")
    await chat.say("/journal")
    await chat.say("We stopped talking about anything real.")
    await chat.say("/export")
    attachment = chat.replies[0].attachment
    assert attachment is not None and attachment.filename.endswith(".json")
    data = json.loads(attachment.data)
    assert [r["text"] for r in data["reasons"]] == ["My peace matters"]
    assert [d["text"] for d in data["drafts"]] == ["unsent words"]
    assert data["journal_entries"][0]["text"] == "We stopped talking about anything real."
    assert data["urges"][0]["strength_before"] == 6

    await chat.say("/delete")
    assert "can't be undone" in chat.text
    await chat.press("Yes, delete everything")
    assert "erased" in chat.text
    assert await core.store.count_rows_for(1) == 0
    await chat.say("/export")
    assert "don't have anything" in chat.text


async def test_delete_can_be_cancelled_and_its_old_button_expires(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("/delete")
    yes = chat.button("Yes, delete everything").action
    await chat.press("No, keep it")
    assert "nothing was deleted" in chat.text
    await chat.send_action(yes)
    assert "expired" in chat.text
    assert await core.store.count_rows_for(1) > 0


async def test_checkin_flow(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("/checkin")
    await chat.press("Rough")
    assert "Any contact with them today?" in chat.text
    no_contact = chat.button("No contact").action
    await chat.press("No contact")
    assert "Thanks for checking in" in chat.text
    await chat.send_action(no_contact)
    assert "Already saved" in chat.text
    saved = await core.store.checkins(1)
    assert (saved[0].mood, saved[0].held) == (1, True)


async def test_pause_and_resume(chat: Chat, core: Core) -> None:
    await chat.say("/pause")
    assert "don't have a plan yet" in chat.text
    await chat.say("/start")
    await chat.say("/pause")
    assert "count keeps going" in chat.text
    await chat.say("/pause")
    assert "already paused" in chat.text
    await chat.say("/status")
    assert "paused" in chat.text
    await chat.say("/resume")
    assert "Welcome back" in chat.text
    user = await core.store.get_user(1)
    assert user is not None and user.paused_at is None


async def test_end_of_plan_review_extend_once_then_move_on(chat: Chat, core: Core) -> None:
    from bot.domain import nudges
    from bot.domain.program import review_intro

    await chat.say("/start")
    await chat.say("7")
    await chat.press("A week ago")  # today is day 8 of 7: the plan is complete
    await chat.say("/status")
    assert "Your 7-day plan is complete" in chat.text
    plan = await core.store.active_plan(1)
    assert plan is not None
    chat.replies = [nudges.review(core.library, review_intro(core.library), plan.id, {}, 7)]
    extend = chat.button("Extend").action
    await chat.press("Extend")
    assert "now 37 days" in chat.text
    await chat.send_action(extend)  # the same old button again
    assert "Already saved" in chat.text
    plan = await core.store.active_plan(1)
    assert plan is not None and plan.length_days == 37
    chat.replies = [nudges.review(core.library, review_intro(core.library), plan.id, {}, 37)]
    await chat.press("Move on")
    assert "Moving on" in chat.text and "/pause" in chat.text


async def test_settings_reasons_and_journal_reading(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("/settings")
    await chat.press("Length")
    await chat.press("60")
    assert "60 days it is" in chat.text
    plan = await core.store.active_plan(1)
    assert plan is not None and plan.length_days == 60

    await chat.say("/reasons")
    await chat.say("I matter too")
    await chat.press("Done")
    await chat.say("/reasons")
    assert "I matter too" in chat.text
    await chat.press("Start the list over")
    assert [r.text for r in await core.store.reasons(1)] == []

    await chat.say("/journal")
    first = chat.text
    await chat.press("Another prompt")
    assert chat.text != first
    await chat.say("It stopped feeling like a partnership a long time ago.")
    await chat.say("/journal")
    await chat.press("Read my entries")
    assert "It stopped feeling like a partnership" in chat.text


async def test_a_strength_can_be_typed_and_a_short_reply_keeps_the_question_open(
    chat: Chat,
) -> None:
    await chat.say("/urge")
    await chat.say("ok")  # before any number: asked again, and its buttons set the strength
    assert "tap a number" in chat.text
    await chat.press("2")
    assert "2 out of 10" in chat.text
    await chat.say("/urge")
    await chat.say("an eight out of 10")
    assert "8 out of 10. That's a strong pull." in chat.text
    await chat.press("Give me something to do")
    await chat.say("ok")  # not a number: the question is asked again, with its buttons
    assert "tap a number" in chat.text and "10" in chat.labels
    await chat.say("3/10")
    assert "From 8 down to 3" in chat.text


@pytest.mark.parametrize(
    ("typed", "strength"),
    [("7", 7), ("7/10", 7), ("seven", 7), ("Ten!", 10), ("٣", 3), ("11", None), ("ok", None)],
)
def test_typed_strengths(typed: str, strength: int | None) -> None:
    assert typed_strength(typed) == strength
