"""The quieter tools: /journal, /drafts, /reasons, the evening /checkin."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot import actions
from bot.content.library import render_item
from bot.context import Ctx
from bot.domain import nudges, program
from bot.domain.streak import plan_day
from bot.flows import onboarding, slips
from bot.flows.common import (
    crisis_check_pending,
    log_ex_contact,
    program_day,
    streak_line,
    streak_of,
    text_fields,
)
from bot.intent import Intent
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.text import typed_answers

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


CHECKIN_MINUTES = 6 * 60  # a typed answer this long after the question is not an answer
# With no step open (the scheduled check-in opens none), a mood typed up to this long after
# the check-in time answers it; later, "ok" at 3 a.m. is more likely about something else.
IDLE_ANSWER_MINUTES = 3 * 60
HELD_CHOICES = ("yes", "limited", "no")
# Typed words beyond the mood itself ("honestly rough. i keep replaying the last fight"):
# past this many, the person said something about the day, and hears it was heard.
SAID_MORE_WORDS = 3
HEARD_VARIANTS = 3


async def _wait_for(ctx: Ctx, day: date, step: str, *, limited: int | None = None) -> None:
    """Remember the check-in's open question, so a typed answer (or a bare number, which
    means a choice only while that list is the last one shown) is read against it.
    `limited`: the logistics contact the closing answer just logged, which a "no contact"
    typed next takes back."""
    data: dict[str, object] = {"day": _date_key(day), "await": step, "at": ctx.now.isoformat()}
    if limited is not None:
        data["limited"] = limited
    await ctx.go("checkin", data)


def _mood_buttons(ctx: Ctx, day: date) -> tuple[tuple[Button, ...], ...]:
    stamp = _date_key(day)
    return rows(
        tuple(
            actions.button(ctx.t(f"nudge_mood_{m}"), actions.CHECKIN, stamp, "m", m)
            for m in nudges.MOODS
        )
    )


def _held_buttons(ctx: Ctx, day: date) -> tuple[tuple[Button, ...], ...]:
    held = [
        actions.button(ctx.t(f"btn_held_{h}"), actions.CHECKIN, _date_key(day), "h", h)
        for h in HELD_CHOICES
    ]
    return rows(held[:2], held[2:])


async def checkin(ctx: Ctx) -> list[Reply]:
    """The same check-in the scheduler sends in the evening, asked now."""
    key, day, length = program_day(ctx)
    question = program.pick_checkin_question(ctx.lib, key, day, length)
    fields = await text_fields(ctx)
    await _wait_for(ctx, ctx.today(), "mood")
    return [nudges.checkin(ctx.lib, question, ctx.today(), fields)]


def _heard(ctx: Ctx, mood: int) -> str:
    """A short line for someone who said more than a mood, varied and never the one the
    same person heard last time."""
    n = 1 + (ctx.user.id + int(ctx.now.timestamp()) // 60) % HEARD_VARIANTS
    return ctx.t(f"checkin_heard_{mood}_{n}")


async def _save_mood(ctx: Ctx, day: date, mood: int, *, said_more: bool = False) -> list[Reply]:
    await ctx.store.save_checkin(ctx.user.id, day, ctx.now, mood=mood)
    await _wait_for(ctx, day, "held")
    first = _heard(ctx, mood) if said_more else ctx.t(f"checkin_mood_{mood}")
    return [Reply(first + "\n\n" + ctx.t("checkin_held_ask"), buttons=_held_buttons(ctx, day))]


async def _save_held(ctx: Ctx, day: date, value: str) -> list[Reply]:
    existing = await ctx.store.checkin_on(ctx.user.id, day)
    if existing is not None and existing.held is not None:
        await ctx.idle()
        return [Reply(ctx.t("already_saved"))]
    await ctx.store.save_checkin(ctx.user.id, day, ctx.now, held=value != "no")
    # Closed, but a stray number or mood word typed next still belongs to this check-in: it
    # is heard as that, and never starts something else.
    await _wait_for(ctx, day, "closed")
    if value == "no":
        return await slips.start(ctx, via="checkin")
    if value == "limited":
        slip = await ctx.store.add_slip(ctx.user.id, ctx.now, day)
        await ctx.store.update_slip(slip.id, kind="limited")
        await _wait_for(ctx, day, "closed", limited=slip.id)
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
    if what == "m" and value in {"1", "2", "3"}:
        return await _save_mood(ctx, day, int(value))
    if what == "h" and value in HELD_CHOICES:
        return await _save_held(ctx, day, value)
    return [Reply(ctx.t("stale_button"))]


def _checkin_lapsed(ctx: Ctx) -> bool:
    """An open check-in question is an answer's context for a few hours, not for ever."""
    try:
        asked = datetime.fromisoformat(str(ctx.data.get("at", "")))
    except ValueError:
        return True
    return (ctx.now - asked).total_seconds() > CHECKIN_MINUTES * 60


async def on_checkin_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """A typed answer to the open check-in question, in the words people use.

    What the step can't use is answered and the same question offered again; contact
    the words tell of (a slip, a message from them) goes where it belongs instead.
    """
    if crisis_check_pending(ctx):
        await ctx.idle()
        return None
    day = _parse_date_key(str(ctx.data.get("day", "")))
    step = str(ctx.data.get("await", ""))
    if day is None or step not in {"mood", "held", "closed"}:
        await ctx.idle()
        return None
    intent = ctx.detection.intent if ctx.detection is not None else Intent.NONE
    if step == "closed":
        limited = ctx.data.get("limited")
        await ctx.idle()
        if isinstance(limited, int) and typed_answers.held(text) == "yes" and intent is Intent.NONE:
            # "2" tapped (only logistics), then "no. didnt call again": a correction, taken.
            await ctx.store.delete_slip(ctx.user.id, limited)
            return [Reply(ctx.t("checkin_corrected_none"))]
        short = len(typed_answers.word_list(text)) <= SAID_MORE_WORDS
        if text.strip().isdigit() or (typed_answers.mood(text) is not None and short):
            return [Reply(ctx.t("checkin_already_closed"))]
        if intent is Intent.NONE and not typed_answers.is_question(text):
            # A few words about the day, just after the check-in: heard, with the journal
            # one tap away for more (the check-in itself has no note to keep them in).
            n = 1 + (ctx.user.id + int(ctx.now.timestamp()) // 60) % HEARD_VARIANTS
            return [
                Reply(
                    ctx.t(f"checkin_after_{n}"),
                    buttons=rows([actions.command_button(ctx.t("btn_journal"), "journal")]),
                )
            ]
        return None
    if step == "mood":
        mood = typed_answers.mood(text)
        if mood is not None:
            said_more = len(typed_answers.word_list(text)) > SAID_MORE_WORDS
            return await _save_mood(ctx, day, mood, said_more=said_more)
        answer = typed_answers.held(text)
        if answer is not None and intent is Intent.NONE:
            # The second question answered first ("no contact today"): take it, then ask
            # the first again.
            return await _save_held(ctx, day, answer)
        if intent in {Intent.SLIP, Intent.EX_REACHED_OUT}:
            return None
        text_again = ctx.t("checkin_mood_again") + "\n\n" + ctx.t("checkin_mood_ask")
        return [Reply(text_again, buttons=_mood_buttons(ctx, day))]
    answer = typed_answers.held(text)
    if answer is None and intent is Intent.SLIP:
        answer = "no"
    if answer is not None:
        return await _save_held(ctx, day, answer)
    if intent is Intent.EX_REACHED_OUT:
        # They got in touch ("she rang"): noted once, and the question stays about the
        # person's own side of it.
        await log_ex_contact(ctx)
        return [
            Reply(
                ctx.t("checkin_ex_noted") + "\n\n" + ctx.t("checkin_held_ask"),
                buttons=_held_buttons(ctx, day),
            )
        ]
    # A bare number here is most likely a score for the day; a few sentences, something
    # about the day: heard, then the question again.
    again = ctx.t("checkin_held_number" if text.strip().isdigit() else "checkin_held_again")
    if len(typed_answers.word_list(text)) > SAID_MORE_WORDS:
        n = 1 + (ctx.user.id + int(ctx.now.timestamp()) // 60) % 2
        again = ctx.t(f"checkin_held_heard_{n}")
    return [Reply(again + "\n\n" + ctx.t("checkin_held_ask"), buttons=_held_buttons(ctx, day))]


async def evening_answer(ctx: Ctx, text: str) -> list[Reply] | None:
    """The check-in's idle-text hook (`Flow.on_idle_text`): a mood typed in the hours after
    the scheduled evening check-in ("rough", "honestly rough. i keep replaying the last
    fight") answers it, as a tap on its buttons would. None for anything else, and once
    today's mood is in.

    The scheduled check-in arrives without changing the conversation state (only /checkin
    and a tapped mood do), so without this its first typed answer reaches idle."""
    if ctx.state != "idle" or ctx.user.paused_at is not None:
        return None
    if ctx.detection is not None and ctx.detection.intent is not Intent.NONE:
        return None
    lead = typed_answers.normalise(text).split(".")[0]
    mood = typed_answers.mood(lead)
    if mood is None or len(typed_answers.word_list(lead)) > SAID_MORE_WORDS + 1:
        return None
    local = ctx.local_now()
    hour, minute = (int(p) for p in ctx.user.checkin_time.split(":"))
    asked = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if asked > local:
        asked -= timedelta(days=1)  # after midnight: last evening's check-in
    if (local - asked).total_seconds() > IDLE_ANSWER_MINUTES * 60:
        return None
    day = asked.date()
    existing = await ctx.store.checkin_on(ctx.user.id, day)
    if existing is not None and existing.mood is not None:
        return None
    said_more = len(typed_answers.word_list(text)) > SAID_MORE_WORDS
    return await _save_mood(ctx, day, mood, said_more=said_more)


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
    on_text=on_checkin_text,
    commands={"checkin": _checkin_command},
    lapsed=_checkin_lapsed,
    on_idle_text=evening_answer,
)
REASONS_FLOW = Flow(
    name="reasons",
    prefix=actions.REASONS,
    on_action=on_reasons_action,
    commands={"reasons": _reasons_command},
)
