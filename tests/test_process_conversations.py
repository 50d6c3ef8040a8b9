"""Whole written conversations typed into Telegram and Discord, through the real `cooloff run`.

`cooloff chat` presses a shown button when its label or number is typed; Telegram and
Discord do not, so what people type there must be understood as words. Each conversation
file (tests/data/conversations/) is typed line by line into the stand-ins, its pauses passed
on the process's clock, and what arrived is read as a person would: every message answered,
never the same message twice in a row, and afterwards the log holds no traceback and none of
the words they typed.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from itertools import pairwise

import pytest
import pytest_asyncio

from tests.conversation_replay import CONVERSATIONS
from tests.process_harness import World, both_platforms

pytestmark = pytest.mark.asyncio(loop_scope="module")

_PAUSE = re.compile(r"#!\s*pause\s+(\d+(?:\.\d+)?)\s*([mhd])\s*$")
_UNIT = {"m": 60, "h": 3600, "d": 86400}
ON_TELEGRAM = (
    "01-dumped-by-text",
    "14-message-in-pieces",
    "40-coparent-2am-dad",
    "46-library-runin",
    "54-he-texted-mid-urge",
)
ON_DISCORD = ("42-nurse-canteen", "53-hey-stranger")
# The typed lines long enough to be unmistakable in a log, gathered as the tests run.
TYPED: list[str] = []


def script(name: str) -> list[tuple[str, float]]:
    """(typed line, seconds passing before it) for one conversation file."""
    out: list[tuple[str, float]] = []
    waited = 0.0
    for line in (CONVERSATIONS / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        pause = _PAUSE.match(line.strip())
        if pause:
            waited += float(pause.group(1)) * _UNIT[pause.group(2)]
        elif line.strip() and not line.startswith("#"):
            out.append((line.rstrip(), waited))
            waited = 0.0
    return out


@pytest_asyncio.fixture(scope="module", loop_scope="module", name="world")
async def world_fixture(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[World]:
    async with both_platforms(
        tmp_path_factory.mktemp("conversations"), 71_000, private=TYPED
    ) as world:
        yield world


def _pass_time(world: World, seconds: float) -> None:
    if seconds:
        world.bot.jump(world.bot.offset + seconds)


def _unrepeated(messages: list[str]) -> list[str]:
    return [a for a, b in pairwise(messages) if a == b]


async def _replay(
    world: World, name: str, send: Callable[[str], Awaitable[list[str]]]
) -> list[str]:
    """Type one conversation line by line; return the lines that got no answer at all."""
    silent: list[str] = []
    for typed, waited in script(name):
        _pass_time(world, waited)
        if len(typed) > 24:
            TYPED.append(typed)
        if not any(text.strip() for text in await send(typed)):
            silent.append(typed)
    return silent


@pytest.mark.parametrize("name", ON_TELEGRAM)
async def test_a_conversation_typed_into_telegram(world: World, name: str) -> None:
    person = world.on_telegram(name.split("-", 1)[1])

    async def send(typed: str) -> list[str]:
        return [s.text for s in await person.say(typed)]

    assert await _replay(world, name, send) == []
    assert _unrepeated([s.text for s in person.inbox() if s.text.strip()]) == []


@pytest.mark.parametrize("name", ON_DISCORD)
async def test_a_conversation_typed_into_discord_dms(world: World, name: str) -> None:
    person = world.on_discord(name.split("-", 1)[1])

    async def send(typed: str) -> list[str]:
        if typed.startswith("/"):
            command, _, value = typed[1:].partition(" ")
            return [s.content for s in await person.command(command, value or None)]
        return [s.content for s in await person.write(typed)]

    assert await _replay(world, name, send) == []
    assert _unrepeated([s.content for s in person.dms() if s.content.strip()]) == []
