"""The quieter tools: /journal, /drafts, /reasons, the evening /checkin."""

from __future__ import annotations

from datetime import date, datetime

from bot import actions, nudges, program
from bot.context import Ctx
from bot.flows import onboarding, slips
from bot.flows.common import program_day, streak_line, streak_of, text_fields
from bot.library import render_item
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.streak import plan_day

READ_BACK = 5  # entries shown at once; older ones are in /export


async def _journal_prompt(ctx: Ctx, n: int) -> tuple[str, str]:
    prompt = program.pick_journal_prompt(ctx.lib, *program_day(ctx), n=n)
    return prompt.id, render_item(prompt, **await text_fields(ctx))


async def journal(ctx: Ctx, n: int = 0) -> list[Reply]:
    prompt_id, text = await _journal_prompt(ctx, n)
    await ctx.go("journal", {"prompt_id": prompt_id, "n": n})
    return [
        Reply(
            ctx.t("journal_intro") + "\n\n" + ctx.t("quoted", detail=text),
            buttons=rows(
                [actions.button(ctx.t("btn_journal_next"), actions.JOURNAL, "next", n + 1)],
                [
                    actions.button(ctx.t("btn_journal_read"), actions.JOURNAL, "read"),
                    actions.button(ctx.t("btn_drafts_read"), actions.JOURNAL, "drafts"),
                ],
            ),
            expects="journal",
        )
    ]


async def journal_text(ctx: Ctx, text: str) -> list[Reply]:
    prompt_id = ctx.data.get("prompt_id")
    await ctx.store.add_journal(ctx.user.id, str(prompt_id) if prompt_id else None, text, ctx.now)
    await ctx.idle()
    count = len(await ctx.store.journal(ctx.user.id))
    return [Reply(ctx.t("journal_saved", count=count))]


def _stamp(ctx: Ctx, when: datetime) -> str:
    return when.astimezone(ctx.tz).strftime("%a %d %b, %H:%M")


async def read_journal(ctx: Ctx) -> list[Reply]:
    entries = await ctx.store.journal(ctx.user.id)
    if not entries:
        return [Reply(ctx.t("journal_empty"))]
    shown = entries[-READ_BACK:]
    body = "\n\n".join(f"{_stamp(ctx, e.created_at)}\n{e.text}" for e in shown)
    return [Reply(ctx.t("journal_read_intro", count=len(entries)) + "\n\n" + body)]


async def read_drafts(ctx: Ctx) -> list[Reply]:
    drafts = await ctx.store.drafts(ctx.user.id)
    if not drafts:
        return [Reply(ctx.t("drafts_empty"))]
    shown = drafts[-READ_BACK:]
    body = "\n\n".join(f"{_stamp(ctx, d.created_at)}\n“{d.text}”" for d in shown)
    return [Reply(ctx.t("drafts_intro", count=len(drafts)) + "\n\n" + body)]


async def on_journal_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    what = action.part(0)
    if what == "next":
        n = action.int_part(1)
        if n is None:
            return [Reply(ctx.t("stale_button"))]
        return await journal(ctx, min(n, 50))
    if what == "read":
        return await read_journal(ctx)
    if what == "drafts":
        return await read_drafts(ctx)
    return [Reply(ctx.t("stale_button"))]


# --- reasons ----------------------------------------------------------------------------


async def reasons(ctx: Ctx) -> list[Reply]:
    items = await ctx.store.reasons(ctx.user.id)
    if not items:
        return [await onboarding.ask(ctx, "reasons", single=True, prefix=ctx.t("reasons_none"))]
    body = "\n".join(f"• {r.text}" for r in items)
    buttons: list[Button] = []
    if len(items) < onboarding.MAX_REASONS:
        buttons.append(actions.button(ctx.t("btn_reason_add"), actions.REASONS, "add"))
    buttons.append(actions.button(ctx.t("btn_reason_clear"), actions.REASONS, "clear"))
    return [Reply(ctx.t("reasons_list") + "\n" + body, buttons=rows(buttons))]


async def on_reasons_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    what = action.part(0)
    if what == "add":
        return [await onboarding.ask(ctx, "reasons", single=True)]
    if what == "clear":
        await ctx.store.clear_reasons(ctx.user.id)
        return [await onboarding.ask(ctx, "reasons", single=True, prefix=ctx.t("reasons_cleared"))]
    return [Reply(ctx.t("stale_button"))]


# --- evening check-in -------------------------------------------------------------------


def _date_key(day: date) -> str:
    return day.strftime("%Y%m%d")


def _parse_date_key(raw: str) -> date | None:
    """The day a check-in button was made for (`yyyymmdd`, ASCII digits), or None."""
    if len(raw) != 8 or actions.parse_number(raw) is None:
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None


async def checkin(ctx: Ctx) -> list[Reply]:
    """The same check-in the scheduler sends in the evening, asked now."""
    key, day, length = program_day(ctx)
    question = program.pick_checkin_question(ctx.lib, key, day, length)
    fields = await text_fields(ctx)
    await ctx.idle()
    return [nudges.checkin(ctx.lib, question, ctx.today(), fields)]


async def on_checkin_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    raw, what, value = action.part(0), action.part(1), action.part(2)
    day = _parse_date_key(raw)
    # A day later than tomorrow was never offered (one day of slack for a changed zone).
    if day is None or (day - ctx.today()).days > 1:
        return [Reply(ctx.t("stale_button"))]
    if (ctx.today() - day).days > 1:
        return [
            Reply(
                ctx.t("checkin_stale"),
                buttons=rows([actions.command_button(ctx.t("btn_checkin_now"), "checkin")]),
            )
        ]
    key = _date_key(day)
    if what == "m" and value in {"1", "2", "3"}:
        await ctx.store.save_checkin(ctx.user.id, day, ctx.now, mood=int(value))
        held = [
            actions.button(ctx.t(f"btn_held_{h}"), actions.CHECKIN, key, "h", h)
            for h in ("yes", "limited", "no")
        ]
        return [
            Reply(
                ctx.t(f"checkin_mood_{value}") + "\n\n" + ctx.t("checkin_held_ask"),
                buttons=rows(held[:2], held[2:]),
            )
        ]
    if what == "h" and value in {"yes", "limited", "no"}:
        existing = await ctx.store.checkin_on(ctx.user.id, day)
        if existing is not None and existing.held is not None:
            return [Reply(ctx.t("already_saved"))]
        await ctx.store.save_checkin(ctx.user.id, day, ctx.now, held=value != "no")
        if value == "no":
            return await slips.start(ctx, via="checkin")
        if value == "limited":
            slip = await ctx.store.add_slip(ctx.user.id, ctx.now, day)
            await ctx.store.update_slip(slip.id, kind="limited")
        streak = await streak_of(ctx)
        text = (
            ctx.t("checkin_done", day=plan_day(ctx.plan.start_date, ctx.today()))
            + "\n\n"
            + streak_line(ctx, streak)
        )
        return [
            Reply(
                text,
                buttons=rows([actions.command_button(ctx.t("btn_journal"), "journal")]),
            )
        ]
    return [Reply(ctx.t("stale_button"))]


async def _journal_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await journal(ctx)


async def _drafts_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await read_drafts(ctx)


async def _checkin_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await checkin(ctx)


async def _reasons_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await reasons(ctx)


JOURNAL_FLOW = Flow(
    name="journal",
    prefix=actions.JOURNAL,
    on_action=on_journal_action,
    on_text=journal_text,
    commands={"journal": _journal_command, "drafts": _drafts_command},
    captures=frozenset({""}),  # everything typed at the prompt is the entry
)
CHECKIN_FLOW = Flow(
    name="checkin",
    prefix=actions.CHECKIN,
    on_action=on_checkin_action,
    commands={"checkin": _checkin_command},
)
REASONS_FLOW = Flow(
    name="reasons",
    prefix=actions.REASONS,
    on_action=on_reasons_action,
    commands={"reasons": _reasons_command},
)
