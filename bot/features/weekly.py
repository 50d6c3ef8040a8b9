"""The weekly review (opt-in, Sunday evening): urges held, the hardest time of day, and the
tool that helped most. Pure: urges in, numbers and words out; the scheduler decides when.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.content.library import Library
from bot.storage.models import Urge

TOOLS = ("write", "wait", "task", "breathe", "passed")


@dataclass(frozen=True)
class WeekUrge:
    """One urge as the review sees it; `at` is the person's local time."""

    at: datetime
    before: int | None = None
    after: int | None = None
    tools: tuple[str, ...] = ()
    outcome: str | None = None


@dataclass(frozen=True)
class Review:
    first: date  # Monday
    last: date  # Sunday
    urges: int
    held: int
    hardest_hour: int | None  # 0-23, None without urges
    best_tool: str | None  # one of TOOLS, None when nothing can be said


def week_ending(today: date) -> tuple[date, date]:
    """The Monday-to-Sunday week that contains `today` (a Sunday review covers that week)."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def from_rows(rows: Iterable[Urge], zone: ZoneInfo) -> list[WeekUrge]:
    """Stored urges as `WeekUrge`s in the person's local time."""
    return [
        WeekUrge(
            at=row.started_at.astimezone(zone),
            before=row.strength_before,
            after=row.strength_after,
            tools=tuple(row.tools),
            outcome=row.outcome,
        )
        for row in rows
    ]


def hardest_hour(urges: Sequence[WeekUrge]) -> int | None:
    """The hour with the most urges; a tie goes to the one that pulled harder."""
    if not urges:
        return None
    counts = Counter(u.at.hour for u in urges)
    pull: dict[int, int] = Counter()
    for u in urges:
        pull[u.at.hour] += u.before or 0
    return max(counts, key=lambda h: (counts[h], pull[h], -h))


def best_tool(urges: Sequence[WeekUrge]) -> str | None:
    """The tool after which the pull eased most on average; without strengths to compare,
    the tool used most in urges that were held."""
    drops: dict[str, list[int]] = {}
    for u in urges:
        if u.before is None or u.after is None:
            continue
        for tool in set(u.tools) & set(TOOLS):
            drops.setdefault(tool, []).append(u.before - u.after)
    if drops:
        tool, values = max(
            drops.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), len(kv[1]), kv[0])
        )
        return tool if sum(values) > 0 else None
    used = Counter(t for u in urges if u.outcome == "held" for t in u.tools if t in TOOLS)
    if not used:
        return None
    return max(used, key=lambda t: (used[t], t))


def review(urges: Iterable[WeekUrge], today: date) -> Review:
    """The review of the week that contains `today`."""
    first, last = week_ending(today)
    week = [u for u in urges if first <= u.at.date() <= last]
    return Review(
        first=first,
        last=last,
        urges=len(week),
        held=sum(1 for u in week if u.outcome == "held"),
        hardest_hour=hardest_hour(week),
        best_tool=best_tool(week),
    )


def text(lib: Library, r: Review) -> str:
    """The review in a few short lines (words from `progress.toml`)."""
    lines = [lib.ui("progress_weekly_title", date=r.first.strftime("%d %b"))]
    if r.urges == 0:
        lines.append(lib.ui("progress_weekly_no_urges"))
    else:
        lines.append(lib.ui("progress_weekly_held", value=r.held, count=r.urges))
        if r.hardest_hour is not None:
            lines.append(lib.ui("progress_weekly_hardest", time=f"{r.hardest_hour:02d}:00"))
        if r.best_tool is not None:
            tool = lib.ui(f"progress_tool_{r.best_tool}")
            lines.append(lib.ui("progress_weekly_tool", detail=tool))
    lines.append(lib.ui("progress_weekly_footer"))
    return "\n".join(lines)
