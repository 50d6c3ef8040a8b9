"""What the program sends unasked on a given day, decided in one place. Pure: no I/O, no clock.

The scheduler only schedules: it claims a due row, gathers the facts (the plan, whether the
person checked in, whether they opted in to the weekly review) and asks `daily_nudge` what
to send; it delivers what comes back and records it. The rules here are the program's:

* A plan day is counted as everywhere else (`bot.domain.streak.plan_day`): nothing before day 1.
* The evening check-in is not sent to someone who already checked in that day; on a
  Sunday, someone who opted in still gets the weekly review.
* The morning carries the day's share of the program (`morning_plan`), and from the last
  plan day on, the end-of-plan review (its own ledger entry, so it is offered once).
* A milestone morning is shared with the buddy as well (`Morning.milestone_day`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.content.library import Item, Library
from bot.domain import nudges
from bot.domain.program import MORNING as MORNING_POOL
from bot.domain.program import (
    daily_task,
    fields_for,
    milestone_for,
    milestone_kind,
    phase_begins,
    phase_intro,
    pick_checkin_question,
    review_intro,
    walk,
)
from bot.domain.streak import plan_day
from bot.messages import Reply

MORNING = "morning"
CHECKIN = "checkin"
CHECKBACK = "checkback"
REVIEW = "review"
WEEKLY = "weekly"
BUDDY_MILESTONE = "buddy_milestone"
SUNDAY = 6
# A friend doesn't cut in: a morning message or check-in that comes due while the person is
# talking to Cooloff waits until they have been quiet this long (an urge, a draft, a vent).
QUIET_BEFORE_NUDGE = timedelta(minutes=10)

LedgerKey = tuple[str, str]  # (kind, key): what was sent, so it is never sent twice


@dataclass(frozen=True)
class MorningItems:
    """The items of one person's morning (a `bot.domain.nudges.MorningPlan`)."""

    morning: Item
    task: Item
    milestone: Item | None
    phase_intro: Item | None


# (library, user key, plan day, plan length) -> the morning's items
MorningComposer = Callable[[Library, str, int, int], MorningItems]


def morning_plan(lib: Library, user_key: str, day: int, length: int) -> MorningItems:
    """The morning's share of `bot.domain.program.daily_plan` (same functions, same choices),
    without walking the check-in pool the morning does not use."""
    begins = phase_begins(day, length)
    return MorningItems(
        morning=walk(lib, MORNING_POOL, user_key, day, length),
        task=daily_task(lib, user_key, day, length),
        milestone=milestone_for(lib, day, length, user_key),
        phase_intro=phase_intro(lib, begins) if begins else None,
    )


@dataclass(frozen=True)
class PlanFacts:
    """The person's open plan, as the decision needs it."""

    id: int
    start_date: date
    length_days: int


@dataclass
class DailyNudge:
    """What one daily row sends: `replies` under `entries` in the ledger, and `optional`
    extras sent only if their own ledger entry is not there yet."""

    replies: list[Reply]
    entries: list[LedgerKey]
    optional: dict[LedgerKey, Reply] = field(default_factory=dict)
    weekly: bool = False  # a Sunday check-in: add the weekly review (features.buddy_progress)
    milestone_day: int | None = None  # a milestone morning: the buddy may hear of it too
    # When an optional extra goes, it goes instead of `replies` (their ledger entries are
    # still written, so the day's message is not sent later): past the plan's end the
    # look-back comes before any "your plan is over" line, not after it.
    instead: bool = False


def wants_weekly(kind: str, day: date, opted_in: bool) -> bool:
    """The weekly review rides on the Sunday check-in of those who opted in."""
    return kind == CHECKIN and day.weekday() == SUNDAY and opted_in


def daily_nudge(
    lib: Library,
    kind: str,
    day: date,
    plan: PlanFacts,
    *,
    user_id: int,
    checked_in: bool,
    weekly_opt_in: bool,
    ex: str = "",
    reasons: Sequence[str] = (),
    compose: MorningComposer = morning_plan,
) -> DailyNudge | None:
    """The morning or evening message for local date `day`; None when there is nothing to
    send that day (before the plan begins, or already checked in and no weekly review)."""
    number = plan_day(plan.start_date, day)
    weekly = wants_weekly(kind, day, weekly_opt_in)
    if number < 1 or (kind == CHECKIN and checked_in and not weekly):
        return None
    user_key, length = str(user_id), plan.length_days
    fields = fields_for(number, length, ex=ex, reasons=reasons, user_key=user_key)
    if kind == MORNING:
        replies = nudges.morning(lib, compose(lib, user_key, number, length), fields)
        optional: dict[LedgerKey, Reply] = {}
        if number >= length:
            intro = review_intro(lib)
            optional[REVIEW, f"plan:{plan.id}:{length}"] = nudges.review(
                lib, intro, plan.id, fields, length
            )
        shared = number if milestone_kind(number, length) is not None else None
        return DailyNudge(
            replies,
            [(kind, day.isoformat())],
            optional,
            milestone_day=shared,
            instead=number > length,
        )
    if checked_in:  # only the weekly review, added once it is read
        return DailyNudge([], [], weekly=True)
    question = pick_checkin_question(lib, user_key, number, length)
    replies = [nudges.checkin(lib, question, day, fields)]
    return DailyNudge(replies, [(kind, day.isoformat())], weekly=weekly)


def checkback_nudge(lib: Library, urge_id: int) -> list[Reply]:
    """The "wait 15 minutes" check-back for one urge. No ledger entry: whether it went is
    kept on the urge itself (`urges.checkback_sent_at`), its one place."""
    return [nudges.checkback(lib, urge_id)]


def buddy_milestone_key(user_id: int, day: int) -> LedgerKey:
    """The ledger entry (under the buddy) for hearing of a person's milestone day."""
    return (BUDDY_MILESTONE, f"{user_id}:{day}")


def weekly_key(day: date) -> LedgerKey:
    return (WEEKLY, day.isoformat())


def held_until(state: str, last_exchange: datetime | None, now: datetime) -> datetime | None:
    """When a daily nudge may go if the person is in the middle of a step at `now` (an urge,
    a draft, a slip note, setup: any state but idle, their last exchange less than
    `QUIET_BEFORE_NUDGE` ago); None when it may go now. A check-in in the middle of an urge
    would be read as part of it, and the next answer taken for a mood. Idle talk is no step:
    a morning time just set two minutes ahead still arrives at that minute."""
    if state == "idle" or last_exchange is None:
        return None
    ready = last_exchange + QUIET_BEFORE_NUDGE
    return ready if ready > now else None
