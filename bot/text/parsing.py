"""Reading what people type for settings: times, ranges, lengths, dates. Forgiving on form,
strict on meaning; every parser returns None rather than raising."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.domain.times import in_quiet_window

MIN_PLAN_DAYS = 7
MAX_PLAN_DAYS = 365
RECOMMENDED_MIN_DAYS = 30
DEFAULT_PLAN_DAYS = 30  # the articles: no shorter than a month

_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$", re.I)


def parse_time(text: str) -> str | None:
    """ "8", "8:30", "08.30", "20h", "8pm", "8:30 am" -> "HH:MM" (24-hour)."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    suffix = (m.group(3) or "").lower().replace(".", "")
    if suffix in {"am", "pm"}:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_quiet(text: str) -> tuple[str, str] | None:
    """ "22:30-07:30" (also with "to" or an en dash) -> ("22:30", "07:30")."""
    parts = re.split(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*", text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None or start == end:
        return None
    return start, end


def parse_length(text: str) -> int | None:
    """ "30", "45 days", "6 weeks", "2 months" -> days; None if not a length at all.

    Range checks (7 to 365) are the caller's, so it can say which bound was crossed.
    """
    m = re.match(
        r"^(\d{1,4})\s*(d|day|days|w|wk|wks|week|weeks|m|mo|month|months)?$", text.strip().lower()
    )
    if not m:
        return None
    n = int(m.group(1))
    unit = (m.group(2) or "d")[0]
    return n * {"d": 1, "w": 7, "m": 30}[unit]


def parse_start(text: str, today: date) -> date | None:
    """ "today", "yesterday", "3 days ago", "2026-11-01", "1 week ago" -> a date, never in
    the future and at most a year back."""
    key = text.strip().lower()
    found: date | None = None
    if key in {"today", "now"}:
        found = today
    elif key == "yesterday":
        found = today - timedelta(days=1)
    elif m := re.match(r"^(\d{1,3})\s*(day|days|week|weeks)\s+ago$", key):
        n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
        found = today - timedelta(days=n)
    else:
        try:
            found = date.fromisoformat(key)
        except ValueError:
            return None
    if found > today or (today - found).days > MAX_PLAN_DAYS:
        return None
    return found


def minutes(hhmm: str) -> int:
    hour, minute = hhmm.split(":")
    return int(hour) * 60 + int(minute)


def in_quiet_hours(local_minutes: int, start: str, end: str) -> bool:
    """Whether a local time-of-day (minutes after midnight) is inside the quiet window; the
    rule itself (wrapping past midnight, start == end meaning none) is `bot.domain.times`."""
    s, e = minutes(start), minutes(end)
    return in_quiet_window(_at(local_minutes), _at(s), _at(e))


def _at(total_minutes: int) -> time:
    return time(total_minutes // 60 % 24, total_minutes % 60)
