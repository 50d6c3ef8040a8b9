"""A stand-in Telegram Bot API server for tests and benchmarks, on 127.0.0.1 and a free port.

The real python-telegram-bot Application talks to it over HTTP (`base_url`), so the tests
exercise PTB's own request building, parsing, long polling and error mapping instead of mocks.
It records every request, long-polls getUpdates like Telegram (offset confirms, a timeout
holds the request open), keeps the messages it "sent" so buttons can be pressed on them, and
can be told to answer with 429 (retry_after), 403 (blocked), a 502, or a dropped connection.

Built on aiohttp, which discord.py (a runtime dependency) already brings.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 7000001
JSON = dict[str, Any]


@dataclass
class Recorded:
    """One request the bot made: method, decoded parameters, uploaded files, arrival time.

    The server adds two keys to `params`: `_ok` (False when it answered with an error) and
    `_message_id` (the id of the message a send created).
    """

    method: str
    params: JSON
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = 0.0  # time.perf_counter() on arrival

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def ok(self) -> bool:
        return bool(self.params.get("_ok", True))

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[JSON]:
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class Fault:
    """An injected answer for the next matching request(s)."""

    method: str  # a method name, or "*" for any sending method
    kind: str  # "429" | "403" | "502" | "drop" | "400"
    times: int = 1
    retry_after: int = 1
    chat_id: str | None = None
    description: str | None = None
    after: int = 0  # let this many matching requests through first


@dataclass
class _Pending:
    update_id: int
    body: JSON
    pushed_at: float
    delivered: bool = False


SENDING = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup"}
)


class FakeBotApi:
    """The stand-in server. Use `async with FakeBotApi(token) as api:` or start()/stop()."""

    def __init__(self, token: str, username: str = "cooloff_test_bot") -> None:
        self.token = token
        self.username = username
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.blocked: set[str] = set()
        self.pushed_at: dict[int, float] = {}
        self.updates: dict[int, JSON] = {}
        self.messages: dict[tuple[str, int], JSON] = {}
        self.webhook: JSON | None = None
        # The update ids each getUpdates answer carried, in order (one list per answer).
        self.batches: list[list[int]] = []
        self.on_request: Callable[[Recorded], None] | None = None
        self._pending: list[_Pending] = []
        self._update_ids = itertools.count(100)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL is set to: PTB appends the token."""
        return f"http://127.0.0.1:{self.port}/bot"

    # --- what tests push ---------------------------------------------------------------

    def user(self, user_id: int, first_name: str = "Sam") -> JSON:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "en"}

    def chat(self, chat_id: int, kind: str = "private", first_name: str = "Sam") -> JSON:
        if kind == "private":
            return {"id": chat_id, "type": "private", "first_name": first_name}
        return {"id": chat_id, "type": kind, "title": "Friends"}

    async def push_update(self, body: JSON, update_id: int | None = None) -> int:
        """Make an update available to getUpdates. Reusing an id simulates a redelivery.

        `body` is sent as it is (the server adds only `update_id`), so a test can offer an
        update shaped as no current library expects, e.g. from an older Bot API server.
        """
        uid = next(self._update_ids) if update_id is None else update_id
        now = time.perf_counter()
        self.pushed_at.setdefault(uid, now)
        self.updates[uid] = {"update_id": uid, **body}
        self._pending.append(_Pending(uid, self.updates[uid], now))
        async with self._changed:
            self._changed.notify_all()
        return uid

    async def redeliver(self, update_id: int) -> None:
        """Offer an update again, as Telegram does when it was never confirmed."""
        body = dict(self.updates[update_id])
        del body["update_id"]
        await self.push_update(body, update_id=update_id)

    async def push_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Sam",
        entities: list[JSON] | None = None,
    ) -> int:
        """A person types `text` (in their private chat unless `chat_id` names a group)."""
        message: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chat(chat_id if chat_id is not None else user_id, chat_type, first_name),
            "from": self.user(user_id, first_name),
            "text": text,
        }
        if entities is None and text.startswith("/"):
            length = len(text.split()[0])
            entities = [{"type": "bot_command", "offset": 0, "length": length}]
        if entities:
            message["entities"] = entities
        return await self.push_update({"message": message})

    async def press(
        self,
        user_id: int,
        data: str,
        *,
        message: JSON | None = None,
        chat_id: int | None = None,
        first_name: str = "Sam",
    ) -> int:
        """A person presses the button with callback_data `data` on `message`.

        Without `message`, the newest message to that chat holding such a button is used.
        """
        chat = str(chat_id if chat_id is not None else user_id)
        if message is None:
            message = self.message_with_button(chat, data)
        body: JSON = {
            "callback_query": {
                "id": f"cq{next(self._update_ids)}",
                "from": self.user(user_id, first_name),
                "chat_instance": f"ci{chat}",
                "data": data,
            }
        }
        if message is not None:
            body["callback_query"]["message"] = message
        return await self.push_update(body)

    def message_with_button(self, chat_id: str, data: str) -> JSON | None:
        for (chat, _), msg in sorted(self.messages.items(), key=lambda kv: -kv[0][1]):
            if chat != chat_id:
                continue
            rows = (msg.get("reply_markup") or {}).get("inline_keyboard", [])
            if any(b.get("callback_data") == data for row in rows for b in row):
                return msg
        return None

    # --- faults ------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        kind: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        chat_id: str | int | None = None,
        description: str | None = None,
        after: int = 0,
    ) -> None:
        """Answer `times` matching requests with a fault instead of success, after letting
        `after` of them through."""
        self.faults.append(
            Fault(
                method,
                kind,
                times,
                retry_after,
                None if chat_id is None else str(chat_id),
                description,
                after,
            )
        )

    def block(self, chat_id: str | int) -> None:
        """From now on every send to this chat gets 403 "bot was blocked by the user"."""
        self.blocked.add(str(chat_id))

    # --- what tests read ---------------------------------------------------------------

    def calls(self, method: str | None = None, chat_id: str | int | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method)
            and (chat_id is None or r.chat_id == str(chat_id))
        ]

    def sent(self, chat_id: str | int | None = None) -> list[Recorded]:
        """Every attempted send (message, document, photo) to a chat, in order."""
        return [
            r
            for r in self.calls(chat_id=chat_id)
            if r.method in ("sendMessage", "sendDocument", "sendPhoto")
        ]

    async def wait_for(
        self,
        predicate: Callable[[FakeBotApi], bool],
        within: float = 5.0,
    ) -> None:
        """Wait until `predicate(self)` holds, re-checked on every request."""
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: predicate(self)), within)

    async def wait_sent(self, chat_id: str | int, count: int, within: float = 5.0) -> None:
        """Wait until `count` messages reached the chat (successfully)."""
        await self.wait_for(lambda api: len(api.delivered(chat_id)) >= count, within)

    def delivered(self, chat_id: str | int | None = None) -> list[Recorded]:
        """Sends to a chat that the server accepted (faulted ones excluded)."""
        return [r for r in self.sent(chat_id) if r.ok]

    # --- the server --------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        params, files = await _read_params(request)
        recorded = Recorded(method, params, files, time.perf_counter())
        self.requests.append(recorded)
        if self.on_request is not None:
            self.on_request(recorded)
        async with self._arrived:
            self._arrived.notify_all()
        try:
            fault = self._take_fault(method, recorded.chat_id)
            if fault is not None:
                params["_ok"] = False
                if fault.kind == "drop":
                    # Close the socket without an answer: the client sees a network error.
                    if request.transport is not None:
                        request.transport.close()
                    return web.Response(status=502)
                return _fault_response(fault)
            if method in SENDING and recorded.chat_id in self.blocked:
                params["_ok"] = False
                return _error(403, "Forbidden: bot was blocked by the user")
            result = await self._answer(method, params, files)
            if result is _NOT_FOUND:
                params["_ok"] = False
                return _error(404, "Not Found")
            if isinstance(result, web.Response):
                params["_ok"] = False
                return result
            return web.json_response({"ok": True, "result": result})
        finally:
            async with self._arrived:
                self._arrived.notify_all()

    def _take_fault(self, method: str, chat_id: str | None) -> Fault | None:
        for fault in self.faults:
            if fault.times <= 0:
                continue
            if fault.method not in (method, "*") or (fault.method == "*" and method not in SENDING):
                continue
            if fault.chat_id is not None and fault.chat_id != chat_id:
                continue
            if fault.after > 0:
                fault.after -= 1
                continue
            fault.times -= 1
            return fault
        return None

    async def _answer(self, method: str, p: JSON, files: dict[str, tuple[str, bytes]]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Cooloff",
                "username": self.username,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method in ("deleteWebhook", "setMyCommands", "answerCallbackQuery", "close"):
            if method == "deleteWebhook":
                self.webhook = None
            return True
        if method == "setWebhook":
            self.webhook = dict(p)
            return True
        if method == "getUpdates":
            return await self._get_updates(p)
        if method == "sendMessage":
            return self._store(p, {"text": p.get("text", "")})
        if method == "sendDocument":
            name, data = files.get("document", ("file", b""))
            doc = {"file_id": f"doc{len(data)}", "file_unique_id": "u", "file_name": name}
            return self._store(p, {"document": doc, "caption": p.get("caption")})
        if method == "sendPhoto":
            photo = {"file_id": "ph", "file_unique_id": "u", "width": 800, "height": 600}
            return self._store(p, {"photo": [photo], "caption": p.get("caption")})
        if method in ("editMessageText", "editMessageReplyMarkup"):
            key = (str(p.get("chat_id")), int(p.get("message_id", 0)))
            msg = self.messages.get(key)
            if msg is None:
                return _error(400, "Bad Request: message to edit not found")
            if method == "editMessageText":
                msg["text"] = p.get("text", "")
            if p.get("reply_markup"):
                msg["reply_markup"] = p["reply_markup"]
            else:
                msg.pop("reply_markup", None)
            return msg
        return _NOT_FOUND

    def _store(self, p: JSON, content: JSON) -> JSON:
        chat_id = str(p.get("chat_id"))
        kind = "private" if not chat_id.startswith("-") else "supergroup"
        msg: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": kind},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Cooloff"},
            **{k: v for k, v in content.items() if v is not None},
        }
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        self.messages[(chat_id, msg["message_id"])] = msg
        p["_message_id"] = msg["message_id"]
        return msg

    async def _get_updates(self, p: JSON) -> list[JSON]:
        offset = int(p.get("offset") or 0)
        timeout = float(p.get("timeout") or 0)
        limit = int(p.get("limit") or 100)
        # An offset confirms every update below it: Telegram forgets them.
        self._pending = [u for u in self._pending if not (u.delivered and u.update_id < offset)]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            ready = [u for u in self._pending if not u.delivered or u.update_id >= offset][:limit]
            if ready or self._closing:
                break
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    break
        for u in ready:
            u.delivered = True
        if ready:
            self.batches.append([u.update_id for u in ready])
        return [u.body for u in ready]


_NOT_FOUND = object()


def _error(status: int, description: str, parameters: JSON | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


def _fault_response(fault: Fault) -> web.Response:
    if fault.kind == "429":
        return _error(
            429,
            fault.description or f"Too Many Requests: retry after {fault.retry_after}",
            {"retry_after": fault.retry_after},
        )
    if fault.kind == "403":
        return _error(403, fault.description or "Forbidden: bot was blocked by the user")
    if fault.kind == "400":
        return _error(400, fault.description or "Bad Request: chat not found")
    return _error(502, fault.description or "Bad Gateway")


async def _read_params(request: web.Request) -> tuple[JSON, dict[str, tuple[str, bytes]]]:
    """Form fields (JSON-decoded where PTB sent JSON strings) and uploaded files."""
    params: JSON = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        params = dict(await request.json()) if request.can_read_body else {}
        return params, files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = (value.filename, value.file.read())
            continue
        text = str(value)
        if key in ("reply_markup", "commands", "allowed_updates", "entities"):
            try:
                params[key] = json.loads(text)
                continue
            except ValueError:
                pass
        params[key] = text
    # PTB uploads a file as `attach://<name>` in the field plus a part named after it.
    for key in ("document", "photo"):
        ref = params.get(key)
        if isinstance(ref, str) and ref.startswith("attach://"):
            part = ref.removeprefix("attach://")
            if part in files:
                files[key] = files.pop(part)
    return params, files
