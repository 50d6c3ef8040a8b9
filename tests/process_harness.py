"""Black-box journeys through the real process: `cooloff run` as a subprocess, talking over
127.0.0.1 to the Telegram stand-in (`FakeBotApi`) and the Discord stand-in (`StandIn`).

Nothing here reaches into the bot. A test sees what a person would see (messages, buttons,
files arriving at the stand-ins) and, after the process stopped, the SQLite file's rows.
Time moves through the documented test-only settings: `COOLOFF_CLOCK_FILE` (seconds added
to the system clock; `BotProcess.jump`) and `COOLOFF_SCHEDULER_INTERVAL`.

Every wait is bounded, and fails with what arrived and the tail of the bot's log.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import re
import signal
import sqlite3
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.standins.discord_api import Interaction, RestCall, StandIn, user_payload
from tests.standins.telegram_api import FakeBotApi, Recorded

# Shaped like real tokens, so the libraries accept them; the logs are checked for them.
TELEGRAM_TOKEN = "7000001:AAH-process-journey-token-never-logged"
DISCORD_TOKEN = "MTAwMDAwMDAwMDAwMDAwMDA.process.discord-token-never-logged"
GUILD_ID = 555000000000000001

START_WITHIN = 40.0  # a cold start on a busy 2-core machine: imports, migrations, login
REPLY_WITHIN = 15.0
# Quiet time after an answer arrived, so its later parts are counted with it: shorter when
# the test said what the answer ends with (buttons go under a reply's last part).
SETTLE = 0.15
SETTLE_EXPECTED = 0.05
POLL = 0.02

REPO = Path(__file__).resolve().parent.parent


class BotDied(AssertionError):
    """The process ended while a test was waiting for it."""


async def until(
    predicate: Callable[[], bool],
    *,
    within: float,
    what: str,
    bot: BotProcess | None = None,
    detail: Callable[[], str] | None = None,
) -> None:
    """Wait until `predicate()` holds, at most `within` seconds; fail with a description."""
    deadline = time.monotonic() + within
    while not predicate():
        if bot is not None and bot.exited:
            raise BotDied(f"the bot exited ({bot.returncode}) waiting for {what}\n{bot.tail()}")
        if time.monotonic() > deadline:
            extra = detail() if detail is not None else ""
            log = bot.tail() if bot is not None else ""
            raise AssertionError(f"not within {within:.1f}s: {what}\n{extra}\n{log}".rstrip())
        await asyncio.sleep(POLL)


async def settle(count: Callable[[], int], quiet: float = SETTLE, within: float = 5.0) -> None:
    """Wait until `count()` stops growing for `quiet` seconds (at most `within`)."""
    deadline = time.monotonic() + within
    seen, since = count(), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        await asyncio.sleep(POLL)
        now = count()
        if now != seen:
            seen, since = now, time.monotonic()


# --- the process -------------------------------------------------------------------------


@dataclass
class BotProcess:
    """One `cooloff run` in its own working directory, with its own SQLite file and clock.

    `start()` returns once every platform is connected (Telegram polls, Discord identified).
    `stop()` is SIGTERM and must end with exit code 0; `kill()` is SIGKILL.
    """

    workdir: Path
    telegram: FakeBotApi | None = None
    discord: StandIn | None = None
    scheduler_interval: float = 0.5
    env: dict[str, str] = field(default_factory=dict)
    process: asyncio.subprocess.Process | None = None
    starts: int = 0
    offset: float = 0.0
    log_paths: list[Path] = field(default_factory=list)
    last_stamp: int = 0

    @property
    def db_path(self) -> Path:
        return self.workdir / "cooloff.db"

    @property
    def clock_path(self) -> Path:
        return self.workdir / "clock-offset"

    @property
    def exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.returncode

    def environment(self) -> dict[str, str]:
        inherited = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DISCORD_", "COOLOFF_", "DATABASE_"))
        }
        env = {
            **inherited,
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "COOLOFF_CLOCK_FILE": str(self.clock_path),
            "COOLOFF_SCHEDULER_INTERVAL": str(self.scheduler_interval),
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            # The code of the tree these tests are in, whatever the virtualenv points at.
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
        if self.telegram is not None:
            env["TELEGRAM_BOT_TOKEN"] = TELEGRAM_TOKEN
            env["TELEGRAM_API_BASE_URL"] = self.telegram.base_url
        if self.discord is not None:
            env["DISCORD_BOT_TOKEN"] = DISCORD_TOKEN
            env["DISCORD_GUILD_ID"] = str(GUILD_ID)
            env["DISCORD_API_BASE_URL"] = self.discord.base_url
            env["DISCORD_GATEWAY_URL"] = self.discord.gateway_url
        env.update(self.env)
        return env

    async def start(self, within: float = START_WITHIN) -> None:
        """Start the process; return once every platform is connected."""
        assert self.process is None or self.exited, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        if not self.clock_path.exists():
            self.jump(self.offset)
        polls = len(self.telegram.calls("getUpdates")) if self.telegram else 0
        identified = len(self.discord.identify_payloads) if self.discord else 0
        self.starts += 1
        log_path = self.workdir / f"bot-{self.starts}.log"
        self.log_paths.append(log_path)
        with log_path.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                "import sys; from bot.cli import main; sys.exit(main(['run']))",
                cwd=self.workdir,  # no stray .env
                env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

        def connected() -> bool:
            telegram = self.telegram is None or len(self.telegram.calls("getUpdates")) > polls
            discord = self.discord is None or len(self.discord.identify_payloads) > identified
            return telegram and discord

        await until(connected, within=within, what="the bot to connect", bot=self)

    async def stop(self, within: float = 15.0) -> int:
        """SIGTERM, and wait for the exit code."""
        process = self.process
        if process is None or process.returncode is not None:
            return -1 if process is None else process.returncode or 0
        process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(process.wait(), within)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"no exit within {within}s of SIGTERM\n{self.tail()}") from None

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs."""
        process = self.process
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()

    # --- time ----------------------------------------------------------------------------

    def jump(self, seconds_ahead: float) -> None:
        """Set the process's clock to the system clock plus `seconds_ahead` (it re-reads the
        file when its modification time changes, so each write gets a fresh one)."""
        self.offset = seconds_ahead
        self.clock_path.write_text(f"{seconds_ahead:.3f}\n", encoding="ascii")
        stamp = max(time.time_ns(), self.last_stamp + 1_000_000)
        self.last_stamp = stamp
        os.utime(self.clock_path, ns=(stamp, stamp))

    def now(self) -> datetime:
        """What the process's clock says now."""
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    def jump_to(self, at: datetime) -> None:
        self.jump((at - datetime.now(UTC)).total_seconds())

    # --- reading -------------------------------------------------------------------------

    def log(self) -> str:
        return "\n".join(
            p.read_text(encoding="utf-8", errors="replace") for p in self.log_paths if p.exists()
        )

    def tail(self, lines: int = 40) -> str:
        # The scheduler's job runs every tick; its lines would push everything else out.
        text = [ln for ln in self.log().splitlines() if "apscheduler" not in ln][-lines:]
        return "--- bot log (tail) ---\n" + "\n".join(text)

    @contextlib.contextmanager
    def database(self) -> Iterator[sqlite3.Connection]:
        """The SQLite file, read-only (for after the process stopped)."""
        connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            yield connection
        finally:
            connection.close()

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.database() as db:
            return list(db.execute(sql, params).fetchall())

    def user_id(self, platform: str, platform_user_id: str | int) -> int | None:
        found = self.rows(
            "SELECT user_id FROM identities WHERE platform = ? AND platform_user_id = ?",
            platform,
            str(platform_user_id),
        )
        return int(found[0][0]) if found else None

    def rows_about(self, user_id: int) -> dict[str, int]:
        """How many rows of each table refer to this user (tables with such a column)."""
        counts: dict[str, int] = {}
        with self.database() as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
                refs = [c for c in columns if c in ("user_id", "buddy_user_id")]
                if table == "users":
                    refs = ["id"]
                if not refs:
                    continue
                where = " OR ".join(f'"{c}" = ?' for c in refs)
                (n,) = db.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE {where}', [user_id] * len(refs)
                ).fetchone()
                if n:
                    counts[table] = int(n)
        return counts


def offset_to(local: str, zone: str = "UTC", *, days: int = 0) -> float:
    """Seconds to add to the system clock so that it reads `local` ("HH:MM[:SS]") in `zone`,
    today (plus `days`) by the system clock's date there."""
    tz = ZoneInfo(zone)
    today = datetime.now(tz).date() + timedelta(days=days)
    parts = [int(p) for p in local.split(":")]
    hour, minute, second = [*parts, 0, 0][:3]
    at = datetime(today.year, today.month, today.day, hour, minute, second, tzinfo=tz)
    return (at - datetime.now(UTC)).total_seconds()


async def start_all(*bots: BotProcess) -> None:
    """Start several processes at once (start-up is mostly imports: they overlap well)."""
    results = await asyncio.gather(*(b.start() for b in bots), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        await stop_all(*bots)
        raise errors[0]


async def stop_all(*bots: BotProcess) -> list[int]:
    results = await asyncio.gather(*(b.stop() for b in bots), return_exceptions=True)
    for bot in bots:
        await bot.kill()
    return [r if isinstance(r, int) else -1 for r in results]


# --- a person on Telegram ----------------------------------------------------------------


def texts(sends: Sequence[Recorded]) -> str:
    return "\n---\n".join(r.text for r in sends)


def buttons_of(sends: Sequence[Recorded]) -> list[str]:
    return [str(b.get("callback_data", "")) for r in sends for b in r.buttons]


def has_button(pattern: str) -> Callable[[list[Recorded]], bool]:
    """An answer that offers a button whose action id matches `pattern` (a regex)."""
    return lambda sends: any(re.search(pattern, data) for data in buttons_of(sends))


def has_method(method: str) -> Callable[[list[Recorded]], bool]:
    return lambda sends: any(r.method == method for r in sends)


@dataclass
class TelegramUser:
    """Someone in a private chat with the bot: types, presses, and reads what arrived."""

    api: FakeBotApi
    bot: BotProcess
    user_id: int
    name: str = "Sam"
    last: list[Recorded] = field(default_factory=list)
    pushed: list[int] = field(default_factory=list)

    @property
    def chat_id(self) -> str:
        return str(self.user_id)

    def inbox(self) -> list[Recorded]:
        """Every message the bot delivered to this chat, in order."""
        return self.api.delivered(self.chat_id)

    async def say(
        self,
        text: str,
        until: Callable[[list[Recorded]], bool] | None = None,
        *,
        within: float = REPLY_WITHIN,
    ) -> list[Recorded]:
        """Type `text`; return the answer (once `until` holds, or anything arrived)."""
        return await self._exchange(
            f"the answer to {text!r}",
            lambda: self.api.push_text(self.user_id, text, first_name=self.name),
            until,
            within,
        )

    async def press(
        self,
        pattern: str,
        until: Callable[[list[Recorded]], bool] | None = None,
        *,
        within: float = REPLY_WITHIN,
    ) -> list[Recorded]:
        """Press the newest button whose action id matches `pattern`; return the answer."""
        data = self.button(pattern)
        return await self.press_data(data, until, within=within)

    async def press_data(
        self,
        data: str,
        until: Callable[[list[Recorded]], bool] | None = None,
        *,
        within: float = REPLY_WITHIN,
    ) -> list[Recorded]:
        message = self.api.message_with_button(self.chat_id, data)
        return await self._exchange(
            f"the answer to pressing {data!r}",
            lambda: self.api.press(self.user_id, data, message=message, first_name=self.name),
            until,
            within,
        )

    def button(self, pattern: str, sends: Sequence[Recorded] | None = None) -> str:
        """The action id of the newest button matching `pattern` (a regex)."""
        pool = self.inbox() if sends is None else sends
        for record in reversed(pool):
            for b in reversed(record.buttons):
                data = str(b.get("callback_data", ""))
                if re.search(pattern, data):
                    return data
        raise AssertionError(
            f"no button matching {pattern!r}; last buttons: {buttons_of(pool[-3:])}"
        )

    async def _exchange(
        self,
        what: str,
        push: Callable[[], Any],
        until_: Callable[[list[Recorded]], bool] | None,
        within: float,
    ) -> list[Recorded]:
        before = len(self.inbox())
        self.pushed.append(await push())
        check = until_ or (lambda sends: bool(sends))

        def new() -> list[Recorded]:
            return self.inbox()[before:]

        await until(
            lambda: check(new()),
            within=within,
            what=what,
            bot=self.bot,
            detail=lambda: describe(new()),
        )
        await settle(lambda: len(self.inbox()), SETTLE if until_ is None else SETTLE_EXPECTED)
        self.last = new()
        return self.last

    async def expect(
        self,
        predicate: Callable[[list[Recorded]], bool],
        *,
        since: int,
        within: float,
        what: str,
    ) -> list[Recorded]:
        """Wait for something unasked (a scheduled message, a notice) after `since` sends."""
        await until(
            lambda: predicate(self.inbox()[since:]),
            within=within,
            what=what,
            bot=self.bot,
            detail=lambda: describe(self.inbox()[since:]),
        )
        await settle(lambda: len(self.inbox()))
        return self.inbox()[since:]


def describe(sends: Sequence[Recorded]) -> str:
    if not sends:
        return "nothing arrived"
    lines = []
    for r in sends:
        first = r.text.splitlines()[0][:80] if r.text else ""
        lines.append(f"  {r.method} {first!r} buttons={buttons_of([r])}")
    return "arrived:\n" + "\n".join(lines)


# --- a person on Discord -----------------------------------------------------------------


@dataclass
class Shown:
    """One thing the bot showed on Discord: an interaction answer, a follow-up or a DM."""

    kind: str  # "message" | "update" | "modal" | "defer" | "ack"
    content: str
    custom_ids: list[str]
    files: list[tuple[str, bytes]]

    @property
    def actions(self) -> list[str]:
        return [c.removeprefix("cooloff:") for c in self.custom_ids if c.startswith("cooloff:")]


def shown(call: RestCall) -> Shown:
    body = call.body if isinstance(call.body, dict) else {}
    data: dict[str, Any] = body
    kind = "message"
    if call.path.endswith("/callback"):
        kind = {4: "message", 5: "defer", 6: "ack", 7: "update", 9: "modal"}.get(
            int(body.get("type", 4)), "other"
        )
        data = body.get("data") or {}
    components = [c for row in data.get("components") or [] for c in row.get("components") or []]
    return Shown(
        kind=kind,
        content=str(data.get("content") or ""),
        custom_ids=[str(c["custom_id"]) for c in components if "custom_id" in c],
        files=call.files,
    )


def actions_of(items: Sequence[Shown]) -> list[str]:
    return [a for s in items for a in s.actions]


def offers(pattern: str) -> Callable[[list[Shown]], bool]:
    return lambda items: any(re.search(pattern, a) for a in actions_of(items))


@dataclass
class DiscordUser:
    """Someone using the bot on Discord: slash commands and buttons in their DM with it."""

    api: StandIn
    bot: BotProcess
    user_id: int
    name: str = "robin"
    last: list[Shown] = field(default_factory=list)

    @property
    def user(self) -> dict[str, Any]:
        return user_payload(self.user_id, self.name)

    def dms(self) -> list[Shown]:
        """Every message the bot sent to this person's DMs (scheduled messages, notices)."""
        return [shown(c) for c in self.api.dm_messages(self.user_id)]

    async def command(
        self,
        name: str,
        value: str | None = None,
        *,
        option: str = "value",
        until_: Callable[[list[Shown]], bool] | None = None,
    ) -> list[Shown]:
        payload = self.api.slash(name, self.user, value, option=option)
        return await self._interact(f"the answer to /{name}", payload, until_)

    async def press(
        self, pattern: str, until_: Callable[[list[Shown]], bool] | None = None
    ) -> list[Shown]:
        """Press the newest button (answers and DMs) whose action id matches `pattern`."""
        custom_id = self.button(pattern)
        return await self._interact(
            f"the answer to pressing {custom_id!r}", self.api.press(custom_id, self.user), until_
        )

    def button(self, pattern: str) -> str:
        pool = [*self.dms(), *self.last]
        for item in reversed(pool):
            for custom_id in item.custom_ids:
                action = custom_id.removeprefix("cooloff:")
                if re.search(pattern, action):
                    return custom_id
        raise AssertionError(f"no button matching {pattern!r}; have {actions_of(pool)}")

    async def write(
        self, text: str, until_: Callable[[list[Shown]], bool] | None = None
    ) -> list[Shown]:
        """Write in the DM with the bot; return what it sent back there."""
        before = len(self.dms())
        await self.api.send_dm(self.user, text)
        check = until_ or (lambda items: bool(items))
        await until(
            lambda: check(self.dms()[before:]),
            within=REPLY_WITHIN,
            what=f"a DM answering {text!r}",
            bot=self.bot,
        )
        await settle(lambda: len(self.dms()), SETTLE if until_ is None else SETTLE_EXPECTED)
        self.last = self.dms()[before:]
        return self.last

    async def _interact(
        self, what: str, payload: dict[str, Any], until_: Callable[[list[Shown]], bool] | None
    ) -> list[Shown]:
        interaction = await self.api.send_interaction(payload)

        def answers() -> list[Shown]:
            return [shown(c) for c in self.api.answers(interaction)]

        def answered(items: list[Shown]) -> bool:
            return any(s.kind == "message" or s.content for s in items)

        check = until_ or answered
        await until(
            lambda: check(answers()),
            within=REPLY_WITHIN,
            what=what,
            bot=self.bot,
            detail=lambda: "\n".join(
                f"  {s.kind} {s.content[:80]!r} {s.actions}" for s in answers()
            ),
        )
        quiet = SETTLE if until_ is None else SETTLE_EXPECTED
        await settle(lambda: len(self.api.answers(interaction)), quiet)
        self.last = answers()
        return self.last

    def interaction_answers(self, interaction: Interaction) -> list[Shown]:
        return [shown(c) for c in self.api.answers(interaction)]


@dataclass
class World:
    """One real `cooloff run` serving both platforms' stand-ins, and fresh people on either.

    Each test module starts its own ids, so people of one module never meet another's."""

    telegram: FakeBotApi
    discord: StandIn
    bot: BotProcess
    ids: itertools.count[int]
    discord_ids: itertools.count[int]

    def on_telegram(self, name: str) -> TelegramUser:
        return TelegramUser(self.telegram, self.bot, next(self.ids), name)

    def on_discord(self, name: str) -> DiscordUser:
        return DiscordUser(self.discord, self.bot, next(self.discord_ids), name)


@contextlib.asynccontextmanager
async def both_platforms(
    folder: Path, first_id: int, *, private: Sequence[str] = ()
) -> AsyncIterator[World]:
    """Start the stand-ins and the process at noon UTC; on the way out, stop it cleanly and
    check its log held no token, no traceback and none of the `private` words people typed."""
    telegram, discord = FakeBotApi(TELEGRAM_TOKEN), StandIn()
    await telegram.start()
    await discord.start()
    bot = BotProcess(folder, telegram=telegram, discord=discord)
    bot.jump(offset_to("12:00"))
    try:
        await bot.start()
        yield World(
            telegram,
            discord,
            bot,
            itertools.count(first_id),
            itertools.count(111_000_000_000_000_000 + first_id),
        )
    finally:
        code = await bot.stop()
        await bot.kill()
        await discord.stop()
        await telegram.stop()
    assert code == 0, bot.tail()
    log = bot.log()
    for secret in (TELEGRAM_TOKEN.split(":", 1)[1], DISCORD_TOKEN):
        assert secret not in log, "a token reached the log"
    assert "Traceback" not in log, bot.tail(80)
    for words in private:
        assert words not in log, "message text reached the log"
