"""The adapter through the real discord.py client against the stand-in Discord on 127.0.0.1.

Transport and reliability: start-up (command sync, intents), acknowledgement in time,
ephemeral answers in servers, persistent buttons after a restart, forms, DMs, closed DMs,
rate limits, splitting, redelivery.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from adapters import discord_adapter
from adapters.discord_adapter import DiscordAdapter
from adapters.runtime import App
from bot.core import Core
from bot.messages import Address, Button, Incoming, Reply
from bot.ports import RetryLater, Unreachable
from tests import discord_fixtures as fx
from tests.discord_fixtures import GUILD_ID, TOKEN, Person, discord_settings, settle
from tests.standins.discord_api import PRIVILEGED_INTENTS, StandIn

discord_api = fx.discord_api
discord_bot = fx.discord_bot
app = fx.app


def person(api: StandIn, bot: DiscordAdapter, **kw: Any) -> Person:
    return Person(api, bot, **kw)


async def test_start_syncs_commands_to_the_dev_server_without_privileged_intents(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    [sync] = [c for c in discord_api.calls if c.method == "PUT"]
    assert sync.path == f"/applications/{discord_api.app_id}/guilds/{GUILD_ID}/commands"
    assert isinstance(sync.body, list)
    names = {c["name"] for c in sync.body}
    assert {"start", "urge", "timezone", "checkin_time", "link", "delete"} <= names
    [identify] = discord_api.identify_payloads
    for bit in PRIVILEGED_INTENTS.values():
        assert not identify["intents"] & bit
    assert identify["intents"] & (1 << 12)  # direct messages


async def test_without_a_dev_server_commands_are_synced_globally(
    discord_api: StandIn, core: Core
) -> None:
    adapter = DiscordAdapter(core, discord_settings(discord_guild_id=None))
    await adapter.start()
    try:
        [sync] = [c for c in discord_api.calls if c.method == "PUT"]
        assert sync.path == f"/applications/{discord_api.app_id}/commands"
    finally:
        await adapter.stop()


async def test_a_command_in_a_server_is_answered_only_to_the_person(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    alice = person(discord_api, discord_bot)
    said = await alice.command("urge")
    assert said[0].kind == "message"
    assert all(s.ephemeral for s in said)
    assert "0" in alice.labels and "10" in alice.labels
    assert all(cid.startswith("cooloff:ur:") for s in said for cid in s.custom_ids)
    # Answered at once, well inside Discord's 3 seconds.
    interaction = alice.last_interaction
    assert interaction is not None
    first = discord_api.answers(interaction)[0]
    assert first.at - interaction.sent_at < 3.0


async def test_button_press_goes_to_the_core_as_its_action(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    alice = person(discord_api, discord_bot)
    await alice.command("urge")
    said = await alice.press("7")
    # The press is acknowledged by noting the choice on the pressed message, whose buttons go.
    assert said[0].kind == "update"
    assert said[0].content.endswith("» 7") and said[0].custom_ids == []
    assert said[1].kind == "message" and said[1].ephemeral
    assert "Write it here instead" in alice.labels


async def test_a_slow_answer_is_deferred_within_three_seconds(
    discord_api: StandIn, discord_bot: DiscordAdapter, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discord_adapter, "ACK_BUDGET", 0.1)
    real = core.engine.handle

    async def slow(msg: Incoming) -> list[Reply]:
        await asyncio.sleep(0.4)
        return await real(msg)

    monkeypatch.setattr(core.engine, "handle", slow)
    alice = person(discord_api, discord_bot)
    said = await alice.command("status")
    assert said[0].kind == "defer" and said[0].ephemeral
    assert said[1].kind == "message" and said[1].ephemeral and said[1].content
    interaction = alice.last_interaction
    assert interaction is not None
    defer, follow_up = discord_api.answers(interaction)[:2]
    assert defer.at - interaction.sent_at < 1.0
    assert follow_up.path.startswith(f"/webhooks/{discord_api.app_id}/{interaction.token}")


async def test_buttons_keep_working_after_a_restart(discord_api: StandIn, core: Core) -> None:
    first = DiscordAdapter(core, discord_settings())
    await first.start()
    alice = person(discord_api, first, in_server=False)
    await alice.command("urge")
    seven = alice.button("7")
    await first.stop()

    second = DiscordAdapter(core, discord_settings())
    await second.start()
    try:
        alice.bot = second
        said = await alice.press_id(seven)
        assert [s.kind for s in said] == ["update", "message"]
        assert "Breathe with me" in alice.labels
    finally:
        await second.stop()


async def test_the_draft_form_opens_and_its_text_reaches_the_core(
    discord_api: StandIn, discord_bot: DiscordAdapter, core: Core
) -> None:
    alice = person(discord_api, discord_bot)
    await alice.command("urge")
    await alice.press("8")
    said = await alice.press("Write it here instead")
    form = alice.button("✍️")
    assert form == "cooloff-form:draft"
    assert said[-1].ephemeral

    opened = await alice.press_id(form)
    assert [s.kind for s in opened] == ["modal"]
    assert opened[0].raw["custom_id"] == "cooloff-form:draft"

    await alice.submit(form, "I still think about you every day.")
    assert alice.last[0].kind == "message" and alice.last[0].ephemeral
    identity = await core.store.find_identity("discord", str(alice.user_id))
    assert identity is not None
    drafts = await core.store.drafts(identity.user_id)
    assert [d.text for d in drafts] == ["I still think about you every day."]


async def test_free_text_in_dms_is_answered_in_dms(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    alice = person(discord_api, discord_bot, in_server=False)
    said = await alice.write_dm("I really want to text him right now")
    assert said and said[0].kind == "message"
    assert not said[0].ephemeral
    assert any(label in alice.labels for label in ("0", "5", "10"))


async def test_server_messages_are_never_read(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    alice = person(discord_api, discord_bot)
    calls = len(discord_api.calls)
    await discord_api.send_guild_message(alice.user, "I want to text him", GUILD_ID)
    await settle(0.2)
    assert len(discord_api.calls) == calls


async def test_a_redelivered_interaction_is_handled_once(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    alice = person(discord_api, discord_bot)
    payload = discord_api.slash("urge", alice.user, guild_id=GUILD_ID)
    await discord_api.send_interaction(payload)
    await discord_api.wait_for(lambda c: c.path.startswith(f"/interactions/{payload['id']}/"))
    await discord_bot.idle()
    count = len(discord_api.calls)
    await discord_api.send_interaction(payload)
    await settle(0.3)
    await discord_bot.idle()
    assert len(discord_api.calls) == count


async def test_scheduled_messages_go_to_dms_split_at_2000(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    user_id = 333000000000000003
    text = "\n\n".join(f"Part {i}. " + "steady " * 120 for i in range(6))
    reply = Reply(text, buttons=((Button("Check in", "go:checkin"),),))
    await discord_bot.deliver(Address("discord", str(user_id)), [reply])
    sent = discord_api.dm_messages(user_id)
    assert len(sent) > 1
    bodies = [c.body for c in sent if isinstance(c.body, dict)]
    assert all(len(b["content"]) <= 2000 for b in bodies)
    assert [bool(b.get("components")) for b in bodies] == [False] * (len(bodies) - 1) + [True]
    assert not any((b.get("flags") or 0) & 64 for b in bodies)


async def test_closed_dms_are_marked_not_retried_and_told_at_the_next_command(
    discord_api: StandIn, discord_bot: DiscordAdapter, core: Core, app: App
) -> None:
    alice = person(discord_api, discord_bot)
    await alice.command("start")
    discord_api.closed_dms.add(alice.user_id)
    address = Address("discord", str(alice.user_id))

    # Through the process's one outbound port, as the scheduler and the engine deliver.
    with pytest.raises(Unreachable):
        await app.outbox.deliver(address, [Reply("Good morning")])
    identity = await core.store.find_identity("discord", str(alice.user_id))
    assert identity is not None and identity.unreachable_since is not None

    posts = len([c for c in discord_api.calls if c.path.endswith("/messages")])
    with pytest.raises(Unreachable):
        await app.outbox.deliver(address, [Reply("Good evening")])
    # No second request: repeated 403s count toward Discord's invalid-request cap.
    assert len([c for c in discord_api.calls if c.path.endswith("/messages")]) == posts

    said = await alice.command("status")
    assert all(s.ephemeral for s in said)
    assert "direct message" in alice.text
    identity = await core.store.find_identity("discord", str(alice.user_id))
    assert identity is not None and identity.unreachable_since is None
    said = await alice.command("status")
    assert "direct message" not in alice.text


async def test_a_long_rate_limit_is_handed_back_as_retry_later(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    discord_api.rate_limited_for = 120.0
    with pytest.raises(RetryLater) as caught:
        await discord_bot.deliver(Address("discord", "444000000000000004"), [Reply("hi")])
    assert caught.value.retry_after >= 60


async def test_a_short_rate_limit_is_waited_out(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    discord_api.rate_limited_for = 0.05
    await discord_bot.deliver(Address("discord", "444000000000000005"), [Reply("hi")])
    assert len(discord_api.dm_messages(444000000000000005)) == 1


async def test_deliver_before_start_asks_to_retry(core: Core) -> None:
    adapter = DiscordAdapter(core, discord_settings())
    with pytest.raises(RetryLater):
        await adapter.deliver(Address("discord", "1"), [Reply("hi")])


async def test_the_token_and_message_text_are_never_logged(
    discord_api: StandIn, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="discord")
    adapter = DiscordAdapter(core, discord_settings())
    await adapter.start()
    try:
        alice = person(discord_api, adapter, in_server=False)
        await alice.write_dm("my secret sentence about him")
    finally:
        await adapter.stop()
    # Not by us, and not by discord.py either (its DEBUG logs hold gateway payloads).
    for record in caplog.records:
        message = record.getMessage()
        assert TOKEN not in message
        assert "secret sentence" not in message


async def test_a_wait_mid_batch_is_taken_here_so_nothing_is_sent_twice(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    user_id = 444000000000000006
    text = "\n\n".join(f"Part {i}. " + "steady " * 120 for i in range(5))
    discord_api.next_statuses = [200, 429]
    await discord_bot.deliver(Address("discord", str(user_id)), [Reply(text)])
    sent = [c.body for c in discord_api.dm_messages(user_id) if isinstance(c.body, dict)]
    contents = [b["content"] for b in sent]
    assert len(contents) == len(set(contents)) >= 3  # every part once, in order
    assert contents[0].startswith("Part 0.")


async def test_a_wait_before_anything_went_out_is_handed_back(
    discord_api: StandIn, discord_bot: DiscordAdapter
) -> None:
    user_id = 444000000000000007
    discord_api.next_statuses = [429]
    with pytest.raises(RetryLater) as caught:
        await discord_bot.deliver(Address("discord", str(user_id)), [Reply("a"), Reply("b")])
    assert caught.value.retry_after == pytest.approx(0.05)
    assert discord_api.dm_messages(user_id) == []


async def test_two_quick_presses_are_answered_one_after_the_other(
    discord_api: StandIn, discord_bot: DiscordAdapter, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = person(discord_api, discord_bot)
    await alice.command("urge")
    real = core.engine.handle
    running: list[str] = []
    overlapped = False

    async def watched(msg: Incoming) -> list[Reply]:
        nonlocal overlapped
        overlapped = overlapped or bool(running)
        running.append(msg.user_id)
        try:
            await asyncio.sleep(0.05)
            return await real(msg)
        finally:
            running.remove(msg.user_id)

    monkeypatch.setattr(core.engine, "handle", watched)
    first = discord_api.press(alice.button("7"), alice.user, guild_id=GUILD_ID)
    second = discord_api.press(alice.button("8"), alice.user, guild_id=GUILD_ID)
    a = await discord_api.send_interaction(first)
    b = await discord_api.send_interaction(second)
    await discord_api.wait_for(lambda c: c.path.startswith(f"/interactions/{b.id}/"))
    await discord_api.wait_for(
        lambda c: c.path.startswith(f"/webhooks/{discord_api.app_id}/{b.token}")
    )
    await discord_bot.idle()
    assert not overlapped
    assert discord_api.answers(a) and discord_api.answers(b)
