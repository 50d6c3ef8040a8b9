"""The situations people bring, answered: "should I reply?", "she's here right now", "we
have kids", "what's the point"...

`match(text)` says which topic a message is about (`matcher.py`, topics as data in
`topics.toml`); `answer(ctx, found, intent)` picks one of that topic's answers (content pool
"situation", bot/content/en/situations.toml), preferring the answers whose cues the person
used, never the line they were sent last, and ends it with what they can do next. A
logistics answer to a reply they sent is logged as limited contact, without the slip
questions. `fallback` is the rare answer when nothing fits: a real question back.
`other_language` is the short note for a message in a language Cooloff doesn't speak yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from bot import actions
from bot.content.library import Item, Library, Said
from bot.context import Ctx
from bot.flows.common import SAME_CONTACT_HOURS, log_ex_contact
from bot.intent import Intent
from bot.messages import Button, Reply, rows
from bot.situations.matcher import THRESHOLD, Match, Topic, matcher
from bot.text.typed_answers import is_question

__all__ = [
    "FALLBACK_KIND",
    "KIND",
    "Match",
    "answer",
    "fallback",
    "is_question",
    "match",
    "other_language",
    "overrides",
    "respond",
]

KIND = "situation"  # the kind of a situation answer (the bench and tests count these)
FALLBACK_KIND = "fallback"  # the kind of the answer when nothing fits (should be rare)
LANGUAGE_KIND = "other_language"
SETUP_STATE = "onboard"  # the setup flow's state (bot/flows/onboarding.py)
# Where an answer notes its topic for the engine to remember (as a name, in `Said`); the
# engine takes it out of the flow data again before saving.
TOPIC_KEY = "_topic"

# To answer a situation instead of what the detector read (an urge, a slip, a message from
# them), the match must be clearly better than "near enough"...
OVERRIDE_SCORE = THRESHOLD + 0.17
# ...and either be a question ("should i reply?", "does looking count?"), or be one of the
# topics that describe the moment rather than ask about it (she's here right now; the reply
# was about the kids; fifteen minutes is too long).
MOMENTS = frozenset({"ran_into", "logistics", "cant_wait"})


def match(text: str, after: str = "") -> Match | None:
    """The situation a message is about, or None; `after` is the topic answered last, which
    a follow-up ("what do i actually write", "is that allowed?") may be about."""
    return matcher().match(text, after=after)


def overrides(
    found: Match | None, intent: Intent, text: str, *, question: bool, follows: str = ""
) -> bool:
    """Whether the situation answers instead of the flow the detector's reading would start.

    A moment that goes on from the last answer (`follows`: "ok i packed up and went to the
    cafe. hands shaking" right after the run-in steps) needs less to be heard as itself:
    read alone it sounds like going to see them."""
    if found is None or intent.value not in found.topic.over:
        return False
    going_on = found.topic.name == follows and found.topic.name in MOMENTS
    if found.score < (THRESHOLD if going_on else OVERRIDE_SCORE):
        return False
    return question or found.topic.name in MOMENTS


def _seed(ctx: Ctx, what: str) -> str:
    return f"{ctx.user.id}:{ctx.now.isoformat()}:{what}"


# A question about what to do now ("what do i do", "do i leave", "should i go").
_ASKED_NOW = re.compile(r"\b(?:do|should|can|shall) i\b|\bwhat (?:do|should|can) i\b")


def _choose(ctx: Ctx, topic: Topic, words: frozenset[str]) -> list[Item]:
    """The topic's answers that fit what was said and where the person is: those written
    for their state (`state = "urge"`: in the middle of an urge), those whose cues they
    used, else the general ones (without cues), else all of them."""
    items = [i for i in ctx.lib.pool("situation") if i.extra.get("topic") == topic.name]
    here = [i for i in items if i.extra.get("state") == ctx.state]
    items = here or [i for i in items if not i.extra.get("state")] or items
    if _ASKED_NOW.search((ctx.msg.text or "").casefold()):
        # "do i leave?" is asked in the moment: not an answer for when it is over.
        items = [i for i in items if not i.extra.get("after")] or items
    lemmas = matcher().lemmas
    overlap = {i.id: len(set(lemmas(list(i.extra.get("cues", [])))) & words) for i in items}
    most = max(overlap.values(), default=0)
    cued = [i for i in items if most and overlap[i.id] == most]  # the answers that fit best
    general = [i for i in items if not i.extra.get("cues")]
    return cued or general or items


def _next_buttons(ctx: Ctx, topic: Topic) -> list[Button]:
    made: dict[str, Callable[[], Button | None]] = {
        "urge": lambda: actions.command_button(ctx.t("btn_urge"), "urge"),
        "journal": lambda: actions.command_button(ctx.t("btn_journal"), "journal"),
        "status": lambda: actions.command_button(ctx.t("btn_status"), "status"),
        "slip": lambda: actions.command_button(ctx.t("btn_sit_looking"), "slip"),
        "help": lambda: actions.command_button(ctx.t("btn_sit_help"), "help"),
        "checkin": lambda: actions.command_button(ctx.t("btn_sit_checkin"), "checkin"),
        "log": lambda: actions.command_button(ctx.t("btn_sit_log"), "slip"),
        "reasons": lambda: actions.command_button(ctx.t("btn_sit_reasons"), "reasons"),
        "pause": lambda: actions.command_button(ctx.t("btn_sit_pause"), "pause"),
        "settings": lambda: actions.command_button(ctx.t("btn_sit_settings"), "settings"),
        "export": lambda: actions.command_button(ctx.t("btn_sit_export"), "export"),
        "delete": lambda: actions.command_button(ctx.t("btn_sit_delete"), "delete"),
        "guide_run_into": lambda: actions.button(
            ctx.t("btn_guide_run_into"), actions.GUIDE, "run_into"
        ),
        "guide_logistics": lambda: actions.button(
            ctx.t("btn_logistics"), actions.GUIDE, "logistics"
        ),
        "urge_tools": lambda: _tool_button(ctx, "breathe", "btn_tool_breathe"),
        "urge_write": lambda: _tool_button(ctx, "write", "btn_tool_write"),
    }
    names = list(topic.next)
    if ctx.state == "urge" and isinstance(ctx.data.get("urge_id"), int) and "urge" in names:
        # In the middle of an urge, its own tools rather than starting another one.
        at = names.index("urge")
        names[at : at + 1] = ["urge_write", "urge_tools"]
    out: list[Button] = []
    for name in names:
        button = made[name]() if name in made else None
        if button is not None and all(b.action != button.action for b in out):
            out.append(button)
    return out[:3]


def _tool_button(ctx: Ctx, tool: str, label: str) -> Button | None:
    """In the middle of an urge, one of its own tools; otherwise nothing (the urge button
    that follows starts one)."""
    urge_id = ctx.data.get("urge_id") if ctx.state == "urge" else None
    if not isinstance(urge_id, int):
        return None
    return actions.button(ctx.t(label), actions.URGE, urge_id, "t", tool)


async def _log_limited(ctx: Ctx) -> bool:
    """A reply about the practical thing: limited contact, once per conversation about it
    (several messages within `SAME_CONTACT_HOURS` are one), no slip questions."""
    recent = ctx.now - timedelta(hours=SAME_CONTACT_HOURS)
    slips = await ctx.store.slips(ctx.user.id)
    if any(s.kind == "limited" and s.occurred_at >= recent for s in slips):
        return False
    slip = await ctx.store.add_slip(ctx.user.id, ctx.now, ctx.today())
    await ctx.store.update_slip(slip.id, kind="limited")
    return True


async def answer(ctx: Ctx, found: Match, intent: Intent) -> list[Reply]:
    """The answer for a situation, ending with what the person can do next."""
    topic = found.topic
    lead = ""
    done = intent is Intent.SLIP or (intent is Intent.NONE and bool(topic.log_cues & found.surface))
    if topic.log == "limited" and done:
        if await _log_limited(ctx):
            lead = ctx.t("sit_logistics_logged")
    elif topic.log == "limited" and intent is Intent.EX_REACHED_OUT and await log_ex_contact(ctx):
        lead = ctx.t("sit_logistics_seen")
    items = _choose(ctx, topic, found.words)
    ex = ctx.user.ex_nickname or ctx.lib.ui("ex_default")
    said = Said.parse(ctx.said)
    _, text = ctx.lib.pick_fresh(items, _seed(ctx, topic.name), said.avoids(), ex=ex)
    ctx.data[TOPIC_KEY] = topic.name
    if lead:
        text = f"{lead}\n\n{text}"
    buttons = _next_buttons(ctx, topic)
    return [Reply(text, kind=KIND, buttons=rows(buttons) if buttons else ())]


def fallback(ctx: Ctx) -> Reply:
    """Nothing fits: a real question back, and the usual ways forward."""
    ex = ctx.user.ex_nickname or ctx.lib.ui("ex_default")
    avoid = Said.parse(ctx.said).avoids()
    _, text = ctx.lib.pick_fresh(ctx.lib.pool("chat_question"), _seed(ctx, "ask"), avoid, ex=ex)
    return Reply(
        text,
        kind=FALLBACK_KIND,
        buttons=rows(
            [
                actions.command_button(ctx.t("btn_urge"), "urge"),
                actions.command_button(ctx.t("btn_journal"), "journal"),
            ],
            [actions.button(ctx.t("btn_guide_ran_into"), actions.GUIDE, "run_into")],
        ),
    )


def other_language(
    ctx_or_lib: Ctx | Library, lang: str | None, seed: str, said: str | None
) -> Reply | None:
    """Cooloff speaks English for now, said in their language, with /helpline, and /urge
    (its numbers and buttons work in any language). Inside setup, the note says the
    questions can be skipped, with the button that does it, so setup is never a trap."""
    lib = ctx_or_lib.lib if isinstance(ctx_or_lib, Ctx) else ctx_or_lib
    in_setup = isinstance(ctx_or_lib, Ctx) and ctx_or_lib.state == SETUP_STATE
    items = [
        i
        for i in lib.pool("other_language")
        if i.extra.get("lang") == lang and bool(i.extra.get("setup")) == in_setup
    ]
    if not items:
        return None
    _, text = lib.pick_fresh(items, seed, Said.parse(said).avoids())
    if not isinstance(ctx_or_lib, Ctx):
        return Reply(text, kind=LANGUAGE_KIND, private=False)
    buttons = [actions.command_button(lib.ui("btn_urge"), "urge")]
    if in_setup:
        buttons.append(actions.button(lib.ui("btn_skip_rest"), actions.ONBOARD, "stop"))
    return Reply(text, kind=LANGUAGE_KIND, buttons=rows(buttons))


async def respond(ctx: Ctx, text: str, intent: Intent = Intent.NONE) -> Reply | None:
    """For a flow that hears a real message inside one of its steps (setup, a check-in) and
    wants to answer it before offering the step again: the situation answer, or None when
    the message isn't about one."""
    found = match(text, after=Said.parse(ctx.said).topic)
    if found is None:
        return None
    return (await answer(ctx, found, intent))[0]
