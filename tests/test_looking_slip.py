"""Looking is its own kind of slip: checking their profile, stories or photos is logged as
"looked", kept apart from contact; the person chooses whether it restarts the count (it
doesn't have to). The slip steps take typed answers, a story typed there is the note (not
a second slip), and "what's the point" gets a real answer. Through the real engine."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.core import Core
from bot.domain.streak import of_slips
from bot.flows.slips import looked_not_contact, typed_choice
from tests.harness import Chat, me, offered

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "looked"),
    [
        ("i checked her instagram stories again", True),
        ("stalked his photos for an hour", True),
        ("i looked at his profile", True),
        ("looked at his profile and then texted him", False),
        ("i liked her post", False),
        ("i texted him", False),
    ],
)
def test_looking_is_told_from_contact(text: str, looked: bool) -> None:
    assert looked_not_contact(text) is looked


@pytest.mark.parametrize(
    ("text", "what", "choice"),
    [
        ("start again", "looked", "lreset"),
        ("start again", "contact", "reset"),
        ("keep my count", "looked", "looked"),
        ("keep my count", "contact", "limited"),
        ("dont reset it", "looked", "looked"),
        ("it was about the kids", "contact", "limited"),
        ("i only looked", "any", "looked"),
        ("ugh", "contact", None),
    ],
)
def test_the_count_choice_typed(text: str, what: str, choice: str | None) -> None:
    assert typed_choice(text, what) == choice


def test_looks_are_counted_apart_and_restart_only_when_chosen() -> None:
    start = TODAY - timedelta(days=9)
    kept = of_slips(start, TODAY, [(TODAY - timedelta(days=2), "looked")])
    assert (kept.current, kept.resets, kept.looked, kept.limited) == (10, 0, 1, 0)
    restarted = of_slips(start, TODAY, [(TODAY - timedelta(days=2), "looked_reset")])
    assert (restarted.current, restarted.resets, restarted.looked) == (2, 1, 1)
    contact = of_slips(start, TODAY, [(TODAY - timedelta(days=2), "reset")])
    assert (contact.current, contact.looked) == (2, 0)


async def set_up(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("A week ago")  # today is day 8
    await chat.press("Skip the rest")


async def test_looking_offers_keep_or_start_again_not_logistics(chat: Chat, core: Core) -> None:
    await set_up(chat)
    await chat.say("i checked her instagram stories again")
    assert set(offered(chat)) == {"sl:1:k:looked", "sl:1:k:lreset"}
    await chat.press("Keep my count")
    slips = await core.store.slips(await me(core, chat))
    assert [s.kind for s in slips] == ["looked"]
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.start_date == TODAY - timedelta(days=7)  # not restarted


async def test_a_look_can_restart_the_count_when_they_choose(chat: Chat, core: Core) -> None:
    await set_up(chat)
    await chat.say("i stalked his photos for an hour")
    await chat.say("start again")
    slips = await core.store.slips(await me(core, chat))
    assert [s.kind for s in slips] == ["looked_reset"]
    plan = await core.store.active_plan(await me(core, chat))
    assert plan is not None and plan.start_date == TODAY + timedelta(days=1)


async def test_history_keeps_looking_apart_from_contact(chat: Chat, core: Core) -> None:
    await set_up(chat)
    await chat.say("i looked at his profile")
    await chat.press("Keep my count")
    await chat.press("Done")
    await chat.say("i texted him last night")
    await chat.press("Start my count again")
    exported = await core.store.export(await me(core, chat))
    assert sorted(s["kind"] for s in exported["slips"]) == ["looked", "reset"]


async def test_status_counts_looks_apart_and_a_chosen_restart_as_one(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/status")
    assert core.library.ui("status_looked", count=1) not in chat.text
    await chat.say("i stalked his photos for an hour")
    await chat.say("start again")
    await chat.say("/status")
    assert core.library.ui("status_looked", count=1) in chat.text
    assert core.library.ui("status_slips", count=1, value=0) in chat.text


async def test_slip_command_offers_looking_as_a_choice(chat: Chat, core: Core) -> None:
    await set_up(chat)
    await chat.say("/slip")
    assert set(offered(chat)) == {"sl:1:k:reset", "sl:1:k:limited", "sl:1:k:looked"}


async def test_contact_typed_keep_my_count_is_limited(chat: Chat, core: Core) -> None:
    await set_up(chat)
    await chat.say("i texted him last night")
    assert set(offered(chat)) == {"sl:1:k:reset", "sl:1:k:limited"}
    await chat.say("keep my count")
    slips = await core.store.slips(await me(core, chat))
    assert [s.kind for s in slips] == ["limited"]


async def test_a_story_typed_at_the_choice_is_the_note_not_a_new_slip(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/slip")
    await chat.say("called her last night. two hours. i asked her to come back")
    slips = await core.store.slips(await me(core, chat))
    assert len(slips) == 1 and slips[0].kind is None
    assert slips[0].note == "called her last night. two hours. i asked her to come back"
    assert "sl:1:k:reset" in offered(chat)  # the choice again, same buttons
    await chat.say("start again")
    await chat.say("she said she needs more time and i just said ok")
    slips = await core.store.slips(await me(core, chat))
    assert len(slips) == 1 and slips[0].kind == "reset"
    assert slips[0].note is not None and "needs more time" in slips[0].note


async def test_turning_on_themselves_is_kept_and_met_with_kindness(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/slip")
    await chat.say("i hate myself for it honestly")
    slips = await core.store.slips(await me(core, chat))
    assert len(slips) == 1 and slips[0].note == "i hate myself for it honestly"
    kind_lines = {core.library.ui(f"slip_self_blame_{n}") for n in (1, 2, 3)}
    assert any(r.text in kind_lines for r in chat.replies)
    assert "sl:1:k:reset" in offered(chat)


async def test_whats_the_point_after_a_slip_gets_an_answer_and_the_step(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/slip")
    await chat.say("whats the point")
    assert len(chat.replies) >= 2
    assert "sl:1:k:reset" in offered(chat)  # the step is not dropped
    assert len(await core.store.slips(await me(core, chat))) == 1


async def test_a_stale_number_typed_at_the_choice_changes_nothing(
    chat: Chat, core: Core
) -> None:
    await set_up(chat)
    await chat.say("/slip")
    await chat.say("1")
    slips = await core.store.slips(await me(core, chat))
    assert slips[0].kind is None
    assert "sl:1:k:reset" in offered(chat)


async def test_a_slip_left_open_for_hours_does_not_swallow_the_next_one(
    chat: Chat, core: Core, clock: FixedClock
) -> None:
    await set_up(chat)
    await chat.say("/slip")
    await chat.press("Log as limited contact")  # and never pressed Done
    clock.advance(hours=7)
    await chat.say("i texted him again last night")
    slips = await core.store.slips(await me(core, chat))
    assert len(slips) == 2 and slips[1].kind is None
    assert "sl:2:k:reset" in offered(chat)


def test_looking_logged_through_cooloff_chat(tmp_path: Path) -> None:
    """The real `cooloff chat` process: a look, typed answers at every slip step."""
    script = (
        "/start\nSkip the rest\ni checked her instagram stories again\n"
        "keep my count\nlate night\nshe was out with people i dont know\n/status\n"
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
        slips = db.execute("SELECT kind, trigger, note IS NOT NULL FROM slips").fetchall()
        plans = db.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
    assert slips == [("looked", "night", 1)]  # one slip, its kind, trigger and note
    assert plans == 1  # the count was kept: no new plan
