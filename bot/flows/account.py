"""Status, settings, pausing, the person's data (/export, /delete), help and guidance."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from bot import actions
from bot.commands import COMMANDS
from bot.content.library import Library, render_item
from bot.context import Ctx
from bot.domain import nudges, program
from bot.domain.streak import plan_day
from bot.flows import crisis_support, onboarding
from bot.flows.common import (
    SAME_CONTACT_HOURS,
    crisis_check_pending,
    day_fields,
    log_ex_contact,
    streak_line,
    streak_of,
    text_fields,
)
from bot.intent import Intent
from bot.messages import Attachment, Reply, chunked, rows
from bot.registry import CommandHandler, Flow
from bot.text import typed_answers

# After they reached out: what the person says next about it is read against that contact.
EX_CONTACT_STATE = "ex_contact"
# After choosing to resume contact at the review: questions about the first message get
# guidance on it, not the urge flow, for this long.
RESUMED_STATE = "resumed"
RESUMED_DAYS = 3

# Setting commands with an argument, and the onboarding step that understands it.
SETTING_COMMANDS = {"timezone": "tz", "time": "am", "checkin_time": "pm", "quiet": "quiet"}


def crisis(lib: Library, country: str | None, *, unsure: bool = False) -> Reply:
    """Crisis resources (see `crisis_support.lines_reply`)."""
    return crisis_support.lines_reply(lib, country, unsure=unsure)


async def status(ctx: Ctx) -> list[Reply]:
    streak = await streak_of(ctx)
    fields = day_fields(ctx, streak)
    held = sum(1 for u in await ctx.store.urges(ctx.user.id) if u.outcome == "held")
    parts = [streak_line(ctx, streak)]
    past_end = plan_day(ctx.plan.start_date, ctx.today()) > ctx.plan.length_days
    parts.append(ctx.t("status_body_after" if past_end else "status_body", **fields, count=held))
    if streak.resets or streak.limited:
        parts.append(ctx.t("status_slips", count=streak.resets, value=streak.limited))
    if streak.looked:
        parts.append(ctx.t("status_looked", count=streak.looked))
    if ctx.user.paused_at:
        parts.append(ctx.t("status_paused"))
    else:
        parts.append(
            ctx.t(
                "status_times",
                time=ctx.user.morning_time,
                value=ctx.user.checkin_time,
                zone=ctx.user.timezone,
            )
        )
    buttons = [
        actions.command_button(ctx.t("btn_urge"), "urge"),
        actions.command_button(ctx.t("btn_checkin"), "checkin"),
    ]
    if past_end and ctx.plan.outcome is None:
        # The plan is done and nothing was chosen yet: the review is one tap away.
        look = actions.button(
            ctx.t("btn_past_review"), actions.REVIEW, ctx.plan.id, "show", ctx.plan.length_days
        )
        return [Reply("\n\n".join(parts), buttons=rows(buttons, [look]))]
    return [Reply("\n\n".join(parts), buttons=rows(buttons))]


SETTINGS_STATE = "settings"
# The settings menu, in the order shown: (onboarding step, ui key of its label).
SETTING_BUTTONS = (
    ("len", "btn_set_len"),
    ("start", "btn_set_start"),
    ("tz", "btn_set_tz"),
    ("am", "btn_set_am"),
    ("pm", "btn_set_pm"),
    ("quiet", "btn_set_quiet"),
    ("cc", "btn_set_cc"),
    ("nick", "btn_set_nick"),
    ("reasons", "btn_set_reasons"),
)
SETTINGS_MINUTES = 60  # a typed request this long after the menu is read as usual


async def settings(ctx: Ctx) -> list[Reply]:
    # The menu waits for a tap or a typed request ("make it 6 weeks").
    await ctx.go(SETTINGS_STATE, {"at": ctx.now.isoformat()})
    text = ctx.t(
        "settings_body",
        days=ctx.plan.length_days,
        date=ctx.plan.start_date.isoformat(),
        zone=ctx.user.timezone,
        time=ctx.user.morning_time,
        value=ctx.user.checkin_time,
        quiet=f"{ctx.user.quiet_start}–{ctx.user.quiet_end}",
        detail=ctx.user.country or ctx.t("not_set"),
        ex=ctx.user.ex_nickname or ctx.t("not_set"),
    )
    buttons = [actions.button(ctx.t(label), actions.SETTING, key) for key, label in SETTING_BUTTONS]
    return [Reply(text, buttons=chunked(buttons, 3))]


async def on_setting_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    key = action.part(0)
    if key not in onboarding.STEP_BY_KEY:
        return [Reply(ctx.t("stale_button"))]
    return [await onboarding.ask(ctx, key, single=True)]


def _settings_lapsed(ctx: Ctx) -> bool:
    return _since(ctx) > timedelta(minutes=SETTINGS_MINUTES)


async def on_settings_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """A typed request at the settings menu: the setting it names, changed at once when the
    words hold a value the setting reads ("plan length. make it 6 weeks total"), asked for
    otherwise; anything else is read as usual."""
    if crisis_check_pending(ctx):
        await ctx.idle()
        return None
    key = typed_answers.setting_named(text)
    picked = typed_answers.choice_number(text, len(SETTING_BUTTONS))
    if picked is not None:  # the menu is the list shown last: a number picks from it
        return [await onboarding.ask(ctx, SETTING_BUTTONS[picked - 1][0], single=True)]
    if key is None or key not in onboarding.STEP_BY_KEY:
        await ctx.idle()
        return None
    await ctx.go("onboard", {"step": key, "single": True})
    value = onboarding.typed_value(ctx, key, text)
    if value != text or (key in {"len", "start"} and text.strip().isdigit()):
        return await onboarding.answer(ctx, key, value, single=True)
    return [await onboarding.ask(ctx, key, single=True)]


async def set_with_argument(ctx: Ctx, command: str, arg: str | None) -> list[Reply]:
    step = SETTING_COMMANDS[command]
    if arg is None:
        return [await onboarding.ask(ctx, step, single=True)]
    return await onboarding.answer(ctx, step, arg, single=True)


async def pause(ctx: Ctx) -> list[Reply]:
    if ctx.user.paused_at is None:
        await ctx.update_user(paused_at=ctx.now)
        return [Reply(ctx.t("paused"))]
    return [Reply(ctx.t("already_paused"))]


async def resume(ctx: Ctx) -> list[Reply]:
    if ctx.user.paused_at is None:
        return [Reply(ctx.t("not_paused"))]
    await ctx.update_user(paused_at=None)
    return [Reply(ctx.t("resumed", time=ctx.user.morning_time))]


async def export(ctx: Ctx) -> list[Reply]:
    data = await ctx.store.export(ctx.user.id)
    data["exported_at"] = ctx.now.isoformat()
    payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
    name = f"cooloff-export-{ctx.today().isoformat()}.json"
    return [
        Reply(
            ctx.t("export_ready"),
            attachment=Attachment(name, payload, "application/json", "file"),
        )
    ]


async def delete_ask(ctx: Ctx) -> list[Reply]:
    nonce = secrets.token_hex(4)
    await ctx.go("delete", {"nonce": nonce})
    return [
        Reply(
            ctx.t("delete_confirm"),
            buttons=rows(
                [actions.button(ctx.t("btn_delete_yes"), actions.DELETE, "yes", nonce)],
                [actions.button(ctx.t("btn_delete_no"), actions.DELETE, "no", nonce)],
            ),
        )
    ]


async def on_delete_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    current = ctx.data.get("nonce") if ctx.state == "delete" else None
    if current is None or action.part(1) != current:
        return [Reply(ctx.t("delete_stale"))]
    if action.part(0) == "yes":
        await ctx.store.delete_user(ctx.user.id)
        return [Reply(ctx.t("deleted"))]
    await ctx.idle()
    return [Reply(ctx.t("delete_cancelled"))]


async def on_delete_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """A typed answer to "are you sure?": only a clear yes erases; a no keeps everything;
    anything else asks again, with the same buttons."""
    if crisis_check_pending(ctx):
        await ctx.idle()
        return None
    nonce = str(ctx.data.get("nonce", ""))
    if typed_answers.is_delete_yes(text):
        await ctx.store.delete_user(ctx.user.id)
        return [Reply(ctx.t("deleted"))]
    if typed_answers.yes_no(text) is False or typed_answers.normalise(text) in {
        "cancel",
        "keep",
        "keep it",
        "keep everything",
        "dont",
        "don't",
        "stop",
        "wait",
    }:
        await ctx.idle()
        return [Reply(ctx.t("delete_cancelled"))]
    return [
        Reply(
            ctx.t("delete_typed_again") + "\n\n" + ctx.t("delete_confirm"),
            buttons=rows(
                [actions.button(ctx.t("btn_delete_yes"), actions.DELETE, "yes", nonce)],
                [actions.button(ctx.t("btn_delete_no"), actions.DELETE, "no", nonce)],
            ),
        )
    ]


def help_reply(lib: Library) -> Reply:
    lines = [lib.ui("help_intro")]
    lines += [f"/{c.name}: {c.description}" for c in COMMANDS]
    lines.append(lib.ui("help_outro"))
    return Reply(
        "\n".join(lines),
        buttons=rows(
            [
                actions.button(lib.ui("btn_guide_ex_contacted"), actions.GUIDE, "ex_contacted"),
                actions.button(lib.ui("btn_guide_run_into"), actions.GUIDE, "run_into"),
            ]
        ),
        private=False,
    )


async def ex_reached_out(ctx: Ctx) -> list[Reply]:
    """They got in touch: logged once per contact (several messages about it within a few
    hours are one), and a decision not to answer is heard as the good decision it is."""
    text = ctx.msg.text or ""
    logged = await log_ex_contact(ctx)
    if typed_answers.not_replying(text):
        await ctx.idle()
        return [_not_replying_reply(ctx)]
    # How many messages about this contact so far: each gets another piece of guidance.
    told = int(ctx.data.get("n", 0)) + 1 if ctx.state == EX_CONTACT_STATE and not logged else 0
    if ctx.state in {"idle", EX_CONTACT_STATE}:
        await ctx.go(EX_CONTACT_STATE, {"at": ctx.now.isoformat(), "n": told})
    seed = f"{ctx.user.id}:{ctx.now.isoformat()}:{told}"
    if logged:
        return [guide(ctx.lib, "ex_contacted", seed, logged=True)]
    reply = guide(ctx.lib, "ex_contacted", seed)
    n = 1 + told % 2
    return [Reply(ctx.t(f"ex_same_contact_{n}") + "\n\n" + reply.text, buttons=reply.buttons)]


def _not_replying_reply(ctx: Ctx) -> Reply:
    n = 1 + (ctx.user.id + int(ctx.now.timestamp()) // 60) % 3
    return Reply(
        ctx.t(f"ex_not_replying_{n}"),
        buttons=rows([actions.command_button(ctx.t("btn_want_to_reply"), "urge")]),
    )


def _since(ctx: Ctx) -> timedelta:
    try:
        return ctx.now - datetime.fromisoformat(str(ctx.data.get("at", "")))
    except ValueError:
        return timedelta.max


def _ex_contact_lapsed(ctx: Ctx) -> bool:
    return _since(ctx) > timedelta(hours=SAME_CONTACT_HOURS)


async def on_ex_contact_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """What they say next about the message from their ex: "i haven't answered. not going
    to" is acknowledged (and not logged again); anything else is read as usual."""
    if crisis_check_pending(ctx):
        await ctx.idle()
        return None
    if typed_answers.not_replying(text):
        await ctx.idle()
        return [_not_replying_reply(ctx)]
    intent = ctx.detection.intent if ctx.detection is not None else Intent.NONE
    if intent is not Intent.NONE:
        return None
    if typed_answers.LOGISTICS_WORDS & set(typed_answers.word_list(text)):
        # "it's about the kids": what a brief, neutral practical reply looks like.
        return [guide(ctx.lib, "logistics", "")]
    if typed_answers.is_question(text):
        # "what do i do?? do i answer": another piece of the guidance, not the one before.
        told = int(ctx.data.get("n", 0)) + 1
        await ctx.go(EX_CONTACT_STATE, {"at": ctx.data.get("at", ctx.now.isoformat()), "n": told})
        return [guide(ctx.lib, "ex_contacted", f"{ctx.user.id}:{ctx.now.isoformat()}:{told}")]
    return None


def guide(lib: Library, topic: str, seed: str, *, logged: bool = False) -> Reply:
    """Guidance for when they got in touch, or for running into them. Needs no plan, so it
    can answer anyone, including a person pressing a button in /help before /start."""
    if topic == "logistics":
        return Reply(lib.ui("guide_logistics"))
    # No plan is needed here, so there are no day fields to fill: these texts take none.
    text = render_item(lib.pick(topic, seed))
    if logged:
        text = lib.ui("ex_contacted_logged") + "\n\n" + text
    if topic == "ex_contacted":
        buttons = [
            actions.command_button(lib.ui("btn_want_to_reply"), "urge"),
            actions.button(lib.ui("btn_logistics"), actions.GUIDE, "logistics"),
        ]
    else:
        buttons = [actions.command_button(lib.ui("btn_urge"), "urge")]
    return Reply(text, buttons=rows(buttons))


GUIDE_TOPICS = frozenset({"ex_contacted", "run_into", "logistics"})


async def on_guide_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    topic = action.part(0)
    if topic not in GUIDE_TOPICS:
        return [Reply(ctx.t("stale_button"))]
    return [guide(ctx.lib, topic, f"{ctx.user.id}:{ctx.now.isoformat()}")]


async def on_review_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    """The end-of-plan choice: extend, move on, or resume contact slowly."""
    plan_id, choice, length = action.int_part(0), action.part(1), action.int_part(2)
    if plan_id == ctx.plan.id and choice == "show":
        return [await review_now(ctx)]
    if plan_id != ctx.plan.id or choice not in {"extend", "move_on", "resume"}:
        return [Reply(ctx.t("stale_button"))]
    if ctx.plan.outcome in {"move_on", "resume"} or (length and length != ctx.plan.length_days):
        return [Reply(ctx.t("already_saved"))]  # answered already (or extended since)
    guidance = [i for i in ctx.lib.pool("review") if i.extra.get("choice") == choice]
    text = render_item(guidance[0], **await text_fields(ctx)) if guidance else ""
    if choice == "extend":
        longer = min(365, ctx.plan.length_days + 30)
        await ctx.store.update_plan(ctx.plan.id, length_days=longer, outcome="extend")
        ctx.plan.length_days = longer
        head = ctx.t("review_extended", days=longer, day=plan_day(ctx.plan.start_date, ctx.today()))
    else:
        # The choice is recorded; the "after" mornings go on until the person pauses them.
        await ctx.store.update_plan(ctx.plan.id, outcome=choice)
        head = ctx.t(f"review_{choice}")
    parts = [head, text]
    if choice == "resume":
        # For a while, "should i text him now? what do i say" is about the first message.
        await ctx.go(RESUMED_STATE, {"at": ctx.now.isoformat(), "n": 0})
        parts.append(ctx.t("review_resume_ask_me"))
    return [Reply("\n\n".join(p for p in parts if p))]


async def review_now(ctx: Ctx) -> Reply:
    """The end-of-plan review, asked for now (the same one the last morning brings)."""
    fields = await text_fields(ctx)
    intro = program.review_intro(ctx.lib)
    return nudges.review(ctx.lib, intro, ctx.plan.id, fields, ctx.plan.length_days)


def _resumed_lapsed(ctx: Ctx) -> bool:
    return _since(ctx) > timedelta(days=RESUMED_DAYS)


FIRST_MESSAGE_VARIANTS = 4


async def on_resumed_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """After choosing to resume contact: a question about the first message, or the pull
    to send one, gets guidance on it (light, no pressure, an apology only if genuine),
    with the urge tools one tap away; anything else is read as usual."""
    if crisis_check_pending(ctx):
        await ctx.idle()
        return None
    intent = ctx.detection.intent if ctx.detection is not None else Intent.NONE
    if typed_answers.waits_to_write(text) and not typed_answers.is_question(text):
        # "I think I'll wait until the weekend": a steady plan, heard as one.
        return [Reply(ctx.t("first_message_later"))]
    if not (typed_answers.asks_about_first_message(text) or intent is Intent.URGE):
        return None
    shown = int(ctx.data.get("n", 0))
    await ctx.go(RESUMED_STATE, {"at": ctx.data.get("at", ctx.now.isoformat()), "n": shown + 1})
    n = 1 + shown % FIRST_MESSAGE_VARIANTS
    return [
        Reply(
            ctx.t(f"first_message_{n}"),
            buttons=rows(
                [
                    actions.command_button(ctx.t("btn_first_message_wait"), "urge"),
                    actions.command_button(ctx.t("btn_journal"), "journal"),
                ]
            ),
        )
    ]


async def start_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    """/start: a new plan after an ended one, the setup where it was left, or where you are."""
    if ctx.plan.ended_at is not None:
        # A buddy, or someone who first came in crisis, never had a plan of their own.
        first_plan_of_their_own = ctx.plan.outcome in {"buddy_only", "no_plan"}
        ctx.plan = await ctx.store.add_plan(ctx.user.id, ctx.today(), ctx.plan.length_days, ctx.now)
        if first_plan_of_their_own:  # a buddy starting a plan of their own
            return await onboarding.begin(ctx)
        return await onboarding.finish(ctx, ctx.t("new_plan_started"))
    if ctx.user.onboarding_step == onboarding.STEPS[0] and ctx.state == "idle":
        return await onboarding.begin(ctx)
    if ctx.user.onboarding_step:
        return await onboarding.resume(ctx)
    return [Reply(ctx.t("start_again")), *(await status(ctx))]


async def _status_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await status(ctx)


async def _help_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return [help_reply(ctx.lib)]


async def _export_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await export(ctx)


async def _delete_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await delete_ask(ctx)


async def _settings_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await settings(ctx)


async def _pause_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await pause(ctx)


async def _resume_command(ctx: Ctx, _arg: str | None) -> list[Reply]:
    return await resume(ctx)


def _setter(command: str) -> CommandHandler:
    async def handler(ctx: Ctx, arg: str | None) -> list[Reply]:
        return await set_with_argument(ctx, command, arg)

    return handler


ACCOUNT_FLOW = Flow(
    name="account",
    commands={
        "start": start_command,
        "status": _status_command,
        "help": _help_command,
        "export": _export_command,
    },
)
SETTINGS_FLOW = Flow(
    name=SETTINGS_STATE,
    prefix=actions.SETTING,
    on_action=on_setting_action,
    on_text=on_settings_text,
    lapsed=_settings_lapsed,
    commands={
        "settings": _settings_command,
        "pause": _pause_command,
        "resume": _resume_command,
        **{name: _setter(name) for name in ("timezone", "time", "checkin_time", "quiet")},
    },
)
DELETE_FLOW = Flow(
    name="delete",
    prefix=actions.DELETE,
    on_action=on_delete_action,
    on_text=on_delete_text,
    commands={"delete": _delete_command},
)
GUIDE_FLOW = Flow(name="guide", prefix=actions.GUIDE, on_action=on_guide_action)
# The end-of-plan choices typed in words, beside each button's own label.
_REVIEW_WORDS: dict[str, tuple[str, ...]] = {
    "show": ("look back first", "look back", "review", "the review", "show me the review",
             "lets look back", "let's look back"),
    "extend": ("extend", "extend it", "keep going", "another month", "longer", "more time",
               "extend the plan", "add a month"),
    "move_on": ("move on", "moving on", "i want to move on", "im moving on", "i'm moving on"),
    "resume": ("resume", "resume contact", "contact again", "talk again", "reach out again",
               "start talking again"),
}  # fmt: skip


async def _review_typed(ctx: Ctx, text: str) -> list[Reply] | None:
    """Past the end of the plan with nothing chosen yet: "Ok. Look back first." or
    "Resume contact" typed instead of tapped is that choice (Telegram does not press a
    button whose label is typed)."""
    if ctx.plan.ended_at is not None or ctx.plan.outcome is not None:
        return None
    if plan_day(ctx.plan.start_date, ctx.today()) <= ctx.plan.length_days:
        return None
    words = typed_answers.word_list(text)
    while words and words[0] in {"ok", "okay", "um", "hmm", "yes", "yeah", "i", "think"}:
        words = words[1:]
    said = " ".join(words)
    labels = {c: typed_answers.normalise(ctx.t(f"nudge_review_{c}")) for c in nudges.REVIEW_CHOICES}
    for choice, phrases in _REVIEW_WORDS.items():
        if said in phrases or said == labels.get(choice):
            action = actions.parse(
                actions.encode(actions.REVIEW, ctx.plan.id, choice, ctx.plan.length_days)
            )
            assert action is not None
            return await on_review_action(ctx, action)
    return None


REVIEW_FLOW = Flow(
    name="review",
    prefix=actions.REVIEW,
    on_action=on_review_action,
    on_idle_text=_review_typed,
)
# The days after "resume contact": this state's typed text is the review's (an urge read in
# "what do i say to him" is a question about the first message, not an urge to stop).
RESUMED_FLOW = Flow(
    name=RESUMED_STATE, on_text=on_resumed_text, owns_text=True, lapsed=_resumed_lapsed
)
EX_CONTACT_FLOW = Flow(name=EX_CONTACT_STATE, on_text=on_ex_contact_text, lapsed=_ex_contact_lapsed)
