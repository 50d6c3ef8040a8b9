"""A database outage is not silence and not loss (issue 12).

PostgreSQL is real; a TCP proxy in front of it is cut for the outage, as if the server had
stopped. Messages arrive through the inbox, the way every adapter hands them in.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from adapters.runtime import App
from bot.clock import FixedClock
from bot.messages import Incoming
from bot.storage.models import Urge, User
from tests.conftest import built_app
from tests.fakes import Deliveries
from tests.standins.tcp_proxy import TcpProxy


@pytest.fixture
async def proxy(postgres_url: str) -> AsyncIterator[TcpProxy]:
    parts = urlsplit(postgres_url)
    server = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def app(
    postgres_url: str, proxy: TcpProxy, clock: FixedClock, deliveries: Deliveries
) -> AsyncIterator[App]:
    parts = urlsplit(postgres_url)
    netloc = parts.netloc.replace(f":{parts.port}", f":{proxy.port}") if parts.port else (
        f"{parts.netloc}:{proxy.port}"
    )
    url = urlunsplit(parts._replace(netloc=netloc))
    built = await built_app(url, clock, deliveries)
    async with built.core.db.engine.begin() as conn:
        from sqlalchemy import text

        from bot.storage.models import Base

        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    try:
        yield built
    finally:
        await built.stop()


def said(app: App, user: str, text: str) -> Incoming:
    return Incoming("telegram", user, user, app.core.clock.now(), text=text)


async def until(predicate: object, within: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():  # type: ignore[operator]
        if loop.time() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


async def test_an_outage_answers_from_memory_and_loses_nothing(
    app: App, proxy: TcpProxy, deliveries: Deliveries
) -> None:
    inbox = app.core.inbox
    assert (await inbox.receive(said(app, "ana", "/start"), "1")).replies
    await proxy.cut()

    crisis = await inbox.receive(said(app, "ana", "I want to kill myself"), "2")
    helpline = await inbox.receive(said(app, "bo", "/helpline"), "3")
    newcomer = await inbox.receive(said(app, "cy", "/start"), "4")
    urge = await inbox.receive(said(app, "ana", "/urge"), "5")
    again = await inbox.receive(said(app, "cy", "i am about to text him"), "6")

    # Crisis language and /helpline get the crisis lines at once, from memory.
    assert crisis.replies[0].kind == "crisis"
    assert helpline.replies[0].kind == "crisis"
    # Everyone else hears their message is kept, and never the same line twice in a row.
    assert newcomer.replies and newcomer.replies[0].kind is None
    assert again.replies and again.replies[0].text != newcomer.replies[0].text
    assert urge.replies and urge.replies[0].kind is None
    assert inbox.waiting == 5
    assert deliveries.sent == []

    await proxy.restore()
    await until(lambda: inbox.waiting == 0)

    # Each kept message was handled once, in order, and its answer delivered.
    async with app.core.db.session() as s:
        users = await s.scalar(select(func.count()).select_from(User))
        urges = list(await s.scalars(select(Urge)))
    assert users == 2  # ana and cy (bo only asked for the helpline)
    assert len(urges) == 2  # ana's /urge, and cy's typed urge
    to_cy = deliveries.to("cy")
    assert any(r.buttons for r in to_cy), "cy's /start got the welcome and its first question"
    assert any(b.action.startswith("ur:") for r in deliveries.to("ana") for b in r.all_buttons)
    # The crisis lines are not given twice: ana's replayed crisis message adds nothing new.
    assert sum(r.kind == "crisis" for r in deliveries.to("ana")) == 0
    # A redelivery of an update handled during the outage is still recognised.
    assert (await inbox.receive(said(app, "ana", "/urge"), "5")).duplicate


async def test_messages_after_the_outage_wait_behind_the_kept_ones(
    app: App, proxy: TcpProxy, deliveries: Deliveries
) -> None:
    inbox = app.core.inbox
    await proxy.cut()
    await inbox.receive(said(app, "dee", "/start"), "10")
    await proxy.restore()
    # Written right after the database came back, before the kept one was handled.
    later = await inbox.receive(said(app, "dee", "/status"), "11")
    assert later.replies and later.replies[0].kind is None  # kept too, to keep the order
    await until(lambda: inbox.waiting == 0)
    # /start was handled before /status: the status answer knows the plan /start made.
    replies = deliveries.to("dee")
    assert any(r.buttons for r in replies)
    async with app.core.db.session() as s:
        assert await s.scalar(select(func.count()).select_from(User)) == 1
