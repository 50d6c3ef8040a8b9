"""Local wall-clock times to UTC instants, with the DST rules written down once.

Pure functions: no database, no clock. The scheduler, the preview command and the tests all
call these, so what `cooloff schedule preview` prints is what the bot does.

The rules (issue 5):

* A local time inside a spring-forward gap moves forward by the length of the gap
  (02:30 on a day New York jumps from 02:00 to 03:00 becomes 03:30 EDT). This is exactly
  what `zoneinfo` does for a non-existent time with `fold=0`: it applies the offset in force
  before the transition.
* An ambiguous local time (fall-back) is taken at its first occurrence (`fold=0`).
* A local date that does not exist at all (Pacific/Apia skipped 2011-12-30) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.times import in_quiet_window

# Far enough to cross any run of skipped dates in the tz database (at most one in a row).
_MAX_DAYS_SEARCHED = 4


def parse_hhmm(value: str) -> time:
    """`"07:30"` -> `time(7, 30)`; anything else (`"7:30"`, `"24:00"`, `"aa"`) is a ValueError."""
    parts = value.split(":")
    if (
        len(parts) != 2
        or len(parts[0]) != 2
        or len(parts[1]) != 2
        or not (parts[0].isdigit() and parts[1].isdigit())
    ):
        raise ValueError(f"not a time of day in HH:MM form: {value!r}")
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time of day in HH:MM form: {value!r}")
    return time(hour, minute)


def load_zone(name: str) -> ZoneInfo:
    """An IANA zone by name; an unknown or malformed name is a ValueError (one message).

    The `right/` and `posix/` copies of the database are refused: `right/` zones count leap
    seconds, so their wall clocks and transitions sit seconds away from everyone else's.
    """
    if not name or name != name.strip() or name.startswith(("right/", "posix/")):
        raise ValueError(f"unknown time zone: {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone: {name!r}") from exc


def date_exists(day: date, zone: ZoneInfo) -> bool:
    """Whether any instant has this local date in the zone.

    Local midnight with `fold=0` lands on the same date unless the whole day sits inside a
    gap, in which case the gap rule pushes it into a later date.
    """
    start = datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
    return start.astimezone(zone).date() == day


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local date and time, or None when the date does not exist."""
    if not date_exists(day, zone):
        return None
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date in the zone at an aware instant."""
    return instant.astimezone(zone).date()


def occurrence_on_or_after(
    first_day: date, at: time, zone: ZoneInfo, *, after: datetime | None = None
) -> tuple[date, datetime]:
    """The first local date >= `first_day` whose `at` exists, as (date, UTC instant).

    With `after`, the instant must also be strictly later than it: the next due instant
    always moves forward, even where a zone moved its date line.
    """
    day = first_day
    for _ in range(_MAX_DAYS_SEARCHED + 3):
        instant = local_to_utc(day, at, zone)
        if instant is not None and (after is None or instant > after):
            return day, instant
        day += timedelta(days=1)
    # pragma: no cover - the tz database never skips more than one date in a row
    raise AssertionError(f"no occurrence of {at} in {zone.key} near {first_day}")


def next_occurrence(after: datetime, at: time, zone: ZoneInfo) -> tuple[date, datetime]:
    """The first occurrence of local time `at` strictly after the instant `after`.

    Starts a day early so a time pushed past midnight by a gap is not overlooked.
    """
    return occurrence_on_or_after(
        local_date(after, zone) - timedelta(days=1), at, zone, after=after
    )


def daily_instants(first_day: date, days: int, at: time, zone: ZoneInfo) -> Iterator[datetime]:
    """One UTC instant per existing local day in [first_day, first_day + days): the preview."""
    for offset in range(days):
        instant = local_to_utc(first_day + timedelta(days=offset), at, zone)
        if instant is not None:
            yield instant


# --- quiet hours ----------------------------------------------------------------------------


def in_window(local: time, start: time, end: time) -> bool:
    """Whether a local time falls in [start, end): `bot.domain.times.in_quiet_window`, the one rule
    (an empty window, start == end, means no quiet hours)."""
    return in_quiet_window(local, start, end)


def quiet_until(instant: datetime, zone: ZoneInfo, start: time, end: time) -> datetime | None:
    """If `instant` falls in the user's quiet window, the UTC instant the window ends.

    None when it is outside. The end is found on the local date of the instant or the next
    one (a window crossing midnight), with the same gap/fold rules as every other time.
    """
    local = instant.astimezone(zone)
    if not in_window(local.time().replace(tzinfo=None), start, end):
        return None
    day = local.date()
    for _ in range(_MAX_DAYS_SEARCHED):
        candidate = local_to_utc(day, end, zone)
        if candidate is not None and candidate > instant:
            return candidate
        day += timedelta(days=1)
    return None  # pragma: no cover - a zone with no `end` for days on end
