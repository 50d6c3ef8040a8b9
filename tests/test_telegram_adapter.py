"""The Telegram adapter over real HTTP: PTB's Application against the stand-in Bot API.

Reliability first (429, 403, network errors, redelivered updates, the token in logs), then
the shape of what arrives (commands menu, buttons, splitting, files, groups, webhook mode).
"""

from __future__ import annotations

import json
import logging
import socket
import time
import traceback
from dataclasses import replace

import aiohttp
import pytest

from adapters.runtime import App
from adapters.telegram_adapter import WEBHOOK_SECRET_HEADER, TelegramAdapter, TelegramStartError
from bot.commands import COMMANDS
from bot.core import Core
from bot.messages import Address, Attachment, Button, Reply, rows
from bot.ports import RetryLater, Unreachable
from tests.standins.telegram_api import FakeBotApi
from tests.telegram_fixtures import (  # noqa: F401  (the fixtures are used by name)
    FAST,
    TOKEN,
    Person,
    adapter_fixture,
    api_fixture,
    telegram_app_fixture,
    telegram_settings,
    tracked,
)

ALICE, BOB = 4242, 5151


def here(chat: int | str) -> Address:
    return Address("telegram", str(chat))


async def onboarded(api: FakeBotApi, adapter: TelegramAdapter, user_id: int) -> Person:
    person = Person(api, adapter, user_id)
    assert await person.say("/start")
    return person


# --- start-up -------------------------------------------------------------------------------


async def test_start_registers_every_command_and_polls(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    (registered,) = api.calls("setMyCommands")
    names = [c["command"] for c in registered.params["commands"]]
    assert names == [c.name for c in COMMANDS]
    assert all(c["description"] for c in registered.params["commands"])
    assert api.calls("getMe") and api.calls("deleteWebhook")
    await api.wait_for(lambda a: len(a.calls("getUpdates")) >= 1)
    assert adapter.username == api.username


async def test_a_rejected_token_fails_start_without_showing_it(
    api: FakeBotApi, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "7000001:AAH-this-token-was-revoked-long-ago"
    bot = TelegramAdapter(core, telegram_settings(api, telegram_token=wrong), options=FAST)
    with pytest.raises(TelegramStartError) as caught:
        await bot.start()
    shown = "".join(traceback.format_exception(caught.value)) + caplog.text
    assert "InvalidToken" in shown
    assert wrong not in shown and wrong.split(":", 1)[1] not in shown


async def test_stop_is_quick_while_a_long_poll_is_open(api: FakeBotApi, core: Core) -> None:
    slow_poll = replace(FAST, poll_timeout=30.0)
    bot = TelegramAdapter(core, telegram_settings(api), options=slow_poll)
    await bot.start()
    await api.wait_for(lambda a: len(a.calls("getUpdates")) >= 1)
    began = time.monotonic()
    await bot.stop()
    assert time.monotonic() - began < 3.0


async def test_stop_is_quick_while_a_reply_waits_out_a_429(api: FakeBotApi, core: Core) -> None:
    patient = replace(FAST, max_inline_wait=60.0)
    bot = TelegramAdapter(core, telegram_settings(api), options=patient)
    await bot.start()
    api.fail("sendMessage", "429", retry_after=30, chat_id=ALICE)
    await api.push_text(ALICE, "/help")
    await api.wait_for(lambda a: len(a.sent(ALICE)) >= 1)
    began = time.monotonic()
    await bot.stop()
    assert time.monotonic() - began < 3.0


# --- delivery reliability -------------------------------------------------------------------


async def test_a_429_delays_the_message_and_never_drops_it(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    api.fail("sendMessage", "429", retry_after=1, chat_id=ALICE)
    began = time.monotonic()
    await adapter.deliver(here(ALICE), [Reply("one"), Reply("two")])
    assert time.monotonic() - began >= 1.0
    assert [r.text for r in api.delivered(ALICE)] == ["one", "two"]
    assert len(api.sent(ALICE)) == 3  # the refused attempt, then both


async def test_a_long_429_before_anything_went_out_is_handed_back(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    api.fail("sendMessage", "429", retry_after=60, chat_id=ALICE)
    with pytest.raises(RetryLater) as caught:
        await adapter.deliver(here(ALICE), [Reply("morning")])
    assert caught.value.retry_after == 60
    assert api.delivered(ALICE) == []


async def test_a_429_mid_batch_is_sat_out_so_nothing_is_sent_twice(
    api: FakeBotApi, core: Core
) -> None:
    # Handing the batch back after "a" went out would send "a" twice: the wait is sat out.
    bot = TelegramAdapter(core, telegram_settings(api), options=replace(FAST, max_inline_wait=0))
    await bot.start()
    try:
        api.fail("sendMessage", "429", retry_after=1, chat_id=ALICE, after=1)
        await bot.deliver(here(ALICE), [Reply("a"), Reply("b")])
        assert [r.text for r in api.delivered(ALICE)] == ["a", "b"]
    finally:
        await bot.stop()


async def test_a_429_on_a_reply_is_retried_in_the_background(api: FakeBotApi, core: Core) -> None:
    bot = TelegramAdapter(core, telegram_settings(api), options=replace(FAST, max_inline_wait=0))
    await bot.start()
    try:
        api.fail("sendMessage", "429", retry_after=1, chat_id=ALICE)
        person = Person(api, bot, ALICE)
        await person.say("/help")
        assert api.delivered(ALICE) == []  # held back, not dropped
        await api.wait_sent(ALICE, 1, within=5)
        assert "/urge" in api.delivered(ALICE)[0].text
    finally:
        await bot.stop()


async def test_a_block_marks_only_that_person_unreachable(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core
) -> None:
    await onboarded(api, adapter, ALICE)
    await onboarded(api, adapter, BOB)
    api.block(ALICE)

    with pytest.raises(Unreachable):
        await adapter.deliver(here(ALICE), [Reply("Good morning")])
    alice = await core.store.find_identity("telegram", str(ALICE))
    bob = await core.store.find_identity("telegram", str(BOB))
    assert alice is not None and alice.unreachable_since is not None
    assert bob is not None and bob.unreachable_since is None

    await adapter.deliver(here(BOB), [Reply("Good morning")])
    assert api.delivered(BOB)[-1].text == "Good morning"


async def test_a_chat_marked_unreachable_is_not_sent_to_again(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core, app: App
) -> None:
    """The same rule as on Discord (bot.domain.reachability): one refusal, then no more requests
    until the person writes again."""
    await onboarded(api, adapter, ALICE)
    api.block(ALICE)
    with pytest.raises(Unreachable):
        await app.outbox.deliver(here(ALICE), [Reply("Good morning")])
    sends = len(api.calls("sendMessage", chat_id=ALICE))
    with pytest.raises(Unreachable):
        await app.outbox.deliver(here(ALICE), [Reply("Good evening")])
    assert len(api.calls("sendMessage", chat_id=ALICE)) == sends


async def test_blocking_and_unblocking_the_bot_is_noticed(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core
) -> None:
    await onboarded(api, adapter, ALICE)

    async def member_status(status: str) -> None:
        who = api.user(ALICE)
        update_id = await api.push_update(
            {
                "my_chat_member": {
                    "chat": api.chat(ALICE),
                    "from": who,
                    "date": int(time.time()),
                    "old_chat_member": {"status": "member", "user": {**who, "is_bot": True}},
                    "new_chat_member": {
                        "status": status,
                        "user": {**who, "is_bot": True},
                        **({"until_date": 0} if status == "kicked" else {}),
                    },
                }
            }
        )
        await tracked(adapter).wait(update_id)

    await member_status("kicked")
    identity = await core.store.find_identity("telegram", str(ALICE))
    assert identity is not None and identity.unreachable_since is not None
    await member_status("member")
    identity = await core.store.find_identity("telegram", str(ALICE))
    assert identity is not None and identity.unreachable_since is None


async def test_writing_again_clears_unreachable(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core
) -> None:
    person = await onboarded(api, adapter, ALICE)
    api.block(ALICE)
    with pytest.raises(Unreachable):
        await adapter.deliver(here(ALICE), [Reply("Good morning")])
    api.blocked.clear()
    assert await person.say("/status")
    identity = await core.store.find_identity("telegram", str(ALICE))
    assert identity is not None and identity.unreachable_since is None


@pytest.mark.parametrize("kind", ["drop", "502"])
async def test_network_errors_are_retried_with_backoff(
    api: FakeBotApi, adapter: TelegramAdapter, kind: str
) -> None:
    api.fail("sendMessage", kind, times=2, chat_id=ALICE)
    await adapter.deliver(here(ALICE), [Reply("still here")])
    assert [r.text for r in api.delivered(ALICE)] == ["still here"]
    assert len(api.sent(ALICE)) == 3


async def test_a_network_that_stays_down_is_handed_back(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    api.fail("sendMessage", "502", times=100, chat_id=ALICE)
    with pytest.raises(RetryLater):
        await adapter.deliver(here(ALICE), [Reply("morning")])
    assert len(api.sent(ALICE)) == FAST.network_attempts


async def test_an_update_delivered_twice_has_one_effect(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core
) -> None:
    await onboarded(api, adapter, ALICE)
    before = len(api.delivered(ALICE))
    update_id = await api.push_text(ALICE, "/urge")
    await tracked(adapter).wait(update_id)
    after_first = len(api.delivered(ALICE))
    assert after_first > before

    # Telegram redelivers an update that was never confirmed (a crash, a restart).
    tracked(adapter).done.discard(update_id)
    await api.redeliver(update_id)
    await tracked(adapter).wait(update_id)
    assert len(api.delivered(ALICE)) == after_first
    identity = await core.store.find_identity("telegram", str(ALICE))
    assert identity is not None
    assert len(await core.store.urges(identity.user_id)) == 1


async def test_the_token_and_message_text_never_reach_the_logs(
    api: FakeBotApi, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # an operator running with LOG_LEVEL=DEBUG
    secret_words = "zebra umbrella lighthouse"
    bot = TelegramAdapter(core, telegram_settings(api), options=FAST)
    await bot.start()
    try:
        person = Person(api, bot, ALICE)
        await person.say("/start")
        api.fail("sendMessage", "429", retry_after=1, chat_id=ALICE)
        api.fail("sendMessage", "drop", chat_id=ALICE)
        await person.say(f"I keep thinking about {secret_words}")
        api.block(ALICE)
        with pytest.raises(Unreachable):
            await bot.deliver(here(ALICE), [Reply(f"nudge {secret_words}")])
        api.fail("getUpdates", "502", times=1)
        await api.wait_for(lambda a: len(a.calls("getUpdates")) >= 4, within=8)
    finally:
        await bot.stop()
    logged = "\n".join(
        [caplog.text]
        + [str(r.args) for r in caplog.records]
        + [str(r.exc_info) for r in caplog.records]
    )
    assert caplog.records, "the test should have produced log records"
    assert TOKEN not in logged
    assert TOKEN.split(":", 1)[1] not in logged
    assert secret_words not in logged


# --- what arrives ---------------------------------------------------------------------------


async def test_long_replies_are_split_with_buttons_on_the_last_piece(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    text = "\n\n".join(f"Entry {n}: " + "a quiet evening, " * 60 for n in range(12))
    assert len(text) > 3 * 4096
    done = rows([Button("Done", "go:status")])
    await adapter.deliver(here(ALICE), [Reply(text, buttons=done)])
    pieces = api.delivered(ALICE)
    assert len(pieces) >= 4
    assert all(len(p.text) <= 4096 for p in pieces)
    assert [bool(p.buttons) for p in pieces] == [False] * (len(pieces) - 1) + [True]
    assert pieces[-1].buttons[0]["callback_data"] == "go:status"


async def test_files_arrive_as_documents_and_pictures_as_photos(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    export = Attachment("cooloff-export.json", b'{"user": {}}', "application/json", "file")
    chart = Attachment("progress.png", b"\x89PNG\r\n\x1a\nfake", "image/png", "image")
    await adapter.deliver(
        here(ALICE), [Reply("Your data", attachment=export), Reply("Day 12", attachment=chart)]
    )
    document, photo = api.delivered(ALICE)
    assert document.method == "sendDocument" and photo.method == "sendPhoto"
    assert document.files["document"] == ("cooloff-export.json", b'{"user": {}}')
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    assert (document.text, photo.text) == ("Your data", "Day 12")


async def test_every_button_press_is_answered_and_marked(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    person = await onboarded(api, adapter, ALICE)
    sends = await person.say("/urge")
    seven = person.button(r"^ur:\d+:s:7$", sends)
    answered = len(api.calls("answerCallbackQuery"))
    assert await person.press(seven)
    assert len(api.calls("answerCallbackQuery")) == answered + 1
    (edit,) = api.calls("editMessageText")
    assert edit.params["text"].endswith("» 7")
    assert "reply_markup" not in edit.params  # the old buttons are gone


async def test_a_stale_or_repeated_press_gets_a_clear_answer(
    api: FakeBotApi, adapter: TelegramAdapter
) -> None:
    person = await onboarded(api, adapter, ALICE)
    sends = await person.say("/urge")
    seven = person.button(r"^ur:\d+:s:7$", sends)
    message = api.message_with_button(person.chat_id, seven)
    assert message is not None
    await person.press(seven)
    # The same old button again (a double tap, or an old message scrolled back to).
    before = len(api.calls())
    update_id = await api.press(ALICE, seven, message=message)
    await tracked(adapter).wait(update_id)
    later = api.calls()[before:]
    answers = [r for r in later if r.method == "answerCallbackQuery"]
    replies = [r for r in later if r.method == "sendMessage"]
    assert len(answers) == 1
    assert replies or answers[0].params.get("text"), "the second press must be answered"
    # A button from nowhere (a forged or ancient id) is answered too.
    before = len(api.calls())
    update_id = await api.press(ALICE, "zz:nonsense", message=message)
    await tracked(adapter).wait(update_id)
    later = api.calls()[before:]
    assert [r.method for r in later].count("answerCallbackQuery") == 1
    assert any(r.method == "sendMessage" for r in later)


async def test_groups_get_commands_and_mentions_only_and_no_personal_data(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core
) -> None:
    group = -100777
    await onboarded(api, adapter, ALICE)
    person = Person(api, adapter, ALICE)
    person.chat_id = str(group)

    assert await person.say("just chatting", chat_id=group, chat_type="supergroup") == []
    assert await person.say("/status@some_other_bot", chat_id=group, chat_type="supergroup") == []

    status = await person.say(f"/status@{api.username}", chat_id=group, chat_type="supergroup")
    mention = await person.say(
        f"@{api.username} what is my streak",
        chat_id=group,
        chat_type="supergroup",
        entities=[{"type": "mention", "offset": 0, "length": len(api.username) + 1}],
    )
    assert status and mention
    # Only invitations to go private: no day count, no streak, nothing of the plan.
    allowed = {core.library.ui("go_private"), core.library.ui("telegram_group_redirect")}
    assert {r.text for r in api.delivered(group)} <= allowed
    assert all(r.chat_id == str(group) for r in status + mention)


async def test_a_personal_nudge_addressed_to_a_group_is_redirected(
    api: FakeBotApi, adapter: TelegramAdapter, core: Core
) -> None:
    await adapter.deliver(here(-100777), [Reply("Day 12. You said: they lied.")])
    (sent,) = api.delivered(-100777)
    assert sent.text == core.library.ui("telegram_group_redirect")
    assert sent.buttons[0]["url"] == f"https://t.me/{api.username}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def test_webhook_mode(api: FakeBotApi, core: Core) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = telegram_settings(
        api,
        telegram_webhook_url=url,
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
        telegram_webhook_secret="s3cret-header",
    )
    bot = TelegramAdapter(core, settings, options=FAST)
    await bot.start()
    try:
        (hook,) = api.calls("setWebhook")
        assert hook.params["url"] == url
        assert hook.params["secret_token"] == "s3cret-header"
        assert not api.calls("getUpdates")
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": api.chat(ALICE),
                "from": api.user(ALICE),
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=update) as forged:
                assert forged.status == 403
            headers = {WEBHOOK_SECRET_HEADER: "s3cret-header"}
            async with http.post(url, data=json.dumps(update), headers=headers) as real:
                assert real.status == 200
        await api.wait_sent(ALICE, 1)
        assert "/urge" in api.delivered(ALICE)[0].text
    finally:
        await bot.stop()
