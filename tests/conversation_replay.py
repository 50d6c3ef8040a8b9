"""Replaying a whole written conversation through the bot as `cooloff chat` runs it.

A conversation file (tests/data/conversations/*.txt) holds what one person types, one
message a line, with `#! pause 3m` where time passes and `#! ...` expectations after the
message they refer to (see the files' own headers). A conversation that starts in the middle
of a plan says so before its first message with `#! day 17`: the person is then already set
up, on day 17, as they would be after seventeen days of using Cooloff.

The replay builds the app with the same factory as `cooloff chat`, feeds each line to the
console adapter (so a typed number or label presses a shown button, as in the terminal) on a
fixed clock, and records what came back.

Shared by tests/test_conversations.py and benchmarks/conversations_bench.py.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from adapters.runtime import build_app
from bot.clock import FixedClock
from bot.commands import parse_command
from bot.config import Settings
from bot.messages import Reply
from bot.storage import Store
from bot.storage.models import Slip

CONVERSATIONS = Path(__file__).resolve().parent / "data" / "conversations"
START = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # a Monday evening
_PAUSE = re.compile(r"#!\s*pause\s+(\d+(?:\.\d+)?)\s*([mhd])\s*$")
_DAY = re.compile(r"#!\s*day\s+(\d+)\s*$")
# What the person got that means their typed answer was not taken by the step it answered:
# the generic fallback, or an answer for what the words are about instead.
NOT_TAKEN = frozenset({"fallback", "situation", "other_language"})
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass
class Turn:
    text: str
    pressed: bool  # the console read it as a button press
    command: bool
    replies: list[Reply]
    expects: list[str] = field(default_factory=list)  # `#! answer`, `#! contact`, ...
    slips_after: int = 0

    @property
    def free_text(self) -> bool:
        return not self.pressed and not self.command

    @property
    def fallback(self) -> bool:
        return any(r.kind == "fallback" for r in self.replies)

    @property
    def taken(self) -> bool:
        """The turn got an answer from a step or a flow (not only a generic or topic one)."""
        return any(r.kind not in NOT_TAKEN for r in self.replies)

    @property
    def said(self) -> str:
        return "\n".join(r.text for r in self.replies)


@dataclass
class Replay:
    name: str
    turns: list[Turn]
    drafts: list[str]
    wanted_drafts: list[str]

    def drafts_lost(self) -> list[str]:
        joined = "\n".join(self.drafts).casefold()
        return [d for d in self.wanted_drafts if d.casefold() not in joined]

    def repeats(self) -> int:
        """Turns that repeat what the person was just sent: a whole answer word for word the
        previous turn's, or a message word for word the message just before it (in the
        same answer or at the end of the previous one). Each turn counts at most once."""
        count, before, last = 0, None, None
        for turn in self.turns:
            texts = [r.text for r in turn.replies]
            if not texts:
                continue
            same_answer = turn.said == before
            same_message = any(t == p for t, p in zip(texts, [last, *texts], strict=False))
            count += same_answer or same_message
            before, last = turn.said, texts[-1]
        return count

    def dropped_answers(self) -> list[Turn]:
        """Typed answers to a question that the step did not take: nothing came back, or
        only the generic line or an answer about something else."""
        return [t for t in self.turns if "answer" in t.expects and not t.taken]


def day_of(path: Path) -> int | None:
    """The plan day a conversation starts on (`#! day N` before its first message)."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        found = _DAY.match(raw.strip())
        if found:
            return int(found.group(1))
        if raw.strip() and not raw.startswith("#"):
            return None
    return None


def parse(path: Path) -> list[tuple[str, list[str], timedelta]]:
    """(message, expectations after it, pause before it) for each message of a file."""
    out: list[tuple[str, list[str], timedelta]] = []
    pause = timedelta(0)
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("#!"):
            if _DAY.match(line):
                continue
            found = _PAUSE.match(line)
            if found:
                pause += timedelta(**{_UNITS[found.group(2)]: float(found.group(1))})
            elif out:
                out[-1][1].append(line[2:].strip())
            continue
        if line.startswith("# "):
            continue
        out.append((line, [], pause))
        pause = timedelta(0)
    return out


async def replay(path: Path, database_url: str) -> Replay:
    clock = FixedClock(START)
    app = await build_app(
        Settings(database_url=database_url), clock=clock, platforms=[], console=True
    )
    console = app.console
    assert console is not None
    console.out = io.StringIO()
    turns: list[Turn] = []
    wanted: list[str] = []
    try:
        day = day_of(path)
        if day is not None:
            await _already_set_up(app.core.store, console.user_id, day)
        for text, expects, pause in parse(path):
            if pause:
                clock.advance(seconds=pause.total_seconds())
                await app.scheduler.tick()  # what would have arrived meanwhile
            incoming = console.to_incoming(text)
            received = await app.core.inbox.receive(incoming)
            await console.deliver(console.address, received.replies)
            async with app.core.db.session() as s:
                slips = int(await s.scalar(select(func.count()).select_from(Slip)) or 0)
            turns.append(
                Turn(
                    text=text,
                    pressed=incoming.action is not None,
                    command=parse_command(text) is not None,
                    replies=received.replies,
                    expects=expects,
                    slips_after=slips,
                )
            )
            wanted += [e.split(":", 1)[1].strip() for e in expects if e.startswith("draft:")]
        identity = await app.core.store.find_identity("console", console.user_id)
        drafts: list[str] = []
        if identity is not None:
            drafts = [d.text for d in await app.core.store.drafts(identity.user_id)]
    finally:
        await app.stop()
    return Replay(path.stem, turns, drafts, wanted)


async def _already_set_up(store: Store, user_id: str, day: int) -> None:
    """The person of a conversation that starts mid-plan: set up (defaults), on `day`."""
    user, _ = await store.create_user(
        platform="console",
        platform_user_id=user_id,
        chat_id=user_id,
        now=START - timedelta(days=day - 1),
        start_date=(START - timedelta(days=day - 1)).date(),
    )
    await store.update_user(user.id, onboarding_step=None)
