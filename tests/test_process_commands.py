"""Every row of the README's command table, through the real `cooloff run` on Telegram.

One process and one stand-in Bot API serve the whole module; each test is a different
person (a different Telegram user id). Answers are recognised by their kind, never by their
English wording: the buttons offered (by action-id prefix, bot/actions.py), a document, a
photo, numbers, the person's own words coming back, and the rows in the SQLite file.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from tests.process_harness import (
    TELEGRAM_TOKEN,
    BotProcess,
    TelegramUser,
    buttons_of,
    has_button,
    has_method,
    offset_to,
    texts,
)
from tests.standins.telegram_api import FakeBotApi, Recorded

pytestmark = pytest.mark.asyncio(loop_scope="module")

README = Path(__file__).resolve().parent.parent / "README.md"
POOL = 24  # people who join with the defaults while the module starts


@dataclass
class World:
    api: FakeBotApi
    bot: BotProcess
    pool: list[TelegramUser] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(41_000))

    def newcomer(self, name: str = "Sam") -> TelegramUser:
        """Someone who never wrote to the bot."""
        return TelegramUser(self.api, self.bot, next(self.ids), name)

    def joined(self) -> TelegramUser:
        """Someone who sent /start and kept the defaults (plan running, onboarding over)."""
        return self.pool.pop()

    def user_id(self, person: TelegramUser) -> int:
        found = self.bot.user_id("telegram", person.user_id)
        assert found is not None, f"no identity for telegram user {person.user_id}"
        return found


async def join(person: TelegramUser) -> TelegramUser:
    await person.say("/start", has_button(r"^ob:stop$"))
    await person.press(r"^ob:stop$", has_button(r"^go:"))
    return person


@pytest_asyncio.fixture(scope="module", loop_scope="module", name="world")
async def world_fixture(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    api = FakeBotApi(TELEGRAM_TOKEN)
    await api.start()
    bot = BotProcess(tmp_path_factory.mktemp("commands"), telegram=api)
    bot.jump(offset_to("12:00"))  # midday UTC: no day boundary during the module
    world = World(api, bot)
    try:
        await bot.start()
        world.pool = list(await asyncio.gather(*(join(world.newcomer()) for _ in range(POOL))))
        yield world
    finally:
        code = await bot.stop()
        await bot.kill()
        await api.stop()
    assert code == 0, bot.tail()
    log = bot.log()
    assert TELEGRAM_TOKEN.split(":", 1)[1] not in log, "the token reached the log"
    assert "Traceback" not in log, bot.tail(80)


COVERED: set[str] = set()


def row(*commands: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Marks the test that proves these commands of the README's table."""

    def mark(test: Callable[..., object]) -> Callable[..., object]:
        COVERED.update(commands)
        return test

    return mark


def readme_commands() -> set[str]:
    table = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\n## ", 1)[0]
    found: set[str] = set()
    for line in table.splitlines():
        if line.startswith("| `/"):
            first_cell = line.split("|")[1]
            found.update(re.findall(r"`(/[a-z_]+)", first_cell))
    return found


async def test_every_row_of_the_readme_table_has_a_journey() -> None:
    commands = readme_commands()
    assert len(commands) >= 20, commands
    assert commands - COVERED == set(), "rows without a process journey"


def numbers(sends: list[Recorded]) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", texts(sends))}


# --- the rows ------------------------------------------------------------------------------


@row("/start")
async def test_start_begins_a_plan_at_once_and_continues_it(world: World) -> None:
    sam = world.newcomer()
    welcome = await sam.say("/start", has_button(r"^ob:len:\d+$"))
    assert has_button(r"^ob:len:skip$")(welcome) and has_button(r"^ob:stop$")(welcome)
    user = world.user_id(sam)
    plans = world.bot.rows("SELECT length_days, ended_at FROM plans WHERE user_id = ?", user)
    assert len(plans) == 1 and plans[0][0] >= 30 and plans[0][1] is None  # at least a month

    again = await sam.say("/start")
    assert again, "a second /start is answered"
    assert len(world.bot.rows("SELECT id FROM plans WHERE user_id = ?", user)) == 1


@row("/urge")
async def test_urge_asks_the_strength_shows_my_reasons_and_offers_every_tool(
    world: World,
) -> None:
    kim = world.joined()
    await kim.say("/reasons", has_button(r"^ob:reasons:"))
    await kim.say("Because I deserve someone who stays", has_button(r"^ob:reasons:done$"))
    await kim.press(r"^ob:reasons:done$")

    asked = await kim.say("/urge", has_button(r"^ur:\d+:s:10$"))
    strengths = sorted(int(b.rsplit(":", 1)[1]) for b in buttons_of(asked) if ":s:" in b)
    assert strengths == list(range(11)), "0 to 10"
    tools = await kim.press(r"^ur:\d+:s:7$", has_button(r"^ur:\d+:t:"))
    offered = {b.rsplit(":", 1)[1] for b in buttons_of(tools) if re.match(r"^ur:\d+:t:", b)}
    assert offered >= {"write", "wait", "task", "breathe", "passed"}
    assert "I deserve someone who stays" in texts(tools), "my reasons, when the pull is strong"


@row("/status")
async def test_status_counts_the_days(world: World) -> None:
    ana = world.joined()
    status = await ana.say("/status")
    assert {1, 30} <= numbers(status), texts(status)  # day 1 of 30, 1 day without contact


@row("/checkin")
async def test_checkin_asks_the_mood_then_about_contact_and_keeps_it(world: World) -> None:
    lee = world.joined()
    await lee.say("/checkin", has_button(r"^ci:\d{8}:m:[1-3]$"))
    await lee.press(r"^ci:\d{8}:m:2$", has_button(r"^ci:\d{8}:h:(yes|limited|no)$"))
    await lee.press(r"^ci:\d{8}:h:no$")
    rows = world.bot.rows("SELECT mood FROM checkins WHERE user_id = ?", world.user_id(lee))
    assert rows == [(2,)]


@row("/slip")
async def test_slip_logs_contact_and_starts_the_count_again(world: World) -> None:
    max_ = world.joined()
    asked = await max_.say("/slip", has_button(r"^sl:\d+:k:reset$"))
    assert has_button(r"^sl:\d+:k:limited$")(asked), "or log it as limited contact"
    await max_.press(r"^sl:\d+:k:reset$", has_button(r"^sl:\d+:g:"))
    rows = world.bot.rows("SELECT kind FROM slips WHERE user_id = ?", world.user_id(max_))
    assert rows == [("reset",)]


@row("/journal")
async def test_journal_gives_a_prompt_and_keeps_what_i_write(world: World) -> None:
    ida = world.joined()
    prompt = await ida.say("/journal", has_button(r"^jr:"))
    assert has_button(r"^jr:next:\d+$")(prompt), "another prompt on request"
    await ida.say("I walked by the river and felt a little lighter.")
    rows = world.bot.rows(
        "SELECT COUNT(*) FROM journal_entries WHERE user_id = ?", world.user_id(ida)
    )
    assert rows == [(1,)]


@row("/drafts")
async def test_drafts_shows_what_i_wrote_instead_of_sending(world: World) -> None:
    noa = world.joined()
    await noa.say("/urge", has_button(r"^ur:\d+:s:"))
    await noa.press(r"^ur:\d+:s:8$", has_button(r"^ur:\d+:t:write$"))
    await noa.press(r"^ur:\d+:t:write$")
    await noa.say("I miss you. Can we talk tonight?", has_button(r"^ur:\d+:a:\d+$"))
    drafts = await noa.say("/drafts")
    assert "I miss you. Can we talk tonight?" in texts(drafts)


@row("/reasons")
async def test_reasons_keeps_up_to_five(world: World) -> None:
    ola = world.joined()
    await ola.say("/reasons", has_button(r"^ob:reasons:"))
    for n in range(1, 7):  # one more than fits
        await ola.say(f"Reason number {n} is mine")
    shown = await ola.say("/reasons", has_button(r"^rs:"))
    for n in range(1, 6):
        assert f"Reason number {n} is mine" in texts(shown)
    assert "Reason number 6" not in texts(shown)
    rows = world.bot.rows("SELECT COUNT(*) FROM reasons WHERE user_id = ?", world.user_id(ola))
    assert rows == [(5,)]


@row("/settings")
async def test_settings_opens_each_setting(world: World) -> None:
    pia = world.joined()
    menu = await pia.say("/settings", has_button(r"^st:"))
    offered = {b for b in buttons_of(menu) if b.startswith("st:")}
    assert {"st:len", "st:tz", "st:am", "st:pm", "st:quiet"} <= offered
    await pia.press(r"^st:len$", has_button(r"^ob:len:60$"))
    await pia.press(r"^ob:len:60$")
    plans = world.bot.rows("SELECT length_days FROM plans WHERE user_id = ?", world.user_id(pia))
    assert plans == [(60,)]


# Each timing command works with its argument, and without it: the bot asks, and a typed
# answer (or a tap) sets it.
TIMINGS = [
    ("/timezone", "Europe/Berlin", "America/Chicago", r"^ob:tz:", ("timezone",)),
    ("/time", "07:15", "09:45", r"^ob:am:", ("morning_time",)),
    ("/checkin_time", "20:30", "22:15", r"^ob:pm:", ("checkin_time",)),
    ("/quiet", "23:00-06:30", "22:00-07:00", r"^ob:quiet:", ("quiet_start", "quiet_end")),
]


@row("/timezone", "/time", "/checkin_time", "/quiet")
@pytest.mark.parametrize(("command", "given", "typed", "asks", "columns"), TIMINGS)
async def test_timing_commands_with_and_without_their_argument(
    world: World, command: str, given: str, typed: str, asks: str, columns: tuple[str, ...]
) -> None:
    ren = world.joined()

    def stored() -> str:
        sql = f"SELECT {', '.join(columns)} FROM users WHERE id = ?"
        return "-".join(world.bot.rows(sql, world.user_id(ren))[0])

    await ren.say(f"{command} {given}")
    assert stored() == given
    await ren.say(command, has_button(asks))
    await ren.say(typed)
    assert stored() == typed


@row("/pause", "/resume")
async def test_pause_and_resume(world: World) -> None:
    tom = world.joined()
    user = world.user_id(tom)

    def paused() -> bool:
        return world.bot.rows("SELECT paused_at FROM users WHERE id = ?", user)[0][0] is not None

    await tom.say("/pause")
    assert paused()
    await tom.say("/resume")
    assert not paused()
    # The count goes on: still a running plan.
    assert world.bot.rows("SELECT ended_at FROM plans WHERE user_id = ?", user) == [(None,)]


@row("/progress")
async def test_progress_is_a_picture(world: World) -> None:
    uma = world.joined()
    sends = await uma.say("/progress", has_method("sendPhoto"))
    (photo,) = [r for r in sends if r.method == "sendPhoto"]
    _, data = photo.files["photo"]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


@row("/buddy")
async def test_buddy_gives_an_invite_code_and_the_choices(world: World) -> None:
    val = world.joined()
    sends = await val.say("/buddy", has_button(r"^bd:set:(sos|ms|sl):[01]$"))
    assert re.search(r"\b[A-Z2-9]{8}\b", texts(sends)), "a code to pass on"
    # The whole invite -> accept -> SOS journey is in test_process_people.py.


@row("/link")
async def test_link_gives_a_one_time_code(world: World) -> None:
    wes = world.joined()
    sends = await wes.say("/link")
    assert re.search(r"\b[A-Z2-9]{8}\b", texts(sends)), texts(sends)
    # Joining the other account is in test_process_people.py (both platforms there).


@row("/export")
async def test_export_is_one_json_document_with_my_data(world: World) -> None:
    xia = world.joined()
    await xia.say("/reasons", has_button(r"^ob:reasons:"))
    await xia.say("My sleep matters more than their stories", has_button(r"^ob:reasons:done$"))
    sends = await xia.say("/export", has_method("sendDocument"))
    (document,) = [r for r in sends if r.method == "sendDocument"]
    name, data = document.files["document"]
    assert name.endswith(".json")
    exported = json.loads(data)
    assert "My sleep matters more than their stories" in json.dumps(exported, ensure_ascii=False)


@row("/delete")
async def test_delete_erases_every_row_about_me(world: World) -> None:
    yan = world.joined()
    await yan.say("/journal", has_button(r"^jr:"))
    await yan.say("Something private I wrote down.")
    user = world.user_id(yan)
    assert world.bot.rows_about(user), "there was something to erase"

    asked = await yan.say("/delete", has_button(r"^dl:yes:\w+$"))
    assert has_button(r"^dl:no:?\w*$")(asked), "and a way out"
    await yan.press(r"^dl:yes:\w+$")
    assert world.bot.rows_about(user) == {}
    assert world.bot.user_id("telegram", yan.user_id) is None
    erased = world.bot.rows(
        "SELECT COUNT(*) FROM journal_entries WHERE text LIKE '%private I wrote%'"
    )
    assert erased == [(0,)]


def resources(text: str) -> set[str]:
    """The ways to reach help in a text: phone numbers and web addresses."""
    return set(re.findall(r"\d[\d ]{1,6}\d|[\w-]+\.(?:com|org|net)\b", text))


@row("/helpline")
async def test_helpline_at_once_for_anyone(world: World) -> None:
    newcomer = world.newcomer()
    sends = await newcomer.say("/helpline")
    assert resources(sends[0].text), f"a way to reach help comes first: {sends[0].text!r}"
    assert world.bot.rows("SELECT COUNT(*) FROM users")[0][0] > 0

    planned = world.joined()  # with a plan, and the country set: that country's line
    await planned.say("/settings", has_button(r"^st:cc$"))
    await planned.press(r"^st:cc$")
    await planned.say("UK")
    lines = await planned.say("/helpline")
    assert "116 123" in lines[0].text, lines[0].text


@row("/safetyplan")
async def test_safetyplan_is_written_one_step_at_a_time_and_shown_whole(world: World) -> None:
    una = world.joined()
    offer = await una.say("/safetyplan", has_button(r"^sp:start$"))
    assert offer
    await una.press(r"^sp:start$")
    for answer in ["when i stop texting my friends", "skip", "the park", "my brother", "line",
                   "keys with my brother", "my cat"]:  # fmt: skip
        await una.say(answer)
    shown = await una.say("/safetyplan", has_button(r"^sp:edit$"))
    assert "my cat" in texts(shown) and "the park" in texts(shown)
    user = world.user_id(una)
    steps = world.bot.rows("SELECT COUNT(*) FROM safety_plan_items WHERE user_id = ?", user)
    assert steps == [(6,)]  # one skipped


@row("/help")
async def test_help_lists_every_command(world: World) -> None:
    zoe = world.newcomer()
    sends = await zoe.say("/help")
    missing = [c for c in sorted(readme_commands()) if c not in texts(sends)]
    assert missing == []


@row("/cancel")
async def test_cancel_stops_the_step_in_progress(world: World) -> None:
    abe = world.joined()
    await abe.say("/journal", has_button(r"^jr:"))
    await abe.say("/cancel")
    await abe.say("the bus was late today and the coffee was cold")
    rows = world.bot.rows(
        "SELECT COUNT(*) FROM journal_entries WHERE user_id = ?", world.user_id(abe)
    )
    assert rows == [(0,)], "after /cancel, a text is no longer a journal entry"


# --- "You can also just talk" ----------------------------------------------------------------


async def test_just_talking_about_reaching_out_starts_the_urge_flow(world: World) -> None:
    bea = world.joined()
    await bea.say("I'm about to text him", has_button(r"^ur:\d+:s:\d+$"))


async def test_just_talking_about_contact_starts_the_slip_flow(world: World) -> None:
    cat = world.joined()
    await cat.say("I caved and called her", has_button(r"^sl:\d+:k:reset$"))


async def test_she_messaged_me_gets_guidance_and_resets_nothing(world: World) -> None:
    dev = world.joined()
    await dev.say("she messaged me")
    user = world.user_id(dev)
    assert world.bot.rows("SELECT COUNT(*) FROM ex_contacts WHERE user_id = ?", user) == [(1,)]
    assert world.bot.rows("SELECT COUNT(*) FROM slips WHERE user_id = ?", user) == [(0,)]


async def test_crisis_language_gets_the_crisis_lines_first(world: World) -> None:
    eli = world.newcomer()
    lines = await eli.say("/helpline")
    sends = await eli.say("I want to kill myself")
    assert resources(lines[0].text) & resources(sends[0].text), sends[0].text
