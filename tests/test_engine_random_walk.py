"""A long random walk through the real engine: whatever people type or press, in whatever
order, every message gets an answer and none is the "something went wrong" one."""

from __future__ import annotations

import random

import pytest

from bot.clock import FixedClock
from bot.commands import COMMANDS
from bot.core import Core
from tests.harness import Chat

TEXTS = [
    "hi",
    "I'm about to text him",
    "i caved and called her",
    "he texted me",
    "today was awful",
    "💔💔",
    "أنا بخير",
    "7",
    "11",
    "-3",
    "done",
    "Europe/Berlin",
    "25:00",
    "22:00-06:00",
    "x" * 5000,
    "/start now please",
    "/",
    "/urge@SomeBot",
    "",
]


@pytest.mark.parametrize("seed", range(6))
async def test_a_random_walk_never_breaks(core: Core, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    generic = core.library.ui("error_generic")
    chats = [Chat(core, user_id=f"walker{seed}-{n}") for n in range(2)]
    for _step in range(120):
        chat = rng.choice(chats)
        roll = rng.random()
        buttons = [b for r in chat.replies for b in r.all_buttons]
        if roll < 0.45 and buttons:
            await chat.send_action(rng.choice(buttons).action)
        elif roll < 0.65:
            await chat.say("/" + rng.choice(COMMANDS).name)
        elif roll < 0.7:
            other = rng.choice(chats)  # a button from someone else's screen
            theirs = [b for r in other.replies for b in r.all_buttons]
            await chat.send_action(rng.choice(theirs).action if theirs else "ur:1:s:5")
        else:
            await chat.say(rng.choice(TEXTS))
        assert chat.replies, "every message gets an answer"
        assert all(generic not in r.text for r in chat.replies), chat.text
        if rng.random() < 0.05:
            clock.advance(hours=rng.choice([1, 9, 30, 24 * 8]))
