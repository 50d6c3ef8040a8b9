"""The end of the plan, in order: a start date further back than the plan asks what to do
first, the review comes before anything says the plan is over, and after "resume contact" a
question about the first message gets guidance on it rather than the urge flow."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from adapters.runtime import App
from bot import actions
from bot.clock import FixedClock
from bot.core import Core
from bot.messages import Reply
from tests.fakes import Deliveries
from tests.harness import Chat, me, offered

TODAY = date(2026, 11, 22)


async def _started_long_ago(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("30 days")
    await chat.say("40 days ago")  # day 41 of a 30-day plan


async def _past_the_end_again(chat: Chat) -> None:
    """Set up, kept going, then back to 30 days: the plan is past its end, no choice made."""
    await _started_long_ago(chat)
    await chat.press("Keep going")
    await chat.say("/settings")
    await chat.press("Length")
    await chat.press("30 days")


async def test_a_start_date_past_the_plan_asks_what_to_do_first(chat: Chat, core: Core) -> None:
    await _started_long_ago(chat)
    assert [a for a in offered(chat) if a.startswith(f"{actions.ONBOARD}:past:")] == [
        f"{actions.ONBOARD}:past:{c}" for c in ("extend", "today", "review")
    ]
    assert "41 of 30" not in chat.text and "All set" not in chat.text
    state, data = await core.store.conversation(await me(core, chat))
    assert (state, data["step"]) == ("onboard", "past")
    await chat.press("Keep going")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 70  # another month from today
    assert plan.start_date == TODAY - timedelta(days=40)
    state, data = await core.store.conversation(await me(core, chat))
    assert data["step"] == "reasons"  # and setup goes on


async def test_typed_count_from_today_restarts_the_count(chat: Chat, core: Core) -> None:
    await _started_long_ago(chat)
    await chat.say("what do you mean")  # not a choice: answered, the same choices again
    assert f"{actions.ONBOARD}:past:today" in offered(chat)
    await chat.say("count from today")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.start_date == TODAY and plan.length_days == 30


async def test_the_review_comes_first_and_setup_never_says_day_41_of_30(
    chat: Chat, core: Core
) -> None:
    await _started_long_ago(chat)
    await chat.say("3")  # the third choice shown: look back first
    assert chat.replies and chat.replies[0].all_buttons
    assert all(b.action.startswith(f"{actions.REVIEW}:") for b in chat.replies[0].all_buttons)
    assert "plan is over" not in chat.text.lower()
    await chat.say("/start")  # setup goes on where it was, and ends without "Day 41 of 30"
    await chat.press("Skip the rest")
    assert "41 of 30" not in chat.text and "All set" in chat.text


async def _resumed(chat: Chat, core: Core) -> None:
    await _started_long_ago(chat)
    await chat.press("Look back first")
    await chat.press("Resume contact")


async def test_after_resume_a_first_message_question_gets_guidance_not_an_urge(
    chat: Chat, core: Core
) -> None:
    await _resumed(chat, core)
    user_id = await me(core, chat)
    plan = await core.store.active_plan(user_id)
    assert plan is not None and plan.outcome == "resume"
    assert (await core.store.conversation(user_id))[0] == "resumed"
    await chat.say("so should i text him now? what do i say")
    first = chat.text
    assert await core.store.urges(user_id) == []
    assert f"{actions.COMMAND}:urge" in offered(chat)  # help waiting is one tap away
    assert all(r.kind != "fallback" for r in chat.replies)
    await chat.say("how do i start the message")
    assert chat.text != first  # never the same guidance twice in a row
    assert await core.store.urges(user_id) == []


async def test_the_first_message_guidance_lapses(chat: Chat, core: Core, clock: FixedClock) -> None:
    await _resumed(chat, core)
    clock.advance(days=4)
    await chat.say("i want to text him so bad")  # back to the urge flow as usual
    assert len(await core.store.urges(await me(core, chat))) == 1


async def test_status_after_the_end_offers_the_review_until_a_choice(
    chat: Chat, core: Core
) -> None:
    await _past_the_end_again(chat)
    await chat.say("/status")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None
    show = f"{actions.REVIEW}:{plan.id}:show:30"
    assert show in offered(chat)
    await chat.send_action(show)
    assert f"{actions.REVIEW}:{plan.id}:move_on:30" in offered(chat)
    await chat.press("Move on")
    await chat.say("/status")
    assert not any(a.startswith(f"{actions.REVIEW}:") for a in offered(chat))


async def test_the_review_and_its_choice_typed_instead_of_tapped(
    chat: Chat, core: Core
) -> None:
    """On Telegram a typed label presses nothing: "Ok. Look back first." is the review and
    "Resume contact" its choice; then a plan to wait is heard as one, not as an urge."""
    await _past_the_end_again(chat)
    await chat.say("/status")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None
    await chat.say("Ok. Look back first.")
    assert f"{actions.REVIEW}:{plan.id}:resume:30" in offered(chat)
    await chat.say("Resume contact")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.outcome == "resume"
    await chat.say("Should I mention the silence or just act normal?")
    assert all(r.kind != "fallback" for r in chat.replies)
    await chat.say("I think I'll wait until the weekend.")
    assert await core.store.urges(await me(core, chat)) == []
    assert chat.replies and all(r.kind != "fallback" for r in chat.replies)


async def test_past_the_end_the_morning_brings_the_review_first_and_alone(
    app: App, chat: Chat, clock: FixedClock, deliveries: Deliveries
) -> None:
    """Day 8 of a 7-day plan: that morning is the look-back with its choices, not "your plan
    is over" followed by it; the next morning is the ordinary after-the-plan message."""
    await chat.say("/start")
    await chat.say("7")
    await chat.say("6 days ago")  # today is day 7 of 7
    await chat.say("skip the rest")
    await _tick_until(app, clock, datetime(2026, 11, 23, 7, 0, tzinfo=UTC))  # past the check-in
    mark = len(deliveries.sent)
    await _tick_until(app, clock, datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    day_8 = [_actions(replies) for _, replies in deliveries.sent[mark:]]
    assert day_8, "no morning on day 8"
    assert any(a.startswith(f"{actions.REVIEW}:") for a in day_8[0])
    assert not any(a.startswith("go:") for acts in day_8 for a in acts), day_8
    await _tick_until(app, clock, datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    mark = len(deliveries.sent)
    await _tick_until(app, clock, datetime(2026, 11, 24, 8, 1, tzinfo=UTC))
    mornings = [
        acts for acts in (_actions(r) for _, r in deliveries.sent[mark:]) if "go:journal" in acts
    ]
    assert len(mornings) == 1
    assert not any(a.startswith(f"{actions.REVIEW}:") for a in mornings[0])


def _actions(replies: list[Reply]) -> list[str]:
    return [b.action for r in replies for b in r.all_buttons]


async def _tick_until(app: App, clock: FixedClock, until: datetime) -> None:
    while clock.now() < until:
        clock.set(min(until, clock.now() + timedelta(minutes=5)))
        await app.scheduler.tick()
