"""The Telegram adapter: python-telegram-bot 22 on the shared event loop.

It only translates and carries: updates become `Incoming` (see `telegram_mapping`), the
engine decides, and `deliver` shows the replies. `deliver` is also the scheduler's way out,
so an answer and a nudge are rendered by the same code and get the same care:

- a 429 is sat out (its retry_after honoured) and the message sent afterwards, never dropped;
  only a long wait before anything of the batch went out is handed back as `RetryLater`;
- a 403 marks that person's identity unreachable and raises `Unreachable`, touching no one
  else;
- network errors are retried with exponential back-off, then handed back as `RetryLater`;
- answers go ahead of scheduled messages within Telegram's limits (`PriorityRateLimiter`):
  `_reply` sends at `Priority.REPLY`, `deliver` (the scheduler's way out, and buddy notices)
  at `Priority.SCHEDULED`;
- an update id seen before (a redelivery after a crash or restart) is not handled again;
- an update python-telegram-bot cannot parse (e.g. an older Bot API server leaving out a field
  PTB requires) is skipped and logged by its id, instead of failing its whole batch, which
  PTB's Updater would fetch again forever (`UpdatesRequest`);
- the token is part of every request URL, so HTTP client logging is kept at WARNING and
  PTB's debug logging (which prints URLs and message texts) is never enabled.

Started with initialize/start/updater.start_polling (not run_polling, which would own the
loop), or in webhook mode with a small aiohttp server that feeds PTB's update queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import secrets
import warnings
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from aiohttp import web
from telegram import (
    BotCommand,
    CallbackQuery,
    ChatMember,
    InputFile,
    Message,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from adapters.telegram_limiter import Priority, PriorityRateLimiter
from adapters.telegram_mapping import (
    PLATFORM,
    GroupRedirect,
    Send,
    is_group_chat,
    mark_choice,
    pressed_label,
    render,
    to_incoming,
)
from bot.commands import COMMANDS
from bot.domain import reachability
from bot.messages import Address, Reply
from bot.ports import RetryLater, Unreachable

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core import Core

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "callback_query", "my_chat_member")
# Answer to a button press the core had nothing to say about (a stale or repeated press).
USED_BUTTON_TEXT = "That button has already been used."
WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class TelegramOptions:
    """Knobs with production defaults; tests and the benchmark shorten the waits."""

    poll_timeout: float = 10.0  # getUpdates long-poll seconds
    poll_interval: float = 0.0
    rate_limit: bool = True  # Telegram's limits: 30 msg/s overall, 20/min per group
    rate_per_second: float = 30.0
    group_rate_per_minute: float = 20.0
    # Answers ahead of scheduled messages (PriorityRateLimiter); False: PTB's AIORateLimiter,
    # one queue in arrival order (kept for the benchmark's comparison).
    reply_priority: bool = True
    concurrent_updates: int = 256  # across chats; one chat's updates stay in order
    connection_pool_size: int = 64
    handler_timeout: float = 20.0  # stop() waits for running handlers: bound them
    max_inline_wait: float = 10.0  # longer 429 waits before any send become RetryLater
    network_attempts: int = 5
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    redelivery_attempts: int = 10  # background retries of a reply handed back as RetryLater
    # Updates handed to the engine at once. None: 1 on SQLite, whose writers otherwise queue
    # on the file lock in the busy handler's growing sleeps (the p99 tail), 16 elsewhere.
    engine_concurrency: int | None = None
    request_timeout: float = 10.0


class TelegramStartError(RuntimeError):
    """The adapter could not start (a rejected token, no network); the message is safe to log."""


class _Interrupted(Exception):
    """`_send_all` stopped at `index` and should resume there after `retry_after` seconds."""

    def __init__(self, index: int, retry_after: float) -> None:
        super().__init__(f"interrupted at {index}")
        self.index = index
        self.retry_after = retry_after


def quiet_http_logging() -> None:
    """Keep loggers that print request URLs (which hold the token) or texts quiet.

    httpx logs every request URL at INFO; PTB logs the API URL and every call's parameters at
    DEBUG. Levels set here win over a DEBUG root logger, so LOG_LEVEL=DEBUG cannot leak them.
    """
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("telegram").setLevel(logging.INFO)
    # With max_retries=0 the limiter logs every 429 as an error with a traceback; `deliver`
    # handles and logs 429s itself.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)


def retry_after_seconds(exc: RetryAfter) -> float:
    """retry_after as seconds whether PTB gives an int or (PTB_TIMEDELTA=1) a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: int | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def readable_update(data: object) -> bool:
    """Whether python-telegram-bot can make an `Update` of this JSON object.

    Logs an update that fails by its id and the exception's type only: the exception's
    message and the update itself can hold what people wrote.
    """
    update_id = data.get("update_id") if isinstance(data, dict) else None
    try:
        if not isinstance(data, dict):
            raise TypeError("an update is a JSON object")
        Update.de_json(data, None)
    except Exception as exc:
        if isinstance(update_id, int):
            log.warning(
                "telegram: update %d could not be read (%s); skipped", update_id, type(exc).__name__
            )
        else:
            log.warning("telegram: an update without an id could not be read; skipped")
        return False
    return True


class UpdatesRequest(HTTPXRequest):
    """The HTTP client for getUpdates, which lets one unreadable update through as empty.

    PTB parses a getUpdates answer as one batch (`Bot.get_updates` -> `Update.de_list`): a
    single update it cannot parse fails the batch, the Updater keeps its offset, and it fetches
    the same batch again at once, forever, logging it raw (texts and all) at CRITICAL each
    time; no one is answered. PTB's documented hook for reading a Bot API answer is
    `parse_json_payload` (this request object is used for getUpdates only). Each update is
    tried on its own here; one that fails is replaced by its bare `{"update_id": N}`, which
    PTB reads as an `Update` with no content, exactly what it makes of an update kind it does
    not know and what every handler already ignores. So the batch parses, the others in it are
    handled, and the Updater's offset moves past the unreadable one as past any other.
    """

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        answer = HTTPXRequest.parse_json_payload(payload)
        updates = answer.get("result") if answer.get("ok") is True else None
        if isinstance(updates, list):
            kept: list[object] = []
            for update in updates:
                if readable_update(update):
                    kept.append(update)
                elif isinstance(update, dict) and isinstance(update.get("update_id"), int):
                    kept.append({"update_id": update["update_id"]})
                # An update without an id is dropped; the next id confirms it.
            answer["result"] = kept
        return answer


def file_url_for(base_url: str) -> str:
    """The file download base that goes with a Bot API base (`.../bot` -> `.../file/bot`)."""
    if base_url.endswith("/bot"):
        return base_url[: -len("bot")] + "file/bot"
    return base_url.rstrip("/") + "/file/bot"


class TelegramAdapter:
    """The Telegram platform adapter (see the module docstring for what it guarantees)."""

    platform = PLATFORM

    def __init__(
        self, core: Core, settings: Settings, *, options: TelegramOptions | None = None
    ) -> None:
        if not settings.telegram_token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self._core = core
        self._redirect = GroupRedirect.from_library(core.library)
        self._settings = settings
        self._token: str = settings.telegram_token
        self.options = options or TelegramOptions()
        self.username: str | None = None
        self._app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._limiter: PriorityRateLimiter | None = None
        self._webhook: web.AppRunner | None = None
        self._turns: dict[str, tuple[asyncio.Lock, list[int]]] = {}
        self._redeliveries: set[asyncio.Task[None]] = set()
        self._stopping = asyncio.Event()
        slots = self.options.engine_concurrency
        if slots is None:
            slots = 1 if getattr(core.db, "is_sqlite", False) else 16
        self._engine_slots = asyncio.Semaphore(slots)
        quiet_http_logging()
        # Opt in to PTB's coming timedelta `retry_after` (read per access); without it every
        # 429 raises a deprecation warning inside PTB. `retry_after_seconds` takes both.
        os.environ.setdefault("PTB_TIMEDELTA", "1")

    @property
    def application(self) -> Application[Any, Any, Any, Any, Any, Any]:
        """The running PTB Application (for the runtime's health checks and for tests)."""
        if self._app is None:
            raise RuntimeError("the Telegram adapter is not running")
        return self._app

    # --- lifecycle ---------------------------------------------------------------------

    def _build(self) -> Application[Any, Any, Any, Any, Any, Any]:
        opts = self.options
        # Any: each builder call changes the generic parameters (the rate limiter's included).
        builder: Any = (
            Application.builder()
            .token(self._token)
            .concurrent_updates(opts.concurrent_updates)
            .job_queue(None)  # the scheduler owns timing; PTB's JobQueue is in-memory only
            .connection_pool_size(opts.connection_pool_size)
            .pool_timeout(opts.request_timeout)
            .connect_timeout(opts.request_timeout)
            .read_timeout(opts.request_timeout)
            .write_timeout(opts.request_timeout)
            .get_updates_request(
                UpdatesRequest(
                    connection_pool_size=1,  # one long poll at a time, as PTB's default
                    read_timeout=opts.poll_timeout + opts.request_timeout,
                    connect_timeout=opts.request_timeout,
                    write_timeout=opts.request_timeout,
                    pool_timeout=opts.request_timeout,
                )
            )
        )
        base_url = self._settings.telegram_api_base_url
        if base_url:
            builder = builder.base_url(base_url).base_file_url(file_url_for(base_url))
        self._limiter = None
        if opts.rate_limit and opts.reply_priority:
            self._limiter = PriorityRateLimiter(
                overall_max_rate=opts.rate_per_second,
                group_max_rate=opts.group_rate_per_minute,
            )
            builder = builder.rate_limiter(self._limiter)
        elif opts.rate_limit:
            fifo = AIORateLimiter(
                overall_max_rate=opts.rate_per_second,
                group_max_rate=opts.group_rate_per_minute,
                max_retries=0,
            )
            builder = builder.rate_limiter(fifo)
        if self._settings.telegram_webhook_url:
            builder = builder.updater(None)
        app: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        app.add_handler(TypeHandler(Update, self._on_update))
        app.add_error_handler(self._on_error)
        return app

    async def start(self) -> None:
        """Connect (getMe), register the command menu, then start polling or the webhook.

        A failure is raised as `TelegramStartError` with the token masked: PTB puts the token
        in InvalidToken's message, and the runtime logs whatever start() raises.
        """
        self._stopping.clear()
        app = self._build()
        try:
            await app.initialize()
            self._app = app
            self.username = app.bot.username
            await self._register_commands()
            await app.start()
            if self._settings.telegram_webhook_url:
                await self._start_webhook(app, self._settings.telegram_webhook_url)
            else:
                assert app.updater is not None
                await app.updater.start_polling(
                    poll_interval=self.options.poll_interval,
                    timeout=timedelta(seconds=self.options.poll_timeout),
                    allowed_updates=list(ALLOWED_UPDATES),
                    bootstrap_retries=3,
                    error_callback=self._on_poll_error,
                )
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}".replace(self._token, "<token>")
            with contextlib.suppress(Exception):
                if self._app is not None:
                    await self.stop()
                else:
                    await app.shutdown()
            self._app = None
            raise TelegramStartError(f"Telegram did not start ({reason})") from None
        log.info("telegram: running as @%s", self.username)

    async def stop(self) -> None:
        """Stop receiving, let running handlers finish (each is time-bounded), then close."""
        app = self._app
        if app is None:
            return
        # Waits in progress (a 429, a back-off) end now: what could not be sent is handed back
        # or left to the background retries cancelled below, so shutdown takes seconds.
        self._stopping.set()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if self._webhook is not None:
            await self._webhook.cleanup()
            self._webhook = None
        if app.running:
            await app.stop()
        pending = [t for t in self._redeliveries if not t.done()]
        if pending:
            log.warning("telegram: stopping with %d replies still waiting to be sent", len(pending))
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        await app.shutdown()
        self._app = None
        log.info("telegram: stopped")

    async def _register_commands(self) -> None:
        """setMyCommands, so Telegram's "/" menu lists every command of the core."""
        commands = [BotCommand(c.name, c.description) for c in COMMANDS]
        for attempt in range(self.options.network_attempts):
            try:
                await self._bot().set_my_commands(commands)
                return
            except RetryAfter as exc:
                await asyncio.sleep(retry_after_seconds(exc))
            except NetworkError as exc:
                if isinstance(exc, BadRequest):
                    break
                await asyncio.sleep(self._backoff(attempt + 1))
            except TelegramError:
                break
        log.warning("telegram: could not register the command menu; commands still work")

    async def _start_webhook(
        self, app: Application[Any, Any, Any, Any, Any, Any], url: str
    ) -> None:
        """Serve Telegram's POSTs on our own aiohttp server and hand updates to PTB's queue.

        PTB's own webhook server needs tornado; aiohttp is already here (discord.py). The
        secret header proves a POST came from Telegram; without a configured secret a random
        one is used for this run.
        """
        secret = self._settings.telegram_webhook_secret or secrets.token_urlsafe(32)
        path = urlparse(url).path or "/"

        async def receive(request: web.Request) -> web.Response:
            given = request.headers.get(WEBHOOK_SECRET_HEADER, "").encode("utf-8", "replace")
            if not secrets.compare_digest(given, secret.encode()):
                return web.Response(status=403)
            try:
                data = await request.json()
            except ValueError:
                return web.Response(status=400)
            # An update PTB cannot parse is skipped (and logged by id) but still answered
            # 200: Telegram would otherwise offer it again and again.
            if readable_update(data):
                await app.update_queue.put(Update.de_json(data, app.bot))
            return web.Response(status=200)

        server = web.Application()
        server.router.add_post(path, receive)
        runner = web.AppRunner(server, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(
            runner,
            self._settings.telegram_webhook_listen,
            self._settings.telegram_webhook_port,
        )
        await site.start()
        self._webhook = runner
        await self._bot().set_webhook(
            url=url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES)
        )

    def _bot(self) -> Any:
        if self._app is None:
            raise RetryLater(5.0)
        return self._app.bot

    # --- inbound -----------------------------------------------------------------------

    async def _on_update(self, update: object, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB calls this for every update, concurrently across updates."""
        if not isinstance(update, Update):
            return
        try:
            async with asyncio.timeout(self.options.handler_timeout):
                await self._process(update)
        except TimeoutError:
            log.warning("telegram: update %s timed out and was abandoned", update.update_id)
        except Exception:
            log.exception("telegram: update %s failed", update.update_id)

    async def _process(self, update: Update) -> None:
        now = self._core.clock.now()
        if update.my_chat_member is not None:
            await self._membership_changed(update)
            return
        query = update.callback_query
        incoming = to_incoming(update, self.username, now)
        if incoming is None:
            if query is not None:
                await self._answer(query)
            return
        async with self._turn(incoming.chat_id):
            async with self._engine_slots:
                received = await self._core.inbox.receive(incoming, str(update.update_id))
            if received.duplicate:
                log.info("telegram: update %s was delivered again; ignored", update.update_id)
                if query is not None:
                    await self._answer(query)
                return
            replies = received.replies
            if query is not None:
                await self._answer(query, None if replies else USED_BUTTON_TEXT)
                await self._mark_pressed(query)
            await self._reply(Address(PLATFORM, incoming.chat_id), replies)

    @contextlib.asynccontextmanager
    async def _turn(self, chat_id: str, priority: Priority = Priority.REPLY) -> AsyncIterator[None]:
        """One update at a time per chat, so a person's messages are handled in order while
        different people are served concurrently. Entries are dropped when unused.

        `deliver` takes the chat's turn too, so a nudge never lands between an answer's
        pieces. An answer that must wait for the turn makes the chat urgent for the rate
        limiter (priority inheritance): a nudge to this person queued at the back of a
        morning wave is sent now, and the answer right after it.
        """
        entry = self._turns.get(chat_id)
        if entry is None:
            entry = self._turns[chat_id] = (asyncio.Lock(), [0])
        lock, users = entry
        users[0] += 1
        try:
            if lock.locked() and priority is Priority.REPLY and self._limiter is not None:
                with self._limiter.urgent(chat_id):
                    await lock.acquire()
            else:
                await lock.acquire()
            try:
                yield
            finally:
                lock.release()
        finally:
            users[0] -= 1
            if users[0] == 0:
                self._turns.pop(chat_id, None)

    async def _answer(self, query: CallbackQuery, text: str | None = None) -> None:
        """Every button press is answered, or the client shows a spinner for seconds."""
        try:
            await query.answer(text=text)
        except TelegramError as exc:  # too old, or already answered (a redelivery)
            log.debug("telegram: callback answer failed: %s", type(exc).__name__)

    async def _mark_pressed(self, query: CallbackQuery) -> None:
        """Note the choice under the pressed message and remove its buttons."""
        message = query.message
        if not isinstance(message, Message) or query.data is None:
            return
        label = pressed_label(message.reply_markup, query.data)
        try:
            if message.text is not None and label is not None:
                await message.edit_text(mark_choice(message.text, label), reply_markup=None)
            elif message.reply_markup is not None:
                await message.edit_reply_markup(reply_markup=None)
        except TelegramError as exc:  # too old to edit, or already edited: cosmetic only
            log.debug("telegram: could not mark a pressed button: %s", type(exc).__name__)

    async def _membership_changed(self, update: Update) -> None:
        """A private chat's member update says the person blocked or unblocked the bot."""
        change = update.my_chat_member
        if change is None or change.chat.type != "private":
            return
        identity = await self._core.store.find_identity(PLATFORM, str(change.from_user.id))
        if identity is None:
            return
        status = change.new_chat_member.status
        if status in (ChatMember.BANNED, ChatMember.LEFT):
            await self._mark_unreachable(identity.chat_id)
        elif not reachability.reachable(identity):
            await reachability.mark_reachable(self._core.store, identity.id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("telegram: unhandled %s", type(context.error).__name__)

    def _on_poll_error(self, exc: TelegramError) -> None:
        # PTB retries polling with its own back-off; the exception text holds no token.
        log.warning("telegram: polling failed (%s); retrying", type(exc).__name__)

    # --- outbound ----------------------------------------------------------------------

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        """Show replies, in order, in one chat. The one rendering path for answers and nudges.

        Raises `Unreachable` when the person blocked the bot (their identity is marked
        unreachable first) and `RetryLater` when sending must wait longer than is sensible
        to hold a caller; in that case nothing of the batch was sent unless a network error
        outlasted the back-off.
        """
        if address.platform != PLATFORM:
            raise Unreachable(f"not a {PLATFORM} address")
        sends = render(list(replies), address.chat_id, self.username, redirect=self._redirect)
        try:
            # Taking the chat's turn keeps a nudge from landing between an answer's pieces.
            async with self._turn(address.chat_id, Priority.SCHEDULED):
                await self._send_all(address.chat_id, sends, Priority.SCHEDULED)
        except _Interrupted as exc:
            raise RetryLater(exc.retry_after) from None

    async def _reply(self, address: Address, replies: Sequence[Reply]) -> None:
        """Deliver answers to an update, ahead of scheduled messages; what must wait is
        finished in the background. Rendered and sent by the same code as `deliver`."""
        sends = render(list(replies), address.chat_id, self.username, redirect=self._redirect)
        try:
            await self._send_all(address.chat_id, sends, Priority.REPLY)
        except _Interrupted as exc:
            task = asyncio.create_task(
                self._redeliver(address.chat_id, sends[exc.index :], exc.retry_after)
            )
            self._redeliveries.add(task)
            task.add_done_callback(self._redeliveries.discard)
        except Unreachable:
            log.info("telegram: a person who blocked the bot wrote; reply not delivered")

    async def _pause(self, seconds: float) -> None:
        """Sleep, unless the adapter is stopping: then hand the wait back at once."""
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            return
        raise RetryLater(seconds)

    async def _redeliver(self, chat_id: str, sends: list[Send], delay: float) -> None:
        for _ in range(self.options.redelivery_attempts):
            await asyncio.sleep(delay)
            try:
                await self._send_all(chat_id, sends, Priority.REPLY)
                return
            except _Interrupted as exc:
                sends, delay = sends[exc.index :], exc.retry_after
            except Unreachable:
                return
        log.error("telegram: gave up sending %d messages after repeated failures", len(sends))

    async def _send_all(self, chat_id: str, sends: list[Send], priority: Priority) -> None:
        for index, send in enumerate(sends):
            try:
                chat_id = await self._send_one(chat_id, send, priority, started=index > 0)
            except RetryLater as exc:
                raise _Interrupted(index, exc.retry_after) from None

    def _backoff(self, attempt: int) -> float:
        delay = min(self.options.backoff_max, self.options.backoff_base * 2.0 ** (attempt - 1))
        return delay * random.uniform(0.75, 1.25)  # jitter: many chats must not retry in step

    async def _send_one(
        self, chat_id: str, send: Send, priority: Priority, *, started: bool
    ) -> str:
        """Send one piece, retrying what is worth retrying. Returns the (maybe migrated) chat.

        `started`: part of the batch is already out, so even a long 429 wait is sat out here;
        handing the batch back would send the first part twice.
        """
        attempt = 0
        while True:
            try:
                await self._call(chat_id, send, priority)
                return chat_id
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if not started and wait > self.options.max_inline_wait:
                    raise RetryLater(wait) from None
                log.info("telegram: flood control; waiting %.1fs before sending", wait)
                await self._pause(wait)
            except Forbidden:
                await self._mark_unreachable(chat_id)
                raise Unreachable("blocked by the user or removed from the chat") from None
            except ChatMigrated as exc:  # a group became a supergroup
                chat_id = str(exc.new_chat_id)
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    await self._mark_unreachable(chat_id)
                    raise Unreachable("chat not found") from None
                # Permanent and about this piece only: retrying cannot help.
                log.warning("telegram: a %s was refused: %s", send.kind, exc.message)
                return chat_id
            except NetworkError as exc:  # includes TimedOut
                attempt += 1
                delay = self._backoff(attempt)
                if attempt >= self.options.network_attempts:
                    raise RetryLater(delay) from None
                log.info(
                    "telegram: network error (%s); retry %d in %.1fs",
                    type(exc).__name__,
                    attempt,
                    delay,
                )
                await self._pause(delay)
            except TelegramError as exc:
                log.error("telegram: a %s failed: %s", send.kind, type(exc).__name__)
                return chat_id

    async def _call(self, chat_id: str, send: Send, priority: Priority) -> None:
        bot = self._bot()
        # PTB hands `rate_limit_args` to the rate limiter; only ours takes a priority (and
        # PTB refuses the argument when no limiter is set).
        limit = {"rate_limit_args": int(priority)} if self._limiter is not None else {}
        keyboard = send.keyboard
        if send.kind == "message":
            await bot.send_message(chat_id, send.text, reply_markup=keyboard, **limit)
            return
        assert send.attachment is not None
        upload = InputFile(send.attachment.data, filename=send.attachment.filename)
        caption = send.text or None
        if send.kind == "photo":
            await bot.send_photo(chat_id, upload, caption=caption, reply_markup=keyboard, **limit)
        else:
            await bot.send_document(
                chat_id, upload, caption=caption, reply_markup=keyboard, **limit
            )

    async def _mark_unreachable(self, chat_id: str) -> None:
        """Mark the person whose private chat refused us; a group's refusal marks no one."""
        if is_group_chat(chat_id):
            return
        await reachability.mark_unreachable(
            self._core.store, PLATFORM, chat_id, self._core.clock.now()
        )
