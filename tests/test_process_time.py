"""What arrives unasked, and when, from the real `cooloff run`: the morning message at the
time a person set, once; the check-back after "wait 15 minutes"; nothing while paused.

Time moves through `COOLOFF_CLOCK_FILE` (the process's clock is the system clock plus the
file's seconds) and the scheduler ticks every `COOLOFF_SCHEDULER_INTERVAL` seconds, so a
day can be crossed in seconds. Two processes (one per timeline: a clock jump moves
everyone in a process) start together and their timelines run side by side; each timeline
only records what arrived, and the tests below judge it.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

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
    start_all,
    stop_all,
)
from tests.standins.telegram_api import FakeBotApi, Recorded

pytestmark = pytest.mark.asyncio(loop_scope="module")

ZONE = "Europe/Berlin"
TICK = 0.25  # COOLOFF_SCHEDULER_INTERVAL
QUIET = 6 * TICK  # "nothing arrives": six ticks
ARRIVES_WITHIN = 10.0  # a due message, from the jump to its arrival


def is_morning(record: Recorded) -> bool:
    """The morning message ends with its two ways in: "struggling" (/urge) and /journal."""
    return sorted(buttons_of([record])) == ["go:journal", "go:urge"]


def is_checkback(record: Recorded) -> bool:
    return any(re.fullmatch(r"ur:\d+:a:\d+", b) for b in buttons_of([record]))


async def unasked(
    person: TelegramUser, since: int, kind: object, *, within: float
) -> list[Recorded]:
    """Wait up to `within` seconds for a message of `kind` (a predicate) after `since`
    messages; return everything that arrived meanwhile (never raises: the tests judge)."""
    assert callable(kind)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline and not any(kind(r) for r in person.inbox()[since:]):
        if person.bot.exited:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(TICK)  # the rest of that batch
    return person.inbox()[since:]


async def observe(person: TelegramUser, seconds: float) -> list[Recorded]:
    since = len(person.inbox())
    await asyncio.sleep(seconds)
    return person.inbox()[since:]


def at_local(day: date, hhmm: str) -> datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(ZONE))


async def join(person: TelegramUser) -> TelegramUser:
    await person.say("/start", has_button(r"^ob:stop$"))
    await person.press(r"^ob:stop$", has_button(r"^go:"))
    return person


async def tell(person: TelegramUser, *commands: str) -> None:
    for command in commands:
        await person.say(command)


# --- the morning timeline ----------------------------------------------------------------


@dataclass
class Mornings:
    """What five people received. All joined at 10:00 in Berlin (09:00 UTC), after the
    default morning time (08:00), so none of them is due a morning message today unless
    they move it later."""

    bot: BotProcess
    set_at: str = ""  # the time Mia and Pat chose (Berlin): two minutes ahead
    set_at_utc: str = ""  # the time Kai chose (he stays on UTC): two minutes ahead
    mia_early: list[Recorded] = field(default_factory=list)  # joined .. 10:01:50
    mia_on_time: list[Recorded] = field(default_factory=list)  # after the jump to HH:MM:01
    mia_later: list[Recorded] = field(default_factory=list)  # the rest of the day
    kai_early: list[Recorded] = field(default_factory=list)
    kai_on_time: list[Recorded] = field(default_factory=list)
    kai_later: list[Recorded] = field(default_factory=list)
    pat: list[Recorded] = field(default_factory=list)  # same as Mia, then /pause
    lou: list[Recorded] = field(default_factory=list)  # only /timezone: nothing today
    ed_today: list[Recorded] = field(default_factory=list)  # chose 09:00, already past
    ed_tomorrow: list[Recorded] = field(default_factory=list)  # tomorrow at 09:00


async def morning_timeline(bot: BotProcess, api: FakeBotApi) -> Mornings:
    record = Mornings(bot)
    ids = itertools.count(63_000)
    names = ("Mia", "Pat", "Lou", "Ed", "Kai")
    mia, pat, lou, ed, kai = await asyncio.gather(
        *(join(TelegramUser(api, bot, next(ids), name)) for name in names)
    )
    joined = {p.user_id: len(p.inbox()) for p in (mia, pat, lou, ed, kai)}

    def since_joining(person: TelegramUser) -> list[Recorded]:
        return person.inbox()[joined[person.user_id] :]

    start = bot.now()
    today = start.astimezone(ZoneInfo(ZONE)).date()
    chosen = (start.astimezone(ZoneInfo(ZONE)) + timedelta(minutes=2)).strftime("%H:%M")
    chosen_utc = (start.astimezone(ZoneInfo("UTC")) + timedelta(minutes=2)).strftime("%H:%M")
    record.set_at, record.set_at_utc = chosen, chosen_utc
    berlin = f"/timezone {ZONE}"
    await asyncio.gather(
        tell(mia, berlin, f"/time {chosen}"),
        tell(pat, berlin, f"/time {chosen}", "/pause"),
        tell(lou, berlin),
        tell(ed, berlin, "/time 09:00"),
        tell(kai, f"/time {chosen_utc}"),
    )
    paused = len(pat.inbox())

    await asyncio.sleep(QUIET)
    due = at_local(today, chosen)  # the same instant for Kai, in UTC
    bot.jump_to(due - timedelta(seconds=10))
    await asyncio.sleep(QUIET)
    record.mia_early, record.kai_early = since_joining(mia), since_joining(kai)
    marks = len(mia.inbox()), len(kai.inbox())
    bot.jump_to(due + timedelta(seconds=1))
    record.mia_on_time, record.kai_on_time = await asyncio.gather(
        unasked(mia, marks[0], is_morning, within=ARRIVES_WITHIN),
        unasked(kai, marks[1], is_morning, within=ARRIVES_WITHIN),
    )
    marks = len(mia.inbox()), len(kai.inbox())
    bot.jump_to(due + timedelta(seconds=45))
    await asyncio.sleep(QUIET)
    bot.jump_to(due + timedelta(minutes=20))
    await asyncio.sleep(QUIET)
    record.mia_later, record.kai_later = mia.inbox()[marks[0] :], kai.inbox()[marks[1] :]
    record.pat, record.lou = pat.inbox()[paused:], since_joining(lou)
    record.ed_today = since_joining(ed)

    ed_mark = len(ed.inbox())
    tomorrow = today + timedelta(days=1)
    bot.jump_to(at_local(tomorrow, "09:00") + timedelta(seconds=1))
    record.ed_tomorrow = await unasked(ed, ed_mark, is_morning, within=ARRIVES_WITHIN)
    return record


# --- the check-back timeline -------------------------------------------------------------


@dataclass
class Checkback:
    bot: BotProcess
    wait_answer: list[Recorded] = field(default_factory=list)
    too_early: list[Recorded] = field(default_factory=list)  # up to 14 minutes later
    on_time: list[Recorded] = field(default_factory=list)  # from 15 minutes on
    later: list[Recorded] = field(default_factory=list)
    continued: list[Recorded] = field(default_factory=list)  # pressing a strength on it


async def checkback_timeline(bot: BotProcess, api: FakeBotApi) -> Checkback:
    record = Checkback(bot)
    wes = await join(TelegramUser(api, bot, 64_001, "Wes"))
    await wes.say(f"/timezone {ZONE}")
    await wes.say("/urge", has_button(r"^ur:\d+:s:"))
    await wes.press(r"^ur:\d+:s:7$", has_button(r"^ur:\d+:t:wait$"))
    record.wait_answer = await wes.press(r"^ur:\d+:t:wait$")
    mark = len(wes.inbox())
    base = bot.offset
    bot.jump(base + 14 * 60)
    await asyncio.sleep(QUIET)
    record.too_early = wes.inbox()[mark:]
    bot.jump(base + 15 * 60 + 1)
    record.on_time = await unasked(wes, mark, is_checkback, within=ARRIVES_WITHIN)
    after = len(wes.inbox())
    bot.jump(base + 40 * 60)
    await asyncio.sleep(QUIET)
    record.later = wes.inbox()[after:]
    if any(is_checkback(r) for r in record.on_time):
        record.continued = await wes.press(r"^ur:\d+:a:2$", has_button(r"^ur:\d+:o:"))
    return record


# --- the module's processes --------------------------------------------------------------


@dataclass
class Timelines:
    mornings: Mornings
    checkback: Checkback


@pytest_asyncio.fixture(scope="module", loop_scope="module", name="timelines")
async def timelines_fixture(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Timelines]:
    apis = [FakeBotApi(TELEGRAM_TOKEN), FakeBotApi(TELEGRAM_TOKEN)]
    for api in apis:
        await api.start()
    bots = [
        BotProcess(tmp_path_factory.mktemp(name), telegram=api, scheduler_interval=TICK)
        for name, api in zip(("mornings", "checkback"), apis, strict=True)
    ]
    bots[0].offset = offset_to("10:00:00", ZONE)
    bots[1].offset = offset_to("12:00:00", ZONE)
    try:
        await start_all(*bots)
        mornings, checkback = await asyncio.gather(
            morning_timeline(bots[0], apis[0]), checkback_timeline(bots[1], apis[1])
        )
        codes = await stop_all(*bots)
        assert codes == [0, 0], [b.tail() for b in bots]
        yield Timelines(mornings, checkback)
    finally:
        await stop_all(*bots)
        for api in apis:
            await api.stop()


def mornings_in(sends: list[Recorded]) -> list[Recorded]:
    return [r for r in sends if is_morning(r)]


# --- the morning ---------------------------------------------------------------------------


async def test_a_morning_time_two_minutes_ahead_arrives_at_that_minute(
    timelines: Timelines,
) -> None:
    m = timelines.mornings
    assert mornings_in(m.mia_early) == [], (
        f"/timezone {ZONE} then /time {m.set_at} at 10:00; before {m.set_at}:\n"
        + describe(m.mia_early)
    )
    assert len(mornings_in(m.mia_on_time)) == 1, (
        f"/time {m.set_at} two minutes ahead; at {m.set_at}:01 " + describe(m.mia_on_time)
    )


async def test_a_later_morning_time_the_same_day_arrives_at_that_minute(
    timelines: Timelines,
) -> None:
    """Kai stays on UTC and only moves his morning from 08:00 to two minutes from now."""
    m = timelines.mornings
    assert mornings_in(m.kai_early) == [], (
        f"/time {m.set_at_utc} at {m.set_at_utc} minus 2 minutes; before it:\n"
        + describe(m.kai_early)
    )
    assert len(mornings_in(m.kai_on_time)) == 1, (
        f"/time {m.set_at_utc}; at {m.set_at_utc}:01 " + describe(m.kai_on_time)
    )


@pytest.mark.parametrize("name", ["mia", "kai"])
async def test_that_morning_arrives_once(timelines: Timelines, name: str) -> None:
    m = timelines.mornings
    early, on_time, later = (getattr(m, f"{name}_{part}") for part in ("early", "on_time", "later"))
    everything = [*early, *on_time, *later]
    assert len(mornings_in(everything)) <= 1, "more than one morning today:\n" + describe(
        everything
    )
    texts = [r.text for r in everything]
    assert len(texts) == len(set(texts)), "a message came twice:\n" + describe(everything)


async def test_paused_gets_no_morning(timelines: Timelines) -> None:
    m = timelines.mornings
    assert m.pat == [], describe(m.pat)


async def test_joining_after_todays_time_means_the_first_morning_is_tomorrow(
    timelines: Timelines,
) -> None:
    m = timelines.mornings
    assert mornings_in(m.lou) == [], (
        f"joined at 10:00 (morning 08:00), then /timezone {ZONE}:\n" + describe(m.lou)
    )
    assert mornings_in(m.ed_today) == [], (
        f"joined at 10:00, /timezone {ZONE}, /time 09:00 (already past today):\n"
        + describe(m.ed_today)
    )


async def test_a_time_already_past_today_arrives_tomorrow(timelines: Timelines) -> None:
    m = timelines.mornings
    assert len(mornings_in(m.ed_tomorrow)) == 1, (
        "set /time 09:00 at 10:00; the clock moved to 09:00:01 the next day:\n"
        + describe(m.ed_tomorrow)
    )


# --- "wait 15 minutes" ---------------------------------------------------------------------


async def test_wait_15_minutes_says_when_it_checks_back(timelines: Timelines) -> None:
    c = timelines.checkback
    assert c.wait_answer, "the wait tool is answered"
    assert "12:15" in " ".join(r.text for r in c.wait_answer), describe(c.wait_answer)


async def test_wait_15_minutes_comes_back_as_a_check_back(timelines: Timelines) -> None:
    c = timelines.checkback
    assert not any(is_checkback(r) for r in c.too_early), describe(c.too_early)
    assert len([r for r in c.on_time if is_checkback(r)]) == 1, (
        describe(c.on_time) + "\n" + c.bot.tail()
    )
    assert not any(is_checkback(r) for r in c.later), "once:\n" + describe(c.later)


async def test_the_check_back_continues_the_urge(timelines: Timelines) -> None:
    c = timelines.checkback
    assert has_button(r"^ur:\d+:o:")(c.continued), describe(c.continued)
