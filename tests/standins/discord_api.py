"""A stand-in for Discord on 127.0.0.1: the REST API and the gateway websocket.

The real discord.py client talks to it (point `discord.http.Route.BASE` at `base_url` and
`DiscordWebSocket.DEFAULT_GATEWAY` at `gateway_url`), so tests drive slash commands, buttons,
modals and DMs through the library's own code paths. dpytest cannot: it has no interactions.

Every REST call is recorded with its JSON body (or multipart `payload_json` and files), and
knobs make the stand-in answer like Discord does when DMs are closed (403, code 50007) or a
route is rate limited (429 with a `Via` header, which discord.py needs to treat it as one).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

API_PREFIX = "/api/v10"

# Gateway opcodes
DISPATCH, HEARTBEAT, IDENTIFY, HELLO, HEARTBEAT_ACK = 0, 1, 2, 10, 11
PRIVILEGED_INTENTS = {"members": 1 << 1, "presences": 1 << 8, "message_content": 1 << 15}

BOT_ID = 900000000000000001
APP_ID = 900000000000000002
OWNER_ID = 900000000000000003
WAIT_SECONDS = 5.0


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py reads the body as text.
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def user_payload(user_id: int, name: str = "someone", *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


@dataclass
class RestCall:
    method: str
    path: str  # after /api/v10
    query: dict[str, str]
    body: dict[str, Any] | list[Any] | None
    files: list[tuple[str, bytes]]
    at: float  # loop time when received
    status: int = 200


@dataclass
class Interaction:
    """What the stand-in sent as INTERACTION_CREATE, and when."""

    id: int
    token: str
    payload: dict[str, Any]
    sent_at: float


@dataclass
class StandIn:
    bot_id: int = BOT_ID
    app_id: int = APP_ID
    calls: list[RestCall] = field(default_factory=list)
    closed_dms: set[int] = field(default_factory=set)  # users whose DMs refuse the bot
    rate_limited_for: float | None = None  # the next channel message gets a 429
    # Statuses for the next channel messages, in turn (200 = accept). A 429 here is
    # Cloudflare-style: no `Via` header, so discord.py hands it to the caller.
    next_statuses: list[int] = field(default_factory=list)
    identify_payloads: list[dict[str, Any]] = field(default_factory=list)
    interactions: dict[int, Interaction] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1_000_000_000_000_000_001)
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._ws: web.WebSocketResponse | None = None
        self._ready = asyncio.Event()
        self._changed = asyncio.Condition()
        self._dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self.port = 0

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        server = self._site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> int:
        return next(self._ids)

    # --- gateway -------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self._ready.clear()
        await ws.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": 45_000}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            op = frame.get("op")
            if op == HEARTBEAT:
                await ws.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None}))
            elif op == IDENTIFY:
                self.identify_payloads.append(frame["d"])
                await self._send_dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": user_payload(self.bot_id, "cooloff", bot=True),
                        "guilds": [],
                        "session_id": "standin-session",
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": str(self.app_id), "flags": 0},
                        "shard": [0, 1],
                    },
                )
                self._ready.set()
        if self._ws is ws:
            self._ws = None
        return ws

    async def _send_dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "no client connected to the gateway"
        frame = {"op": DISPATCH, "t": event, "s": next(self._seq), "d": data}
        await self._ws.send_str(json.dumps(frame))

    async def wait_connected(self) -> None:
        await asyncio.wait_for(self._ready.wait(), WAIT_SECONDS)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        await self.wait_connected()
        await self._send_dispatch(event, data)

    # --- building events ------------------------------------------------------------------

    def _interaction_base(
        self, kind: int, user: dict[str, Any], guild_id: int | None, channel_id: int | None
    ) -> dict[str, Any]:
        interaction_id = self.next_id()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "token": f"tok-{interaction_id}",
            "version": 1,
            "locale": "en-US",
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": "0",
            "entitlements": [],
            "authorizing_integration_owners": {},
        }
        if guild_id is not None:
            channel = channel_id or 700000000000000001
            payload.update(
                guild_id=str(guild_id),
                guild_locale="en-US",
                channel_id=str(channel),
                channel={
                    "id": str(channel),
                    "type": 0,
                    "guild_id": str(guild_id),
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                    "nsfw": False,
                    "parent_id": None,
                },
                member={
                    "user": user,
                    "roles": [],
                    "joined_at": "2026-01-01T00:00:00+00:00",
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                    "permissions": "0",
                },
                context=0,
            )
        else:
            channel = channel_id or self.dm_channel_id(int(user["id"]))
            payload.update(
                user=user,
                channel_id=str(channel),
                channel={"id": str(channel), "type": 1, "recipients": [user]},
                context=1,
            )
        return payload

    def dm_channel_id(self, user_id: int) -> int:
        if user_id not in self._dm_channels:
            self._dm_channels[user_id] = self.next_id()
        return self._dm_channels[user_id]

    def slash(
        self,
        name: str,
        user: dict[str, Any],
        value: str | None = None,
        *,
        option: str = "value",
        guild_id: int | None = None,
    ) -> dict[str, Any]:
        payload = self._interaction_base(2, user, guild_id, None)
        data: dict[str, Any] = {"id": str(self.next_id()), "name": name, "type": 1}
        if value is not None:
            data["options"] = [{"name": option, "type": 3, "value": value}]
        payload["data"] = data
        return payload

    def press(
        self, custom_id: str, user: dict[str, Any], *, guild_id: int | None = None
    ) -> dict[str, Any]:
        payload = self._interaction_base(3, user, guild_id, None)
        payload["data"] = {"custom_id": custom_id, "component_type": 2}
        message = self.message_payload(
            int(payload["channel_id"]), user_payload(self.bot_id, "cooloff", bot=True), "…"
        )
        # Discord sends the pressed message with its components; discord.py's dynamic items
        # look the button up there.
        message["content"], message["components"] = self._message_holding(custom_id)
        payload["message"] = message
        return payload

    def _message_holding(self, custom_id: str) -> tuple[str, list[dict[str, Any]]]:
        """The content and components of the last message the bot sent with this button."""
        for call in reversed(self.calls):
            body = call.body if isinstance(call.body, dict) else {}
            data = body.get("data") if call.path.endswith("/callback") else body
            rows = (data or {}).get("components") or []
            if any(c.get("custom_id") == custom_id for r in rows for c in r["components"]):
                return str((data or {}).get("content") or ""), rows
        button = {"type": 2, "style": 2, "label": "…", "custom_id": custom_id}
        return "…", [{"type": 1, "components": [button]}]

    def submit(
        self, custom_id: str, value: str, user: dict[str, Any], *, guild_id: int | None = None
    ) -> dict[str, Any]:
        payload = self._interaction_base(5, user, guild_id, None)
        payload["data"] = {
            "custom_id": custom_id,
            "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "text", "value": value}]}
            ],
        }
        return payload

    def message_payload(
        self, channel_id: int, author: dict[str, Any], content: str
    ) -> dict[str, Any]:
        return {
            "id": str(self.next_id()),
            "channel_id": str(channel_id),
            "author": author,
            "content": content,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }

    async def send_interaction(self, payload: dict[str, Any]) -> Interaction:
        """Dispatch INTERACTION_CREATE and remember when, to check the 3-second deadline."""
        await self.wait_connected()
        loop = asyncio.get_running_loop()
        entry = Interaction(int(payload["id"]), payload["token"], payload, loop.time())
        self.interactions[entry.id] = entry
        await self._send_dispatch("INTERACTION_CREATE", payload)
        return entry

    async def send_dm(self, user: dict[str, Any], content: str) -> None:
        """A person writes in their DM with the bot (MESSAGE_CREATE without guild_id)."""
        channel_id = self.dm_channel_id(int(user["id"]))
        await self.dispatch("MESSAGE_CREATE", self.message_payload(channel_id, user, content))

    async def send_guild_message(self, user: dict[str, Any], content: str, guild_id: int) -> None:
        data = self.message_payload(700000000000000001, user, content)
        data["guild_id"] = str(guild_id)
        await self.dispatch("MESSAGE_CREATE", data)

    # --- REST ----------------------------------------------------------------------------

    async def _record(self, request: web.Request, path: str) -> RestCall:
        body: dict[str, Any] | list[Any] | None = None
        files: list[tuple[str, bytes]] = []
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("multipart/"):
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    data = await part.read()  # type: ignore[union-attr]
                    files.append((part.filename or "", bytes(data)))  # type: ignore[union-attr]
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        call = RestCall(
            request.method,
            path,
            dict(request.query),
            body,
            files,
            asyncio.get_running_loop().time(),
        )
        self.calls.append(call)
        return call

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        call = await self._record(request, path)
        try:
            response = self._route(request.method, path.split("/")[1:], call)
        finally:
            async with self._changed:
                self._changed.notify_all()
        call.status = response.status
        return response

    def _route(self, method: str, parts: list[str], call: RestCall) -> web.Response:
        body = call.body if isinstance(call.body, dict) else {}
        if method == "GET" and parts == ["users", "@me"]:
            return _json(user_payload(self.bot_id, "cooloff", bot=True))
        if method == "GET" and parts == ["oauth2", "applications", "@me"]:
            return _json(
                {
                    "id": str(self.app_id),
                    "name": "Cooloff",
                    "description": "",
                    "icon": None,
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": user_payload(OWNER_ID, "owner"),
                    "verify_key": "0" * 64,
                    "flags": 0,
                }
            )
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            commands = call.body if isinstance(call.body, list) else []
            return _json(
                [
                    {**c, "id": str(self.next_id()), "application_id": str(self.app_id)}
                    for c in commands
                ]
            )
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            return _json(
                {
                    "interaction": {
                        "id": parts[1],
                        "type": body.get("type", 4),
                        "response_message_loading": body.get("type") == 5,
                        "response_message_ephemeral": bool(
                            (body.get("data") or {}).get("flags", 0) & 64
                        ),
                    }
                }
            )
        if parts[0] == "webhooks" and method == "DELETE":
            return web.Response(status=204)
        if parts[0] == "webhooks" and method in {"POST", "PATCH"}:
            channel = 700000000000000001
            return _json(
                self.message_payload(
                    channel, user_payload(self.bot_id, "cooloff", bot=True), body.get("content", "")
                )
            )
        if method == "POST" and parts == ["users", "@me", "channels"]:
            recipient = int(body["recipient_id"])
            return _json(
                {
                    "id": str(self.dm_channel_id(recipient)),
                    "type": 1,
                    "recipients": [user_payload(recipient)],
                    "last_message_id": None,
                }
            )
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            channel_id = int(parts[1])
            owner = next((u for u, c in self._dm_channels.items() if c == channel_id), None)
            if owner is not None and owner in self.closed_dms:
                return _json(
                    {"message": "Cannot send messages to this user", "code": 50007}, status=403
                )
            status = self.next_statuses.pop(0) if self.next_statuses else 200
            if status == 429:
                return _json(
                    {"message": "You are being rate limited.", "retry_after": 0.05},
                    status=429,
                    headers={"Retry-After": "0.05"},
                )
            if status != 200:
                return _json({"message": "error", "code": 0}, status=status)
            if self.rate_limited_for is not None:
                retry = self.rate_limited_for
                self.rate_limited_for = None
                return _json(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": retry,
                        "global": False,
                    },
                    status=429,
                    headers={"Via": "1.1 google", "X-RateLimit-Scope": "user"},
                )
            msg = self.message_payload(
                channel_id, user_payload(self.bot_id, "cooloff", bot=True), body.get("content", "")
            )
            return _json(msg)
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    # --- reading what happened ------------------------------------------------------------

    async def wait_for(
        self, predicate: Callable[[RestCall], bool], *, count: int = 1, within: float = WAIT_SECONDS
    ) -> list[RestCall]:
        """Wait until `count` recorded calls match, and return them."""

        async def matching() -> list[RestCall]:
            async with self._changed:
                while True:
                    found = [c for c in self.calls if predicate(c)]
                    if len(found) >= count:
                        return found
                    await self._changed.wait()

        return await asyncio.wait_for(matching(), within)

    def answers(self, interaction: Interaction) -> list[RestCall]:
        """The callback and every follow-up for one interaction, in order."""
        return [
            c
            for c in self.calls
            if (c.path.startswith(f"/interactions/{interaction.id}/"))
            or (c.path.startswith(f"/webhooks/{self.app_id}/{interaction.token}"))
        ]

    def dm_messages(self, user_id: int) -> list[RestCall]:
        channel = self.dm_channel_id(user_id)
        return [
            c
            for c in self.calls
            if c.method == "POST" and c.path == f"/channels/{channel}/messages" and c.status == 200
        ]
