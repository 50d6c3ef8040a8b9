"""/urge: the moment someone is about to reach out. The product's heart.

Acknowledge without judgment, measure the pull, put the person's own reasons and streak in
front of them, offer something to do instead, then check back. Every step is one tap, and
each button carries the urge's id so a repeated or stale tap is answered, not re-applied.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot import actions, buddy, program
from bot.context import Ctx
from bot.flows import slips
from bot.flows.common import MAX_SAVED_CHARS, program_day, streak_line, streak_of, text_fields
from bot.library import render_item
from bot.messages import Button, Reply, rows
from bot.parsing import in_quiet_hours
from bot.registry import Flow
from bot.storage.models import Urge

WAIT_MINUTES = 15

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TYPED_STRENGTH = re.compile(r"(?:an? )?(\w+)(?: ?(?:/|out of) ?10)?[.!]*", re.IGNORECASE)


def typed_strength(text: str) -> int | None:
    """A strength typed instead of tapped: "7", "7/10", "an 8 out of 10", "seven"."""
    found = _TYPED_STRENGTH.fullmatch(" ".join(text.split()))
    if found is None:
        return None
    word = found.group(1).lower()
    if word.isdecimal():  # any script's digits: int() reads them all
        # Bounded first: int() refuses a string of thousands of digits by raising.
        return int(word) if len(word) <= 2 and int(word) <= 10 else None
    return _WORDS.index(word) if word in _WORDS else None


def strength_rows(urge_id: int, field: str) -> tuple[tuple[Button, ...], ...]:
    """0-10 as two rows (Discord allows five buttons a row, so 0-4, 5-10 won't do)."""
    make = [actions.button(str(n), actions.URGE, urge_id, field, n) for n in range(11)]
    return (tuple(make[0:4]), tuple(make[4:8]), tuple(make[8:11]))


async def _tool_rows(ctx: Ctx, urge_id: int) -> tuple[tuple[Button, ...], ...]:
    def tool(key: str) -> Button:
        return actions.button(ctx.t(f"btn_tool_{key}"), actions.URGE, urge_id, "t", key)

    return rows(
        [tool("write"), tool("wait")],
        [tool("task"), tool("breathe")],
        [tool("passed"), *(await buddy.urge_buttons(ctx, urge_id))],
    )


async def start(ctx: Ctx, source: str = "command") -> list[Reply]:
    urge = await ctx.store.add_urge(ctx.user.id, ctx.now, source)
    await ctx.go("urge", {"urge_id": urge.id, "await": "before"})
    key = "urge_ack_detected" if source == "detector" else "urge_ack"
    return [Reply(ctx.t(key), buttons=strength_rows(urge.id, "s"))]


async def _reasons_block(ctx: Ctx, urge: Urge) -> str:
    reasons = await ctx.store.reasons(ctx.user.id)
    if reasons:
        bullets = "\n".join(f"• {r.text}" for r in reasons)
        return f"{ctx.t('urge_your_reasons')}\n{bullets}"
    line = program.pick_urge_line(ctx.lib, str(ctx.user.id), str(urge.id))
    text = render_item(line, **await text_fields(ctx))
    return ctx.lib.ui("urge_no_reasons_intro") + "\n" + ctx.t("quoted", detail=text)


async def _strength(ctx: Ctx, urge: Urge, n: int) -> list[Reply]:
    await ctx.store.update_urge(urge.id, strength_before=n)
    streak = await streak_of(ctx)
    parts = [ctx.t("urge_strength_high" if n >= 7 else "urge_strength_ok", strength=n)]
    parts.append(await _reasons_block(ctx, urge))
    parts.append(streak_line(ctx, streak))
    parts.append(ctx.t("urge_tools_ask"))
    await ctx.go("urge", {"urge_id": urge.id, "await": "tool"})
    return [Reply("\n\n".join(parts), buttons=await _tool_rows(ctx, urge.id))]


def _after_ask(ctx: Ctx, urge: Urge, key: str = "urge_after_ask") -> Reply:
    return Reply(ctx.t(key), buttons=strength_rows(urge.id, "a"))


async def _tool(ctx: Ctx, urge: Urge, tool: str) -> list[Reply]:
    used = [t for t in urge.tools.split(",") if t]
    if tool not in used:
        used.append(tool)
        await ctx.store.update_urge(urge.id, tools=",".join(used)[:128])
    if tool == "write":
        await ctx.go("urge", {"urge_id": urge.id, "await": "draft"})
        return [Reply(ctx.t("urge_write_prompt"), expects="draft")]
    await ctx.go("urge", {"urge_id": urge.id, "await": "after"})
    if tool == "wait":
        return [await _wait(ctx, urge)]
    if tool == "task":
        key, day, length = program_day(ctx)
        task = program.pick_task_now(ctx.lib, key, f"{urge.id}:{len(used)}", day, length)
        shown = render_item(task, **await text_fields(ctx))
        text = ctx.t("urge_task_intro") + "\n\n" + shown + "\n\n" + ctx.t("urge_after_ask")
        return [Reply(text, buttons=strength_rows(urge.id, "a"))]
    if tool == "breathe":
        return [Reply(ctx.t("breathe_script")), _after_ask(ctx, urge)]
    return [_after_ask(ctx, urge, "urge_passed_ask")]


async def _wait(ctx: Ctx, urge: Urge) -> Reply:
    pending = urge.checkback_due_at is not None and urge.checkback_sent_at is None
    due = urge.checkback_due_at if pending and urge.checkback_due_at else None
    if due is None:
        due = ctx.now + timedelta(minutes=WAIT_MINUTES)
        await ctx.store.update_urge(urge.id, checkback_due_at=due)
    local_due = due.astimezone(ctx.tz)
    at = local_due.hour * 60 + local_due.minute
    quiet = in_quiet_hours(at, ctx.user.quiet_start, ctx.user.quiet_end)
    key = "urge_wait_quiet" if quiet else ("urge_wait_already" if pending else "urge_wait")
    text = ctx.t(key, minutes=WAIT_MINUTES, time=local_due.strftime("%H:%M"))
    return Reply(
        text,
        buttons=rows(
            [actions.button(ctx.t("btn_tool_passed"), actions.URGE, urge.id, "t", "passed")],
            [
                actions.button(ctx.t("btn_tool_task"), actions.URGE, urge.id, "t", "task"),
                actions.button(ctx.t("btn_tool_breathe"), actions.URGE, urge.id, "t", "breathe"),
            ],
        ),
    )


async def _after(ctx: Ctx, urge: Urge, n: int) -> list[Reply]:
    await ctx.store.update_urge(urge.id, strength_after=n)
    await ctx.go("urge", {"urge_id": urge.id, "await": "outcome"})
    before = urge.strength_before
    if before is not None and n < before:
        change = ctx.t("urge_after_lower", strength=before, value=n)
    elif before is not None and n > before:
        change = ctx.t("urge_after_higher", strength=before, value=n)
    else:
        change = ctx.t("urge_after_same", value=n)

    def outcome(key: str) -> Button:
        return actions.button(ctx.t(f"btn_outcome_{key}"), actions.URGE, urge.id, "o", key)

    return [
        Reply(
            change + "\n\n" + ctx.t("urge_outcome_ask"),
            buttons=rows([outcome("held")], [outcome("deciding")], [outcome("sent")]),
        )
    ]


def _trigger_rows(ctx: Ctx, flow: str, item_id: int) -> tuple[tuple[Button, ...], ...]:
    made = [
        actions.button(ctx.t(f"btn_trigger_{g}"), flow, item_id, "g", g) for g in actions.TRIGGERS
    ]
    return (tuple(made[0:3]), tuple(made[3:6]), (made[6],))


async def _outcome(ctx: Ctx, urge: Urge, outcome: str) -> list[Reply]:
    if urge.outcome in {"held", "sent"}:
        return [Reply(ctx.t("already_saved"))]
    if outcome == "deciding":
        await ctx.store.update_urge(urge.id, outcome="deciding")
        await ctx.go("urge", {"urge_id": urge.id, "await": "tool"})
        return [Reply(ctx.t("urge_deciding"), buttons=await _tool_rows(ctx, urge.id))]
    await ctx.store.update_urge(urge.id, outcome=outcome, closed_at=ctx.now)
    if outcome == "sent":
        return await slips.start(ctx, via="urge")
    held = sum(1 for u in await ctx.store.urges(ctx.user.id) if u.outcome == "held")
    await ctx.go("urge", {"urge_id": urge.id, "await": "trigger"})
    text = "\n\n".join([ctx.t("urge_held", count=held), ctx.t("trigger_ask")])
    return [Reply(text, buttons=_trigger_rows(ctx, actions.URGE, urge.id))]


async def _trigger(ctx: Ctx, urge: Urge, trigger: str) -> list[Reply]:
    if trigger not in actions.TRIGGERS:
        return [Reply(ctx.t("stale_button"))]
    await ctx.store.update_urge(urge.id, trigger=trigger)
    await ctx.idle()
    return [Reply(ctx.t("trigger_saved"))]


async def on_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    urge_id = action.int_part(0)
    urge = await ctx.store.get_urge(ctx.user.id, urge_id) if urge_id is not None else None
    if urge is None:
        return [Reply(ctx.t("stale_button"))]
    kind, value = action.part(1), action.part(2)
    if kind == "o":
        if value not in actions.OUTCOMES:
            return [Reply(ctx.t("stale_button"))]
        return await _outcome(ctx, urge, value)
    if kind == "g":
        return await _trigger(ctx, urge, value)
    if urge.closed_at is not None:
        return [
            Reply(
                ctx.t("urge_closed"),
                buttons=rows([actions.command_button(ctx.t("btn_urge_again"), "urge")]),
            )
        ]
    strength = actions.parse_number(value, maximum=10)
    if kind in {"s", "a"} and strength is not None:
        if kind == "s":
            return await _strength(ctx, urge, strength)
        return await _after(ctx, urge, strength)
    if kind == "t" and value in actions.TOOLS:
        return await _tool(ctx, urge, value)
    return [Reply(ctx.t("stale_button"))]


async def on_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """Typed answers inside the flow; None when the text is not an answer to it."""
    urge_id = ctx.data.get("urge_id")
    urge = await ctx.store.get_urge(ctx.user.id, int(urge_id)) if urge_id else None
    if urge is None:
        await ctx.idle()
        return None
    waiting = ctx.data.get("await")
    if waiting == "draft":
        for start in range(0, len(text), MAX_SAVED_CHARS):
            await ctx.store.add_draft(
                ctx.user.id, urge.id, text[start : start + MAX_SAVED_CHARS], ctx.now
            )
        await ctx.go("urge", {"urge_id": urge.id, "await": "after"})
        return [Reply(ctx.t("urge_draft_saved")), _after_ask(ctx, urge)]
    if waiting not in {"before", "after"}:
        return None
    number = typed_strength(text)
    if number is not None:
        if waiting == "before":
            return await _strength(ctx, urge, number)
        return await _after(ctx, urge, number)
    if len(text.split()) <= 3:  # "ok", "done", "did it": the question is still open
        return [
            Reply(
                ctx.t("urge_strength_again"),
                buttons=strength_rows(urge.id, "s" if waiting == "before" else "a"),
            )
        ]
    return None


async def _urge_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await start(ctx)


FLOW = Flow(
    name="urge",
    prefix=actions.URGE,
    on_action=on_action,
    on_text=on_text,
    commands={"urge": _urge_command},
    captures=frozenset({"draft"}),
)
