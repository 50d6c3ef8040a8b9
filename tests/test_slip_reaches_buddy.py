"""A slip reaches the buddy only when the person chose to share slips, and without details."""

from __future__ import annotations

from bot.core import Core
from tests.test_buddy import FakeOutbox, linked, outbox  # noqa: F401 - the fixture


async def test_a_shared_slip_reaches_the_buddy_without_details(
    core: Core, outbox: FakeOutbox  # noqa: F811
) -> None:
    alex, _sam = await linked(core)
    await alex.say("/slip")
    await alex.press("Start my count again")
    assert outbox.to("sam") == []  # slips are off by default

    await alex.say("/buddy")
    await alex.press("Slips: off")
    await alex.say("/slip")
    await alex.press("Log as limited contact")
    await alex.press("Add a note")
    await alex.say("Jordan asked about the lease, I got emotional")
    words = outbox.words("sam")
    assert "had contact" in words
    assert "Jordan" not in words and "lease" not in words
