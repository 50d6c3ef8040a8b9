"""SIGKILL in the middle of things, then a restart: nothing lost, nothing doubled.

One real `cooloff run` on the Telegram stand-in. Several people are caught mid-way when the
process is killed (no shutdown code runs): one between the strength and the tools of an
urge, one asked to write the message she wants to send, one whose check-back and one whose
morning message went out just before the kill, one whose morning falls due while the
process is dead. A button pressed while it is down waits at the stand-in, as it would at
Telegram. After the restart each of them must be where they were, every due message must
arrive once, and updates the stand-in redelivers must not be answered again.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, timedelta

import pytest
import pytest_asyncio

from tests.process_harness import (
    TELEGRAM_TOKEN,
    BotProcess,
    TelegramUser,
    buttons_of,
    describe,
    has_button,
    offset_to,
)
from tests.standins.telegram_api import FakeBotApi, Recorded

pytestmark = pytest.mark.asyncio(loop_scope="module")

TICK = 0.25
QUIET = 6 * TICK
ARRIVES_WITHIN = 10.0
DRAFT = "I still think about you every day"


def is_morning(record: Recorded) -> bool:
    return sorted(buttons_of([record])) == ["go:journal", "go:urge"]


def is_checkback(record: Recorded) -> bool:
    return any(re.fullmatch(r"ur:\d+:a:\d+", b) for b in buttons_of([record]))


async def arrives(person: TelegramUser, since: int, kind: object, within: float) -> bool:
    assert callable(kind)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline and not person.bot.exited:
        if any(kind(r) for r in person.inbox()[since:]):
            await asyncio.sleep(TICK)
            return True
        await asyncio.sleep(0.02)
    return False


async def join(person: TelegramUser, *commands: str) -> TelegramUser:
    await person.say("/start", has_button(r"^ob:stop$"))
    await person.press(r"^ob:stop$", has_button(r"^go:"))
    for command in commands:
        await person.say(command)
    return person


@dataclass
class Story:
    bot: BotProcess
    api: FakeBotApi
    people: dict[str, TelegramUser] = field(default_factory=dict)
    before_kill: dict[str, int] = field(default_factory=dict)  # messages each had
    after_restart_quiet: dict[str, list[Recorded]] = field(default_factory=dict)
    una_first: bool = False  # her morning arrived before the kill
    wes_first: bool = False  # his check-back arrived before the kill
    vic: list[Recorded] = field(default_factory=list)  # due while the process was dead
    kim_pressed_while_down: list[Recorded] = field(default_factory=list)
    jo_draft: list[Recorded] = field(default_factory=list)
    redelivered: dict[str, list[Recorded]] = field(default_factory=dict)
    afterwards: dict[str, list[Recorded]] = field(default_factory=dict)
    exit_code: int = -1
    error: str = ""


async def story_of_a_kill(bot: BotProcess, api: FakeBotApi) -> Story:
    story = Story(bot, api)
    names = {"kim": 71_001, "jo": 71_002, "wes": 71_003, "una": 71_004, "vic": 71_005}
    people = {n: TelegramUser(api, bot, uid, n.title()) for n, uid in names.items()}
    story.people = people
    kim, jo, wes, una, vic = people.values()
    start = bot.now().astimezone(UTC)  # 10:00 UTC: everyone stays on UTC
    at_una = (start + timedelta(minutes=16)).replace(second=0, microsecond=0)
    at_vic = at_una + timedelta(minutes=1)
    await asyncio.gather(
        join(kim),
        join(jo),
        join(wes),
        join(una, f"/time {at_una:%H:%M}"),
        join(vic, f"/time {at_vic:%H:%M}"),
    )

    async def mid_urge() -> None:
        await kim.say("/urge", has_button(r"^ur:\d+:s:"))
        await kim.press(r"^ur:\d+:s:7$", has_button(r"^ur:\d+:t:write$"))

    async def mid_draft() -> None:
        await jo.say("/urge", has_button(r"^ur:\d+:s:"))
        await jo.press(r"^ur:\d+:s:5$", has_button(r"^ur:\d+:t:write$"))
        await jo.press(r"^ur:\d+:t:write$")

    async def waiting() -> None:
        await wes.say("/urge", has_button(r"^ur:\d+:s:"))
        await wes.press(r"^ur:\d+:s:6$", has_button(r"^ur:\d+:t:wait$"))
        await wes.press(r"^ur:\d+:t:wait$")

    await asyncio.gather(mid_urge(), mid_draft(), waiting())

    # Una's morning and Wes's check-back fall due together; the process dies right after.
    marks = {n: len(p.inbox()) for n, p in people.items()}
    bot.jump_to(at_una + timedelta(seconds=1))
    story.una_first, story.wes_first = await asyncio.gather(
        arrives(una, marks["una"], is_morning, ARRIVES_WITHIN),
        arrives(wes, marks["wes"], is_checkback, ARRIVES_WITHIN),
    )
    await bot.kill()
    story.before_kill = {n: len(p.inbox()) for n, p in people.items()}

    # While it is down: Vic's morning falls due, and Kim taps "write it here".
    bot.jump_to(at_vic + timedelta(seconds=1))
    write = kim.button(r"^ur:\d+:t:write$")
    message = api.message_with_button(kim.chat_id, write)
    await api.press(kim.user_id, write, message=message, first_name=kim.name)

    await bot.start()
    await arrives(vic, story.before_kill["vic"], is_morning, ARRIVES_WITHIN)
    await asyncio.sleep(QUIET)
    for name, person in people.items():
        story.after_restart_quiet[name] = person.inbox()[story.before_kill[name] :]
    story.vic = story.after_restart_quiet["vic"]
    story.kim_pressed_while_down = story.after_restart_quiet["kim"]

    story.jo_draft = await jo.say(DRAFT, has_button(r"^ur:\d+:a:\d+$"))

    # Telegram redelivers what it thinks was never confirmed: every update Kim and Jo sent.
    # Then one more message each: it is answered after the redeliveries were handled (one
    # chat's updates are handled in order), so whatever they caused has arrived by then.
    for name in ("kim", "jo"):
        person = people[name]
        mark = len(person.inbox())
        for update_id in person.pushed:
            await api.redeliver(update_id)
        await person.say("/status")
        story.redelivered[name] = person.inbox()[mark:]

    bot.jump(bot.offset + 20 * 60)  # later that day: nothing due comes again
    await asyncio.sleep(QUIET)
    for name, person in people.items():
        story.afterwards[name] = person.inbox()[story.before_kill[name] :]
    story.exit_code = await bot.stop()
    return story


@pytest_asyncio.fixture(scope="module", loop_scope="module", name="story")
async def story_fixture(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Story]:
    api = FakeBotApi(TELEGRAM_TOKEN)
    await api.start()
    bot = BotProcess(tmp_path_factory.mktemp("restart"), telegram=api, scheduler_interval=TICK)
    bot.jump(offset_to("10:00:00"))
    try:
        await bot.start()
        yield await story_of_a_kill(bot, api)
    finally:
        await bot.kill()
        await api.stop()


# --- nothing lost ------------------------------------------------------------------------


async def test_the_process_came_back_and_stopped_cleanly(story: Story) -> None:
    assert story.bot.starts == 2
    assert story.exit_code == 0, story.bot.tail()


async def test_a_press_made_while_the_bot_was_down_is_answered_after_the_restart(
    story: Story,
) -> None:
    """Kim was between the strength and the tools; she tapped "write it here" while the
    process was dead. After the restart she is asked for the message, once."""
    answer = story.kim_pressed_while_down
    assert answer, "the tap was lost"
    assert len(answer) == 1 and not answer[0].buttons, describe(answer)


async def test_the_next_message_continues_the_same_step(story: Story) -> None:
    """Jo had been asked to write her message when the process died; what she types after
    the restart is saved as that draft, and the urge goes on (how strong is it now?)."""
    assert has_button(r"^ur:\d+:a:\d+$")(story.jo_draft), describe(story.jo_draft)
    user = story.bot.user_id("telegram", story.people["jo"].user_id)
    drafts = story.bot.rows("SELECT text, urge_id FROM drafts WHERE user_id = ?", user)
    assert len(drafts) == 1 and drafts[0][1] is not None, drafts
    urges = story.bot.rows("SELECT strength_before FROM urges WHERE user_id = ?", user)
    assert urges == [(5,)]


async def test_a_morning_due_while_the_process_was_dead_arrives_once(story: Story) -> None:
    mornings = [r for r in story.afterwards["vic"] if is_morning(r)]
    assert len(mornings) == 1, describe(story.afterwards["vic"]) + "\n" + story.bot.tail()


# --- nothing doubled ---------------------------------------------------------------------


async def test_what_went_out_before_the_kill_is_not_sent_again(story: Story) -> None:
    assert story.una_first, "Una's morning arrived before the kill"
    assert story.wes_first, "Wes's check-back arrived before the kill"
    assert [r for r in story.afterwards["una"] if is_morning(r)] == [], describe(
        story.afterwards["una"]
    )
    assert [r for r in story.afterwards["wes"] if is_checkback(r)] == [], describe(
        story.afterwards["wes"]
    )
    user_una = story.bot.user_id("telegram", story.people["una"].user_id)
    rows = story.bot.rows(
        "SELECT COUNT(*) FROM deliveries WHERE user_id = ? AND kind = 'morning'", user_una
    )
    assert rows == [(1,)]


async def test_no_reply_is_sent_again_after_the_restart(story: Story) -> None:
    """Jo and Wes hear nothing until they write again; Una at most gets nothing that repeats
    her morning."""
    for name in ("jo", "wes"):
        got = story.after_restart_quiet[name]
        assert got == [], f"{name}: " + describe(got)
    una = story.after_restart_quiet["una"]
    assert not any(is_morning(r) for r in una), describe(una)


@pytest.mark.parametrize("name", ["kim", "jo"])
async def test_redelivered_updates_are_not_handled_twice(story: Story, name: str) -> None:
    """Only the /status sent after the redeliveries is answered."""
    got = story.redelivered[name]
    assert len(got) == 1 and re.search(r"\d", got[0].text), describe(got)


async def test_nothing_was_written_twice(story: Story) -> None:
    for name in ("kim", "jo", "wes"):
        user = story.bot.user_id("telegram", story.people[name].user_id)
        urges = story.bot.rows("SELECT COUNT(*) FROM urges WHERE user_id = ?", user)
        assert urges == [(1,)], f"{name}: {urges}"
    user_jo = story.bot.user_id("telegram", story.people["jo"].user_id)
    assert story.bot.rows("SELECT COUNT(*) FROM drafts WHERE user_id = ?", user_jo) == [(1,)]
