"""A slip: contact happened. Recorded honestly, met without shame, history kept.

The person chooses what it means for the count: start again (the plan restarts tomorrow,
history stays) or limited contact (logistics: children, a lease, belongings; no reset).
"""

from __future__ import annotations

from datetime import timedelta

from bot import actions, buddy
from bot.context import Ctx
from bot.flows.common import MAX_SAVED_CHARS, clean_text, days, streak_of, text_fields
from bot.library import render_item
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.storage.models import Slip


async def start(ctx: Ctx, via: str = "command") -> list[Reply]:
    slip = await ctx.store.add_slip(ctx.user.id, ctx.now, ctx.today())
    await ctx.go("slip", {"slip_id": slip.id})
    recovery = ctx.lib.pick("slip_recovery", f"{ctx.user.id}:{slip.id}")
    intro = ctx.t("slip_ack_urge" if via == "urge" else "slip_ack")
    shown = render_item(recovery, **await text_fields(ctx))
    text = "\n\n".join([intro, shown, ctx.t("slip_choose")])

    def kind(key: str) -> Button:
        return actions.button(ctx.t(f"btn_slip_{key}"), actions.SLIP, slip.id, "k", key)

    return [Reply(text, buttons=rows([kind("reset")], [kind("limited")]))]


def _followup_rows(ctx: Ctx, slip: Slip) -> tuple[tuple[Button, ...], ...]:
    made = [
        actions.button(ctx.t(f"btn_trigger_{g}"), actions.SLIP, slip.id, "g", g)
        for g in actions.TRIGGERS
    ]
    return (
        tuple(made[0:3]),
        tuple(made[3:6]),
        (made[6],),
        (
            actions.button(ctx.t("btn_add_note"), actions.SLIP, slip.id, "note"),
            actions.button(ctx.t("btn_done"), actions.SLIP, slip.id, "done"),
        ),
    )


async def _choose(ctx: Ctx, slip: Slip, kind: str) -> list[Reply]:
    if slip.kind is not None:
        return [Reply(ctx.t(f"slip_already_{slip.kind}"))]
    await ctx.store.update_slip(slip.id, kind=kind)
    if kind == "reset":
        tomorrow = slip.local_date + timedelta(days=1)
        await ctx.store.update_plan(ctx.plan.id, ended_at=ctx.now, outcome="restarted")
        ctx.plan = await ctx.store.add_plan(ctx.user.id, tomorrow, ctx.plan.length_days, ctx.now)
        streak = await streak_of(ctx)
        text = ctx.t(
            "slip_reset_ok" if streak.longest else "slip_reset_first",
            longest=days(streak.longest),
            total=days(streak.total),
            days=ctx.plan.length_days,
        )
    else:
        streak = await streak_of(ctx)
        text = ctx.t("slip_limited_ok", streak=days(streak.current))
    await _tell_buddy(ctx)
    return [Reply(text + "\n\n" + ctx.t("slip_trigger_ask"), buttons=_followup_rows(ctx, slip))]


async def _tell_buddy(ctx: Ctx) -> None:
    """If the person chose to share slips with a buddy, let the buddy know (no details)."""
    notice = await buddy.buddy_notice(ctx.store, ctx.lib, ctx.user.id, "slip")
    if notice is not None:
        await ctx.notify(*notice)


async def on_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    slip_id = action.int_part(0)
    slip = await ctx.store.get_slip(ctx.user.id, slip_id) if slip_id is not None else None
    if slip is None:
        return [Reply(ctx.t("stale_button"))]
    what = action.part(1)
    if what == "k" and action.part(2) in {"reset", "limited"}:
        return await _choose(ctx, slip, action.part(2))
    if what == "g" and action.part(2) in actions.TRIGGERS:
        await ctx.store.update_slip(slip.id, trigger=action.part(2))
        return [
            Reply(
                ctx.t("trigger_saved"),
                buttons=rows(
                    [
                        actions.button(ctx.t("btn_add_note"), actions.SLIP, slip.id, "note"),
                        actions.button(ctx.t("btn_done"), actions.SLIP, slip.id, "done"),
                    ]
                ),
            )
        ]
    if what == "note":
        await ctx.go("slip", {"slip_id": slip.id, "await": "note"})
        return [Reply(ctx.t("slip_note_ask"), expects="note")]
    if what == "done":
        await ctx.idle()
        return [Reply(ctx.t("slip_done"))]
    return [Reply(ctx.t("stale_button"))]


async def on_text(ctx: Ctx, text: str) -> list[Reply] | None:
    if ctx.data.get("await") != "note":
        return None
    slip_id = ctx.data.get("slip_id")
    slip = await ctx.store.get_slip(ctx.user.id, int(slip_id)) if slip_id else None
    await ctx.idle()
    if slip is None:
        return None
    note = clean_text(text)[:MAX_SAVED_CHARS]
    await ctx.store.update_slip(slip.id, note=note)
    return [Reply(ctx.t("slip_note_saved"))]


async def _slip_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await start(ctx)


FLOW = Flow(
    name="slip",
    prefix=actions.SLIP,
    on_action=on_action,
    on_text=on_text,
    commands={"slip": _slip_command},
    captures=frozenset({"note"}),
)
