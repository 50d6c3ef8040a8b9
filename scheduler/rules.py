"""When a user's unasked messages are due, and what to do with one that has come due.

Pure functions of (settings, row, now): the worker carries their verdicts out. Kept apart
from the database so the DST, quiet-hours and downtime rules can be tested exhaustively.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.domain.nudge_plan import CHECKBACK as CHECKBACK
from bot.domain.nudge_plan import CHECKIN as CHECKIN
from bot.domain.nudge_plan import MORNING as MORNING
from bot.domain.times import DEFAULTS
from scheduler.timing import (
    load_zone,
    local_date,
    local_to_utc,
    next_occurrence,
    occurrence_on_or_after,
    parse_hhmm,
    quiet_until,
)

log = logging.getLogger(__name__)

DAILY_KINDS = (MORNING, CHECKIN)

# A check-back more than this late (the bot was down) is no longer a check-back: skip it.
CHECKBACK_GRACE = timedelta(hours=1)
_INSTANT = timedelta(microseconds=1)



@dataclass(frozen=True)
class Settings:
    """A user's timing settings, parsed. Built from the users row every time it is needed,
    so a schedule can never drift from what the user chose."""

    zone: ZoneInfo
    morning: time
    checkin: time
    quiet_start: time
    quiet_end: time

    @classmethod
    def from_row(
        cls,
        timezone: str,
        morning_time: str,
        checkin_time: str,
        quiet_start: str,
        quiet_end: str,
    ) -> Settings:
        """Parse a users row; a broken value falls back to the default rather than stopping
        that user's nudges (the engine validates input, so this is belt and braces)."""
        try:
            # A `right/` or `posix/` copy stands for the plain zone of the same name.
            zone = load_zone(timezone.removeprefix("right/").removeprefix("posix/"))
        except ValueError:
            log.warning("unusable time zone on a users row; using UTC")
            zone = ZoneInfo("UTC")
        values = {
            "morning": morning_time,
            "checkin": checkin_time,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
        }
        parsed: dict[str, time] = {}
        for key, raw in values.items():
            try:
                parsed[key] = parse_hhmm(raw)
            except (ValueError, AttributeError):
                log.warning("unusable %s on a users row; using the default", key)
                parsed[key] = parse_hhmm(DEFAULTS[key])
        return cls(zone=zone, **parsed)

    def at(self, kind: str) -> time:
        """The local time of day a daily kind is due."""
        return self.morning if kind == MORNING else self.checkin


@lru_cache(maxsize=4096)
def settings_for(
    timezone: str, morning_time: str, checkin_time: str, quiet_start: str, quiet_end: str
) -> Settings:
    """`Settings.from_row`, memoised: most people share a handful of zones and times."""
    return Settings.from_row(timezone, morning_time, checkin_time, quiet_start, quiet_end)


def basis(kind: str, timezone: str, at: str, quiet_start: str, quiet_end: str) -> str:
    """The settings a schedule row was computed from; a change means: compute it again.

    Mirrored in SQL by `scheduler.sync.basis_sql` (same fields, same separator).
    """
    return "|".join((timezone, at, quiet_start, quiet_end))


def first_due(kind: str, settings: Settings, now: datetime) -> tuple[date, datetime]:
    """The first (local date, UTC instant) a daily kind is due for a new or changed row.

    One rule for what "today" means, for a person who has just arrived and for one who has
    just changed a zone, a time or quiet hours alike: today's occurrence counts if it has
    not passed at `now`, otherwise the first one is tomorrow's. `now` is the moment of the
    change, because the engine has the row recomputed at once (`Schedules.settings_changed`).

    So a time set for later today fires today; a time set earlier than now, or a zone in
    which today's time is over, waits for tomorrow instead of sending a message right
    after the change; and someone who joins after today's time hears first tomorrow. A
    time that is still ahead fires even if today's message of that kind already went out
    at the old time: the worker then finds it in the ledger (keyed by local date) and
    moves on, so a day never gets two.
    """
    # next_occurrence is strictly after its instant; one microsecond back makes it "at or
    # after now", so a time set for this very instant still counts as ahead.
    return next_occurrence(now - _INSTANT, settings.at(kind), settings.zone)


def next_due(
    kind: str, settings: Settings, done: date, now: datetime
) -> tuple[date, datetime]:
    """After the occurrence for local date `done` was sent or skipped: the next one.

    Never the same date again (one nudge per local day), never earlier than the done one
    (so the due instant always moves forward), and not in a day already over: after
    downtime the row jumps to today instead of walking through every missed day.
    """
    at = settings.at(kind)
    nominal = local_to_utc(done, at, settings.zone)
    start = max(done + timedelta(days=1), local_date(now, settings.zone))
    return occurrence_on_or_after(start, at, settings.zone, after=nominal)


class Act(Enum):
    SEND = "send"
    SKIP = "skip"  # this occurrence is over; move on to the next
    DEFER = "defer"  # not now (quiet hours); same occurrence later


@dataclass(frozen=True)
class Verdict:
    act: Act
    until: datetime | None = None  # for DEFER
    why: str = ""


def _end_of_day(day: date, zone: ZoneInfo) -> datetime:
    nxt = day + timedelta(days=1)
    while True:
        instant = local_to_utc(nxt, time(0), zone)
        if instant is not None:
            return instant
        nxt += timedelta(days=1)


def daily_verdict(kind: str, settings: Settings, day: date, now: datetime) -> Verdict:
    """Send, skip or defer the daily nudge for local date `day`, at `now`.

    * Only on its own local day: a nudge missed while the bot was down is skipped once the
      day is over, never sent as a stale burst.
    * A morning nudge goes out late only before the evening check-in time.
    * Never inside quiet hours: wait for their end if that is still in time, else skip.
    """
    zone = settings.zone
    if local_date(now, zone) != day:
        return Verdict(Act.SKIP, why="another day")
    deadline = _end_of_day(day, zone)
    if kind == MORNING and settings.checkin > settings.morning:
        evening = local_to_utc(day, settings.checkin, zone)
        if evening is not None:
            deadline = min(deadline, evening)
    if now >= deadline:
        return Verdict(Act.SKIP, why="too late")
    quiet_end = quiet_until(now, zone, settings.quiet_start, settings.quiet_end)
    if quiet_end is not None:
        if quiet_end < deadline:
            return Verdict(Act.DEFER, until=quiet_end, why="quiet hours")
        return Verdict(Act.SKIP, why="quiet hours until too late")
    return Verdict(Act.SEND)


def checkback_verdict(settings: Settings, due: datetime, now: datetime) -> Verdict:
    """The "wait 15 minutes" check-back: sent when due, after the quiet window if it falls
    inside one, and skipped if the bot was down so long that it would be a stale surprise."""
    if now - due > CHECKBACK_GRACE:
        return Verdict(Act.SKIP, why="too late")
    quiet_end = quiet_until(now, settings.zone, settings.quiet_start, settings.quiet_end)
    if quiet_end is not None:
        return Verdict(Act.DEFER, until=quiet_end, why="quiet hours")
    return Verdict(Act.SEND)


def backoff(attempts: int, retry_after: float) -> timedelta:
    """How long to wait before retrying a transient failure: what the platform asked for,
    and at least an exponential 2, 4, 8, ... seconds (capped at ten minutes)."""
    return timedelta(seconds=min(600.0, max(retry_after, 2.0 ** max(1, attempts))))


def utc(value: datetime) -> datetime:
    """An aware datetime in UTC (rows from SQLite come back aware via UTCDateTime)."""
    return value.astimezone(UTC)
