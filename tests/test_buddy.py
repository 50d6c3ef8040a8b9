"""/buddy through the real engine: consent that cannot be bypassed, an SOS that needs a
confirm, an end that silences both sides, and a buddy who never sees private words."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from bot import actions
from bot.clock import FixedClock
from bot.core import Core
from bot.features import buddy
from bot.messages import MAX_ACTION_BYTES
from bot.storage import buddy_store
from bot.storage.buddy_models import BuddyLink
from tests.fakes import Deliveries
from tests.harness import Chat

# Words that must never reach a buddy: one for each kind of private text.
REASON, DRAFT, JOURNAL, EX, SLIP_NOTE = (
    "ZEBRAREASON",
    "PLATYPUSDRAFT",
    "OKAPIJOURNAL",
    "QUOKKA",
    "NARWHALNOTE",
)


FakeOutbox = Deliveries  # what reached the buddy, through the app's real outbox router


@pytest.fixture
def outbox(deliveries: Deliveries) -> Deliveries:
    return deliveries


def code_in(text: str) -> str:
    found = re.search(r"code: ([A-Z0-9]{8})", text)
    assert found, text
    return found.group(1)


async def user_id(core: Core, chat: Chat) -> int:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return identity.user_id


async def invite(alex: Chat) -> str:
    await alex.say("/buddy")
    return code_in(alex.text)


async def linked(core: Core) -> tuple[Chat, Chat]:
    """Alex invites, Sam (a newcomer on another platform) accepts."""
    alex, sam = Chat(core, user_id="alex"), Chat(core, user_id="sam", platform="telegram")
    code = await invite(alex)
    await sam.say(f"/buddy {code}")
    await sam.press("Yes, I'll be their buddy")
    return alex, sam


async def urge_to_tools(chat: Chat) -> int:
    await chat.say("/urge")
    urge_id = int(chat.replies[0].all_buttons[0].action.split(":")[1])
    await chat.press("8")
    return urge_id


# --- consent -----------------------------------------------------------------------------


async def test_both_sides_read_the_role_and_how_to_stop(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = Chat(core, user_id="alex"), Chat(core, user_id="sam", platform="telegram")
    code = await invite(alex)
    assert "24 hours" in alex.text and "works once" in alex.text
    assert "never see your drafts, journal, reasons" in alex.text
    await sam.say(f"/buddy {code}")
    assert "asked you to be their buddy" in sam.text
    assert "stop at any time" in sam.text and "/buddy" in sam.text
    assert sam.labels == ["Yes, I'll be their buddy", "No thanks"]
    assert await buddy_store.active_link_of(core.store, await user_id(core, alex)) is None
    assert outbox.sent == []  # nothing happens until the friend says yes

    await sam.press("Yes, I'll be their buddy")
    assert "now your friend's buddy" in sam.text
    assert "To stop, tap “Stop being a buddy” or send /buddy" in sam.text
    assert "Stop being a buddy" in sam.labels
    [(address, [notice])] = outbox.sent
    assert address.chat_id == "alex"
    assert "accepted" in notice.text and "change it any time with /buddy" in notice.text

    await alex.say("/buddy")
    assert "is your buddy" in alex.text and "End the buddy link" in alex.labels


async def test_one_buddy_at_a_time(core: Core, outbox: FakeOutbox) -> None:
    alex, _ = await linked(core)
    alex_id = await user_id(core, alex)
    link = await buddy_store.link_of(core.store, alex_id)
    assert link is not None and link.buddy_user_id is not None
    # the code is spent once used
    assert await buddy_store.live_invite_code(core.store, alex_id, core.clock.now()) is None
    await alex.say("/buddy")
    assert "is your buddy" in alex.text and "invite code" not in alex.text


async def test_a_code_cannot_be_used_twice(core: Core, outbox: FakeOutbox) -> None:
    alex = Chat(core, user_id="alex")
    sam, kim = Chat(core, user_id="sam"), Chat(core, user_id="kim")
    code = await invite(alex)
    await sam.say(f"/buddy {code}")
    await kim.say(f"/buddy {code}")
    await sam.press("Yes, I'll be their buddy")
    await kim.press("Yes, I'll be their buddy")  # the offer was shown, but the code is spent
    assert "doesn't work" in kim.text
    await kim.say(f"/buddy {code}")
    assert "doesn't work" in kim.text
    await sam.send_action(actions.encode("bd", "acc", code))  # a repeated tap
    assert "doesn't work" in sam.text
    links = await buddy_store.supporting(core.store, await user_id(core, kim))
    assert links == []


async def test_a_code_expires_after_24_hours(
    core: Core, clock: FixedClock, outbox: FakeOutbox
) -> None:
    alex, sam = Chat(core, user_id="alex"), Chat(core, user_id="sam")
    code = await invite(alex)
    clock.advance(hours=23, minutes=59)
    await sam.say(f"/buddy {code}")
    assert "asked you to be their buddy" in sam.text
    clock.advance(minutes=2)
    await sam.press("Yes, I'll be their buddy")
    assert "doesn't work" in sam.text and "24 hours" in sam.text
    await sam.say(f"/buddy {code}")
    assert "doesn't work" in sam.text
    assert outbox.sent == []
    # The maker gets a fresh code, which works.
    fresh = await invite(alex)
    assert fresh != code
    await sam.say(f"/buddy {fresh}")
    await sam.press("Yes, I'll be their buddy")
    assert "buddy" in sam.text and len(outbox.sent) == 1


async def test_the_maker_cannot_use_their_own_code(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = Chat(core, user_id="alex"), Chat(core, user_id="sam")
    code = await invite(alex)
    await alex.say(f"/buddy {code}")
    assert "your own invite code" in alex.text
    await alex.send_action(actions.encode("bd", "acc", code))  # a forged button
    assert "your own invite code" in alex.text
    assert await buddy_store.active_link_of(core.store, await user_id(core, alex)) is None
    # Not spent by those attempts: the friend can still use it.
    await sam.say(f"/buddy {code}")
    await sam.press("Yes, I'll be their buddy")
    assert await buddy_store.active_link_of(core.store, await user_id(core, alex)) is not None


async def test_declining_sets_nothing_up(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = Chat(core, user_id="alex"), Chat(core, user_id="sam")
    code = await invite(alex)
    await sam.say(f"/buddy {code}")
    await sam.press("No thanks")
    assert "Nothing was set up" in sam.text
    assert await buddy_store.active_link_of(core.store, await user_id(core, alex)) is None
    assert outbox.sent == []


async def test_a_buddy_only_friend_gets_no_daily_program(core: Core, outbox: FakeOutbox) -> None:
    _, sam = await linked(core)
    plans = await core.store.plans(await user_id(core, sam))
    assert [(p.ended_at is not None, p.outcome) for p in plans] == [(True, "buddy_only")]
    assert await core.store.active_plan(await user_id(core, sam)) is None
    await sam.say("/buddy")
    assert "You're a buddy for" in sam.text and "send /start" in sam.text
    assert "invite code" not in sam.text


async def test_a_friend_with_their_own_plan_keeps_it(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = Chat(core, user_id="alex"), Chat(core, user_id="sam")
    await sam.say("/urge")  # Sam has history of their own
    code = await invite(alex)
    await sam.say(f"/buddy {code}")
    await sam.press("Yes, I'll be their buddy")
    assert await core.store.active_plan(await user_id(core, sam)) is not None


# --- the SOS -----------------------------------------------------------------------------


async def test_sos_reaches_the_buddy_only_after_a_confirm(core: Core, outbox: FakeOutbox) -> None:
    alex, _ = await linked(core)
    before = len(outbox.sent)
    urge_id = await urge_to_tools(alex)
    assert "Reach my buddy" in alex.labels
    await alex.press("Reach my buddy")
    assert "Send your friend a short message" in alex.text
    assert alex.labels[:4] == [
        "Call me if you can",
        "A message would help",
        "I'm okay, just struggling",
        "Send without a note",
    ]
    assert len(outbox.sent) == before  # asking is not sending
    await alex.press("Call me if you can")
    assert "Sent to your friend" in alex.text
    assert "Wait 15 minutes" in alex.labels  # back to the tools
    [sos] = outbox.to("sam")[-1:]
    assert len(outbox.sent) == before + 1
    assert "having a hard moment" in sos.text and "“Call me if you can”" in sos.text
    assert "To stop" in sos.text and [b.label for b in sos.all_buttons] == ["Stop being a buddy"]
    # Another tap for the same moment does not send again.
    await alex.send_action(actions.encode("bd", "sos", urge_id, "none"))
    assert "already got a message" in alex.text
    assert len(outbox.sent) == before + 1


async def test_an_sos_that_cannot_be_delivered_gives_its_claim_back(
    core: Core, outbox: FakeOutbox
) -> None:
    alex, sam = await linked(core)
    urge_id = await urge_to_tools(alex)
    outbox.unreachable.add("sam")  # the buddy blocked the bot
    await alex.send_action(actions.encode("bd", "sos", urge_id, "none"))
    link = await buddy_store.link_of(core.store, await user_id(core, alex))
    assert link is not None and link.last_sos_urge_id is None  # not counted as sent
    outbox.unreachable.discard("sam")
    await sam.say("/help")  # back: a message lifts the mark
    before = len(outbox.to("sam"))
    await alex.send_action(actions.encode("bd", "sos", urge_id, "none"))
    assert len(outbox.to("sam")) == before + 1  # the same moment can still reach them
    link = await buddy_store.link_of(core.store, await user_id(core, alex))
    assert link is not None and link.last_sos_urge_id == urge_id


async def test_dont_send_sends_nothing(core: Core, outbox: FakeOutbox) -> None:
    alex, _ = await linked(core)
    before = len(outbox.sent)
    await urge_to_tools(alex)
    await alex.press("Reach my buddy")
    await alex.press("Don't send")
    assert "nothing was sent" in alex.text
    assert len(outbox.sent) == before


async def test_no_sos_button_without_a_buddy_or_with_sos_off(
    core: Core, outbox: FakeOutbox
) -> None:
    alex = Chat(core, user_id="alex")
    await urge_to_tools(alex)
    assert "Reach my buddy" not in alex.labels
    await invite(alex)  # an open invite is not a buddy
    await urge_to_tools(alex)
    assert "Reach my buddy" not in alex.labels

    alex, _ = await linked(core)
    await alex.say("/buddy")
    await alex.press("Urge messages: on")
    assert "Urge messages: off" in alex.labels
    urge_id = await urge_to_tools(alex)
    assert "Reach my buddy" not in alex.labels
    before = len(outbox.sent)
    await alex.send_action(actions.encode("bd", "sos", urge_id, "none"))  # an old button
    assert len(outbox.sent) == before


async def test_an_unreachable_buddy_is_reported_and_can_be_retried(
    core: Core, outbox: FakeOutbox
) -> None:
    alex, _ = await linked(core)
    urge_id = await urge_to_tools(alex)
    outbox.unreachable.add("sam")
    await alex.send_action(actions.encode("bd", "sos", urge_id, "ok"))
    assert "couldn't reach" in alex.text and "Wait 15 minutes" in alex.labels
    sam_id = await user_id(core, Chat(core, user_id="sam", platform="telegram"))
    for identity in await core.store.identities(sam_id):
        await core.store.update_identity(identity.id, unreachable_since=None)
    outbox.unreachable.clear()
    await alex.send_action(actions.encode("bd", "sos", urge_id, "ok"))
    assert "Sent to" in alex.text


# --- ending ------------------------------------------------------------------------------


async def test_after_the_person_ends_it_nothing_reaches_either_side(
    core: Core, outbox: FakeOutbox
) -> None:
    alex, sam = await linked(core)
    urge_id = await urge_to_tools(alex)
    await alex.say("/buddy")
    await alex.press("End the buddy link")
    assert "no longer your buddy" in alex.text
    sent = len(outbox.sent)
    await alex.send_action(actions.encode("bd", "sos", urge_id, "call"))  # an old button
    assert "don't have a buddy" in alex.text
    await urge_to_tools(alex)
    assert "Reach my buddy" not in alex.labels
    alex_id = await user_id(core, alex)
    await buddy_store.set_share(core.store, alex_id, "sl", True)
    assert await buddy.buddy_notice(core.store, core.library, alex_id, "milestone", 7) is None
    assert await buddy.buddy_notice(core.store, core.library, alex_id, "slip") is None
    await sam.say("/buddy")
    assert "You're a buddy for" not in sam.text
    assert len(outbox.sent) == sent


async def test_after_the_buddy_stops_nothing_reaches_either_side(
    core: Core, outbox: FakeOutbox
) -> None:
    alex, sam = await linked(core)
    urge_id = await urge_to_tools(alex)
    sent = len(outbox.sent)
    stop = sam.button("Stop being a buddy").action
    await sam.send_action(stop)
    assert "no longer your friend's buddy" in sam.text
    await sam.send_action(stop)  # again: already gone
    assert "already ended" in sam.text
    await alex.send_action(actions.encode("bd", "sos", urge_id, "none"))
    assert "don't have a buddy" in alex.text
    alex_id = await user_id(core, alex)
    assert await buddy.buddy_notice(core.store, core.library, alex_id, "milestone", 7) is None
    await alex.say("/buddy")
    assert "invite code" in alex.text
    assert len(outbox.sent) == sent


async def test_only_a_side_of_the_link_can_end_it(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = await linked(core)
    stop = sam.button("Stop being a buddy").action
    kim = Chat(core, user_id="kim")
    await kim.say("/start")
    await kim.send_action(stop)
    assert "already ended" in kim.text
    assert await buddy_store.active_link_of(core.store, await user_id(core, alex)) is not None


async def test_deleting_the_buddy_leaves_no_link_row(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = await linked(core)
    await sam.say("/delete")
    await sam.press("Yes, delete everything")
    async with core.store.tx() as s:
        count = await s.scalar(select(func.count()).select_from(BuddyLink))
    assert count == 0
    await urge_to_tools(alex)
    assert "Reach my buddy" not in alex.labels


async def test_deleting_the_person_leaves_no_link_row(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = await linked(core)
    await alex.say("/delete")
    await alex.press("Yes, delete everything")
    async with core.store.tx() as s:
        count = await s.scalar(select(func.count()).select_from(BuddyLink))
    assert count == 0
    await sam.say("/buddy")
    assert "You're a buddy for" not in sam.text


# --- what is shared ----------------------------------------------------------------------


async def test_slips_are_not_shared_unless_turned_on(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = await linked(core)
    alex_id = await user_id(core, alex)
    await alex.say("/slip")
    assert await buddy.buddy_notice(core.store, core.library, alex_id, "slip") is None
    await sam.say("/buddy")
    assert "slips" not in sam.text.lower()
    await alex.say("/buddy")
    assert "✗ nothing about slips" in alex.text
    await alex.press("Slips: off")
    assert "✓ that a slip happened" in alex.text
    notice = await buddy.buddy_notice(core.store, core.library, alex_id, "slip")
    assert notice is not None and notice[0] == await user_id(core, sam)
    assert "had contact" in notice[1][0].text and "To stop" in notice[1][0].text
    await sam.say("/buddy")
    assert "(slips:" in sam.text


async def test_milestones_are_shared_while_on(core: Core, outbox: FakeOutbox) -> None:
    alex, sam = await linked(core)
    alex_id = await user_id(core, alex)
    notice = await buddy.buddy_notice(core.store, core.library, alex_id, "milestone", 7)
    assert notice is not None and "day 7" in notice[1][0].text
    await sam.say("/buddy")
    assert "without contact in a row" in sam.text
    await alex.say("/buddy")
    await alex.press("Milestones: on")
    assert await buddy.buddy_notice(core.store, core.library, alex_id, "milestone", 7) is None
    await sam.say("/buddy")
    assert "without contact" not in sam.text


async def test_the_buddy_never_receives_private_words(core: Core, outbox: FakeOutbox) -> None:
    alex = Chat(core, user_id="alex")
    sam = Chat(core, user_id="sam", platform="telegram")
    await alex.say("/start")
    alex_id = await user_id(core, alex)
    await core.store.add_reason(alex_id, f"because {REASON}", core.clock.now())
    await core.store.add_journal(alex_id, None, f"today {JOURNAL}", core.clock.now())
    await core.store.update_user(alex_id, ex_nickname=EX)
    code = await invite(alex)
    await sam.say(f"/buddy {code}")
    seen_by_sam = [sam.text, *sam.labels]
    await sam.press("Yes, I'll be their buddy")
    seen_by_sam += [sam.text, *sam.labels]
    await buddy_store.set_share(core.store, alex_id, "sl", True)

    urge_id = await urge_to_tools(alex)
    await alex.press("Write it here instead")
    await alex.say(f"dear {EX} {DRAFT}")
    await alex.send_action(actions.encode("bd", "sos", urge_id))
    await alex.press("I'm okay")
    assert "Sent to" in alex.text
    await alex.say("/slip")
    for notice in (
        await buddy.buddy_notice(core.store, core.library, alex_id, "slip"),
        await buddy.buddy_notice(core.store, core.library, alex_id, "milestone", 14),
    ):
        assert notice is not None
        seen_by_sam += [r.text for r in notice[1]]
    await sam.say("/buddy")
    seen_by_sam += [sam.text, *sam.labels]

    everything = "\n".join([*seen_by_sam, outbox.words("sam")])
    assert "having a hard moment" in everything
    for word in (REASON, DRAFT, JOURNAL, EX, SLIP_NOTE):
        assert word.lower() not in everything.lower()
    assert "ex" not in re.findall(r"\b\w+\b", everything.lower())


# --- limits and storage ------------------------------------------------------------------


def test_every_buddy_action_id_fits() -> None:
    big = 10**15
    for parts in (
        ("acc", "ABCDEFGH"),
        ("set", "sos", 0),
        ("stop", big),
        ("sos", big, "none"),
        ("sos", big, "call"),
        ("weekly", "off"),
    ):
        assert len(actions.encode("bd", *parts).encode()) <= MAX_ACTION_BYTES


async def test_migration_matches_the_models(core: Core) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.storage.models import Base

    def diff(connection: object) -> list[object]:
        context = MigrationContext.configure(connection)  # type: ignore[arg-type]
        return [
            d
            for d in compare_metadata(context, Base.metadata)
            if any(name in repr(d) for name in ("buddy_links", "progress_prefs"))
        ]

    async with core.db.engine.connect() as conn:
        assert await conn.run_sync(diff) == []
