"""Streak arithmetic: honest counts that never erase history.

All inputs are local calendar dates, so a count changes at the person's midnight, not UTC's.
A reset slip ends the current run on the day it happened (that day is not a no-contact day);
the next day is day 1 again. Limited contact (logistics: children, a lease, belongings) is
recorded but does not break a run. Looking them up (their profile, stories, photos) is a slip
of its own kind, kept apart from contact in the history; the person chooses whether it
restarts the count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# The kinds a slip row is logged as (`Slip.kind`): contact that restarts the count, brief
# logistics (limited contact), and looking them up, with or without a restart.
RESET = "reset"
LIMITED = "limited"
LOOKED = "looked"
LOOKED_RESET = "looked_reset"
SLIP_KINDS = (RESET, LIMITED, LOOKED, LOOKED_RESET)
RESET_KINDS = frozenset({RESET, LOOKED_RESET})  # the count starts again the next day
LOOKED_KINDS = frozenset({LOOKED, LOOKED_RESET})


def restarts(kind: str | None) -> bool:
    """Whether a slip of this kind restarts the count."""
    return kind in RESET_KINDS


@dataclass(frozen=True)
class Streak:
    current: int  # no-contact days in a row, counting today
    longest: int
    total: int  # all no-contact days since the first plan began
    resets: int  # slips after which the count started again (contact or looking)
    limited: int
    last_reset: date | None
    looked: int = 0  # times they looked them up, counted apart from contact


def compute(
    first_start: date,
    today: date,
    reset_dates: Iterable[date],
    limited_dates: Iterable[date] = (),
    looked_dates: Iterable[date] = (),
) -> Streak:
    """Runs between reset days, from the first day of the first plan up to today."""
    resets = sorted({d for d in reset_dates if first_start <= d <= today})
    limited = [d for d in limited_dates if first_start <= d <= today]
    looked = [d for d in looked_dates if first_start <= d <= today]
    if today < first_start:
        return Streak(0, 0, 0, len(resets), len(limited), None, len(looked))
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
        looked=len(looked),
    )


def of_slips(
    first_start: date, today: date, slips: Iterable[tuple[date, str | None]]
) -> Streak:
    """`compute` from slip rows as (local date, kind): the one place that says which kinds
    restart the count, which are limited contact and which were looking."""
    rows = list(slips)
    return compute(
        first_start,
        today,
        [d for d, kind in rows if kind in RESET_KINDS],
        [d for d, kind in rows if kind == LIMITED],
        [d for d, kind in rows if kind in LOOKED_KINDS],
    )


def plan_day(start: date, today: date) -> int:
    """Day X of the plan: day 1 is the start date; 0 before it begins."""
    return max(0, (today - start).days + 1)
