"""Streak arithmetic: honest counts that never erase history.

All inputs are local calendar dates, so a count changes at the person's midnight, not UTC's.
A reset slip ends the current run on the day it happened (that day is not a no-contact day);
the next day is day 1 again. Limited contact (logistics: children, a lease, belongings) is
recorded but does not break a run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Streak:
    current: int  # no-contact days in a row, counting today
    longest: int
    total: int  # all no-contact days since the first plan began
    resets: int
    limited: int
    last_reset: date | None


def compute(
    first_start: date,
    today: date,
    reset_dates: Iterable[date],
    limited_dates: Iterable[date] = (),
) -> Streak:
    """Runs between reset days, from the first day of the first plan up to today."""
    resets = sorted({d for d in reset_dates if first_start <= d <= today})
    limited = [d for d in limited_dates if first_start <= d <= today]
    if today < first_start:
        return Streak(0, 0, 0, len(resets), len(limited), None)
    runs: list[int] = []
    anchor = first_start - timedelta(days=1)  # the day before the first counted day
    for reset in resets:
        runs.append((reset - anchor).days - 1)
        anchor = reset
    current = (today - anchor).days
    runs.append(current)
    total = (today - first_start).days + 1 - len(resets)
    return Streak(
        current=current,
        longest=max(runs),
        total=total,
        resets=len(resets),
        limited=len(limited),
        last_reset=resets[-1] if resets else None,
    )


def plan_day(start: date, today: date) -> int:
    """Day X of the plan: day 1 is the start date; 0 before it begins."""
    return max(0, (today - start).days + 1)
