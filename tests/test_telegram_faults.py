"""Faults from the Bot API side that must not stop the bot for everyone.

The real adapter (python-telegram-bot's Application, built by `build_app`) against the
stand-in Bot API, checked only by what reaches the stand-in and what reaches the logs.
"""

from __future__ import annotations

import logging
import socket

import aiohttp
import pytest

from adapters.runtime import App, build_app
from adapters.telegram_adapter import WEBHOOK_SECRET_HEADER
from bot.clock import FixedClock
from tests.fakes import Deliveries, recording_platforms
from tests.standins.telegram_api import JSON, FakeBotApi
from tests.telegram_fixtures import (  # noqa: F401  (the fixtures are used by name)
    api_fixture,
    fast_telegram,
    telegram_app_fixture,
    telegram_settings,
)

PEOPLE = [6101, 6102, 6103, 6104, 6105]
SECRET = "marmalade-harbour"  # in every text: it must never reach a log line


def poll_from_an_older_server() -> JSON:
    """A `poll` update as a Bot API server older than 9.6 sends it: its options have no
    `persistent_id`, which python-telegram-bot 22.8 requires, so PTB cannot parse it."""
    return {
        "poll": {
            "id": "5000000000000000001",
            "question": f"which {SECRET}?",
            "options": [
                {"text": f"{SECRET} one", "voter_count": 1},
                {"text": f"{SECRET} two", "voter_count": 0},
            ],
            "total_voter_count": 1,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        }
    }


def logged_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        [caplog.text]
        + [str(r.args) for r in caplog.records]
        + [str(r.exc_info) for r in caplog.records]
    )


async def test_an_update_the_library_cannot_parse_is_skipped_and_the_others_answered(
    api: FakeBotApi, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # an operator running with LOG_LEVEL=DEBUG
    # Everything is waiting before the bot polls, so its first getUpdates returns one batch:
    # two people, the unreadable update, three more people (/helpline among them).
    texts = ["/start", f"I miss {SECRET}", "/helpline", "/help", f"{SECRET} texted me"]
    pushed = [await api.push_text(p, t) for p, t in zip(PEOPLE[:2], texts[:2], strict=True)]
    bad = await api.push_update(poll_from_an_older_server())
    pushed += [await api.push_text(p, t) for p, t in zip(PEOPLE[2:], texts[2:], strict=True)]
    await app.start(scheduler=False)

    for person in PEOPLE:
        await api.wait_sent(person, 1, within=10)
    assert [len(batch) for batch in api.batches][:1] == [6], "the six arrived as one batch"

    # The offset moved past the unreadable update: it is confirmed, not fetched again.
    await api.wait_for(lambda a: len(a.calls("getUpdates")) >= 3, within=5)
    polls = api.calls("getUpdates")
    assert int(polls[-1].params["offset"]) > bad
    assert sum(bad in batch for batch in api.batches) == 1
    assert len(polls) <= 6, f"{len(polls)} getUpdates calls: polling is spinning"
    assert max(pushed) < int(polls[-1].params["offset"])

    logged = logged_text(caplog)
    assert SECRET not in logged
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    skipped = [r for r in caplog.records if str(bad) in r.getMessage()]
    assert skipped, "the skipped update is logged by its id"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def test_an_unreadable_update_in_webhook_mode_is_skipped(
    api: FakeBotApi,
    sqlite_url: str,
    clock: FixedClock,
    deliveries: Deliveries,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = telegram_settings(
        api,
        database_url=sqlite_url,
        telegram_webhook_url=url,
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
        telegram_webhook_secret="hook-secret",
    )
    app = await build_app(
        settings,
        clock=clock,
        platforms=[fast_telegram, *recording_platforms(deliveries, ("console", "discord"))],
        console=False,
    )
    headers = {WEBHOOK_SECRET_HEADER: "hook-secret"}
    bad: JSON = {"update_id": 900, **poll_from_an_older_server()}
    good: JSON = {
        "update_id": 901,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": api.chat(PEOPLE[0]),
            "from": api.user(PEOPLE[0]),
            "text": "/helpline",
            "entities": [{"type": "bot_command", "offset": 0, "length": 9}],
        },
    }
    try:
        await app.start(scheduler=False)
        async with aiohttp.ClientSession() as http:
            async with http.post(url, json=bad, headers=headers) as answer:
                # 200: Telegram would otherwise offer the same update again and again.
                assert answer.status == 200
            async with http.post(url, json=good, headers=headers) as answer:
                assert answer.status == 200
        await api.wait_sent(PEOPLE[0], 1, within=10)
    finally:
        await app.stop()
    logged = logged_text(caplog)
    assert SECRET not in logged
    assert any("900" in r.getMessage() for r in caplog.records)
