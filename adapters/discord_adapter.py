"""The Discord adapter: slash commands, persistent buttons, forms and DMs on discord.py 2.7.

It only translates (see `discord_mapping`) and carries out: every decision is the core's. What
lives here is what Discord demands of a bot:

* An interaction must be answered within 3 seconds. The core gets `ACK_BUDGET` seconds; if it
  needs longer the interaction is deferred ("thinking…") and the answer follows up.
* In a server every answer is ephemeral; scheduled messages and free chat use DMs, which need
  no privileged intent (the bot never reads server messages).
* A person with closed DMs (403, code 50007) is marked unreachable once and not sent to again
  until they come back; the next command they run tells them, ephemerally.
* Buttons are dynamic items recognised from their custom_id alone, so they work after a
  restart; forms (modals) are recognised the same way.

It runs on the runtime's event loop beside Telegram and the scheduler: `start()` logs in and
runs `Client.connect()` as a task instead of the blocking `Client.run()`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
import discord.gateway
import discord.http
import yarl

from adapters.discord_mapping import (
    PLATFORM,
    ActionButton,
    DiscordMessage,
    FormButton,
    build_form,
    command_payloads,
    mark_choice,
    message_to_incoming,
    pressed_label,
    render,
    text_for,
    texts_from,
    to_incoming,
)
from bot.domain import reachability
from bot.messages import Address, Incoming, Reply
from bot.ports import RetryLater, Unreachable

if TYPE_CHECKING:
    from adapters.base import PlatformAdapter
    from bot.config import Settings
    from bot.core import Core

log = logging.getLogger(__name__)

ACK_BUDGET = 2.0  # seconds the core gets before the interaction is deferred (Discord: 3 s)
START_TIMEOUT = 60.0  # login + gateway handshake
STOP_TIMEOUT = 10.0
MAX_RATELIMIT_WAIT = 30.0  # longer limits are handed back to the scheduler as RetryLater
PASSING_FAILURE_RETRY = 5.0
SEND_ATTEMPTS = 3  # per message, once part of a batch is out
MAX_INLINE_WAIT = 60.0  # longest wait taken here rather than handed back

# Only unprivileged intents: guilds (so discord.py knows its servers) and DM messages (free
# chat). Message content is readable in DMs without the privileged intent.
INTENTS = discord.Intents.none()
INTENTS.guilds = True
INTENTS.dm_messages = True


def intents() -> discord.Intents:
    return discord.Intents(**dict(INTENTS))


def quiet_library_debug() -> None:
    """Keep discord.py's own loggers at INFO or above, even when LOG_LEVEL is DEBUG.

    At DEBUG it logs every gateway event and REST body (what people write in DMs, drafts sent
    back to them) and webhook URLs that contain interaction tokens.
    """
    library = logging.getLogger("discord")
    if library.getEffectiveLevel() < logging.INFO:
        library.setLevel(logging.INFO)


def use_endpoints(api_base_url: str | None, gateway_url: str | None) -> None:
    """Point discord.py at another REST API base and gateway (a self-hosted proxy, or a
    stand-in Discord in tests); None leaves Discord's own.

    discord.py reads both from class attributes (every request builds its URL from
    `Route.BASE`; the first connection goes to `DEFAULT_GATEWAY`), so this is process-wide.
    """
    if api_base_url:
        discord.http.Route.BASE = api_base_url.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class _Client(discord.Client):
    """discord.py's client, holding (not being) the adapter."""

    def __init__(self, adapter: DiscordAdapter, guild_id: int | None) -> None:
        super().__init__(
            intents=intents(),
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            # The bot never needs member or message caches: it answers and forgets.
            max_messages=None,
            chunk_guilds_at_startup=False,
        )
        self._adapter = adapter
        self._guild_id = guild_id
        self.connected = asyncio.Event()

    async def setup_hook(self) -> None:
        # Registered before the gateway connects, so a press on an old message is understood
        # from the first event on.
        self.add_dynamic_items(ActionButton, FormButton)
        await self._sync_commands()

    async def _sync_commands(self) -> None:
        """Overwrite the slash commands: in one server at once (development) or globally."""
        app_id = self.application_id
        if app_id is None:
            return
        payload = command_payloads()
        try:
            if self._guild_id is not None:
                await self.http.bulk_upsert_guild_commands(app_id, self._guild_id, payload)
            else:
                await self.http.bulk_upsert_global_commands(app_id, payload)
        except discord.HTTPException as exc:
            # The bot still works with the commands synced last time.
            log.warning("slash command sync failed: HTTP %s code %s", exc.status, exc.code)
        else:
            log.info("synced %d slash commands (guild=%s)", len(payload), self._guild_id)

    async def on_connect(self) -> None:
        self.connected.set()

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        # Button presses arrive through the dynamic items' callbacks; commands and form
        # submissions are recognised here from their payload alone.
        if interaction.type in (
            discord.InteractionType.application_command,
            discord.InteractionType.modal_submit,
        ):
            await self._adapter.on_interaction(interaction)

    async def on_message(self, message: discord.Message) -> None:
        await self._adapter.on_message(message)

    # Called by the dynamic items (see discord_mapping.ActionButton / FormButton).
    async def cooloff_interaction(self, interaction: discord.Interaction[Any]) -> None:
        await self._adapter.on_interaction(interaction)

    async def cooloff_open_form(self, interaction: discord.Interaction[Any], expects: str) -> None:
        await self._adapter.open_form(interaction, expects)


class DiscordAdapter:
    """The `PlatformAdapter` for Discord: a lifecycle and the outbound port."""

    platform = PLATFORM

    def __init__(self, core: Core, settings: Settings) -> None:
        self._core = core
        self._token = settings.discord_token
        self._guild_id = settings.discord_guild_id
        self._endpoints = (settings.discord_api_base_url, settings.discord_gateway_url)
        self._texts = texts_from(core.library)
        self._client: _Client | None = None
        self._runner: asyncio.Task[None] | None = None
        self._busy = 0
        self._turns: dict[str, list[Any]] = {}
        self._quiet = asyncio.Event()
        self._quiet.set()

    # --- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Log in, sync the slash commands, connect; returns once the gateway is READY."""
        if not self._token:
            raise RuntimeError("DISCORD_BOT_TOKEN is not set")
        quiet_library_debug()
        use_endpoints(*self._endpoints)
        client = _Client(self, self._guild_id)
        self._client = client
        await client.login(self._token)
        self._runner = asyncio.create_task(client.connect(reconnect=True), name="discord")
        connected = asyncio.create_task(client.connected.wait())
        done, _ = await asyncio.wait(
            {connected, self._runner}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
        )
        if connected not in done:
            connected.cancel()
            await self.stop()
            if self._runner is not None and self._runner in done:
                self._runner.result()  # re-raises why the gateway refused us
            raise TimeoutError("Discord gateway did not become ready")
        log.info("discord connected as application %s", client.application_id)

    async def stop(self) -> None:
        """Let answers in progress finish (briefly), then close the gateway; idempotent."""
        client, runner = self._client, self._runner
        self._client, self._runner = None, None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.idle(), STOP_TIMEOUT)
        if client is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.close(), STOP_TIMEOUT)
        if runner is not None:
            if not runner.done():
                runner.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(runner, STOP_TIMEOUT)

    async def idle(self) -> None:
        """Wait until no interaction or DM is being answered (for shutdown and tests)."""
        await self._quiet.wait()

    @contextlib.asynccontextmanager
    async def _turn(self, user_id: str) -> AsyncIterator[None]:
        """One message at a time per person, so two quick presses cannot race in the core."""
        entry = self._turns.get(user_id)
        if entry is None:
            entry = self._turns[user_id] = [asyncio.Lock(), 0]
        lock: asyncio.Lock = entry[0]
        entry[1] += 1
        try:
            async with lock:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._turns.pop(user_id, None)

    @contextlib.asynccontextmanager
    async def _working(self) -> AsyncIterator[None]:
        self._busy += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._quiet.set()

    # --- inbound -----------------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Answer a slash command, a button press or a submitted form."""
        incoming = to_incoming(interaction, self._core.clock.now())
        if incoming is None:
            return
        async with self._working():
            await self._on_interaction(interaction, incoming)

    async def _on_interaction(
        self, interaction: discord.Interaction[Any], incoming: Incoming
    ) -> None:
        in_server = interaction.guild_id is not None
        turn = _Turn(interaction, in_server)
        acker = asyncio.create_task(turn.acknowledge_in_time())
        try:
            async with self._turn(incoming.user_id):
                try:
                    replies = await self._replies_for_interaction(turn, incoming)
                except Exception:
                    # The store failed before the engine ran; answer anyway, or Discord
                    # shows the person "interaction failed".
                    log.exception("discord interaction %s failed", interaction.id)
                    replies = [Reply(text_for("discord_error", self._texts))]
                turn.finished.set()
                async with turn.responding:
                    await self._answer(turn, replies)
        except discord.HTTPException as exc:
            log.warning(
                "answering interaction %s failed: HTTP %s code %s",
                interaction.id,
                exc.status,
                exc.code,
            )
        finally:
            turn.finished.set()
            await acker

    async def _replies_for_interaction(self, turn: _Turn, incoming: Incoming) -> list[Reply] | None:
        """The core's replies, with a note about closed DMs first noticed since last time.

        None for an interaction already handled (a redelivered gateway event).
        """
        interaction = turn.interaction
        if interaction.type is discord.InteractionType.component:
            await turn.mark_pressed()
        notice = await self._dms_were_closed(incoming)
        received = await self._receive(incoming, str(interaction.id))
        if received is None:
            return None
        return [*received, *notice]

    async def _dms_were_closed(self, incoming: Incoming) -> list[Reply]:
        """A note for a person whose DMs we found closed, told once: the mark is lifted so the
        next scheduled message tries again (and, if DMs are still closed, marks them again:
        one attempt per message, no loop). Nothing when the database is out."""
        store = self._core.store
        try:
            identity = await store.find_identity(PLATFORM, incoming.user_id)
            if identity is None or reachability.reachable(identity):
                return []
            await reachability.mark_reachable(store, identity.id)
        except Exception:
            log.warning("discord: could not check whether DMs were closed")
            return []
        return [Reply(text_for("discord_dms_closed", self._texts), private=True)]

    async def _receive(self, incoming: Incoming, key: str) -> list[Reply] | None:
        """The core's replies; None for an event already handled (a gateway redelivery)."""
        try:
            received = await self._core.inbox.receive(incoming, key)
        except Exception:
            # The inbox promises not to raise; if it does, the person still gets an answer.
            log.exception("engine failed on a discord %s", "action" if incoming.action else "text")
            return [Reply(text_for("discord_error", self._texts))]
        return None if received.duplicate else received.replies

    async def _answer(self, turn: _Turn, replies: list[Reply] | None) -> None:
        """Send the replies as the interaction's response and follow-ups."""
        interaction, in_server = turn.interaction, turn.in_server
        response = interaction.response
        if replies is None:  # a redelivery, answered the first time
            if response.type is discord.InteractionResponseType.deferred_channel_message:
                await interaction.delete_original_response()  # our "thinking…" placeholder
            return
        messages = render(replies, in_server=in_server, lib_text=self._texts)
        if not messages:
            if not response.is_done():
                if interaction.type is discord.InteractionType.application_command:
                    await response.send_message("…", ephemeral=in_server)
                else:
                    await response.defer()  # a silent acknowledgement
            elif response.type is discord.InteractionResponseType.deferred_channel_message:
                await interaction.delete_original_response()
            return
        for message in messages:
            view, file = _view_of(message), message.file()
            kwargs: dict[str, Any] = {"ephemeral": message.ephemeral}
            if view is not None:
                kwargs["view"] = view
            if file is not None:
                kwargs["file"] = file
            if not response.is_done():
                await response.send_message(message.content or None, **kwargs)
            else:
                await interaction.followup.send(message.content, **kwargs)

    async def open_form(self, interaction: discord.Interaction[Any], expects: str) -> None:
        """Show the modal for a draft or a journal entry (the first and only response)."""
        modal = build_form(expects, self._texts)
        modal.stop()  # not kept in memory: the submission is recognised by its custom_id
        try:
            await interaction.response.send_modal(modal)
        except discord.HTTPException as exc:
            log.warning("opening a form failed: HTTP %s code %s", exc.status, exc.code)

    async def on_message(self, message: discord.Message) -> None:
        """Free text in the bot's DMs."""
        incoming = message_to_incoming(message, self._core.clock.now())
        if incoming is None:
            return
        async with self._working(), self._turn(incoming.user_id):
            await self._on_message(message, incoming)

    async def _on_message(self, message: discord.Message, incoming: Incoming) -> None:
        replies = await self._receive(incoming, str(message.id))
        if replies is None:
            return
        messages = render(replies, in_server=False, lib_text=self._texts)
        try:
            # The person is waiting for this answer: waits are taken here, not handed back.
            await _send_all(message.channel, messages, hand_back_first=False)
        except (Unreachable, RetryLater) as exc:
            log.warning("answering a DM failed: %s", type(exc).__name__)
            if isinstance(exc, Unreachable):
                await self._mark_unreachable(incoming.user_id)

    # --- outbound ----------------------------------------------------------------------

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        """Send replies to a person's DMs (scheduled messages use this).

        `address.chat_id` is the person's Discord user id; their DM channel is opened from
        it. Raises `Unreachable` when DMs are closed (and marks the identity) and `RetryLater`
        for rate limits and passing failures. That nobody marked is sent to again and again
        is the process's outbox (`bot.domain.reachability.ReachableOutbox`), as on every platform.
        """
        client = self._client
        if client is None or not client.connected.is_set():
            raise RetryLater(PASSING_FAILURE_RETRY)
        messages = render(replies, in_server=False, lib_text=self._texts)
        if not messages:
            return
        if not address.chat_id.isdigit():
            raise Unreachable("not a Discord user id")
        try:
            channel = await client.create_dm(discord.Object(int(address.chat_id)))
        except discord.HTTPException as exc:
            raise await self._translate(address.chat_id, exc) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise RetryLater(PASSING_FAILURE_RETRY) from exc
        try:
            await _send_all(channel, messages, hand_back_first=True)
        except Unreachable:
            await self._mark_unreachable(address.chat_id)
            raise

    async def _translate(self, user_id: str, exc: discord.HTTPException) -> Exception:
        translated = _translate(exc)
        if isinstance(translated, Unreachable):
            await self._mark_unreachable(user_id)
        return translated

    async def _mark_unreachable(self, user_id: str) -> None:
        # A DM channel's address is the person's user id (what `deliver` is given).
        await reachability.mark_unreachable(
            self._core.store, PLATFORM, user_id, self._core.clock.now()
        )


class _Turn:
    """One interaction being answered: who acknowledges it, and when.

    The first response must reach Discord within 3 seconds. The answer usually comes well
    before `ACK_BUDGET`; if not, `acknowledge_in_time` defers ("thinking…") and the answer
    follows up. `responding` keeps the deferral and the answer from crossing.
    """

    def __init__(self, interaction: discord.Interaction[Any], in_server: bool) -> None:
        self.interaction = interaction
        self.in_server = in_server
        self.finished = asyncio.Event()
        self.responding = asyncio.Lock()

    async def acknowledge_in_time(self) -> None:
        try:
            await asyncio.wait_for(self.finished.wait(), ACK_BUDGET)
        except TimeoutError:
            async with self.responding:
                if not self.interaction.response.is_done():
                    with contextlib.suppress(discord.HTTPException):
                        await self.interaction.response.defer(
                            ephemeral=self.in_server, thinking=True
                        )

    async def mark_pressed(self) -> None:
        """Acknowledge a press by noting the choice under its message and removing the
        buttons (as on Telegram); the answer then follows up as new messages."""
        message = self.interaction.message
        if message is None:
            return
        data: Mapping[str, Any] = self.interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        content = mark_choice(message.content, pressed_label(message, custom_id))
        async with self.responding:
            if self.interaction.response.is_done():
                return
            try:
                await self.interaction.response.edit_message(content=content, view=None)
            except discord.HTTPException as exc:  # cosmetic: the answer still follows
                log.debug("could not mark a pressed button: HTTP %s", exc.status)


def _view_of(message: DiscordMessage) -> discord.ui.View | None:
    view = message.view()
    if view is not None:
        # Only a layout: presses are dispatched by the registered dynamic items, so the view
        # object need not (and should not) be kept in discord.py's view store.
        view.stop()
    return view


async def _send_all(
    channel: discord.abc.Messageable,
    messages: Sequence[DiscordMessage],
    *,
    hand_back_first: bool,
) -> None:
    """Send messages in order to a channel; failures become the port's exceptions.

    A wait before anything went out is handed back as `RetryLater` when `hand_back_first`
    (the scheduler will try the whole batch again). Once part of a batch is out, waits are
    taken here, briefly, so a retry never repeats the messages already sent.
    """
    for sent, message in enumerate(messages):
        for attempt in range(SEND_ATTEMPTS):
            try:
                await _send_one(channel, message)
                break
            except RetryLater as exc:
                last = attempt == SEND_ATTEMPTS - 1
                if (hand_back_first and sent == 0) or last or exc.retry_after > MAX_INLINE_WAIT:
                    raise
                await asyncio.sleep(exc.retry_after)


async def _send_one(channel: discord.abc.Messageable, message: DiscordMessage) -> None:
    view, file = _view_of(message), message.file()
    kwargs: dict[str, Any] = {}
    if view is not None:
        kwargs["view"] = view
    if file is not None:
        kwargs["file"] = file
    try:
        await channel.send(message.content or None, **kwargs)
    except discord.RateLimited as exc:
        raise RetryLater(exc.retry_after) from exc
    except discord.HTTPException as exc:
        if _is_lasting_refusal(exc):
            # Discord will never accept this message (a bug on our side, not the person's):
            # skip it and send the rest rather than retry it forever.
            log.error("Discord refused a message: HTTP %s code %s", exc.status, exc.code)
            return
        raise _translate(exc) from exc
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise RetryLater(PASSING_FAILURE_RETRY) from exc


def _is_lasting_refusal(exc: discord.HTTPException) -> bool:
    """A 4xx that is about the message, not the person or the moment."""
    return 400 <= exc.status < 500 and exc.status not in (403, 404, 429)


def _translate(exc: discord.HTTPException) -> Exception:
    """A failed send as the outbound port's exception.

    403 (closed DMs: code 50007; blocked) and 404 (unknown user or channel) will not get
    better by retrying; 429 and 5xx will.
    """
    if exc.status in (403, 404) or _is_lasting_refusal(exc):
        return Unreachable(f"HTTP {exc.status} code {exc.code}")
    if exc.status == 429:
        # A 429 discord.py did not wait out itself (no `Via` header: Cloudflare's, not the
        # API's); its Retry-After header says how long.
        try:
            return RetryLater(float(exc.response.headers.get("Retry-After", "1")))
        except (AttributeError, ValueError):
            return RetryLater(1.0)
    return RetryLater(PASSING_FAILURE_RETRY)


def _conforms(adapter: DiscordAdapter) -> PlatformAdapter:
    """Checked by mypy: the runtime can hold this adapter as a `PlatformAdapter`."""
    return adapter
