"""What a flow needs to answer one message: who, when, where they are, and the tools."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.content.library import Library
from bot.domain.timezones import zone_or_utc
from bot.intent import Detection
from bot.messages import Address, Incoming, Reply
from bot.ports import Outbox, RetryLater, Unreachable
from bot.storage import Store
from bot.storage.models import Identity, Plan, User

# The users columns a person's nudge times are computed from.
TIMING_COLUMNS = frozenset({"timezone", "morning_time", "checkin_time", "quiet_start", "quiet_end"})


@dataclass
class Ctx:
    msg: Incoming
    now: datetime  # from the injected clock, UTC
    store: Store
    lib: Library
    user: User
    identity: Identity
    plan: Plan
    state: str = "idle"
    data: dict[str, Any] = field(default_factory=dict)
    outbox: Outbox | None = None  # to reach someone other than the sender (a buddy)
    # Set when this message changed what the person's schedule is computed from; the engine
    # then tells the scheduler once, after the flow is done.
    timing_changed: bool = False
    # What the detector read in the typed words (None for a button or no words), so a flow
    # that hears everything in its state (crisis support) can tell an urge from a question.
    detection: Detection | None = None
    # A fingerprint of the last reply Cooloff sent this person (bot.content.library.fingerprint;
    # never their own words), so no answer is sent twice in a row.
    said: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return zone_or_utc(self.user.timezone)

    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    def today(self) -> date:
        return self.local_now().date()

    def t(self, key: str, **fields: Any) -> str:
        """A fixed text from the library, with the user's nickname for their ex filled in."""
        fields.setdefault("ex", self.user.ex_nickname or self.lib.ui("ex_default"))
        return self.lib.ui(key, **fields)

    async def update_user(self, **values: Any) -> None:
        """Change the person's own row; notes a change to what their nudges are timed by."""
        await self.store.update_user(self.user.id, **values)
        if TIMING_COLUMNS.intersection(values):
            self.timing_changed = True

    async def go(self, state: str, data: dict[str, Any] | None = None) -> None:
        """Move the person to another conversation state (persisted at once)."""
        self.state, self.data = state, dict(data or {})
        await self.store.set_conversation(self.user.id, self.state, self.data, self.now)

    async def idle(self) -> None:
        if self.state != "idle" or self.data:
            await self.go("idle")

    async def notify(self, user_id: int, replies: list[Reply]) -> bool:
        """Send replies to another person, where their nudges go. False if they can't be
        reached (no outbox in this process, no identity, blocked, closed DMs)."""
        if self.outbox is None:
            return False
        chosen = await self.store.nudge_identity(user_id)
        if chosen is None:
            return False
        try:
            await self.outbox.deliver(Address(chosen.platform, chosen.chat_id), replies)
        except Unreachable:  # the outbox has marked them (bot.domain.reachability)
            return False
        except RetryLater:
            return False
        return True
