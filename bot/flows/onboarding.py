"""Onboarding: the plan exists from the first /start; these steps only tailor it.

Every step can be skipped, typed or tapped, and every command works in the middle of it.
The same step prompts serve /settings and argument-less setting commands ("single" mode),
so a setting is asked for, parsed and confirmed in exactly one place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot import actions
from bot.context import Ctx
from bot.crisis import parse_country
from bot.flows.common import MAX_NICKNAME_CHARS, MAX_REASON_CHARS, clean_text, streak_of
from bot.messages import Button, Reply, chunked, rows
from bot.parsing import (
    MAX_PLAN_DAYS,
    MIN_PLAN_DAYS,
    RECOMMENDED_MIN_DAYS,
    parse_length,
    parse_quiet,
    parse_start,
    parse_time,
)
from bot.registry import Flow
from bot.streak import plan_day
from bot.timezones import parse_timezone

MAX_REASONS = 5
STEPS = ("len", "start", "reasons", "tz", "cc", "am", "pm", "quiet", "nick")

# What a step's apply returns: None when the answer was understood (and saved), otherwise
# the key of a kind "didn't get that" text.
Apply = Callable[[Ctx, str], Awaitable[str | None]]


@dataclass(frozen=True)
class Step:
    key: str
    ask: str  # ui key of the question
    choices: Callable[[Ctx], list[tuple[str, str]]]  # (label, value) buttons
    apply: Apply
    per_row: int = 3


def _b(ctx: Ctx, step: str, label: str, value: str) -> Button:
    return actions.button(label, actions.ONBOARD, step, value)


# --- appliers ---------------------------------------------------------------------------


async def _apply_length(ctx: Ctx, text: str) -> str | None:
    days = parse_length(text)
    if days is None:
        return "ob_len_bad"
    if days < MIN_PLAN_DAYS:
        return "ob_len_too_short"
    if days > MAX_PLAN_DAYS:
        return "ob_len_too_long"
    await ctx.store.update_plan(ctx.plan.id, length_days=days)
    ctx.plan.length_days = days
    return None


async def _apply_start(ctx: Ctx, text: str) -> str | None:
    today = ctx.today()
    # A bare number is "days ago" (the buttons send 0, 1, 3, 7); bounded before the date
    # arithmetic, so a huge one is a wrong answer rather than an overflow.
    ago = actions.parse_number(text, maximum=MAX_PLAN_DAYS + 1)
    if ago is not None:
        start: date | None = today - timedelta(days=ago)
    elif text.isdigit():
        start = None
    else:
        start = parse_start(text, today)
    if start is None or start > today or (today - start).days > MAX_PLAN_DAYS:
        return "ob_start_bad"
    await ctx.store.update_plan(ctx.plan.id, start_date=start)
    ctx.plan.start_date = start
    return None


async def _apply_tz(ctx: Ctx, text: str) -> str | None:
    zone = parse_timezone(text)
    if zone is None:
        return "ob_tz_bad"
    old_today = ctx.today()
    await ctx.update_user(timezone=zone)
    ctx.user.timezone = zone
    if ctx.plan.start_date == old_today != ctx.today():
        # "Starting today" keeps meaning the person's today in their own zone.
        await ctx.store.update_plan(ctx.plan.id, start_date=ctx.today())
        ctx.plan.start_date = ctx.today()
    return None


async def _apply_country(ctx: Ctx, text: str) -> str | None:
    code = parse_country(text)
    if code is None:
        return "ob_cc_bad"
    await ctx.update_user(country=code)
    ctx.user.country = code
    return None


def _time_applier(column: str) -> Apply:
    async def apply(ctx: Ctx, text: str) -> str | None:
        four_digits = len(text) == 4 and actions.parse_number(text) is not None
        value = parse_time(text[:2] + ":" + text[2:] if four_digits else text)
        if value is None:
            return "ob_time_bad"
        await ctx.update_user(**{column: value})
        setattr(ctx.user, column, value)
        return None

    return apply


async def _apply_quiet(ctx: Ctx, text: str) -> str | None:
    if text == "keep":
        return None
    window = parse_quiet(text)
    if window is None:
        return "ob_quiet_bad"
    await ctx.update_user(quiet_start=window[0], quiet_end=window[1])
    ctx.user.quiet_start, ctx.user.quiet_end = window
    return None


async def _apply_nick(ctx: Ctx, text: str) -> str | None:
    nick = clean_text(text)
    if not nick or len(nick) > MAX_NICKNAME_CHARS or "\n" in nick:
        return "ob_nick_bad"
    await ctx.update_user(ex_nickname=nick)
    ctx.user.ex_nickname = nick
    return None


async def _apply_reason(ctx: Ctx, text: str) -> str | None:
    reason = clean_text(text)
    if not reason:
        return "ob_reason_empty"
    if len(reason) > MAX_REASON_CHARS:
        return "ob_reason_long"
    if len(await ctx.store.reasons(ctx.user.id)) >= MAX_REASONS:
        return "ob_reason_full"
    await ctx.store.add_reason(ctx.user.id, reason, ctx.now)
    return None


STEP_BY_KEY: dict[str, Step] = {
    s.key: s
    for s in (
        Step(
            "len",
            "ob_len_ask",
            lambda ctx: [
                (ctx.t("btn_len_30"), "30"),
                ("45", "45"),
                ("60", "60"),
                ("90", "90"),
            ],
            _apply_length,
            per_row=4,
        ),
        Step(
            "start",
            "ob_start_ask",
            lambda ctx: [
                (ctx.t("btn_today"), "0"),
                (ctx.t("btn_yesterday"), "1"),
                (ctx.t("btn_days_ago", count=3), "3"),
                (ctx.t("btn_week_ago"), "7"),
            ],
            _apply_start,
            per_row=2,
        ),
        Step("reasons", "ob_reasons_ask", lambda ctx: [], _apply_reason),
        Step(
            "tz",
            "ob_tz_ask",
            lambda ctx: [
                ("London", "Europe/London"),
                ("Berlin", "Europe/Berlin"),
                ("New York", "America/New_York"),
                ("Chicago", "America/Chicago"),
                ("Los Angeles", "America/Los_Angeles"),
                ("Sydney", "Australia/Sydney"),
            ],
            _apply_tz,
        ),
        Step(
            "cc",
            "ob_cc_ask",
            lambda ctx: [
                ("US", "US"),
                ("Canada", "CA"),
                ("UK", "GB"),
                ("Ireland", "IE"),
                ("Australia", "AU"),
                ("New Zealand", "NZ"),
            ],
            _apply_country,
        ),
        Step(
            "am",
            "ob_am_ask",
            lambda ctx: [(t, t.replace(":", "")) for t in ("07:00", "08:00", "09:00", "10:00")],
            _time_applier("morning_time"),
            per_row=4,
        ),
        Step(
            "pm",
            "ob_pm_ask",
            lambda ctx: [(t, t.replace(":", "")) for t in ("20:00", "21:00", "22:00")],
            _time_applier("checkin_time"),
            per_row=3,
        ),
        Step(
            "quiet",
            "ob_quiet_ask",
            lambda ctx: [(ctx.t("btn_keep"), "keep")],
            _apply_quiet,
        ),
        Step("nick", "ob_nick_ask", lambda ctx: [], _apply_nick),
    )
}


# --- asking -----------------------------------------------------------------------------


def _fields(ctx: Ctx) -> dict[str, object]:
    return {
        "days": ctx.plan.length_days,
        "zone": ctx.user.timezone,
        "time": ctx.user.morning_time,
        "quiet": f"{ctx.user.quiet_start}–{ctx.user.quiet_end}",
        "value": ctx.user.checkin_time,
    }


async def ask(ctx: Ctx, step_key: str, *, single: bool, prefix: str = "") -> Reply:
    """Put the question of one step, and wait for its answer."""
    step = STEP_BY_KEY[step_key]
    await ctx.go("onboard", {"step": step_key, "single": single})
    buttons = [_b(ctx, step_key, label, value) for label, value in step.choices(ctx)]
    extra: list[Button] = []
    if step_key == "reasons":
        count = len(await ctx.store.reasons(ctx.user.id))
        if count:
            extra.append(_b(ctx, step_key, ctx.t("btn_done"), "done"))
    if single:
        extra.append(_b(ctx, step_key, ctx.t("btn_cancel"), "cancel"))
    else:
        extra.append(_b(ctx, step_key, ctx.t("btn_skip"), "skip"))
        extra.append(actions.button(ctx.t("btn_skip_rest"), actions.ONBOARD, "stop"))
    text = ctx.t(step.ask, **_fields(ctx))
    position = (
        "" if single else ctx.t("ob_progress", count=STEPS.index(step_key) + 1, days=len(STEPS))
    )
    body = "\n\n".join(p for p in (prefix, text) if p)
    if position:
        body = f"{body}\n\n{position}"
    # Every step also takes a typed answer; `expects` lets adapters with forms offer one.
    return Reply(body, buttons=(*chunked(buttons, step.per_row), tuple(extra)), expects="answer")


async def begin(ctx: Ctx) -> list[Reply]:
    """/start for a person we just created: say what happens, then the first question."""
    streak = await streak_of(ctx)
    welcome = ctx.t(
        "welcome",
        days=ctx.plan.length_days,
        day=plan_day(ctx.plan.start_date, ctx.today()),
        streak=streak.current,
    )
    return [Reply(welcome), await ask(ctx, STEPS[0], single=False)]


async def resume(ctx: Ctx) -> list[Reply]:
    step = ctx.user.onboarding_step
    if not step or step not in STEP_BY_KEY:
        return []
    return [await ask(ctx, step, single=False, prefix=ctx.t("ob_resume"))]


async def _advance(ctx: Ctx, done_step: str, prefix: str) -> list[Reply]:
    index = STEPS.index(done_step) + 1
    if index >= len(STEPS):
        return await finish(ctx, prefix)
    nxt = STEPS[index]
    await ctx.update_user(onboarding_step=nxt)
    ctx.user.onboarding_step = nxt
    return [await ask(ctx, nxt, single=False, prefix=prefix)]


async def finish(ctx: Ctx, prefix: str = "") -> list[Reply]:
    await ctx.update_user(onboarding_step=None)
    ctx.user.onboarding_step = None
    await ctx.idle()
    summary = ctx.t(
        "ob_done",
        days=ctx.plan.length_days,
        day=plan_day(ctx.plan.start_date, ctx.today()),
        time=ctx.user.morning_time,
        value=ctx.user.checkin_time,
        zone=ctx.user.timezone,
    )
    text = "\n\n".join(p for p in (prefix, summary) if p)
    return [
        Reply(
            text,
            buttons=rows(
                [
                    actions.command_button(ctx.t("btn_urge"), "urge"),
                    actions.command_button(ctx.t("btn_status"), "status"),
                ]
            ),
        )
    ]


async def _saved_note(ctx: Ctx, step_key: str) -> str:
    """The confirmation after a step, plus the one-time note about plans under a month."""
    parts = [ctx.t(f"ob_{step_key}_ok", **_fields(ctx))]
    if (
        step_key == "len"
        and ctx.plan.length_days < RECOMMENDED_MIN_DAYS
        and not ctx.user.short_plan_noted
    ):
        parts.append(ctx.t("short_plan_note", days=ctx.plan.length_days))
        await ctx.update_user(short_plan_noted=True)
        ctx.user.short_plan_noted = True
    return "\n\n".join(parts)


async def answer(ctx: Ctx, step_key: str, value: str, *, single: bool) -> list[Reply]:
    """A typed or tapped answer to a step."""
    step = STEP_BY_KEY[step_key]
    if value == "cancel":
        await ctx.idle()
        return [Reply(ctx.t("cancelled"))]
    if value == "skip":
        return await _advance(ctx, step_key, ctx.t("ob_skipped"))
    if step_key == "reasons":
        if value.strip().lower() in {"done", "that's all", "thats all", "no more"}:
            return await _after_reasons(ctx, single)
        problem = await step.apply(ctx, value)
        if problem:
            return [
                await ask(ctx, step_key, single=single, prefix=ctx.t(problem, count=MAX_REASONS))
            ]
        count = len(await ctx.store.reasons(ctx.user.id))
        if count >= MAX_REASONS:
            return await _after_reasons(ctx, single, ctx.t("ob_reasons_full_ok", count=count))
        await ctx.go("onboard", {"step": step_key, "single": single})
        return [
            Reply(
                ctx.t("ob_reason_saved", count=count, days=MAX_REASONS),
                buttons=rows([_b(ctx, step_key, ctx.t("btn_done"), "done")]),
            )
        ]
    problem = await step.apply(ctx, value)
    if problem:
        return [await ask(ctx, step_key, single=single, prefix=ctx.t(problem))]
    note = await _saved_note(ctx, step_key)
    if single:
        await ctx.idle()
        return [Reply(note)]
    if ctx.user.onboarding_step != step_key:  # an old button from an earlier step
        return [Reply(note)]
    return await _advance(ctx, step_key, note)


async def _after_reasons(ctx: Ctx, single: bool, prefix: str = "") -> list[Reply]:
    reasons = await ctx.store.reasons(ctx.user.id)
    note = prefix or ctx.t("ob_reasons_ok", count=len(reasons))
    if single:
        await ctx.idle()
        return [Reply(note)]
    return await _advance(ctx, "reasons", note)


async def on_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    step_key = action.part(0)
    if step_key == "resume":
        if not ctx.user.onboarding_step:
            return [Reply(ctx.t("ob_already_done"))]
        return await resume(ctx)
    if step_key == "stop":
        return await finish(ctx, ctx.t("ob_stopped"))
    if step_key not in STEP_BY_KEY:
        return [Reply(ctx.t("stale_button"))]
    waiting_here = ctx.state == "onboard" and ctx.data.get("step") == step_key
    single = bool(ctx.data.get("single")) if waiting_here else ctx.user.onboarding_step != step_key
    value = action.part(1)
    if len(action.parts) != 2:
        return [Reply(ctx.t("stale_button"))]
    if value in {"skip", "done"} and not waiting_here:
        return [Reply(ctx.t("stale_button"))]
    # A button answers with one of the values it was made with; anything else is forged or
    # from an older version, and is not read as if it had been typed.
    offered = {v for _, v in STEP_BY_KEY[step_key].choices(ctx)} | {"skip", "done", "cancel"}
    if value not in offered:
        return [Reply(ctx.t("stale_button"))]
    return await answer(ctx, step_key, value, single=single)


async def on_text(ctx: Ctx, text: str) -> list[Reply]:
    step_key = str(ctx.data.get("step", ""))
    if step_key not in STEP_BY_KEY:
        await ctx.idle()
        return []
    return await answer(ctx, step_key, text, single=bool(ctx.data.get("single")))


FLOW = Flow(name="onboard", prefix=actions.ONBOARD, on_action=on_action, on_text=on_text)
