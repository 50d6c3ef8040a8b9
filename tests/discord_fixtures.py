"""Fixtures for the Discord tests: the stand-in Discord, the real adapter on a real core, and
a `Person` who types slash commands, presses buttons, fills in forms and writes DMs.

The adapter runs the real discord.py client: REST calls go to the stand-in through
`discord.http.Route.BASE` and the gateway websocket through `DiscordWebSocket.DEFAULT_GATEWAY`
(discord.py 2.7's plain `Client` connects there directly; it never asks `GET /gateway`).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from adapters.discord_adapter import DiscordAdapter
from adapters.runtime import App, build_app
from bot.clock import FixedClock
from bot.commands import BY_NAME
from bot.config import Settings
from tests.fakes import Deliveries, recording_platforms
from tests.standins.discord_api import Interaction, RestCall, StandIn, user_payload

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDA.standin.discord-token-never-logged"
GUILD_ID = 555000000000000001
EPHEMERAL = 1 << 6


def discord_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"discord_token": TOKEN, "discord_guild_id": GUILD_ID}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def discord_api(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.base_url)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
    )
    yield server
    await server.stop()


class _Errors(logging.Handler):
    """Collects errors logged while a test runs: discord.py logs (and swallows) exceptions
    raised in event handlers, so a broken handler would otherwise pass unnoticed."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def app(
    discord_api: StandIn, sqlite_url: str, clock: FixedClock, deliveries: Deliveries
) -> AsyncIterator[App]:
    """The bot as `cooloff run` builds it, with the real Discord adapter (on the stand-in)
    and recording stand-ins for the other platforms."""
    built = await build_app(
        discord_settings(database_url=sqlite_url),
        clock=clock,
        platforms=[DiscordAdapter, *recording_platforms(deliveries, ("console", "telegram"))],
        console=False,
    )
    try:
        yield built
    finally:
        await built.stop()


@pytest.fixture
async def discord_bot(discord_api: StandIn, app: App) -> AsyncIterator[DiscordAdapter]:
    errors = _Errors()
    watched = [logging.getLogger(name) for name in ("discord", "adapters")]
    for logger in watched:
        logger.addHandler(errors)
    adapter = next(a for a in app.adapters if isinstance(a, DiscordAdapter))
    try:
        await app.start(scheduler=False)
        yield adapter
        await app.stop()
    finally:
        for logger in watched:
            logger.removeHandler(errors)
    assert [r.getMessage() for r in errors.records] == []


@dataclass
class Said:
    """One message the bot showed: an interaction response, a follow-up or a DM."""

    kind: str  # "message" | "update" (the pressed message) | "modal" | "defer" | "ack"
    content: str = ""
    custom_ids: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    ephemeral: bool = False
    files: list[tuple[str, bytes]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def custom_id(self, label: str) -> str:
        for lab, cid in zip(self.labels, self.custom_ids, strict=True):
            if lab == label or lab.startswith(label):
                return cid
        raise KeyError(label)


def said_from(call: RestCall) -> Said:
    body = call.body if isinstance(call.body, dict) else {}
    data = body
    kind = "message"
    if call.path.endswith("/callback"):
        kind = {4: "message", 5: "defer", 6: "ack", 7: "update", 9: "modal"}.get(
            body.get("type", 4), "other"
        )
        data = body.get("data") or {}
    components = [c for row in data.get("components") or [] for c in row.get("components") or [row]]
    return Said(
        kind=kind,
        content=data.get("content") or "",
        custom_ids=[c["custom_id"] for c in components if "custom_id" in c],
        labels=[c.get("label", "") for c in components if "custom_id" in c],
        ephemeral=bool((data.get("flags") or 0) & EPHEMERAL),
        files=call.files,
        raw=data,
    )


@dataclass
class Person:
    """Someone using the bot on Discord, in a server (ephemeral answers) or in DMs."""

    api: StandIn
    bot: DiscordAdapter
    user_id: int = 111000000000000001
    name: str = "alice"
    in_server: bool = True
    last: list[Said] = field(default_factory=list)
    last_interaction: Interaction | None = None

    @property
    def user(self) -> dict[str, Any]:
        return user_payload(self.user_id, self.name)

    @property
    def guild_id(self) -> int | None:
        return GUILD_ID if self.in_server else None

    async def _answers(self, interaction: Interaction) -> list[Said]:
        self.last_interaction = interaction
        await self.api.wait_for(lambda c: c.path.startswith(f"/interactions/{interaction.id}/"))
        await self.bot.idle()
        self.last = [said_from(c) for c in self.api.answers(interaction)]
        return self.last

    async def command(self, name: str, value: str | None = None) -> list[Said]:
        option = BY_NAME[name].argument or "value"
        payload = self.api.slash(name, self.user, value, option=option, guild_id=self.guild_id)
        return await self._answers(await self.api.send_interaction(payload))

    async def press_id(self, custom_id: str) -> list[Said]:
        payload = self.api.press(custom_id, self.user, guild_id=self.guild_id)
        return await self._answers(await self.api.send_interaction(payload))

    async def press(self, label: str) -> list[Said]:
        return await self.press_id(self.button(label))

    def button(self, label: str) -> str:
        for said in self.last:
            try:
                return said.custom_id(label)
            except KeyError:
                continue
        labels = [lab for s in self.last for lab in s.labels]
        raise AssertionError(f"no button {label!r}; have {labels}")

    def action(self, pattern: str) -> str:
        """The custom_id of the button whose core action id matches `pattern` (a regex)."""
        for said in self.last:
            for cid in said.custom_ids:
                if cid.startswith("cooloff:") and re.search(pattern, cid.removeprefix("cooloff:")):
                    return cid
        ids = [cid for s in self.last for cid in s.custom_ids]
        raise AssertionError(f"no button for {pattern!r}; have {ids}")

    async def press_action(self, pattern: str) -> list[Said]:
        return await self.press_id(self.action(pattern))

    async def submit(self, custom_id: str, text: str) -> list[Said]:
        payload = self.api.submit(custom_id, text, self.user, guild_id=self.guild_id)
        return await self._answers(await self.api.send_interaction(payload))

    async def write_dm(self, text: str) -> list[Said]:
        """Write in the DM channel; returns what the bot sent there in answer."""
        before = len(self.api.dm_messages(self.user_id))
        await self.api.send_dm(self.user, text)
        await self.api.wait_for(
            lambda c: c.path == f"/channels/{self.api.dm_channel_id(self.user_id)}/messages",
            count=before + 1,
        )
        await self.bot.idle()
        self.last = [said_from(c) for c in self.api.dm_messages(self.user_id)[before:]]
        return self.last

    @property
    def text(self) -> str:
        return "\n---\n".join(s.content for s in self.last)

    @property
    def labels(self) -> list[str]:
        return [lab for s in self.last for lab in s.labels]


async def settle(seconds: float = 0.05) -> None:
    """Give the client a moment to process a frame that produces no REST call."""
    await asyncio.sleep(seconds)
