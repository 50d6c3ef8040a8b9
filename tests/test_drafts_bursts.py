"""Drafts in bursts: after "Write it here instead", everything typed is one draft until the
person says they are done or pauses; a message to the ex typed anywhere in the urge flow is
kept as a draft, not dropped; "send it?" at the strength question is heard.

Driven through the real engine; assertions are on stored rows, the conversation state and
the action ids offered, not on wording."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.core import Core
from bot.intent import Intent, classify
from tests.harness import Chat, me, offered


async def step(core: Core, chat: Chat) -> tuple[str, object]:
    state, data = await core.store.conversation(await me(core, chat))
    return state, data.get("await")


async def writing(chat: Chat) -> None:
    await chat.say("/urge")
    await chat.press("8")
    await chat.press("Write it here instead")


async def test_pieces_typed_in_a_row_are_one_draft_until_done(chat: Chat, core: Core) -> None:
    await writing(chat)
    pieces = ["hey", "i know i shouldnt be texting you", "but i need to know why you left"]
    said: list[str] = []
    for piece in pieces:
        await chat.say(piece)
        assert "ur:1:w:done" in offered(chat)  # they can say they're done at any point
        said.append(chat.text)
    assert len(set(said)) == len(said)  # never the same line for the next piece
    assert await step(core, chat) == ("urge", "draft")
    drafts = await core.store.drafts(await me(core, chat))
    assert [d.text for d in drafts] == ["\n".join(pieces)]  # kept already, before "done"
    await chat.say("thats it")
    assert await step(core, chat) == ("urge", "after")
    assert any(a.startswith("ur:1:a:") for a in offered(chat))  # strength after
    assert len(await core.store.drafts(await me(core, chat))) == 1


async def test_the_done_button_and_slash_done_close_the_draft(chat: Chat, core: Core) -> None:
    await writing(chat)
    await chat.say("i miss you")
    await chat.press("Done")
    assert await step(core, chat) == ("urge", "after")
    await chat.send_action("ur:1:t:write")
    await chat.say("one more thing")
    await chat.say("/done")
    assert await step(core, chat) == ("urge", "after")
    drafts = await core.store.drafts(await me(core, chat))
    assert [d.text for d in drafts] == ["i miss you", "one more thing"]


async def test_a_pause_of_two_minutes_closes_the_draft(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await writing(chat)
    await chat.say("first thing i want to say")
    clock.advance(seconds=90)
    await chat.say("still the first message")
    clock.advance(minutes=3)
    await chat.say("a new message after a pause")
    drafts = await core.store.drafts(await me(core, chat))
    assert [d.text for d in drafts] == [
        "first thing i want to say\nstill the first message",
        "a new message after a pause",
    ]


async def test_after_a_pause_a_number_answers_the_strength_question(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await writing(chat)
    await chat.say("i keep thinking about you")
    clock.advance(minutes=5)
    await chat.say("4")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_after == 4
    assert len(await core.store.drafts(await me(core, chat))) == 1


async def test_nothing_typed_is_lost_when_they_leave_for_a_command(
    chat: Chat, core: Core
) -> None:
    await writing(chat)
    await chat.say("i hate that you left like that")
    await chat.say("and i hate that i still care")
    await chat.say("/status")
    assert (await step(core, chat))[0] == "idle"
    drafts = await core.store.drafts(await me(core, chat))
    assert drafts[0].text == "i hate that you left like that\nand i hate that i still care"


async def test_a_message_to_the_ex_at_the_strength_question_is_kept_as_a_draft(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.say("i know i shouldnt be texting you but")
    assert await step(core, chat) == ("urge", "draft")
    assert "ur:1:w:done" in offered(chat)
    await chat.say("i just want to hear your voice")
    await chat.say("done")
    # Back to the question it interrupted: how strong, before.
    assert await step(core, chat) == ("urge", "before")
    assert any(a.startswith("ur:1:s:") for a in offered(chat))
    await chat.say("7")
    urges = await core.store.urges(await me(core, chat))
    assert len(urges) == 1 and urges[0].strength_before == 7
    drafts = await core.store.drafts(await me(core, chat))
    assert [d.text for d in drafts] == [
        "i know i shouldnt be texting you but\ni just want to hear your voice"
    ]


async def test_words_the_detector_reads_as_an_urge_stay_in_the_same_urge(
    chat: Chat, core: Core
) -> None:
    text = "hey. i miss you. can we talk"
    assert classify(text).intent is Intent.URGE  # without care, this would start over
    await chat.say("/urge")
    await chat.say(text)
    urges = await core.store.urges(await me(core, chat))
    assert len(urges) == 1
    assert [d.text for d in await core.store.drafts(await me(core, chat))] == [text]
    assert await step(core, chat) == ("urge", "draft")


async def test_send_it_at_the_strength_question_is_heard(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.say("send it?")
    ids = offered(chat)
    assert "ur:1:t:write" in ids  # the draft is offered instead
    assert any(a.startswith("ur:1:s:") for a in ids)  # and the question again
    assert await step(core, chat) == ("urge", "before")
    assert await core.store.drafts(await me(core, chat)) == []
    assert len(await core.store.urges(await me(core, chat))) == 1


async def test_a_message_to_the_ex_at_the_tool_step_is_kept(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.press("9")
    await chat.say("why did you stop answering me")
    assert [d.text for d in await core.store.drafts(await me(core, chat))] == [
        "why did you stop answering me"
    ]
    await chat.press("Done")
    assert await step(core, chat) == ("urge", "after")


async def test_the_message_that_sets_off_an_urge_is_kept_as_a_draft(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    text = "Hey Amy, it's been a while. I hope the new job is going well. No pressure to reply."
    await chat.say(text)
    urges = await core.store.urges(await me(core, chat))
    assert len(urges) == 1 and urges[0].source == "detector"
    assert [d.text for d in await core.store.drafts(await me(core, chat))] == [text]
    await chat.say("Is that too much? It feels neutral to me.")
    # A question about the draft is not part of it; the urge goes on at the 0-10.
    assert [d.text for d in await core.store.drafts(await me(core, chat))] == [text]
    assert await step(core, chat) == ("urge", "before")
    assert any(a.startswith("ur:1:s:") for a in offered(chat))


async def test_a_bare_number_in_a_draft_ends_it_and_answers_the_strength(
    chat: Chat, core: Core
) -> None:
    await writing(chat)
    await chat.say("please call me")
    await chat.say("2")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_after == 2
    assert [d.text for d in await core.store.drafts(await me(core, chat))] == ["please call me"]
    assert await step(core, chat) == ("urge", "outcome")


async def test_a_word_to_cooloff_mid_draft_ends_it_and_is_not_kept_as_message(
    chat: Chat, core: Core
) -> None:
    """ "ok that felt kinda good ngl" is said to Cooloff about the writing: the draft holds
    only the message, and the urge goes on to how strong the pull is now."""
    await writing(chat)
    await chat.say("i hate that you just left")
    await chat.say("and i still wait for your name on my screen")
    await chat.say("ok that felt kinda good ngl")
    assert await step(core, chat) == ("urge", "after")
    drafts = await core.store.drafts(await me(core, chat))
    assert [d.text for d in drafts] == [
        "i hate that you just left\nand i still wait for your name on my screen"
    ]
    await chat.say("like a 4")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_after == 4


async def test_a_strength_or_goodnight_mid_draft_is_not_part_of_it(
    chat: Chat, core: Core
) -> None:
    await writing(chat)
    await chat.say("i miss the way you laughed")
    await chat.say("like a 3")
    urge = (await core.store.urges(await me(core, chat)))[0]
    assert urge.strength_after == 3
    await chat.send_action("ur:1:t:write")
    await chat.say("dont text me again")  # to them: kept
    await chat.say("im not going to send it")  # to Cooloff: ends it, not kept
    await chat.send_action("ur:1:t:write")
    await chat.say("goodnight my love")  # to them: kept
    await chat.say("gonna try and sleep")  # to Cooloff: not kept
    texts = [d.text for d in await core.store.drafts(await me(core, chat))]
    assert sorted(texts) == [
        "dont text me again",
        "goodnight my love",
        "i miss the way you laughed",
    ]
    assert chat.replies and await step(core, chat) == ("urge", "after")


def test_a_draft_typed_in_pieces_through_cooloff_chat(tmp_path: Path) -> None:
    """The real `cooloff chat` process: pieces in a row are one draft; /drafts shows it."""
    script = (
        "/urge\nlike an 8\nwrite it\nhey\ni know i shouldnt be texting you\n"
        "but i need to know why you left\nthats it\n3\nI held on\n/drafts\n"
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
        drafts = db.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]
        urge = db.execute("SELECT strength_before, strength_after, outcome FROM urges").fetchone()
    assert drafts == 1  # one row for the three pieces (sealed: its text is not compared here)
    assert urge == (8, 3, "held")
    # /drafts shows the pieces together (the console never echoes what was typed).
    assert "i know i shouldnt be texting you\nbut i need to know why you left" in result.stdout


async def test_a_kept_message_can_be_let_go_with_one_tap(chat: Chat, core: Core) -> None:
    await chat.say("/urge")
    await chat.say("hey. i miss you. can we talk")
    assert "ur:1:w:drop" in offered(chat)
    await chat.send_action("ur:1:w:drop")
    assert await core.store.drafts(await me(core, chat)) == []
    assert await step(core, chat) == ("urge", "before")  # the urge goes on where it was
    assert any(a.startswith("ur:1:s:") for a in offered(chat))
    await chat.send_action("ur:1:w:drop")  # pressed again: nothing more happens
    assert await step(core, chat) == ("urge", "before")


async def test_news_of_contact_with_their_words_quoted_is_not_taken_for_a_draft(
    chat: Chat, core: Core
) -> None:
    """'so he just texted me "hey can we talk"' at the tool step is a message from them
    (logged as such), not the start of a draft; 'actually i replied. i said "what do you
    want"' in the middle of a draft is a slip: the draft keeps only what was written."""
    await chat.say("/urge")
    await chat.press("8")
    await chat.say('so he just texted me "hey can we talk"')
    user = await me(core, chat)
    assert await core.store.drafts(user) == []
    assert len(await core.store.ex_contacts(user)) == 1
    await chat.send_action("ur:1:t:write")
    await chat.say("i miss you so much")
    await chat.say('actually i replied. i said "what do you want"')
    assert [d.text for d in await core.store.drafts(user)] == ["i miss you so much"]
    state, _ = await core.store.conversation(user)
    assert state == "slip"  # the slip questions, not "go on"
    assert len(await core.store.slips(user)) == 1
    asked = chat.text
    await chat.say("im so stupid")  # answered kindly; too short to be the slip's note
    assert chat.text != asked and len(chat.replies) == 2
    assert [s.note for s in await core.store.slips(user)] == [None]
    assert (await core.store.conversation(user))[0] == "slip"


@pytest.mark.parametrize(
    ("strength", "said"),
    [("8", "ok i wont. i put the phone in the other room"), (None, "lol no im not gonna")],
)
async def test_they_held_said_in_words_closes_the_urge_held(
    chat: Chat, core: Core, strength: str | None, said: str
) -> None:
    """At the tool step, or at the 0-10 before it: they won't, said instead of tapped."""
    await chat.say("/urge")
    if strength is not None:
        await chat.press(strength)
    await chat.say(said)
    urges = await core.store.urges(await me(core, chat))
    assert [u.outcome for u in urges] == ["held"]


async def test_a_bare_i_didnt_or_a_but_at_the_strength_question_does_not_close_the_urge(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    for said in ("i didnt think it would hurt this much", "i wont text him but i really want to"):
        await chat.say(said)
        urges = await core.store.urges(await me(core, chat))
        assert [u.outcome for u in urges] == [None], said


async def test_asking_cooloff_to_talk_is_not_kept_as_a_message_to_them(
    chat: Chat, core: Core
) -> None:
    await chat.say("/urge")
    await chat.press("7")
    await chat.say("can u talk to me for a bit")
    assert await core.store.drafts(await me(core, chat)) == []
    assert "ur:1:w:done" not in offered(chat)
