"""Onboarding: the plan exists from the first /start; these steps only tailor it.

Every step can be skipped, typed or tapped, and every command works in the middle of it.
The same step prompts serve /settings and argument-less setting commands ("single" mode),
so a setting is asked for, parsed and confirmed in exactly one place.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot import actions, situations
from bot.content.crisis_lines import parse_country
from bot.content.library import Said
from bot.context import Ctx
from bot.domain import nudges, program
from bot.domain.streak import plan_day
from bot.domain.timezones import parse_timezone
from bot.flows.common import (
    MAX_NICKNAME_CHARS,
    MAX_REASON_CHARS,
    clean_text,
    log_ex_contact,
    streak_of,
    text_fields,
)
from bot.intent import Intent
from bot.intent.language import guess as guess_language
from bot.messages import Button, Reply, chunked, rows
from bot.registry import Flow
from bot.text import typed_answers
from bot.text.parsing import (
    MAX_PLAN_DAYS,
    MIN_PLAN_DAYS,
    RECOMMENDED_MIN_DAYS,
    parse_length,
    parse_quiet,
    parse_start,
    parse_time,
)

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


# --- typed answers ----------------------------------------------------------------------

# Steps whose buttons are a list to pick from, so a bare number typed there means the
# button in that place (times and days are numbers in their own right).
NUMBERED_STEPS = frozenset({"tz", "cc"})
# The choices of the "start date is before the plan's end" question.
PAST_CHOICES = ("extend", "today", "review")
PAST_WORDS = {
    "extend": frozenset({"extend", "more time", "longer", "extend it", "keep going", "add time"}),
    "today": frozenset(
        {"today", "from today", "start today", "count from today", "start from today", "restart"}
    ),
    "review": frozenset({"review", "done", "finished", "it's over", "its over", "the review"}),
}


def typed_value(ctx: Ctx, step_key: str, text: str) -> str:
    """What a typed answer means for a step, in the form its buttons send ("30 days ig" ->
    "30", "last tuesday" -> "6" days ago, "like 9ish?" -> "09:00"); the text itself when
    there is nothing to read, so the step's own parser has the last word."""
    typed = typed_answers.normalise(text)
    for label, value in STEP_BY_KEY[step_key].choices(ctx):
        if typed == typed_answers.normalise(label):
            return value  # a button's label typed out ("A week ago.")
    if step_key in NUMBERED_STEPS and ctx.data.get("step") == step_key:
        choices = STEP_BY_KEY[step_key].choices(ctx)
        picked = typed_answers.choice_number(text, len(choices))
        if picked is not None:
            return choices[picked - 1][1]
    if step_key == "len":
        days = typed_answers.plan_length(text)
        return str(days) if days is not None else text
    if step_key == "start":
        if text.strip().isdigit():
            return text.strip()
        start = typed_answers.start_date(text, ctx.today())
        return str((ctx.today() - start).days) if start is not None else text
    if step_key in {"am", "pm"}:
        return typed_answers.time_of_day(text) or text
    if step_key in {"tz", "cc"}:
        place = _place(text)  # "im in london" -> "london"
        found = parse_timezone(place) if step_key == "tz" else parse_country(place)
        return place if found is not None else text
    return text


def _said_something_else(ctx: Ctx, text: str, step_key: str = "") -> bool:
    """Is this typed text a message of its own rather than an attempt at the answer?"""
    detection = ctx.detection
    if detection is not None and detection.intent is not Intent.NONE:
        return True
    if typed_answers.is_question(text) or len(typed_answers.word_list(text)) > 8:
        return True
    if typed_answers.unreadable_script(text):
        return True  # a place in Arabic may be one, but none here can read it as such
    if _clear_situation(text) is not None:
        return True  # "omg hes here" at the time zone: the moment, not a place
    return bool(step_key) and not typed_answers.attempts(step_key, text)


def _heard_variant(ctx: Ctx, count: int) -> int:
    """Which of `count` variants to use now: the next one each time within a step, so two
    answers in a row are never the same line (the count is kept by `ask`)."""
    heard = int(ctx.data.get("heard", 0))
    ctx.data["heard"] = heard + 1
    return 1 + (ctx.user.id + heard) % count


# Asking what this is or how it works, with or without a question mark.
_HOW_IT_WORKS = re.compile(
    r"\bhow (?:this|it|does this|does it|do you|do i use this) (?:works?|go|goes)\b"
    r"|\bhow (?:does|do) (?:this|it|you) work\b|\bwhat (?:is|s) this\b|\bwhat do you do\b"
    r"|\bwhat (?:is|s) cooloff\b|\bhow to use (?:this|it)\b"
)
# Tears and broken hearts typed on their own, in the middle of a question.
_SAD_EMOJI = frozenset("😭😢😞😔💔🥺😩😫😿☹🙁😣😖😥😓")


async def answer_for_what_it_is(ctx: Ctx, text: str, *, aside: bool = False) -> Reply:
    """A short answer to a real message typed inside a step: what the detector read first
    (a slip gets the way to log it; a message from them, the guidance), then a question,
    then anything else. The step is offered again after it, never dropped; when setup is
    stepping aside instead (`aside`), the answer promises no "one quick thing first"."""
    detection = ctx.detection
    intent = detection.intent if detection is not None else Intent.NONE
    n = _heard_variant(ctx, 2)
    if intent is Intent.SLIP:
        return Reply(
            ctx.t(f"step_heard_slip_{n}"),
            buttons=rows([actions.command_button(ctx.t("btn_step_log_slip"), "slip")]),
        )
    if intent is Intent.EX_REACHED_OUT:
        return Reply(
            ctx.t(f"step_heard_ex_{n}"),
            buttons=rows(
                [actions.button(ctx.t("btn_step_ex_guide"), actions.GUIDE, "ex_contacted")]
            ),
        )
    if intent is Intent.URGE:
        return Reply(ctx.t(f"step_heard_urge_{n}"), buttons=rows([_urge_button(ctx)]))
    words = set(typed_answers.word_list(text))
    if words & {"kids", "kid", "children", "child", "son", "daughter", "coparent", "co-parent"}:
        return Reply(ctx.t(f"step_heard_kids_{n}"))
    found = _clear_situation(text)
    if found is not None:
        # A situation people bring ("does no contact even work?"): its own answer.
        return (await situations.answer(ctx, found, Intent.NONE))[0]
    if typed_answers.is_greeting(text):
        return Reply(ctx.t(f"step_heard_hello_{n}"))
    if _HOW_IT_WORKS.search(typed_answers.normalise(text)):
        # "idk how this works", "what is this": what Cooloff does, in two lines.
        return Reply(ctx.t("step_heard_how_it_works"))
    if typed_answers.unreadable_script(text):
        seed = f"{ctx.user.id}:{ctx.now.isoformat()}"
        note = situations.other_language(ctx, typed_answers.OTHER_SCRIPT, seed, ctx.said)
        if note is not None:
            return note
    if not any(ch.isalnum() for ch in text) and set(text) & _SAD_EMOJI:
        return Reply(ctx.t(f"step_heard_tears_{n}"))
    if aside:
        # Setup steps aside after this: the question is theirs to ask now, in any words.
        found = situations.match(text, after=Said.parse(ctx.said).topic)
        if found is not None and found.topic.name not in SETUP_OWN_TOPICS:
            return (await situations.answer(ctx, found, Intent.NONE))[0]
        kind = "question" if typed_answers.is_question(text) else "other"
        return Reply(ctx.t(f"step_heard_{kind}_aside_{n}"))
    if typed_answers.is_question(text):
        return Reply(ctx.t(f"step_heard_question_{n}"))
    return Reply(ctx.t(f"step_heard_other_{n}"))


# Topics setup answers in its own words: a hello or a thank-you in the middle of a step is
# met with "one quick thing first", not a conversation opener.
SETUP_OWN_TOPICS = frozenset({"small_talk", "thanks"})
# Inside a step only a clear situation is answered as one (a near miss, "does that mean i
# start from zero" read as decoding their message, is worse than "ask me again"); "its been
# 12 days and i miss her so much it hurts" is clear enough to deserve its answer.
SETUP_SITUATION_SCORE = 0.55


def _clear_situation(text: str) -> situations.Match | None:
    """A situation the message is clearly about, other than setup's own small talk."""
    found = situations.match(text)
    if found is None or found.score < SETUP_SITUATION_SCORE:
        return None
    return None if found.topic.name in SETUP_OWN_TOPICS else found


def _urge_button(ctx: Ctx) -> Button:
    return actions.command_button(ctx.t("btn_urge"), "urge")


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
    heard = int(ctx.data.get("heard", 0)) if ctx.state == "onboard" else 0
    same = ctx.state == "onboard" and ctx.data.get("step") == step_key
    missed = int(ctx.data.get("missed", 0) or 0) if same else 0
    ahead = _ahead(ctx) if ctx.state == "onboard" else []
    await ctx.go(
        "onboard",
        {"step": step_key, "single": single, "heard": heard, "missed": missed, AHEAD: ahead},
    )
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


# The later steps already answered in passing ("london" typed at the date): not asked again.
AHEAD = "ahead"


def _ahead(ctx: Ctx) -> list[str]:
    kept = ctx.data.get(AHEAD)
    return [str(k) for k in kept] if isinstance(kept, list) else []


def _answered_ahead(ctx: Ctx, step_key: str) -> None:
    ctx.data[AHEAD] = [*_ahead(ctx), step_key]


async def _advance(ctx: Ctx, done_step: str, prefix: str) -> list[Reply]:
    index = STEPS.index(done_step) + 1
    ahead = set(_ahead(ctx)) - {"reasons"}  # a reason typed early leaves room for more
    while index < len(STEPS) and STEPS[index] in ahead:
        index += 1
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
    past_end = plan_day(ctx.plan.start_date, ctx.today()) > ctx.plan.length_days
    summary = ctx.t(
        "ob_done_past_end" if past_end else "ob_done",
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
        feeling = typed_answers.sounds_like_a_feeling(value)
        if count >= MAX_REASONS and not feeling:
            return await _after_reasons(ctx, single, ctx.t("ob_reasons_full_ok", count=count))
        await ctx.go("onboard", {"step": step_key, "single": single, AHEAD: _ahead(ctx)})
        buttons = [_b(ctx, step_key, ctx.t("btn_done"), "done")]
        if feeling:
            # Kept, since it was typed here; one tap takes it out again.
            undo = actions.button(ctx.t("btn_not_a_reason"), actions.ONBOARD, UNREASON, count)
            buttons.insert(0, undo)
        key = "ob_reason_saved_feeling" if feeling else "ob_reason_saved"
        return [Reply(ctx.t(key, count=count, days=MAX_REASONS), buttons=rows(buttons))]
    problem = await step.apply(ctx, value)
    if problem:
        if _missed_again(ctx, single):
            return [Reply(ctx.t(problem)), await step_aside(ctx)]
        return [await ask(ctx, step_key, single=single, prefix=ctx.t(problem))]
    if step_key == "start" and _past_end(ctx):
        return [await ask_past_end(ctx, single=single)]
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
    if step_key == "restart":
        if not ctx.user.onboarding_step:
            return [Reply(ctx.t("ob_already_done"))]
        await ctx.update_user(onboarding_step=STEPS[0])
        ctx.user.onboarding_step = STEPS[0]
        return [await ask(ctx, STEPS[0], single=False, prefix=ctx.t("ob_restarted"))]
    if step_key == "stop":
        return await finish(ctx, ctx.t("ob_stopped"))
    if step_key == "past":
        waiting = ctx.state == "onboard" and ctx.data.get("step") == "past"
        if not waiting or action.part(1) not in PAST_CHOICES:
            return [Reply(ctx.t("stale_button"))]
        return await answer_past_end(ctx, action.part(1), single=bool(ctx.data.get("single")))
    if step_key == UNREASON:
        return await _take_back_reason(ctx, action.part(1))
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


# The button under a saved reason that sounds like a feeling: ob:unreason:<its number>.
UNREASON = "unreason"


async def _take_back_reason(ctx: Ctx, number: str) -> list[Reply]:
    """ "That wasn't a reason": the reason saved as that number is taken out, while it is
    still the last one (pressed again, or after another was added, nothing is taken)."""
    reasons = await ctx.store.reasons(ctx.user.id)
    writing = ctx.state == "onboard" and ctx.data.get("step") == "reasons"
    if not writing or not number.isdigit() or len(reasons) != int(number):
        return [Reply(ctx.t("stale_button"))]
    await ctx.store.clear_reasons(ctx.user.id)  # the store has no "remove one" (yet)
    for kept in reasons[:-1]:
        await ctx.store.add_reason(ctx.user.id, kept.text, kept.created_at)
    single = bool(ctx.data.get("single"))
    await ctx.go("onboard", {"step": "reasons", "single": single, AHEAD: _ahead(ctx)})
    return [
        Reply(
            ctx.t("ob_reason_unsaved"),
            buttons=rows([_b(ctx, "reasons", ctx.t("btn_done"), "done")]),
        )
    ]


async def on_text(ctx: Ctx, text: str) -> list[Reply]:
    """A typed answer to the step being asked, in the words people use; anything the step
    can't use is answered for what it is, and the same step is asked again."""
    step_key = str(ctx.data.get("step", ""))
    single = bool(ctx.data.get("single"))
    if not single and typed_answers.is_skip_rest(text):
        return await finish(ctx, ctx.t("ob_stopped"))
    if step_key == "past":
        return await _past_end_text(ctx, text, single=single)
    if step_key not in STEP_BY_KEY:
        await ctx.idle()
        return []
    if not single and typed_answers.is_start_again(text):
        await ctx.update_user(onboarding_step=STEPS[0])
        ctx.user.onboarding_step = STEPS[0]
        return [await ask(ctx, STEPS[0], single=False, prefix=ctx.t("ob_restarted"))]
    if typed_answers.is_skip(text) and step_key != "nick":
        return await answer(ctx, step_key, "cancel" if single else "skip", single=single)
    if step_key == "reasons":
        if typed_answers.is_done(text):
            return await answer(ctx, step_key, "done", single=single)
        elsewhere = await _answer_to_another_step(ctx, text, step_key)
        if elsewhere is not None:
            return [await ask(ctx, step_key, single=single, prefix=elsewhere)]
        lang = guess_language(text)
        if lang is not None:
            # "quiero escribirle a rodrigo" is not a reason to read back mid-urge: it is
            # answered in its language (setup can be skipped), and nothing is saved from it.
            seed = f"{ctx.user.id}:{ctx.now.isoformat()}"
            note = situations.other_language(ctx, lang, seed, ctx.said)
            if note is not None:
                return [note]
        passing = typed_answers.is_acknowledgement(text) or typed_answers.opens_with_an_answer(
            text
        )
        news = ctx.detection is not None and ctx.detection.intent is not Intent.NONE
        shaped = _REASON_SHAPE.match(typed_answers.normalise(text)) is not None
        if shaped and not news and not typed_answers.is_question(text):
            # "i want to stop checking his insta every hour": a reason, whatever it mentions.
            return await answer(ctx, step_key, text, single=single)
        # "I texted her last night" is news, "does this even work" a question, "its been
        # 12 days and i miss her so much it hurts" a feeling: each deserves an answer, and
        # read back mid-urge as "why you're doing this" none would sound like a reason.
        if news or passing or typed_answers.is_question(text) or _clear_situation(text):
            if passing and not news:
                # "ok": still here, just no reason yet. Not a miss.
                prefix = ctx.t("ob_reason_passing")
                return [await ask(ctx, step_key, single=single, prefix=prefix)]
            aside = _missed_again(ctx, single)
            said = await answer_for_what_it_is(ctx, text, aside=aside)
            if aside:
                return [said, await step_aside(ctx)]
            return [said, await ask(ctx, step_key, single=single)]
        return await answer(ctx, step_key, text, single=single)
    heard = ctx.detection is not None and ctx.detection.intent is not Intent.NONE
    if step_key == "nick":
        # A short name-like line is a nickname; a no, a question or a sentence about them
        # ("he blocked me on everything") is not, and is answered for what it is.
        if typed_answers.declines(text) or typed_answers.is_acknowledgement(text):
            return await answer(ctx, step_key, "cancel" if single else "skip", single=single)
        if not heard and "?" not in text and typed_answers.could_be_a_name(text):
            return await answer(ctx, step_key, text, single=single)
    elif not heard and _unreadable(ctx, step_key, text) and (
        elsewhere := await _answer_to_another_step(ctx, text, step_key)
    ):
        # "started 3 days ago" at the length, "london" at the date: saved there; this again.
        return [await ask(ctx, step_key, single=single, prefix=elsewhere)]
    elif (
        not heard
        and (typed_answers.is_acknowledgement(text) or typed_answers.is_done(text))
        and _unreadable(ctx, step_key, text)
    ):
        # "ok", "👍", "done": still here, no answer yet. Not a miss, no reason to step aside.
        still_here = ctx.t(f"ob_step_passing_{_heard_variant(ctx, 2)}")
        return [await ask(ctx, step_key, single=single, prefix=still_here)]
    elif not (_unreadable(ctx, step_key, text) and _said_something_else(ctx, text, step_key)):
        return await answer(ctx, step_key, typed_value(ctx, step_key, text), single=single)
    if ctx.detection is not None and ctx.detection.intent is Intent.EX_REACHED_OUT:
        await log_ex_contact(ctx)
    aside = _missed_again(ctx, single)
    heard_it = await answer_for_what_it_is(ctx, text, aside=aside)
    if aside:
        return [heard_it, await step_aside(ctx)]
    return [heard_it, await ask(ctx, step_key, single=single)]


# Two messages in a row that don't answer a setup question: the person is somewhere else.
# Asking a third time is the trap people described; the questions wait instead.
MISSES_BEFORE_STEPPING_ASIDE = 2
# Kept in the idle conversation after setup stepped aside, until anything else happens.
ASIDE_KEY = "setup_aside"


def _missed_again(ctx: Ctx, single: bool) -> bool:
    """Count one more message that did not answer the step; True when setup (or the one
    question asked from /settings or /reasons, `single`) should now step aside."""
    missed = int(ctx.data.get("missed", 0) or 0) + 1
    ctx.data["missed"] = missed
    return missed >= MISSES_BEFORE_STEPPING_ASIDE


async def step_aside(ctx: Ctx) -> Reply:
    """Setup waits: the person is idle again, their place in setup is kept (the next
    replies carry the gentle setup hint, and /start picks it up where it was)."""
    variant = _heard_variant(ctx, 2)
    if ctx.data.get("single"):
        # One question from /settings or /reasons: let go, it is a command away.
        await ctx.idle()
        return Reply(ctx.t("ob_single_aside"))
    await ctx.go("idle", {ASIDE_KEY: ctx.now.isoformat()})
    return Reply(
        ctx.t(f"ob_step_aside_{variant}"),
        buttons=rows([actions.command_button(ctx.t("btn_setup_resume"), "start")]),
    )


# "las 9", "a las 21:30", "às 8h", "alle 9", "um 7": a time as other languages say it.
_OTHER_CLOCK = re.compile(
    r"(?:a |hacia )?(?:las|la|às|as|alle|all'|à|um|vers|gegen)\s+(\d{1,2})(?:[:h.](\d{2}))?"
    r"(?:\s*(?:h|uhr|horas?))?"
)


def _clock_in_other_words(text: str) -> str | None:
    m = _OTHER_CLOCK.fullmatch(text.strip(" .!"))
    if m is None or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
        return None
    return f"{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"


# "im in europe/berlin", "i live in leeds": the place, said in a sentence.
_PLACE_LEAD = re.compile(
    r"^(?:i'?m|im|i am|i live|living|based|i'?m based|currently)\s+(?:in\s+)?(?:the\s+)?"
)
def _place(text: str) -> str:
    """The place in "im in europe/berlin", "i live in leeds"; the text itself otherwise."""
    return _PLACE_LEAD.sub("", typed_answers.normalise(text).strip())


# A reason typed before its question: why they are doing this, in the first person.
_REASON_SHAPE = re.compile(
    r"^(?:so |because |cause |cuz |bc )?(?:i (?:dont|don't|do not) want to|i want to|i want my"
    r"|i need to|i deserve|i refuse to|to (?:get|keep|stop|heal|protect|respect|find)"
    r"|for my (?:self|own|kids|health|sanity))\b"
)


async def _answer_to_another_step(ctx: Ctx, text: str, here: str = "reasons") -> str | None:
    """A short answer that plainly belongs to another step ("8am", "london" typed where the
    reasons are asked, "started 3 days ago" at the length, "i dont want to be the one who
    begs" at the date): saved where it belongs, and said so, instead of lost or kept in the
    wrong place. `here` is the step being asked, which reads its own answers itself."""
    words = typed_answers.word_list(text)
    later = STEPS[STEPS.index(here) + 1 :] if here in STEPS else STEPS
    dated = (
        "start" in later
        and 2 <= len(words) <= 6
        and typed_answers.plan_length(text) is None
        and typed_answers.start_date(text, ctx.today()) is not None
    )
    if dated and await _apply_start(ctx, typed_value(ctx, "start", text)) is None:
        _answered_ahead(ctx, "start")
        return ctx.t("ob_start_saved_elsewhere", **_fields(ctx))
    heard = ctx.detection is not None and ctx.detection.intent is not Intent.NONE
    a_reason = (
        "reasons" in later
        and 4 <= len(words) <= 25
        and not heard
        and not typed_answers.is_question(text)
        and _REASON_SHAPE.match(typed_answers.normalise(text)) is not None
    )
    if a_reason and await _apply_reason(ctx, text) is None:
        more = len(await ctx.store.reasons(ctx.user.id)) > 1
        return ctx.t("ob_reason_saved_elsewhere_more" if more else "ob_reason_saved_elsewhere")
    place = _place(text)
    if len(typed_answers.word_list(place)) > 3:
        return None
    # Two letters out of the blue are too often a word ("ok", "no", "me") to be a country.
    named = len(place.strip(" .!")) > 3 or place.strip(" .!") in {"uk", "us", "usa"}
    if "cc" in later and named and await _apply_country(ctx, place) is None:
        # "uk" typed at the date: the country, for the right helpline.
        _answered_ahead(ctx, "cc")
        return ctx.t("ob_cc_saved_elsewhere")
    time = parse_time(text.strip()) or _clock_in_other_words(place)
    if time is not None and here not in {"am", "pm", "quiet"}:
        column, key = ("morning_time", "am") if int(time[:2]) < 15 else ("checkin_time", "pm")
        await ctx.update_user(**{column: time})
        setattr(ctx.user, column, time)
        _answered_ahead(ctx, key)
        return ctx.t(f"ob_{key}_ok", **_fields(ctx))
    zone = parse_timezone(place) if here != "tz" else None
    if zone is not None and (parse_country(place) is None or "/" in place):
        await _apply_tz(ctx, place)
        _answered_ahead(ctx, "tz")
        return ctx.t("ob_tz_ok", **_fields(ctx))
    return None


def _unreadable(ctx: Ctx, step_key: str, text: str) -> bool:
    """Whether the step's own parser would refuse the text (without saving anything)."""
    if step_key == "len":
        return typed_answers.plan_length(text) is None
    if step_key == "start":
        return typed_answers.start_date(text, ctx.today()) is None and not text.strip().isdigit()
    if step_key in {"am", "pm"}:
        return typed_answers.time_of_day(text) is None
    if step_key == "tz":
        return parse_timezone(text) is None and parse_timezone(_place(text)) is None
    if step_key == "cc":
        return parse_country(text) is None and parse_country(_place(text)) is None
    if step_key == "quiet":
        return text != "keep" and parse_quiet(text) is None
    return False


# --- a start date before the plan's end ---------------------------------------------------


def _past_end(ctx: Ctx) -> bool:
    return plan_day(ctx.plan.start_date, ctx.today()) > ctx.plan.length_days


def _extended_length(ctx: Ctx) -> int:
    """The plan's length if extended: another month from today, within the longest plan."""
    return min(MAX_PLAN_DAYS, plan_day(ctx.plan.start_date, ctx.today()) - 1 + 30)


async def ask_past_end(ctx: Ctx, *, single: bool) -> Reply:
    """The start date is further back than the plan is long: ask what to do first, rather
    than carry on as if day 31 of 30 made sense."""
    heard = int(ctx.data.get("heard", 0)) if ctx.state == "onboard" else 0
    await ctx.go("onboard", {"step": "past", "single": single, "heard": heard, AHEAD: _ahead(ctx)})
    day = plan_day(ctx.plan.start_date, ctx.today())
    buttons = [
        actions.button(
            ctx.t(f"btn_past_{choice}", days=_extended_length(ctx)), actions.ONBOARD, "past", choice
        )
        for choice in PAST_CHOICES
    ]
    return Reply(
        ctx.t("ob_past_end_ask", day=day, days=ctx.plan.length_days),
        buttons=rows(buttons[:2], buttons[2:]),
        expects="answer",
    )


async def answer_past_end(ctx: Ctx, choice: str, *, single: bool) -> list[Reply]:
    """Extend the plan, count from today, or go to the end-of-plan review now."""
    if choice == "extend":
        longer = _extended_length(ctx)
        await ctx.store.update_plan(ctx.plan.id, length_days=longer)
        ctx.plan.length_days = longer
        note = ctx.t(
            "ob_past_extended", days=longer, day=plan_day(ctx.plan.start_date, ctx.today())
        )
    elif choice == "today":
        await ctx.store.update_plan(ctx.plan.id, start_date=ctx.today())
        ctx.plan.start_date = ctx.today()
        note = ctx.t("ob_past_today")
    else:
        # The review, before any "plan is over": it offers the three ways forward.
        fields = await text_fields(ctx)
        review = nudges.review(
            ctx.lib, program.review_intro(ctx.lib), ctx.plan.id, fields, ctx.plan.length_days
        )
        if single:
            await ctx.idle()
            return [review]
        index = STEPS.index("start") + 1
        await ctx.update_user(onboarding_step=STEPS[index])
        ctx.user.onboarding_step = STEPS[index]
        await ctx.idle()
        return [review]
    if single:
        await ctx.idle()
        return [Reply(note)]
    if ctx.user.onboarding_step != "start":
        return [Reply(note)]
    return await _advance(ctx, "start", note)


async def _past_end_text(ctx: Ctx, text: str, *, single: bool) -> list[Reply]:
    plain = typed_answers.normalise(text)
    picked = typed_answers.choice_number(text, len(PAST_CHOICES))
    if picked is not None:
        return await answer_past_end(ctx, PAST_CHOICES[picked - 1], single=single)
    for choice, vocab in PAST_WORDS.items():
        label = typed_answers.normalise(ctx.t(f"btn_past_{choice}", days=_extended_length(ctx)))
        if plain in vocab or plain == label or plain == label.split(" (")[0]:
            return await answer_past_end(ctx, choice, single=single)
    if typed_answers.is_start_again(text):
        return await answer_past_end(ctx, "today", single=single)
    return [await answer_for_what_it_is(ctx, text), await ask_past_end(ctx, single=single)]


async def _answer_after_aside(ctx: Ctx, text: str) -> list[Reply] | None:
    """Setup stepped aside, and the next thing typed is plainly an answer to the question it
    left ("skip", "london", "like 10ish"): setup takes it up again, as if it had waited."""
    step_key = ctx.user.onboarding_step
    unread = ctx.detection is None or ctx.detection.intent is Intent.NONE
    if step_key in STEP_BY_KEY and unread and typed_answers.is_start_again(text):
        # "start again i guess", setup unfinished: the count, or the questions? Asked, with
        # both a tap away, rather than guessed (one of them ends the current plan).
        count = actions.command_button(ctx.t("btn_slip_reset"), "slip")
        questions = actions.button(ctx.t("btn_setup_restart"), actions.ONBOARD, "restart")
        return [Reply(ctx.t("ob_start_again_which"), buttons=rows([count], [questions]))]
    if not step_key or step_key not in STEP_BY_KEY or not ctx.data.get(ASIDE_KEY):
        return None
    if ctx.detection is not None and ctx.detection.intent is not Intent.NONE:
        return None
    elsewhere = await _answer_to_another_step(ctx, text, step_key)
    if elsewhere is not None:
        # "manchester", "10pm": the answer to a later question, saved there; setup goes on.
        await ctx.go("onboard", {"step": step_key, "single": False})
        return [await ask(ctx, step_key, single=False, prefix=elsewhere)]
    answers = typed_answers.is_skip(text) or typed_answers.is_skip_rest(text)
    answers = answers or (step_key == "reasons" and typed_answers.is_done(text))
    answers = answers or (
        step_key not in {"reasons", "nick"}  # anything at all could be one of those
        and typed_answers.attempts(step_key, text)
        and not _unreadable(ctx, step_key, text)
    )
    if not answers:
        return None
    await ctx.go("onboard", {"step": step_key, "single": False})
    return await on_text(ctx, text)


FLOW = Flow(
    name="onboard",
    prefix=actions.ONBOARD,
    on_action=on_action,
    on_text=on_text,
    on_idle_text=_answer_after_aside,
    waits_behind_check=True,
)
