"""Crisis first in every state; bad input gets a clear, kind answer and loses nothing."""

from __future__ import annotations

import logging

import pytest

from bot.clock import FixedClock
from bot.core import Core
from bot.engine import uncertain_crisis
from bot.flows.onboarding import STEPS
from bot.intent import classify
from tests.harness import Chat

CRISIS = "honestly I just want to kill myself"


async def test_crisis_from_a_brand_new_user_comes_first(chat: Chat, core: Core) -> None:
    replies = await chat.say(CRISIS)
    assert "findahelpline.com" in replies[0].text
    assert "emergency" in replies[0].text
    # The safety question follows, so the conversation can go on...
    assert {b.action for b in replies[-1].all_buttons} >= {"cr:safe", "cr:unsafe", "cr:unsure"}
    # ...but a stranger in crisis gets no plan, and so no daily messages, until they ask.
    identity = await core.store.find_identity("console", "u1")
    assert identity is not None
    assert await core.store.active_plan(identity.user_id) is None


async def test_helpline_works_for_anyone_anywhere(core: Core) -> None:
    stranger = Chat(core, user_id="s1")
    replies = await stranger.say("/helpline")
    assert "findahelpline.com" in replies[0].text
    in_group = Chat(core, user_id="s2", private=False)
    replies = await in_group.say("/helpline")
    assert "findahelpline.com" in replies[0].text and not replies[0].private
    assert await core.store.find_identity("console", "s1") is None


async def test_crisis_words_after_a_command_are_read_too(chat: Chat) -> None:
    replies = await chat.say("/urge i just want to die tonight")
    assert "findahelpline.com" in replies[0].text


async def test_crisis_line_for_the_users_country(chat: Chat) -> None:
    await chat.say("/start")
    for _ in range(STEPS.index("cc")):
        await chat.press("Skip")
    await chat.press("UK")
    replies = await chat.say("I don't want to be here anymore")
    assert "116 123" in replies[0].text


@pytest.mark.parametrize("step", ["urge-strength", "urge-draft", "journal", "onboarding", "slip"])
async def test_crisis_interrupts_every_state(chat: Chat, step: str) -> None:
    await chat.say("/start")
    if step == "urge-strength":
        await chat.say("/urge")
    elif step == "urge-draft":
        await chat.say("/urge")
        await chat.press("7")
        await chat.press("Write it here instead")
    elif step == "journal":
        await chat.say("/journal")
    elif step == "slip":
        await chat.say("/slip")
    replies = await chat.say(CRISIS)
    assert "findahelpline.com" in replies[0].text


async def test_text_written_as_a_draft_is_kept_even_when_it_is_in_crisis(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.press("9")
    await chat.press("Write it here instead")
    replies = await chat.say("without you I want to die")
    assert "findahelpline.com" in replies[0].text
    assert [d.text for d in await core.store.drafts(1)] == ["without you I want to die"]


async def test_about_to_text_them_starts_the_urge_flow(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("I'm about to text him, I can't take this")
    assert "How strong is the pull" in chat.text
    assert chat.labels[:3] == ["0", "1", "2"]


async def test_about_to_text_them_from_a_stranger_starts_the_urge_flow(chat: Chat) -> None:
    await chat.say("should i just call her tonight")
    assert "How strong is the pull" in chat.text


async def test_urge_language_interrupts_an_onboarding_question(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("im gonna text him right now")
    assert "How strong is the pull" in chat.text


async def test_i_already_texted_them_starts_the_slip_flow(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("I caved and texted him last night")
    assert "Start my count again" in chat.labels


async def test_they_contacted_me_gets_guidance_and_is_logged(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("she texted me this morning")
    assert "noted that they reached out" in chat.text
    assert len(await core.store.ex_contacts(1)) == 1
    await chat.press("It's about logistics")
    assert "brief, neutral" in chat.text


async def test_plain_sadness_gets_a_warm_short_answer(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("today was really hard")
    assert [r.kind for r in chat.replies] == ["situation"]  # answered for what it is
    assert "How strong is the pull" not in chat.text  # sadness is not treated as an urge
    assert "I want to reach out" in chat.labels


async def test_unknown_command(chat: Chat) -> None:
    await chat.say("/frobnicate now")
    assert "I don't know /frobnicate" in chat.text


async def test_slash_skip_and_done_answer_an_onboarding_question(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("/skip")  # the plan length
    assert "Skipped." in chat.text and "When did no contact begin?" in chat.text
    await chat.say("/skip")
    await chat.say("I want my self-respect back")
    await chat.say("/done")  # no more reasons
    assert "time zone" in chat.text
    await chat.say("/cancel")
    await chat.say("/skip")  # nothing being asked: an unknown command, kindly
    assert "I don't know /skip" in chat.text


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/timezone Mars/Olympus", "don't know that time zone"),
        ("/time 25:99", "I need a time like"),
        ("/checkin_time noonish", "I need a time like"),
        ("/quiet sometime", "I need a range like"),
    ],
)
async def test_malformed_settings_get_a_clear_answer_and_a_second_chance(
    chat: Chat, core: Core, command: str, answer: str
) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say(command)
    assert answer in chat.text
    user = await core.store.get_user(1)
    assert user is not None
    assert (user.timezone, user.morning_time, user.quiet_start) == ("UTC", "08:00", "22:30")
    # The bot waits for a corrected answer.
    if command.startswith("/timezone"):
        await chat.say("Tokyo")
        assert "Asia/Tokyo" in chat.text


async def test_setting_commands_without_an_argument_ask(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.say("/time")
    assert "When should your morning message arrive?" in chat.text
    await chat.press("09:00")
    assert "Morning messages at 09:00" in chat.text
    await chat.say("/quiet 23:00-07:00")
    assert "Quiet hours: 23:00–07:00" in chat.text


async def test_a_fifty_kilobyte_message_is_kept_whole(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("8")
    await chat.press("Write it here instead")
    long = ("I keep thinking about the way things ended. " * 1200)[:50_000]
    await chat.say(long)
    assert "Saved, not sent" in chat.text
    assert (await core.store.drafts(1))[0].text == long.strip()


async def test_a_giant_message_is_refused_kindly(chat: Chat) -> None:
    await chat.say("x" * 200_000)
    assert "send it in a few parts" in chat.text


async def test_emoji_and_rtl_text(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.say("💔🙏 أريد أن أحترم نفسي")
    assert "Saved (1 of 5)" in chat.text
    reasons = await core.store.reasons(1)
    assert reasons[0].text == "💔🙏 أريد أن أحترم نفسي"
    await chat.say("😭😭😭")
    assert "Saved (2 of 5)" in chat.text


async def test_a_button_pressed_twice_acts_once(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("6")
    await chat.press("It passed")
    await chat.press("2")
    held = chat.button("I held on").action
    await chat.send_action(held)
    await chat.send_action(held)
    assert "Already saved" in chat.text
    assert [u.outcome for u in await core.store.urges(1)] == ["held"]


async def test_a_stale_button_from_a_week_ago(chat: Chat, clock: FixedClock) -> None:
    await chat.say("/urge")
    strength = chat.button("5").action
    await chat.press("5")
    await chat.press("It passed")
    await chat.press("1")
    await chat.press("I held on")
    clock.advance(days=7)
    await chat.send_action(strength)
    assert "That moment is over and saved" in chat.text
    assert "The urge is back" in chat.labels


@pytest.mark.parametrize("action", ["", "garbage", "ur:999:s:5", "ur:1:s:99", "zz:1:2", "ob:nope"])
async def test_forged_or_unknown_buttons(chat: Chat, action: str) -> None:
    await chat.say("/urge")
    await chat.send_action(action)
    expected = "I'm here" if action == "" else "earlier moment"
    assert expected in chat.text


async def test_one_user_never_sees_another_users_data(core: Core) -> None:
    alice, bob = Chat(core, user_id="alice"), Chat(core, user_id="bob")
    await alice.say("/urge")
    await alice.press("7")
    await alice.press("Write it here instead")
    await alice.say("alice's secret words")
    await bob.say("/start")
    await bob.say("/drafts")
    assert "alice's secret" not in bob.text
    # Bob pressing Alice's button (a forged action) touches nothing of hers.
    await bob.send_action("ur:1:o:sent")
    assert "earlier moment" in bob.text
    assert (await core.store.urges(1))[0].outcome is None


HINT = "i cant do this anymore"  # often a crisis, often not: the gentle check, not the alarm


async def test_an_uncertain_crisis_is_asked_about_gently_and_nothing_is_lost(
    chat: Chat, core: Core
) -> None:
    assert uncertain_crisis(classify(HINT))
    await chat.say("/start")
    replies = await chat.say(HINT)
    assert "sounded very heavy" in replies[0].text and "findahelpline.com" in replies[0].text
    assert "If I read you wrong" in replies[0].text
    assert "I'm really glad you told me" not in chat.text  # it does not presume
    # Only the check: the setup question keeps its place, unasked, and is answered later.
    assert len(replies) == 1
    _, data = await core.store.conversation(1)
    assert data.get("step") == "len"
    # A rule-certain crisis still gets the full answer and nothing else.
    replies = await chat.say(CRISIS)
    assert replies[0].kind == "crisis" and "I'm really glad you told me" in replies[0].text
    assert {b.action for b in replies[-1].all_buttons} >= {"cr:safe", "cr:unsafe"}
    await chat.say("im ok now")  # the crisis-support mode ends
    # In free chat the check stands alone: no small talk about reaching out after it.
    await chat.say("/start")  # back to the setup question
    await chat.press("Skip the rest")
    replies = await chat.say(HINT)
    assert len(replies) == 1 and "sounded very heavy" in replies[0].text
    # While journaling, the entry is kept and its confirmation follows the check.
    await chat.say("/journal")
    replies = await chat.say(HINT)
    assert "sounded very heavy" in replies[0].text and "Saved" in replies[-1].text


async def test_an_uncertain_crisis_in_a_group_gets_the_check_alone(core: Core) -> None:
    group = Chat(core, user_id="erin", private=False)
    replies = await group.say(HINT)
    assert len(replies) == 1 and "findahelpline.com" in replies[0].text
    assert replies[0].private is False


async def test_crisis_resources_are_shown_even_in_a_group(core: Core) -> None:
    group = Chat(core, user_id="dana", private=False)
    replies = await group.say("I want to end my life")
    assert "findahelpline.com" in replies[0].text
    assert replies[0].private is False


async def test_in_a_group_nothing_personal_is_posted(core: Core) -> None:
    group = Chat(core, user_id="carol", private=False)
    await group.say("/status")
    assert "Message me privately" in group.text
    await group.say("I'm about to text him")
    assert "Message me privately" in group.text


async def test_message_text_is_never_logged(chat: Chat, caplog: pytest.LogCaptureFixture) -> None:
    secret = "my very private sentence about Jamie"
    with caplog.at_level(logging.DEBUG):
        await chat.say("/start")
        await chat.say(secret)
        await chat.say("I'm about to call Jamie")
    assert all("Jamie" not in r.getMessage() for r in caplog.records)


async def test_an_internal_error_never_leaks_a_traceback(
    chat: Chat, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(core.store, "find_identity", broken)
    replies = await chat.say("/status")
    assert "Something went wrong on my side" in replies[0].text
    assert "Traceback" not in replies[0].text and "fire" not in replies[0].text


async def test_a_message_without_text_gets_a_kind_answer(chat: Chat) -> None:
    await chat.say("/start")
    await chat.say("")
    assert "I can only read text" in chat.text
