"""After the alarm (issue 16): the safety question, its branches, a mode that stays, the
gentle check for uncertain words, other languages, and the safety plan written together.

Through the engine as `cooloff run` builds it. Assertions look at what a person would see
(which kind of answer, which buttons are offered) and what is stored, not at exact words.
"""

from __future__ import annotations

import itertools

from sqlalchemy import text

from adapters.runtime import App
from bot.clock import FixedClock
from bot.core import Core
from bot.flows.crisis_support import heard_in_crisis
from tests.conftest import built_app
from tests.fakes import Deliveries
from tests.harness import Chat

CRISIS = "honestly I just want to kill myself"


def actions_of(chat: Chat) -> set[str]:
    return {b.action for r in chat.replies for b in r.all_buttons}


def kinds(chat: Chat) -> list[str | None]:
    return [r.kind for r in chat.replies]


async def conversation_of(core: Core, chat: Chat) -> tuple[str, dict[str, object]]:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return await core.store.conversation(identity.user_id)


async def state_of(core: Core, chat: Chat) -> str:
    return (await conversation_of(core, chat))[0]


async def urges_of(core: Core, chat: Chat) -> int:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return len(await core.store.urges(identity.user_id))


async def test_the_line_comes_first_then_a_direct_safety_question(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    assert kinds(chat)[0] == "crisis"
    assert {"cr:safe", "cr:unsafe", "cr:unsure"} <= actions_of(chat)


async def test_not_wanting_to_call_and_wanting_to_talk_are_heard(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    await chat.say("thanks. i dont want to call anyone tho")
    assert "fallback" not in kinds(chat)
    assert {"cr:ground:0", "cr:plan", "cr:talk"} <= actions_of(chat)
    await chat.say("can we just talk")
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    assert (await core.store.conversation(identity.user_id))[1].get("step") == "talk"
    said = [chat.text]
    for line in ["it just hurts so much", "everything reminds me of her", "i cant sleep"]:
        await chat.say(line)
        assert "fallback" not in kinds(chat) and chat.replies
        said.append(chat.text)
    assert all(a != b for a, b in itertools.pairwise(said)), said
    assert await state_of(core, chat) == "crisis"


async def test_not_safe_puts_the_emergency_number_first_and_asks_the_country(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("/timezone Europe/Berlin")
    await chat.say(CRISIS)
    await chat.press("I'm not safe")
    assert kinds(chat)[0] == "crisis"
    assert "cr:cc:DE" in actions_of(chat)  # the country the time zone implies, to confirm
    await chat.send_action("cr:cc:DE")
    assert kinds(chat)[0] == "crisis" and "0800" in chat.text  # the German line
    user = await core.store.get_user(1)
    assert user is not None and user.country == "DE"
    assert await state_of(core, chat) == "crisis"  # it stays


async def test_a_typed_answer_to_the_safety_question_counts(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    await chat.say("idk")
    assert {"cr:ground:0", "cr:plan", "cr:talk"} <= actions_of(chat)


async def test_grounding_walks_five_steps(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    await chat.press("I'm safe right now")
    await chat.send_action("cr:ground:0")
    for step in range(1, 5):
        assert f"cr:ground:{step}" in actions_of(chat)
        await chat.send_action(f"cr:ground:{step}")
    await chat.say("ok")  # the last step answered by typing
    assert "cr:ok" in actions_of(chat)


async def test_an_urge_in_crisis_mode_starts_no_urge_flow(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    before = await urges_of(core, chat)
    await chat.say("i just want to text him right now")
    assert await urges_of(core, chat) == before
    assert "fallback" not in kinds(chat) and chat.replies
    assert await state_of(core, chat) == "crisis"


async def test_a_farewell_typed_as_a_draft_is_kept_and_answered_with_care(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.press("9")
    await chat.press("Write it here instead")
    await chat.say(CRISIS)
    await chat.say("this is the last thing you'll hear from me")
    drafts = [d.text for d in await core.store.drafts(1)]
    # A burst in crisis mode is one draft, every line of it kept in order.
    assert drafts == [f"{CRISIS}\nthis is the last thing you'll hear from me"]
    assert "Saved, not sent" not in chat.text  # no cheerful confirmation in crisis
    assert chat.replies and "fallback" not in kinds(chat)


async def test_saying_you_are_okay_ends_the_mode(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    await chat.say("im okay now")
    await chat.say("i'm about to text him")
    assert any(a.startswith("ur:") for a in actions_of(chat))  # back to the usual help
    assert await state_of(core, chat) != "crisis"


async def test_the_mode_lapses_after_some_quiet_hours(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    clock.advance(hours=7)
    await chat.say("i'm about to text him")
    assert any(a.startswith("ur:") for a in actions_of(chat))


async def test_crisis_again_in_the_mode_is_shorter_and_never_the_same(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say(CRISIS)
    first = chat.replies[0].text
    await chat.say("i really want to die")
    second = chat.replies[0].text
    await chat.say("i want to die")
    third = chat.replies[0].text
    assert kinds(chat)[0] == "crisis"
    assert len(second) < len(first) and second != third


async def test_an_uncertain_message_gets_the_gentle_check_not_the_alarm(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("i cant do this anymore")
    assert kinds(chat)[0] == "crisis"
    assert {"cr:yes", "cr:no"} <= actions_of(chat)
    assert "cr:unsafe" not in actions_of(chat)  # not the full alarm
    await chat.say("no just tired")
    assert await state_of(core, chat) == "idle"
    await chat.say("i cant do this anymore")
    await chat.press("Yes, I am")
    assert {"cr:safe", "cr:unsafe", "cr:unsure"} <= actions_of(chat)


async def test_crisis_in_spanish_gets_the_line_and_a_line_in_spanish(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("no le veo sentido a nada, quiero morirme")
    assert kinds(chat)[0] == "crisis"
    assert any("inglés" in r.text for r in chat.replies)


async def test_a_stranger_in_crisis_gets_no_daily_messages(
    app: App, clock: FixedClock, deliveries: Deliveries
) -> None:
    stranger = Chat(app.core, user_id="s9")
    await stranger.say(CRISIS)
    await app.scheduler.worker.sync(clock.now())
    for _ in range(2 * 24 * 2):
        clock.advance(minutes=30)
        await app.scheduler.tick()
    # Nothing daily: only the one gentle check the morning after (tests/test_crisis_morning.py).
    got = deliveries.to("s9")
    assert len(got) <= 1
    assert all("cr:morning:better" in {b.action for b in r.all_buttons} for r in got)
    await stranger.say("/start")  # a plan of their own, when they ask
    assert any(r.buttons for r in stranger.replies)


# --- the safety plan --------------------------------------------------------------------

ANSWERS = [
    "when i stop answering my friends",
    "a cold shower and loud music",
    "skip",
    "my sister maya",
    "line",
    "give my car keys to maya",
    "my dog pickle",
]


async def write_plan(chat: Chat) -> None:
    await chat.say("/safetyplan")
    await chat.send_action("sp:start")
    for answer in ANSWERS:
        await chat.say(answer)


async def test_a_safety_plan_is_written_one_step_at_a_time_and_shown_whole(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("/safetyplan")
    assert "sp:start" in actions_of(chat)
    await write_plan(chat)
    plan = await core.store.safety_plan(1)
    assert set(plan) == {"warning", "self", "people", "pros", "safer", "reasons"}  # one skipped
    assert "findahelpline" in plan["pros"]  # "line" filled in the crisis line
    await chat.say("/safetyplan")
    assert "my dog pickle" in chat.text and "a cold shower" in chat.text
    await chat.send_action("sp:edit")
    await chat.send_action("sp:one:distract")
    await chat.say("the climbing gym")
    assert (await core.store.safety_plan(1))["distract"] == "the climbing gym"


async def test_the_safety_plan_is_offered_after_a_crisis_and_in_helpline(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("/helpline")
    assert "sp:start" in actions_of(chat)
    await chat.say(CRISIS)
    await chat.press("I'm safe right now")
    assert "cr:plan" in actions_of(chat)
    await chat.send_action("cr:plan")
    assert chat.replies[-1].expects == "safetyplan"


async def test_the_safety_plan_is_sealed_exported_survives_a_restart_and_is_deleted(
    sqlite_url: str, clock: FixedClock
) -> None:
    key = "correct horse battery staple"
    first = await built_app(sqlite_url, clock, Deliveries(), encryption_key=key)
    chat = Chat(first.core)
    try:
        await chat.say("/start")
        await write_plan(chat)
        async with first.core.db.engine.connect() as conn:
            raw = [r[0] for r in await conn.execute(text("SELECT text FROM safety_plan_items"))]
        assert raw and not any("pickle" in r for r in raw)  # sealed at rest
    finally:
        await first.stop()
    again = await built_app(sqlite_url, clock, Deliveries(), encryption_key=key)
    chat = Chat(again.core)
    try:
        await chat.say("/safetyplan")
        assert "my dog pickle" in chat.text  # after a restart
        await chat.say("/export")
        exported = next(r.attachment for r in chat.replies if r.attachment is not None)
        assert b"my dog pickle" in exported.data
        await chat.say("/delete")
        await chat.press("Yes, delete everything")
        async with again.core.db.engine.connect() as conn:
            left = (await conn.execute(text("SELECT COUNT(*) FROM safety_plan_items"))).scalar()
        assert left == 0
    finally:
        await again.stop()


async def test_crisis_comes_first_inside_the_safety_plan(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("/safetyplan")
    await chat.send_action("sp:start")
    await chat.say(CRISIS)
    assert kinds(chat)[0] == "crisis"


# --- the gentle check asked in the middle of a step ------------------------------------------

UNCERTAIN = "i cant do this anymore"


async def _onboarding_step(core: Core, chat: Chat) -> object:
    state, data = await conversation_of(core, chat)
    return (state, data.get("step"))


async def test_inside_setup_the_gentle_check_comes_alone_and_a_typed_yes_answers_it(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("30")
    await chat.say(UNCERTAIN)
    assert kinds(chat) == ["crisis"]  # the check only: no setup question squeezed after it
    assert {"cr:yes", "cr:no"} <= actions_of(chat)
    await chat.say("yes")  # to the check, never to the date question
    assert "crisis" in kinds(chat)
    assert {"cr:safe", "cr:unsafe", "cr:unsure"} <= actions_of(chat)
    assert await state_of(core, chat) == "crisis"


async def test_inside_setup_a_typed_no_keeps_the_step_where_it_was(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("30")
    await chat.say(UNCERTAIN)
    await chat.say("no")
    assert await _onboarding_step(core, chat) == ("onboard", "start")
    await chat.say("3 days ago")  # the question from before, answered now
    assert await _onboarding_step(core, chat) == ("onboard", "reasons")


async def test_not_safe_typed_at_the_gentle_check_is_never_read_as_a_no(
    chat: Chat, core: Core
) -> None:
    await chat.say(UNCERTAIN)
    await chat.say("im not safe")
    assert kinds(chat)[0] == "crisis"
    assert await state_of(core, chat) == "crisis"
    assert any(a.startswith("cr:cc:") for a in actions_of(chat))  # asked where, for the number


async def test_im_not_sure_at_the_safety_question_is_the_not_sure_answer(chat: Chat) -> None:
    await chat.say(CRISIS)
    await chat.say("im not sure")
    assert {"cr:ground:0", "cr:plan", "cr:talk"} <= actions_of(chat)


async def test_not_safe_typed_at_the_safety_question_is_its_answer_not_the_question_again(
    chat: Chat, core: Core
) -> None:
    await chat.say(CRISIS)
    await chat.say("im not safe")  # crisis words themselves, and the answer to the question
    assert not {"cr:safe", "cr:unsure"} & actions_of(chat)  # not asked "are you safe?" again
    assert any(a.startswith("cr:cc:") for a in actions_of(chat))


async def test_someone_coming_thanks_and_numbers_are_each_answered_for_what_they_are(
    chat: Chat, core: Core
) -> None:
    """A person who just named their sister is not asked "is there someone you trust?"."""
    await chat.say(CRISIS)
    await chat.say("my sister is 10 min away. i could text her i guess")
    said = [chat.text]
    await chat.say("ok. texted her. she's coming over")
    said.append(chat.text)
    await chat.say("she stayed. we watched bake off")
    said.append(chat.text)
    assert len(set(said)) == 3  # three different answers
    talk = {i.text for i in core.library.pool("crisis_talk")}
    assert not set(said) & talk  # none of the general lines
    await chat.say("im ok now")
    await chat.say("just want the numbers saved somewhere. in case")  # after the mode, too
    assert "cr:plan" in actions_of(chat)


def test_only_someone_close_coming_or_reachable_is_read_as_such() -> None:
    assert heard_in_crisis("my mum is on her way") == "someone_coming"
    assert heard_in_crisis("i could call my brother") == "someone_maybe"
    # Not help arriving: the ex, a story, a family member who is the trouble.
    for story in ("she is here", "he answered", "my dad came home drunk and yelled",
                  "my friend hurt me and i should leave", "he stayed with her"):
        assert heard_in_crisis(story) is None, story


async def test_a_gentle_check_left_unanswered_closes_and_the_message_is_read_as_usual(
    chat: Chat, core: Core
) -> None:
    """ "whats the point of any of this" gets the gentle check, not the full alarm; a next
    message that does not answer it ("should i text her sorry for the call") is read for
    what it is, not held in crisis mode."""
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("so what was the point of 12 days. whats the point of any of this")
    assert kinds(chat) == ["crisis"] and {"cr:yes", "cr:no"} <= actions_of(chat)
    assert not {"cr:safe", "cr:unsafe"} & actions_of(chat)  # the check, not the alarm
    await chat.say("should i text her sorry for the call")
    assert await state_of(core, chat) != "crisis"
    assert "crisis" not in kinds(chat)
