"""Every message the bot sends unasked, rendered into `Reply` objects. Pure: no I/O, no clock.

The scheduler decides *when*; this module decides *what it says*, from the content library
and the day's program (`bot/domain/program.py`), using the same `Reply`/`Button` types as answers,
so a nudge and a reply are rendered by the same adapter code. The buttons carry action ids
the engine already handles: `go:*`, `ci:<yyyymmdd>:m:<1-3>`, `rv:<plan>:<choice>`,
`ur:<urge>:a:<0-10>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol

from bot import actions
from bot.content.library import Item, Library, render_item
from bot.messages import Reply, rows

CHECKBACK_MINUTES = 15
MOODS = (1, 2, 3)  # rough, okay, good
REVIEW_CHOICES = ("extend", "move_on", "resume")


class MorningPlan(Protocol):
    """The parts of a day's plan the morning uses (`bot.domain.program.DailyPlan` has them all)."""

    @property
    def morning(self) -> Item: ...

    @property
    def task(self) -> Item: ...

    @property
    def milestone(self) -> Item | None: ...

    @property
    def phase_intro(self) -> Item | None: ...


def morning(lib: Library, plan: MorningPlan, fields: Mapping[str, str]) -> list[Reply]:
    """The morning: a milestone and a phase's opening when the day has them, then the day's
    encouragement with its small task and a way out if the morning is already hard."""
    out: list[Reply] = []
    if plan.milestone is not None:
        out.append(milestone(plan.milestone, fields))
    if plan.phase_intro is not None:
        out.append(Reply(render_item(plan.phase_intro, **fields)))
    text = "\n\n".join(
        (
            render_item(plan.morning, **fields),
            f"{lib.ui('nudge_task_intro', **fields)}\n{render_item(plan.task, **fields)}",
        )
    )
    buttons = rows(
        (
            actions.command_button(lib.ui("nudge_btn_struggling"), "urge"),
            actions.command_button(lib.ui("nudge_btn_journal"), "journal"),
        )
    )
    out.append(Reply(text, buttons=buttons))
    return out


def milestone(item: Item, fields: Mapping[str, str]) -> Reply:
    """A milestone (day 1, 3, 7, ..., every 30 days, the last day)."""
    return Reply(render_item(item, **fields))


def checkin(lib: Library, question: Item, day: date, fields: Mapping[str, str]) -> Reply:
    """The evening check-in: the day's question and three moods, tagged with the local date
    so a late press still files under the right day."""
    stamp = day.strftime("%Y%m%d")
    buttons = rows(
        tuple(
            actions.button(lib.ui(f"nudge_mood_{mood}"), actions.CHECKIN, stamp, "m", mood)
            for mood in MOODS
        )
    )
    # The question is for reflection; the buttons answer the plainer one below it.
    text = render_item(question, **fields) + "\n\n" + lib.ui("checkin_mood_ask")
    return Reply(text, buttons=buttons)


def review(
    lib: Library, intro: Item, plan_id: int, fields: Mapping[str, str], length: int = 0
) -> Reply:
    """The end-of-plan review: what now? Extend, move on, or resume contact.

    The buttons carry the plan's length at the time, so an old review (from before an
    extension) or a second press is recognised instead of extending twice."""
    buttons = rows(
        tuple(
            actions.button(
                lib.ui(f"nudge_review_{choice}"), actions.REVIEW, plan_id, choice, length
            )
            for choice in REVIEW_CHOICES
        )
    )
    return Reply(render_item(intro, **fields), buttons=buttons)


def checkback(lib: Library, urge_id: int, minutes: int = CHECKBACK_MINUTES) -> Reply:
    """After "wait 15 minutes": how strong is the urge now? 0-10.

    Laid out 0-3, 4-7, 8-10 like the urge flow's own strength question: Discord allows five
    buttons a row, so two rows of eleven cannot be shown there.
    """
    strength = [actions.button(str(n), actions.URGE, urge_id, "a", n) for n in range(11)]
    return Reply(
        lib.ui("nudge_checkback", minutes=minutes),
        buttons=rows(strength[:4], strength[4:8], strength[8:]),
    )
