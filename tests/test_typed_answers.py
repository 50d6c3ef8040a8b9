"""Typed answers: the vocabulary (pure functions, their own examples) and journeys through
the engine showing every step of setup, the check-in, settings and /delete takes them, that
what a step can't use is answered and the step offered again, and that a message from the
ex is logged once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot import actions
from bot.clock import FixedClock
from bot.core import Core
from bot.text import typed_answers
from tests.harness import Chat, me, offered

TODAY = date(2026, 11, 22)  # a Sunday, as the fixed clock


# --- the vocabulary -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("30", 30),
        ("30 days ig", 30),
        ("idk like 8", 8),
        ("idk like 6 weeks", 42),
        ("A month sounds right", 30),
        ("month", 30),
        ("ok. one month", 30),
        ("two months", 60),
        ("a fortnight", 14),
        ("plan length. make it 6 weeks total", 42),
        ("i texted her last night. i'm so stupid. 9 days and i blew it", None),
        ("we have 2 kids together so i cant do full no contact. is this even for me?", None),
        ("3 or 4 weeks", None),
        ("bc last time i lasted like 5 days and then we got back together lol", None),
        ("hello", None),
    ],
)
def test_plan_lengths_in_the_words_people_use(text: str, days: int | None) -> None:
    assert typed_answers.plan_length(text) == days


@pytest.mark.parametrize(
    ("text", "ago"),
    [
        ("today", 0),
        ("yes start today then", 0),
        ("yesterday", 1),
        ("last night", 1),
        ("3 days ago", 3),
        ("about 9 days ago", 9),
        ("a week ago", 7),
        ("he left 2 weeks ago", 14),
        ("we broke up like 3 days ago", 3),
        ("i think 3 days ago", 3),
        ("she dumped me 2 months ago", 60),
        ("he left", None),
        ("last tuesday", 5),  # from Sunday the 22nd
        ("sunday", 7),  # a weekday named on that weekday means a week ago
        ("he ended it last tuesday", 5),
        ("we broke up on friday", 2),
        ("started 3 days ago", 3),
        ("its been 5 days since we talked", 5),
        ("yesterday?? or the day before. yesterday", 1),  # the last sentence is the answer
        ("2 weeks without talking", 14),
        ("it was my birthday", None),
        ("i texted her last night", None),
        ("ok", None),
    ],
)
def test_start_dates_in_the_words_people_use(text: str, ago: int | None) -> None:
    found = typed_answers.start_date(text, TODAY)
    assert (None if found is None else (TODAY - found).days) == ago


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("rough", 1),
        ("honestly rough. i keep replaying the last fight", 1),
        ("tired", 1),
        ("not good", 1),
        ("😭", 1),
        ("1", 1),
        ("ok i guess", 2),
        ("Okay. Quiet day.", 2),
        ("mid", 2),
        ("aight", 2),
        ("not bad", 2),
        ("bit better", 2),
        ("pretty good", 3),
        ("Better than expected.", 3),
        ("long day. good day actually", 3),
        ("5", 3),
        ("8/10", 3),
        ("what", None),
        ("12", None),
    ],
)
def test_moods_in_the_words_people_use(text: str, mood: int | None) -> None:
    assert typed_answers.mood(text) == mood


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("no", "yes"),
        ("nope", "yes"),
        ("no contact. just the looking", "yes"),
        ("no. didnt call again", "yes"),
        ("None today.", "yes"),
        ("just the kid stuff about saturday", "limited"),
        ("only logistics", "limited"),
        ("yes", "no"),
        ("i texted", "no"),
        ("5", None),
        ("dunno what you mean", None),
    ],
)
def test_any_contact_today_answers(text: str, held: str | None) -> None:
    assert typed_answers.held(text) == held


def test_yes_no_skip_start_again_delete() -> None:
    assert [typed_answers.yes_no(t) for t in ("yes", "yeah", "ya", "👍")] == [True] * 4
    assert [typed_answers.yes_no(t) for t in ("nope", "nah", "nah, not tonight")] == [False] * 3
    assert typed_answers.yes_no("no idea") is None
    assert typed_answers.is_skip("skip") and typed_answers.is_skip("rather not")
    assert typed_answers.is_skip("whatever is fine")
    assert not typed_answers.is_skip("idk like 8")
    assert typed_answers.is_start_again("start again") and typed_answers.is_start_again(
        "Please start again."
    )
    assert typed_answers.is_delete_yes("yes") and typed_answers.is_delete_yes(
        "yes delete everything"
    )
    assert not typed_answers.is_delete_yes("ok") and not typed_answers.is_delete_yes("hmm")


def test_times_not_replying_and_first_message_questions() -> None:
    assert typed_answers.time_of_day("idk what time. like 9ish?") == "09:00"
    assert typed_answers.time_of_day("half 7") == "07:30"
    assert typed_answers.time_of_day("can i change the time to 10. 9 is too early") == "10:00"
    assert typed_answers.time_of_day("soon") is None
    assert typed_answers.time_of_day("its 2am and i cant sleep") is None  # the hour now
    assert typed_answers.time_of_day("it's like 3 already") is None
    assert typed_answers.not_replying("im not gonna answer. im gonna leave him on read")
    assert typed_answers.not_replying("I haven't answered that one. Not going to.")
    assert not typed_answers.not_replying("he texted me again")
    assert typed_answers.asks_about_first_message("so should i text him now? what do i say")
    assert not typed_answers.asks_about_first_message("i went climbing today")
    assert typed_answers.choice_number("2", 3) == 2 and typed_answers.choice_number("4", 3) is None


# --- journeys through the engine ----------------------------------------------------------


async def _state(core: Core, chat: Chat) -> tuple[str, dict[str, object]]:
    return await core.store.conversation(await me(core, chat))


async def _step(core: Core, chat: Chat) -> tuple[str, object, object]:
    state, data = await _state(core, chat)
    return state, data.get("step"), data.get("single")


def _fallback(chat: Chat) -> bool:
    return any(r.kind == "fallback" for r in chat.replies)


async def test_setup_takes_typed_answers_in_everyday_words(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("idk like 6 weeks")
    await chat.say("last tuesday")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 42
    assert plan.start_date == TODAY - timedelta(days=5)
    assert (await _state(core, chat))[1]["step"] == "reasons"
    await chat.say("8am")  # a time typed where the reasons are asked is a time, not a reason
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.morning_time == "08:00"
    assert await core.store.reasons(user.id) == []
    assert (await _state(core, chat))[1]["step"] == "reasons"
    await chat.say("skip")
    assert (await _state(core, chat))[1]["step"] == "tz"
    await chat.say("start again")
    state, data = await _state(core, chat)
    assert (state, data["step"]) == ("onboard", "len")
    assert any(a.startswith(f"{actions.ONBOARD}:len:") for a in offered(chat))


async def test_the_hour_it_is_now_and_venting_are_no_answer_to_a_time_step(
    chat: Chat, core: Core
) -> None:
    """'its 2am and i cant sleep' at the morning-time question was saved as 02:00, and 'i
    keep rereading our old texts' at the quiet hours got 'I need a range like 22:30-07:30'."""
    await chat.say("/start")
    for typed in ("30", "today", "skip", "skip", "skip", "its 2am and i cant sleep"):
        await chat.say(typed)
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.morning_time == "08:00"
    await chat.say("8am")  # the question kept its place
    await chat.say("9pm")
    assert (await _state(core, chat))[1]["step"] == "quiet"
    before = chat.text
    await chat.say("i keep rereading our old texts")
    assert "22:30-07:30" not in chat.replies[0].text and chat.text != before


@pytest.mark.parametrize(
    "question",
    [
        "does this even work to get them back",
        "what if hes thinking about me too",
        "how long does this usually take?",
    ],
)
async def test_a_question_at_the_reasons_step_is_answered_not_kept(
    chat: Chat, core: Core, question: str
) -> None:
    """Read back mid-urge as "why you're doing this", a doubt would hurt: it is answered
    and the reasons question asked again."""
    await chat.say("/start")
    await chat.say("30")
    await chat.say("today")
    assert (await _state(core, chat))[1]["step"] == "reasons"
    await chat.say(question)
    assert not _fallback(chat) and len(chat.replies) == 2
    assert await core.store.reasons(await me(core, chat)) == []
    assert (await _state(core, chat))[1]["step"] == "reasons"
    await chat.say("i want my self respect back")
    assert len(await core.store.reasons(await me(core, chat))) == 1


async def test_setup_reads_a_length_and_a_skip_typed_in_another_language(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("30 días")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 30
    assert (await _state(core, chat))[1]["step"] == "start"
    await chat.say("saltar")
    assert (await _state(core, chat))[1]["step"] == "reasons"
    # At the reasons: a time and a city in Spanish go where they belong, and "i want to write
    # to rodrigo" is never kept as a reason to be read back in the middle of an urge.
    await chat.say("las 9")
    await chat.say("ciudad de mexico")
    await chat.say("quiero escribirle a rodrigo")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None
    assert (user.morning_time, user.timezone) == ("09:00", "America/Mexico_City")
    assert await core.store.reasons(await me(core, chat)) == []
    assert any(r.kind == "other_language" for r in chat.replies)


async def test_setup_steps_aside_instead_of_asking_a_third_time(chat: Chat, core: Core) -> None:
    """Two messages in a row that are not answers: the person is somewhere else. Setup
    waits (their place kept, a way back offered) instead of trapping them in a question."""
    await chat.say("/start")
    await chat.say("i hate myself for it")
    assert any(a.startswith(f"{actions.ONBOARD}:len:") for a in offered(chat))
    await chat.say("yeah i did that")
    state, _ = await _state(core, chat)
    assert state == "idle"
    assert f"{actions.COMMAND}:start" in offered(chat)
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.onboarding_step == "len"
    await chat.say("i just miss him")  # answered as a message, not as a length
    assert (await _state(core, chat))[0] != "onboard"
    await chat.say("/start")  # what the "Finish setting up" button sends
    state, data = await _state(core, chat)
    assert (state, data["step"]) == ("onboard", "len")


@pytest.mark.parametrize("typed", ["skip the rest", "Skip all", "just use the defaults pls"])
async def test_skip_the_rest_typed_at_any_step_ends_setup_with_the_defaults(
    chat: Chat, core: Core, typed: str
) -> None:
    await chat.say("/start")
    await chat.say("30 days ig")
    await chat.say(typed)
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.onboarding_step is None
    assert (await _state(core, chat))[0] == "idle"
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 30  # what was answered is kept


async def test_skip_the_rest_typed_after_setup_stepped_aside_ends_it(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("i hate myself for it")
    await chat.say("yeah i did that")
    assert (await _state(core, chat))[0] == "idle"
    await chat.say("skip the rest")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.onboarding_step is None
    assert not typed_answers.is_skip_rest("skip")  # one step only: that is "skip"


async def test_an_answer_to_a_later_question_is_saved_there_at_any_step(
    chat: Chat, core: Core
) -> None:
    """ "london" typed at the start date is the time zone: saved, and the date asked again
    (not "one quick thing first" as if it were a confession)."""
    await chat.say("/start")
    await chat.say("30")
    await chat.say("london")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.timezone == "Europe/London"
    assert user.onboarding_step == "start"
    assert any(a.startswith(f"{actions.ONBOARD}:start:") for a in offered(chat))
    await chat.say("hii")  # a hello: greeted, and the same step
    assert any(a.startswith(f"{actions.ONBOARD}:start:") for a in offered(chat))
    assert typed_answers.is_greeting("heyyy :)") and not typed_answers.is_greeting("hey you")


async def test_unreadable_words_at_a_question_are_answered_not_called_a_wrong_zone(
    chat: Chat, core: Core
) -> None:
    """Arabic or Cyrillic at the time zone, tears, an "ok": none of them is a zone that
    wasn't recognised. Each gets an answer of its own, and nothing is set from them."""
    await chat.say("/start")
    for answer in ("30", "today", "skip"):
        await chat.say(answer)
    assert any(a.startswith(f"{actions.ONBOARD}:tz:") for a in offered(chat))
    await chat.say("مرحبا كيف حالك")
    assert any(r.kind == "other_language" for r in chat.replies)
    await chat.say("ok")  # still here: not a miss
    assert any(a.startswith(f"{actions.ONBOARD}:tz:") for a in offered(chat))
    await chat.say("😭😭😭")  # the second message elsewhere: answered, and setup waits
    assert len(chat.replies) == 2 and f"{actions.COMMAND}:start" in offered(chat)
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.timezone == "UTC" and user.onboarding_step == "tz"
    assert typed_answers.unreadable_script("привет как дела")
    assert not typed_answers.unreadable_script("💔 día")


async def test_answers_typed_ahead_are_kept_and_their_questions_not_asked_again(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await chat.say("/start")
    await chat.say("started 3 days ago")  # at the length: it is the start date
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None
    assert plan.start_date == clock.now().date() - timedelta(days=3)
    await chat.say("30")
    assert (await _state(core, chat))[1]["step"] == "reasons"  # the date is not asked again
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.onboarding_step == "reasons"


async def test_a_country_typed_at_the_date_is_kept_and_not_asked_again(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("30")
    await chat.say("uk")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.country == "GB" and user.onboarding_step == "start"
    for answer in ("today", "done", "london"):
        await chat.say(answer)
    assert (await _state(core, chat))[1]["step"] == "am"  # past the country


async def test_a_reason_typed_at_the_date_is_kept_as_a_reason(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("30")
    await chat.say("i dont want to be the one who begs")
    reasons = [r.text for r in await core.store.reasons(await me(core, chat))]
    assert reasons == ["i dont want to be the one who begs"]
    assert (await _state(core, chat))[1]["step"] == "start"  # and the date still asked


async def test_a_place_in_a_sentence_after_setup_stepped_aside(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("i hate myself for it")
    await chat.say("yeah i did that")
    assert (await _state(core, chat))[0] == "idle"
    await chat.say("im in europe/berlin")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.timezone == "Europe/Berlin"
    assert (await _state(core, chat))[0] == "onboard"  # setup takes up where it was


async def test_one_question_from_reasons_is_let_go_after_two_messages_elsewhere(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("skip the rest")
    await chat.say("/reasons")
    await chat.say("day 1 i guess")
    assert (await _state(core, chat))[0] == "onboard"  # answered, and asked once more
    await chat.say("not a failure. just a day 1. trying to believe that")
    assert (await _state(core, chat))[0] == "idle"  # not a third time
    assert await core.store.reasons(await me(core, chat)) == []


async def test_how_it_works_a_reason_about_looking_and_done_inside_setup(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("hey so idk how this works")  # what Cooloff does, then the same question
    assert len(chat.replies) == 2 and (await _state(core, chat))[1]["step"] == "len"
    await chat.say("done")  # nothing to be done with here: still here, not a miss
    assert (await _state(core, chat))[0] == "onboard"
    for answer in ("30", "today"):
        await chat.say(answer)
    await chat.say("i want to stop checking his insta every hour")  # a reason, not a question
    reasons = [r.text for r in await core.store.reasons(await me(core, chat))]
    assert reasons == ["i want to stop checking his insta every hour"]


async def test_start_again_with_setup_set_aside_asks_which(chat: Chat, core: Core) -> None:
    """The count or the questions: one of them ends the plan, so it is asked, not guessed."""
    await chat.say("/start")
    await chat.say("i hate myself for it")
    await chat.say("yeah i did that")
    await chat.say("start again i guess")
    assert {f"{actions.COMMAND}:slip", f"{actions.ONBOARD}:restart"} <= set(offered(chat))
    assert len(await core.store.plans(await me(core, chat))) == 1  # nothing ended yet
    await chat.send_action(f"{actions.ONBOARD}:restart")
    assert (await _state(core, chat))[:1] == ("onboard",)
    assert (await _state(core, chat))[1]["step"] == "len"


async def test_a_place_in_a_sentence_and_news_at_the_country_question(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("/settings")
    await chat.press("Country")
    await chat.say("i just found out")  # news, not a country it failed to recognise
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.country is None
    await chat.say("/settings")
    await chat.press("Country")
    await chat.say("im in the uk")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.country == "GB"


async def test_a_sentence_at_the_nickname_question_is_never_the_nickname(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    for answer in ("30", "today", "skip", "skip", "skip", "skip", "skip", "skip"):
        await chat.say(answer)
    assert (await _state(core, chat))[1]["step"] == "nick"
    await chat.say("he blocked me on everything")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.ex_nickname is None
    await chat.say("Voldemort")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.ex_nickname == "Voldemort"


async def test_an_answer_after_one_miss_still_counts(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("ugh")
    await chat.say("6 weeks")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 42


async def test_a_confession_inside_setup_is_answered_and_setup_waits(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("A month sounds right")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None
    before = plan.start_date
    await chat.say("i texted her last night. i'm so stupid. 9 days and i blew it")
    assert not _fallback(chat) and len(chat.replies) == 2
    assert f"{actions.COMMAND}:slip" in offered(chat)  # the way to log it
    assert f"{actions.ONBOARD}:start:0" in offered(chat)  # and the same step again
    assert await _step(core, chat) == ("onboard", "start", False)
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.start_date == before
    await chat.say("yes start today then")
    assert (await _state(core, chat))[1]["step"] == "reasons"


async def test_a_question_inside_setup_is_answered_and_the_step_offered_again(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("we have 2 kids together so i cant do full no contact. is this even for me?")
    assert not _fallback(chat) and len(chat.replies) == 2
    assert chat.replies[0].buttons == ()
    assert f"{actions.ONBOARD}:len:30" in offered(chat)
    assert (await _state(core, chat))[1]["step"] == "len"
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 30


async def test_a_message_from_them_inside_setup_is_logged_and_setup_waits(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("he just texted asking if he can take the kids saturday")
    assert len(await core.store.ex_contacts(await me(core, chat))) == 1
    assert (await _state(core, chat))[1]["step"] == "len"
    assert f"{actions.GUIDE}:ex_contacted" in offered(chat)


async def _checkin(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("/checkin")


async def test_a_typed_mood_with_a_story_is_a_checkin_answer(chat: Chat, core: Core) -> None:
    await _checkin(chat)
    await chat.say("honestly rough. i keep replaying the last fight")
    assert not _fallback(chat)
    user_id = await me(core, chat)
    saved = await core.store.checkin_on(user_id, TODAY)
    assert saved is not None and saved.mood == 1 and saved.held is None
    stamp = TODAY.strftime("%Y%m%d")
    assert f"{actions.CHECKIN}:{stamp}:h:yes" in offered(chat)
    await chat.say("no contact. just the looking")
    saved = await core.store.checkin_on(user_id, TODAY)
    assert saved is not None and saved.held is True
    assert await core.store.slips(user_id) == []


async def test_a_number_means_a_choice_only_while_its_list_is_shown(chat: Chat, core: Core) -> None:
    await _checkin(chat)
    await chat.say("1")  # the first of the moods shown: Rough
    user_id = await me(core, chat)
    saved = await core.store.checkin_on(user_id, TODAY)
    assert saved is not None and saved.mood == 1
    await chat.say("7")  # not one of the three contact choices: asked again, nothing saved
    saved = await core.store.checkin_on(user_id, TODAY)
    assert saved is not None and saved.held is None
    assert f"{actions.CHECKIN}:{TODAY.strftime('%Y%m%d')}:h:no" in offered(chat)
    await chat.say("nope")
    saved = await core.store.checkin_on(user_id, TODAY)
    assert saved is not None and saved.held is True
    await chat.say("1")  # the check-in is closed: a stale number starts nothing
    assert not _fallback(chat) and chat.replies and not offered(chat)
    assert await core.store.urges(user_id) == []
    assert (await _state(core, chat))[0] == "idle"


async def test_checkin_logistics_typed_is_limited_contact(chat: Chat, core: Core) -> None:
    await _checkin(chat)
    await chat.say("tired")
    await chat.say("just the kid stuff about saturday")
    slips = await core.store.slips(await me(core, chat))
    assert [s.kind for s in slips] == ["limited"]


async def test_a_no_contact_typed_right_after_logistics_takes_it_back(
    chat: Chat, core: Core
) -> None:
    """ "Only logistics" tapped, then "no. didnt call again": the correction is taken,
    and the logistics contact logged a moment ago is gone."""
    await _checkin(chat)
    await chat.say("rough")
    await chat.press("Only logistics")
    assert [s.kind for s in await core.store.slips(await me(core, chat))] == ["limited"]
    await chat.say("no. didnt call again")
    assert await core.store.slips(await me(core, chat)) == []
    assert chat.replies


async def test_an_unreadable_mood_is_asked_again_with_the_same_buttons(
    chat: Chat, core: Core
) -> None:
    await _checkin(chat)
    await chat.say("hmm what")
    assert not _fallback(chat)
    stamp = TODAY.strftime("%Y%m%d")
    assert offered(chat) == [f"{actions.CHECKIN}:{stamp}:m:{m}" for m in (1, 2, 3)]
    assert await core.store.checkin_on(await me(core, chat), TODAY) is None


async def test_a_checkin_question_lapses(chat: Chat, core: Core, clock: FixedClock) -> None:
    await _checkin(chat)
    clock.advance(hours=7)
    await chat.say("ok")
    assert await core.store.checkin_on(await me(core, chat), TODAY) is None


async def test_delete_takes_a_typed_yes_and_asks_again_otherwise(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("/delete")
    await chat.say("hmm")
    assert any(a.startswith(f"{actions.DELETE}:yes:") for a in offered(chat))
    assert (await _state(core, chat))[0] == "delete"
    await chat.say("no")
    assert await core.store.find_identity(chat.platform, chat.user_id) is not None
    assert (await _state(core, chat))[0] == "idle"
    await chat.say("/delete")
    await chat.say("yes delete everything")
    assert await core.store.find_identity(chat.platform, chat.user_id) is None


async def test_settings_take_a_typed_request(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("/settings")
    await chat.say("plan length. make it 6 weeks total")
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.length_days == 42
    await chat.say("/settings")
    await chat.say("can i change the time to 10. 9 is too early on weekends")
    user = await core.store.get_user(await me(core, chat))
    assert user is not None and user.morning_time == "10:00"
    await chat.say("/settings")
    await chat.say("3")  # the third setting shown: the time zone
    assert await _step(core, chat) == ("onboard", "tz", True)
    await chat.say("/status")
    await chat.say("3")  # the menu is no longer the list shown: no setting is opened
    assert (await _state(core, chat))[0] != "onboard"


async def test_one_message_from_them_is_one_log(chat: Chat, core: Core, clock: FixedClock) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    user_id = await me(core, chat)
    await chat.say("he texted me")
    await chat.say("he texted again lol")
    assert len(await core.store.ex_contacts(user_id)) == 1
    await chat.say("im not gonna answer. im gonna leave him on read")
    assert not _fallback(chat) and f"{actions.COMMAND}:urge" in offered(chat)
    assert len(await core.store.ex_contacts(user_id)) == 1
    await chat.say("he texted me")
    await chat.say("I haven't answered that one. Not going to.")  # read as the same contact
    assert not _fallback(chat)
    assert len(await core.store.ex_contacts(user_id)) == 1
    clock.advance(hours=7)
    await chat.say("she texted me again")
    assert len(await core.store.ex_contacts(user_id)) == 2


# --- through a real `cooloff chat` process --------------------------------------------------


def test_typed_setup_and_checkin_through_cooloff_chat(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "/start",
            "idk like 6 weeks",
            "i texted her last night. i'm so stupid. 9 days and i blew it",
            "yesterday",
            "skip the rest",
            "/checkin",
            "honestly rough. i keep replaying the last fight",
            "no contact",
            "",
        ]
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("DISCORD_BOT_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    with sqlite3.connect(tmp_path / "chat.db") as db:
        plans = db.execute("SELECT length_days, start_date FROM plans").fetchall()
        checkins = db.execute("SELECT mood, held FROM checkins").fetchall()
        state = db.execute("SELECT state FROM conversations").fetchall()
    assert len(plans) == 1 and plans[0][0] == 42
    assert (
        date.fromisoformat(plans[0][1]) < datetime.now(UTC).date()
    )  # "yesterday", after the confession
    assert checkins == [(1, 1)]
    assert state == [("checkin",)]  # closed, still hearing a stray number for a while


async def test_a_mood_typed_after_the_scheduled_checkin_answers_it(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    """The scheduled check-in opens no step; the check-in flow's idle-text hook hears the
    mood typed after it, as a tap would, through the engine."""
    await chat.say("/start")
    await chat.press("Skip the rest")  # check-in at 21:00; the clock says 20:00
    user_id = await me(core, chat)
    await chat.say("rough")  # before the check-in time: not an answer to it
    assert await core.store.checkin_on(user_id, TODAY) is None
    clock.advance(hours=1, minutes=30)  # 21:30: the scheduled check-in came half an hour ago
    await chat.say("hi there")
    assert await core.store.checkin_on(user_id, TODAY) is None
    replies = await chat.say("honestly rough. i keep replaying the last fight")
    assert f"{actions.CHECKIN}:{TODAY.strftime('%Y%m%d')}:h:yes" in [
        b.action for r in replies for b in r.all_buttons
    ]
    saved = await core.store.checkin_on(user_id, TODAY)
    assert saved is not None and saved.mood == 1
    assert (await core.store.conversation(user_id))[0] == "checkin"


async def test_a_yes_after_the_gentle_crisis_check_never_answers_the_step(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("/delete")
    await chat.say("i can't do this anymore")  # may be a crisis: the gentle check comes first
    assert chat.replies and chat.replies[0].kind == "crisis"
    await chat.say("yes")  # answers the check, not "are you sure?"
    assert await core.store.find_identity(chat.platform, chat.user_id) is not None
    assert (await _state(core, chat))[0] not in {"delete", "idle"}


async def test_an_ok_is_not_a_reason_and_a_no_is_not_a_nickname(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("a month")
    await chat.say("today")
    await chat.say("ok")
    user_id = await me(core, chat)
    assert await core.store.reasons(user_id) == []
    assert (await _state(core, chat))[1]["step"] == "reasons"
    await chat.say("i want to be someone who shows up")
    assert len(await core.store.reasons(user_id)) == 1
    for _ in range(6):  # the reasons and the steps after them, skipped in words
        await chat.say("skip")
    assert (await _state(core, chat))[1]["step"] == "nick"
    await chat.say("no nickname lol")
    user = await core.store.get_user(user_id)
    assert user is not None and user.ex_nickname is None and user.onboarding_step is None


async def test_after_a_message_from_them_a_question_or_logistics_gets_guidance(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("he texted me")
    first = chat.text
    await chat.say("what do i do?? do i answer")
    assert not _fallback(chat) and chat.text != first
    assert f"{actions.GUIDE}:logistics" in offered(chat)
    await chat.say("its about the kids")
    assert not _fallback(chat) and f"{actions.GUIDE}:logistics" not in offered(chat)
    assert len(await core.store.ex_contacts(await me(core, chat))) == 1


async def test_two_questions_in_a_row_inside_setup_get_different_answers(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("is this even for me?")
    first = chat.replies[0].text
    await chat.say("does it work if we have kids?")
    second = chat.replies[0].text
    await chat.say("does it work if we have kids?")
    assert len({first, second, chat.replies[0].text}) == 3


async def test_a_story_at_the_contact_question_is_heard_and_the_question_stays(
    chat: Chat, core: Core
) -> None:
    await _checkin(chat)
    await chat.say("tired")
    await chat.say("the little one asked why daddy doesn't sleep here anymore")
    assert not _fallback(chat)
    assert f"{actions.CHECKIN}:{TODAY.strftime('%Y%m%d')}:h:limited" in offered(chat)
    saved = await core.store.checkin_on(await me(core, chat), TODAY)
    assert saved is not None and saved.held is None


async def test_a_situation_brought_inside_setup_gets_its_answer_then_the_step(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("is this even for me?")
    assert chat.replies[0].kind == "situation"
    assert f"{actions.ONBOARD}:len:30" in offered(chat)
    assert (await _state(core, chat))[1]["step"] == "len"


@pytest.mark.parametrize(
    ("text", "ack", "opens", "tz_attempt"),
    [
        ("ok", True, True, False),  # all three readings
        ("thank you", True, True, False),
        ("nah thats fine", False, True, False),
        ("true lol", False, True, False),
        ("hey", False, False, False),
        ("sorry idk", False, False, False),
        ("london", False, False, True),
    ],
)
def test_one_vocabulary_of_passing_words_read_three_ways(
    text: str, ack: bool, opens: bool, tz_attempt: bool
) -> None:
    assert typed_answers.is_acknowledgement(text) is ack
    assert typed_answers.opens_with_an_answer(text) is opens
    assert typed_answers.attempts("tz", text) is tz_attempt


def test_the_last_sentence_may_be_the_length_and_a_story_never_is() -> None:
    assert typed_answers.plan_length("i dont even know how long. like a month??") == 30
    assert typed_answers.plan_length("I would like to try one month, please.") == 30
    assert typed_answers.plan_length("i texted her. 9 days and i blew it") is None


def test_a_feeling_is_told_from_a_reason() -> None:
    assert typed_answers.sounds_like_a_feeling("i hate myself for it")
    assert not typed_answers.sounds_like_a_feeling("i want my self-respect back")
