"""/progress for one person: gather their plan, slips and urges, draw, answer.

The drawing itself is `bot.features.progress.render_png` (pure); this module is the part that reads
the store, answers the command (`FLOW`) and keeps the weekly-review opt-in, a `wk:<on|off>`
button under /progress (old `bd:weekly:<on|off>` buttons reach `on_weekly_action` through
`bot.features.buddy`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot import actions
from bot.actions import Action
from bot.content.library import Library
from bot.context import Ctx
from bot.domain.streak import restarts
from bot.features import progress, weekly
from bot.flows.common import day_fields, streak_of
from bot.messages import Attachment, Button, Reply, rows
from bot.registry import Flow
from bot.storage import progress_store
from bot.storage.store import Store

log = logging.getLogger(__name__)

# Rendering is CPU work: it runs in a worker thread so it cannot stall other people's
# messages, one picture at a time (matplotlib's font caches are not made for threads).
_RENDER_LOCK = threading.Lock()


def _render(data: progress.ProgressData) -> bytes:
    with _RENDER_LOCK:
        return progress.render_png(data)


async def gather(ctx: Ctx) -> progress.ProgressData:
    """Everything the picture needs, in the person's local time."""
    plans = await ctx.store.plans(ctx.user.id)
    slips = await ctx.store.slips(ctx.user.id)
    urges = await ctx.store.urges(ctx.user.id)
    start = min((p.start_date for p in plans), default=ctx.today())
    end = ctx.plan.start_date + timedelta(days=ctx.plan.length_days - 1)
    if ctx.plan.ended_at is not None:
        end = min(end, ctx.plan.ended_at.astimezone(ctx.tz).date())
    labels = {key: ctx.t(f"progress_{key}") for key in progress.LABEL_KEYS}
    return progress.ProgressData(
        today=ctx.today(),
        start=start,
        end=end,
        reset_days=frozenset(s.local_date for s in slips if restarts(s.kind)),
        limited_days=frozenset(s.local_date for s in slips if s.kind == "limited"),
        urges=tuple(
            progress.UrgePoint(u.started_at.astimezone(ctx.tz), u.strength_before, u.strength_after)
            for u in urges
        ),
        labels=labels,
    )


async def summary(ctx: Ctx, data: progress.ProgressData) -> str:
    """Two lines: where the plan stands, and what the urges have looked like."""
    streak = await streak_of(ctx)
    fields = day_fields(ctx, streak)
    if ctx.plan.start_date > ctx.today():
        first = ctx.t("progress_summary_not_started", date=ctx.plan.start_date.isoformat())
    elif ctx.plan.ended_at is not None:
        first = ctx.t("progress_summary_ended", **fields)
    else:
        first = ctx.t("progress_summary_days", **fields)
    urges = await ctx.store.urges(ctx.user.id)
    held = sum(1 for u in urges if u.outcome == "held")
    rated = [
        (u.strength_before, u.strength_after)
        for u in urges
        if u.strength_before is not None and u.strength_after is not None
    ]
    if not urges:
        second = ctx.t("progress_summary_no_urges")
    elif rated:
        before = sum(b for b, _ in rated) / len(rated)
        after = sum(a for _, a in rated) / len(rated)
        second = ctx.t(
            "progress_summary_urges",
            count=len(urges),
            value=held,
            strength=f"{before:.1f}",
            detail=f"{after:.1f}",
        )
    else:
        second = ctx.t("progress_summary_urges_plain", count=len(urges), value=held)
    return f"{first}\n{second}"


async def weekly_button(ctx: Ctx) -> Button:
    if await progress_store.weekly_review_on(ctx.store, ctx.user.id):
        return actions.button(ctx.t("progress_weekly_btn_off"), actions.WEEKLY, "off")
    return actions.button(ctx.t("progress_weekly_btn_on"), actions.WEEKLY, "on")


async def progress_reply(ctx: Ctx) -> list[Reply]:
    data = await gather(ctx)
    text = await summary(ctx, data)
    buttons = rows([await weekly_button(ctx)])
    try:
        png = await asyncio.to_thread(_render, data)
    except Exception:
        log.exception("progress picture failed for user %s", ctx.user.id)
        return [Reply(text + "\n\n" + ctx.t("progress_failed"), buttons=buttons)]
    name = f"progress-{ctx.today().isoformat()}.png"
    return [
        Reply(text, buttons=buttons, attachment=Attachment(name, png, "image/png", kind="image"))
    ]


async def on_weekly_action(ctx: Ctx, action: Action) -> list[Reply]:
    """`wk:on` / `wk:off`, and the older `bd:weekly:on` / `bd:weekly:off`."""
    choice = action.part(1) if action.flow == actions.BUDDY else action.part(0)
    if choice not in {"on", "off"}:
        return [Reply(ctx.t("stale_button"))]
    await progress_store.set_weekly_review(ctx.store, ctx.user.id, choice == "on", ctx.now)
    key = "progress_weekly_now_on" if choice == "on" else "progress_weekly_now_off"
    return [Reply(ctx.t(key), buttons=rows([await weekly_button(ctx)]))]


async def weekly_review_reply(
    store: Store, lib: Library, user_id: int, zone: ZoneInfo, today: date
) -> Reply | None:
    """The Sunday review for one person, or None if they haven't opted in: what a "weekly"
    nudge sends (the scheduler decides when: Sunday, at their check-in time)."""
    if not await progress_store.weekly_review_on(store, user_id):
        return None
    urges = weekly.from_rows(await store.urges(user_id), zone)
    text = weekly.text(lib, weekly.review(urges, today))
    off = actions.button(lib.ui("progress_weekly_btn_off"), actions.WEEKLY, "off")
    return Reply(text, buttons=rows([off]))


async def on_progress_command(ctx: Ctx, arg: str | None) -> list[Reply]:
    """/progress: the picture, a two-line summary, and the weekly-review choice."""
    return await progress_reply(ctx)


FLOW = Flow(
    name="progress",
    prefix=actions.WEEKLY,
    on_action=on_weekly_action,
    commands={"progress": on_progress_command},
)
