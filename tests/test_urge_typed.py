"""Every urge step takes typed answers: the strength in the words people use, the tool by
name, the outcome, what set it off. What a step cannot use is answered and the step offered
again with the same buttons; a bare number only picks a choice while its list is shown.

The vocabulary is pinned by its own examples; journeys go through the real engine and
assert stored rows, state and the action ids offered."""

from __future__ import annotations

import pytest

from bot.clock import FixedClock
from bot.core import Core
from bot.flows.urge import off_scale, to_them, typed_outcome, typed_strength, typed_tool
from tests.harness import Chat


@pytest.mark.parametrize(
    ("typed", "strength"),
    [
        ("like an 8", 8),
        ("idk 7ish", 7),
        ("honestly a 9 rn", 9),
        ("8/10", 8),
        ("an eight out of 10", 8),
        ("Seven out of ten.", 7),
        ("Very strong, to be honest.", 9),
        ("i feel bad for her", None),
        ("like a 9. i want to text him so bad", 9),  # the answer, then what it is about
        ("i want to text him. 3 times today", None),
        ("7 or 8", 8),
        ("7-8", 8),
        ("very strong", 9),
        ("not much", 2),
        ("unbearable", 10),
        ("10000", None),
        ("not strong", None),
        ("i texted him 3 times", None),
        ("day 8", None),
        ("²", None),
        ("ok", None),
    ],
)
def test_typed_strengths_in_peoples_words(typed: str, strength: int | None) -> None:
    assert typed_strength(typed) == strength


def test_a_number_past_ten_is_off_the_scale_not_a_value() -> None:
    assert off_scale("10000") and off_scale("11/10")
    assert not off_scale("10") and not off_scale("very strong")


@pytest.mark.parametrize(
    ("typed", "tool"),
    [
        ("wait", "wait"),
        ("i'll wait 15 min", "wait"),
        ("write it", "write"),
        ("task", "task"),
        ("give me something to do", "task"),
        ("breathe", "breathe"),
        ("it passed", "passed"),
        ("my reasons", None),
        ("1", None),
    ],
)
def test_typed_tools(typed: str, tool: str | None) -> None:
    assert typed_tool(typed) == tool


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("i held on", "held"),
        ("didnt send it", "held"),
        ("i texted him", "sent"),
        ("not sure yet", "deciding"),
        ("ok i put the phone down", "held"),
        ("hmm", None),
    ],
)
def test_typed_outcomes(typed: str, outcome: str | None) -> None:
    assert typed_outcome(typed) == outcome


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hey. i miss you. can we talk", True),
        ("i know i shouldnt be texting you but", True),
        ("why did you stop answering me", True),
        ("can you keep it somewhere so i dont send it", False),
        ("i miss her so much", False),
        ("are you even listening", False),
        ('i typed "i miss you" and deleted it like 4 times', False),  # about it, not it
        ("sorry", False),
    ],
)
def test_a_message_to_the_ex_is_told_from_words_to_cooloff(typed: str, message: bool) -> None:
    assert to_them(typed) is message


async def me(core: Core, chat: Chat) -> int:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return identity.user_id


def offered(chat: Chat) -> list[str]:
    return [b.action for r in chat.replies for b in r.all_buttons]


async def step(core: Core, chat: Chat) -> object:
    _, data = await core.store.conversation(await me(core, chat))
    return data.get("await")


@pytest.mark.parametrize(
    ("typed", "strength"),
    [("like an 8", 8), ("very strong", 9), ("like a 9. i want to text him so bad", 9)],
)
async def test_a_typed_strength_moves_the_urge_on(
    chat: Chat, core: Core, typed: str, strength: int
) -> None:
    await chat.say("/urge")
    await chat.say(typed)
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_before == strength
    assert await step(core, chat) == "tool"
    assert "ur:1:t:wait" in offered(chat)


async def test_asking_to_send_it_mid_urge_is_part_of_this_urge(chat: Chat, core: Core) -> None:
    """Read as an urge, "can i just send it?" goes to the urge in progress first: its own
    answer (write it here) and the same question again, not a general answer or a new urge."""
    await chat.say("/urge")
    await chat.say("can i just send it?")
    assert "ur:1:t:write" in offered(chat)
    assert [f"ur:1:s:{n}" for n in range(11)] == [a for a in offered(chat) if ":s:" in a]
    assert await step(core, chat) == "before"
    assert len(await core.store.urges(await me(core, chat))) == 1


async def test_off_the_scale_is_answered_and_the_numbers_offered_again(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.say("10000")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_before is None
    assert await step(core, chat) == "before"
    assert [f"ur:1:s:{n}" for n in range(11)] == [a for a in offered(chat) if ":s:" in a]


async def test_what_the_strength_step_cannot_use_is_answered_then_offered_again(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.say("honestly i dont even know what i feel anymore, everything is loud")
    assert len(chat.replies) >= 2  # an answer for what it is, then the question
    assert "ur:1:s:5" in offered(chat)
    assert await step(core, chat) == "before"
    assert len(await core.store.urges(await me(core, chat))) == 1


async def test_after_two_messages_elsewhere_the_number_is_let_go(chat: Chat, core: Core) -> None:
    """Someone talking about the kids and the quiet house is not asked for a 0-10 again and
    again: the second time the tools are offered without the number, then they are just
    answered, and each message still gets its own answer."""
    await chat.say("/urge")
    await chat.say("cant sleep. the house is so quiet when the boys are at hers")
    assert "ur:1:s:5" in offered(chat) and await step(core, chat) == "before"
    await chat.say("every night i end up on the couch with the tv on just for noise")
    assert "ur:1:t:wait" in offered(chat) and not any(":s:" in a for a in offered(chat))
    assert await step(core, chat) == "tool"
    await chat.say("im so angry at her honestly. 14 years and she just decides")
    assert len(chat.replies) == 1  # answered, and no question a third time
    assert not any(":s:" in a for a in offered(chat))
    await chat.say("wait")  # the tools shown before still work typed
    assert await step(core, chat) != "tool"
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_before is None  # never made up


async def test_a_short_message_with_a_situation_is_answered_at_the_strength_question(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.say("i cant sleep")  # three words, and a real thing: answered, then the 0-10
    assert len(chat.replies) == 2 and "ur:1:s:5" in offered(chat)
    await chat.say("ugh")  # nothing to answer but the question itself
    assert len(chat.replies) == 1


async def test_tools_typed_by_name(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("7")
    await chat.say("wait")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.checkback_due_at is not None and urge.tools == ("wait",)
    await chat.send_action("ur:1:t:task")  # back among the tools
    await chat.say("/urge")
    await chat.press("6")
    await chat.say("write it")
    assert await step(core, chat) == "draft"


async def test_the_tool_asked_for_in_the_last_sentence_starts(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("9")
    await chat.say("i wont send it. can i write it here")
    assert await step(core, chat) == "draft"
    await chat.say("/urge")
    await chat.press("9")
    await chat.say("no i dont want to breathe")  # turned down, not started
    urge = (await core.store.urges(await me(core, chat)))[-1]
    assert "breathe" not in urge.tools and await step(core, chat) == "tool"
    await chat.say("write it here? fine")
    assert await step(core, chat) == "draft"


async def test_my_reasons_typed_shows_them_and_keeps_the_tools(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("7")
    await chat.say("my reasons")
    assert await step(core, chat) == "tool"
    assert {"ur:1:t:write", "ur:1:t:wait"} <= set(offered(chat))


async def test_a_stale_number_typed_at_the_tools_starts_nothing(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("7")
    await chat.say("my reasons")
    await chat.say("1")  # typed, not pressed: the list shown is what it could mean
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.tools == ()
    assert await step(core, chat) == "tool"
    assert "ur:1:t:write" in offered(chat)


async def test_outcome_and_trigger_typed(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("8")
    await chat.press("It passed")
    await chat.say("3/10")
    await chat.say("i held on")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert (urge.strength_after, urge.outcome) == (3, "held")
    assert await step(core, chat) == "trigger"
    await chat.say("late night again")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.trigger == "night"
    state, _ = await core.store.conversation(await me(core, chat))
    assert state == "idle"


async def test_reached_out_typed_at_the_outcome_goes_to_the_slip(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("8")
    await chat.press("It passed")
    await chat.press("8")
    await chat.say("i texted him")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.outcome == "sent"
    assert len(await core.store.slips(await me(core, chat))) == 1
    assert any(a.startswith("sl:1:k:") for a in offered(chat))


async def test_an_urge_left_open_for_hours_is_a_new_moment(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await chat.say("/urge")
    await chat.press("7")
    await chat.press("It passed")  # asked how strong now, and then they put the phone away
    clock.advance(hours=3)
    await chat.say("like an 8")  # no longer an answer to a question from hours ago
    urges = await core.store.urges(await me(core, chat))
    assert urges[0].strength_after is None and urges[0].strength_before == 7
    state, _ = await core.store.conversation(await me(core, chat))
    assert state == "idle"
