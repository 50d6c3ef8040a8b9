"""/progress: the picture is a valid PNG of the expected size for an empty, a short and a
year-long history, drawn without pyplot's global state; the summary reads right."""

from __future__ import annotations

import random
import struct
import sys
import time
import zlib
from datetime import date, datetime, timedelta

import pytest

from bot.core import Core
from bot.features import progress
from bot.features.progress import (
    AHEAD,
    CLEAN,
    EMPTY,
    LIMITED,
    PNG_SIZE,
    SLIP,
    ProgressData,
    UrgePoint,
)
from tests.harness import Chat

TODAY = date(2026, 11, 22)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the signature and its CRC."""
    assert data[:8] == PNG_MAGIC
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert zlib.crc32(kind + body) == crc
    width, height = struct.unpack(">II", body[:8])
    assert data[-12:] == b"\x00\x00\x00\x00IEND\xaeB`\x82"
    return width, height


def year_of_history(seed: int = 1) -> ProgressData:
    rng = random.Random(seed)
    start = TODAY - timedelta(days=365)
    urges = []
    for n in range(366):
        day = start + timedelta(days=n)
        for _ in range(rng.randint(0, 5)):
            at = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
            before = rng.randint(3, 10)
            urges.append(UrgePoint(at, before, max(0, before - rng.randint(0, 6))))
    return ProgressData(
        today=TODAY,
        start=start,
        end=TODAY + timedelta(days=30),
        reset_days=frozenset(start + timedelta(days=rng.randint(0, 365)) for _ in range(12)),
        limited_days=frozenset(start + timedelta(days=rng.randint(0, 365)) for _ in range(12)),
        urges=tuple(urges),
    )


HISTORIES = {
    "empty": ProgressData(today=TODAY, start=TODAY, end=TODAY + timedelta(days=29)),
    "short": ProgressData(
        today=TODAY,
        start=TODAY - timedelta(days=4),
        end=TODAY + timedelta(days=25),
        reset_days=frozenset({TODAY - timedelta(days=2)}),
        urges=(
            UrgePoint(datetime(2026, 11, 20, 23, 10), 9, 4),
            UrgePoint(datetime(2026, 11, 21, 7, 5), 6, None),
            UrgePoint(datetime(2026, 11, 22, 22, 40)),
        ),
    ),
    "year": year_of_history(),
    "not started": ProgressData(
        today=TODAY, start=TODAY + timedelta(days=1), end=TODAY + timedelta(days=30)
    ),
}


@pytest.mark.parametrize("name", list(HISTORIES))
def test_the_picture_is_a_png_of_the_expected_size(name: str) -> None:
    png = progress.render_png(HISTORIES[name])
    assert png_size(png) == PNG_SIZE == (800, 900)
    assert len(png) > 5_000  # something was drawn


def test_rendering_leaves_no_pyplot_state_behind() -> None:
    progress.render_png(HISTORIES["short"])
    assert "matplotlib.pyplot" not in sys.modules
    # The same data always draws the same picture (no state carried between calls).
    assert progress.render_png(HISTORIES["short"]) == progress.render_png(HISTORIES["short"])


def test_a_year_renders_quickly() -> None:
    data = HISTORIES["year"]
    progress.render_png(data)  # warm: fonts, caches
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        progress.render_png(data)
        runs.append(time.perf_counter() - started)
    # The budget is 300 ms (see benchmarks/progress_bench.py); a shared CI box gets slack.
    assert sorted(runs)[1] < 1.5


def test_the_calendar_marks_each_kind_of_day() -> None:
    data = HISTORIES["short"]
    grid, monday = progress.calendar_grid(data)
    assert monday == date(2026, 11, 16) and monday.weekday() == 0

    def at(day: date) -> int:
        offset = (day - monday).days
        return grid[offset % 7][offset // 7]

    assert at(TODAY - timedelta(days=5)) == EMPTY  # before the plan
    assert at(TODAY - timedelta(days=4)) == CLEAN
    assert at(TODAY - timedelta(days=2)) == SLIP
    assert at(TODAY) == CLEAN
    assert at(TODAY + timedelta(days=1)) == AHEAD
    limited = ProgressData(
        today=TODAY, start=TODAY - timedelta(days=3), end=TODAY, limited_days=frozenset({TODAY})
    )
    grid, monday = progress.calendar_grid(limited)
    offset = (TODAY - monday).days
    assert grid[offset % 7][offset // 7] == LIMITED


def test_the_calendar_shows_at_most_a_year_and_always_today() -> None:
    long_ago = ProgressData(
        today=TODAY, start=TODAY - timedelta(days=900), end=TODAY + timedelta(days=400)
    )
    first, last = progress.calendar_window(long_ago)
    assert first == TODAY - timedelta(days=364) and first <= TODAY <= last
    grid, _ = progress.calendar_grid(long_ago)
    assert len(grid) == 7 and len(grid[0]) <= 55


def test_hours_and_weekly_means() -> None:
    urges = HISTORIES["short"].urges
    counts = progress.hour_counts(urges)
    assert counts[23] == 1 and counts[7] == 1 and counts[22] == 1 and sum(counts) == 3
    xs, means = progress.weekly_means(
        [(date(2026, 11, 16), 8.0), (date(2026, 11, 22), 4.0), (date(2026, 11, 23), 1.0)]
    )
    assert means == [6.0, 1.0]
    assert xs[1] - xs[0] == 7


# --- through the engine ------------------------------------------------------------------


async def test_progress_for_someone_new(chat: Chat) -> None:
    await chat.say("/start")
    [reply] = await chat.say("/progress")
    assert reply.attachment is not None and reply.attachment.kind == "image"
    assert reply.attachment.mime_type == "image/png"
    assert reply.attachment.filename.endswith(".png")
    assert png_size(reply.attachment.data) == PNG_SIZE
    lines = reply.text.split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("Day 1 of 30")
    assert "No urges logged yet" in lines[1]
    assert chat.labels == ["Weekly review on Sundays: turn on"]


async def test_progress_with_history(core: Core, chat: Chat) -> None:
    await chat.say("/start")
    identity = await core.store.find_identity("console", chat.user_id)
    assert identity is not None
    uid = identity.user_id
    now = core.clock.now()
    for n, (before, after, outcome) in enumerate([(8, 3, "held"), (6, 5, "held"), (9, 9, "sent")]):
        urge = await core.store.add_urge(uid, now - timedelta(hours=5 * n), "command")
        await core.store.update_urge(
            urge.id, strength_before=before, strength_after=after, outcome=outcome
        )
    slip = await core.store.add_slip(uid, now, now.date())
    await core.store.update_slip(slip.id, kind="limited")
    [reply] = await chat.say("/progress")
    assert reply.attachment is not None and png_size(reply.attachment.data) == PNG_SIZE
    first, second = reply.text.split("\n")
    assert "1 day without contact in a row" in first
    assert second == "Urges logged: 3, held: 2. On average the pull went from 7.7 to 5.7."


async def test_weekly_review_toggle(core: Core, chat: Chat) -> None:
    from bot.storage import nudge_store, progress_store

    await chat.say("/start")
    await chat.say("/progress")
    await chat.press("Weekly review on Sundays: turn on")
    assert "Sunday evenings" in chat.text
    assert chat.labels == ["Weekly review on Sundays: turn off"]
    identity = await core.store.find_identity("console", chat.user_id)
    assert identity is not None
    assert await progress_store.weekly_review_on(core.store, identity.user_id)
    assert await nudge_store.weekly_review_users(core.db) == {identity.user_id}
    await chat.press("Weekly review on Sundays: turn off")
    assert "No more weekly reviews" in chat.text
    assert not await progress_store.weekly_review_on(core.store, identity.user_id)


async def test_the_weekly_review_has_its_own_prefix_and_old_buttons_still_work(
    core: Core, chat: Chat
) -> None:
    from bot import actions
    from bot.storage import progress_store

    await chat.say("/start")
    [reply] = await chat.say("/progress")
    assert [b.action for b in reply.all_buttons] == [f"{actions.WEEKLY}:on"]
    identity = await core.store.find_identity("console", chat.user_id)
    assert identity is not None
    await chat.send_action("bd:weekly:on")  # a button sent before the prefix existed
    assert await progress_store.weekly_review_on(core.store, identity.user_id)
    [answer] = await chat.send_action(f"{actions.WEEKLY}:off")
    assert [b.action for b in answer.all_buttons] == [f"{actions.WEEKLY}:on"]
    assert not await progress_store.weekly_review_on(core.store, identity.user_id)


async def test_a_failed_picture_still_answers(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: ProgressData) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(progress, "render_png", broken)
    await chat.say("/start")
    [reply] = await chat.say("/progress")
    assert reply.attachment is None and "couldn't draw your picture" in reply.text
