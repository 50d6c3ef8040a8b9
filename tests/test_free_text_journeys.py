"""QA findings on free text (issue 15), each as a journey through the real engine: what
was answered (the situation topic remembered, reply kinds), what was stored (slips, urges,
drafts, reasons) and which buttons were offered. Never exact wording."""

from __future__ import annotations

from datetime import timedelta

from bot import actions
from bot.clock import FixedClock
from bot.content.library import Said
from bot.core import Core
from bot.engine import SAID_KEY
from bot.situations import KIND
from tests.harness import Chat, me, offered


async def set_up(chat: Chat, *, days_ago: str = "A week ago") -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press(days_ago)
    await chat.press("Skip the rest")


async def topic(core: Core, chat: Chat) -> str:
    """The situation topic the last answer was about ("" for none)."""
    _, data = await core.store.conversation(await me(core, chat))
    return Said.parse(data.get(SAID_KEY)).topic


def kinds(chat: Chat) -> list[str | None]:
    return [r.kind for r in chat.replies]


# --- what was said just before decides a follow-up ------------------------------------------


async def test_what_do_i_say_back_after_the_kids_text_is_the_logistics_answer(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("she just texted. can i take the boys thursday instead of friday")
    assert await topic(core, chat) == "logistics"
    await chat.say("what do i even say back")
    assert KIND in kinds(chat)
    assert await topic(core, chat) == "logistics"  # a brief, neutral reply; not "silence"
    assert f"{actions.GUIDE}:logistics" in offered(chat)


async def test_at_the_school_gate_right_now_is_a_run_in(chat: Chat, core: Core) -> None:
    await set_up(chat)
    await chat.say("hes at the school gate right now")
    assert kinds(chat) == [KIND]
    assert await topic(core, chat) == "ran_into"
    assert f"{actions.GUIDE}:run_into" in offered(chat)
    assert await core.store.slips(await me(core, chat)) == []


# --- the urge flow ----------------------------------------------------------------------------


async def test_i_cant_wait_15_minutes_in_the_urge_is_not_the_wait_timer(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/urge")
    await chat.press("9")
    await chat.say("i cant wait 15 minutes")
    urge = (await core.store.urges(await me(core, chat)))[-1]
    assert urge.checkback_due_at is None  # no fifteen-minute timer was started
    assert await topic(core, chat) == "cant_wait"  # the two-minute tool
    assert f"{actions.URGE}:{urge.id}:t:breathe" in offered(chat)
    await chat.say("wait 15 minutes")  # asked for plainly, it is still the timer
    urge = (await core.store.urges(await me(core, chat)))[-1]
    assert urge.checkback_due_at is not None


# --- after a slip -----------------------------------------------------------------------------


async def test_what_was_the_point_of_12_days_after_a_slip_is_answered_not_alarmed(
    chat: Chat, core: Core
) -> None:
    await set_up(chat, days_ago="A week ago")
    await chat.say("/slip")
    await chat.press("Start my count again")  # "what led up to it?" is open
    await chat.say("whats the point. 12 days gone")  # the detector is unsure: crisis?
    assert "crisis" not in kinds(chat)  # about the count: no gentle crisis check
    assert await topic(core, chat) == "whats_the_point"
    assert len(await core.store.slips(await me(core, chat))) == 1
    await chat.press("Done")
    await chat.say("12 days for nothing. whats the point")
    assert "crisis" not in kinds(chat)
    assert await topic(core, chat) == "whats_the_point"
    # Real crisis language right after a slip still gets crisis resources first.
    await chat.say("i want to kill myself")
    assert chat.replies[0].kind == "crisis"


async def test_whats_the_point_alone_after_a_slip_still_gets_the_gentle_check(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/slip")
    await chat.press("Start my count again")
    await chat.press("Done")
    await chat.say("whats the point")  # not about the count: asked gently, as before
    assert chat.replies[0].kind == "crisis"
    await chat.say("whats the point of anything")
    assert chat.replies[0].kind == "crisis"


async def test_should_i_apologise_after_a_slip_is_the_reply_question(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("i texted him last night")
    await chat.press("Start my count again")  # "what led up to it?" is open
    before = len(await core.store.slips(await me(core, chat)))
    await chat.say("should i apologise")
    assert KIND in kinds(chat)
    assert await topic(core, chat) == "reply"
    assert any(a.startswith(f"{actions.SLIP}:") for a in offered(chat))  # the step, again
    await chat.press("Done")
    await chat.say("should i apologize for what i sent")  # read as a slip by the detector
    assert kinds(chat) == [KIND]
    assert await topic(core, chat) == "reply"
    assert len(await core.store.slips(await me(core, chat))) == before  # no second slip
    assert not any(a.startswith(f"{actions.SLIP}:") for a in offered(chat))


# --- setup's reasons ------------------------------------------------------------------------


async def test_a_feeling_kept_as_a_reason_can_be_taken_back(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("Today")
    await chat.say("i deserve someone who shows up")
    assert not any(a.startswith(f"{actions.ONBOARD}:unreason") for a in offered(chat))
    await chat.say("i hate myself for it")
    undo = [a for a in offered(chat) if a.startswith(f"{actions.ONBOARD}:unreason")]
    assert undo, offered(chat)
    uid = await me(core, chat)
    assert len(await core.store.reasons(uid)) == 2
    await chat.send_action(undo[0])
    reasons = await core.store.reasons(uid)
    assert len(reasons) == 1  # the feeling is gone, the reason stays
    state, data = await core.store.conversation(uid)
    assert state == "onboard" and data.get("step") == "reasons"  # still writing reasons
    await chat.send_action(undo[0])  # pressed again: nothing more is taken
    assert len(await core.store.reasons(uid)) == 1


# --- crisis mode keeps one draft ----------------------------------------------------------------


async def test_a_burst_typed_in_crisis_mode_while_writing_is_one_draft(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await set_up(chat)
    await chat.say("/urge")
    await chat.press("8")
    await chat.press("Write it here instead")
    await chat.say("i cant do this without you")
    await chat.say("i want to kill myself")
    assert chat.replies[0].kind == "crisis"
    await chat.say("please just answer me")
    await chat.say("i miss you so much")
    uid = await me(core, chat)
    drafts = await core.store.drafts(uid)
    assert len(drafts) == 1, [d.text for d in drafts]
    for piece in ("without you", "please just answer me", "i miss you so much"):
        assert piece in drafts[0].text
    clock.advance(seconds=timedelta(minutes=10).total_seconds())
    await chat.say("you were everything")  # after a pause: a new draft
    assert len(await core.store.drafts(uid)) == 2


# --- the console: a number is a choice only of the list shown last ----------------------------


async def test_the_console_reads_a_number_only_against_the_last_replys_buttons(
    core: Core,
) -> None:
    import io

    from adapters.console_adapter import ConsoleAdapter
    from bot.messages import Reply, rows

    console = ConsoleAdapter(core, out=io.StringIO())
    first = actions.command_button("Check in", "checkin")
    second = actions.command_button("My status", "status")
    await console.deliver(console.address, [Reply("a", buttons=rows([first])), Reply("b")])
    assert console.to_incoming("1").text == "1"  # the last reply showed no buttons
    assert console.to_incoming("Check in").action == first.action  # a label still presses
    await console.deliver(
        console.address, [Reply("a", buttons=rows([first])), Reply("b", buttons=rows([second]))]
    )
    assert console.to_incoming("1").action == second.action  # only the last list is numbered
    assert console.to_incoming("2").text == "2"


async def test_a_greeting_or_a_question_about_the_rules_never_starts_the_urge_flow(
    chat: Chat, core: Core
) -> None:
    """'hey' at the first setup question was read as an urge (the model had learned it from
    drafts that begin "hey") and took the person out of setup into the 0-10."""
    await chat.say("/start")
    await chat.say("hey")
    user = await me(core, chat)
    assert (await core.store.conversation(user))[0] == "onboard"  # still in setup
    await chat.say("skip the rest")
    await chat.say("is that a slip??")
    assert await core.store.urges(user) == []
