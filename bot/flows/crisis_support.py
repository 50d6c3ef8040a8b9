"""Staying with someone after a crisis answer: the conversation after the alarm.

A crisis answer gives the line first, then asks plainly whether the person is safe right
now. The answer decides what comes next: "not safe" puts the emergency number first (asking
the country when it is unknown, suggesting the one their time zone implies) and stays;
"safe" or "not sure" offers grounding (5-4-3-2-1), a safety plan and simply talking. While
the mode lasts, every message is answered as coming from someone in crisis: no urge flow, no
small talk, no cheerful "saved" lines; what they were writing (a draft, a journal entry) is
still kept, and said so with care. The mode ends when they say they are okay, or quietly
after `MODE_HOURS` without a message. Either way, the next morning (their morning time,
outside quiet hours) brings one gentle check with buttons: `morning_check_at` decides when,
the scheduler's "crisischeck" kind carries it out (scheduler/crisis_check.py).

An uncertain message ("i can't do this anymore" and nothing else) gets the gentle check
instead: a question whether they mean ending their life, with a yes and a no.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot import actions
from bot.content.crisis_lines import country_for_zone, line_for, parse_country
from bot.content.library import Library, render_item
from bot.context import Ctx
from bot.domain.times import DEFAULTS, in_quiet_window
from bot.flows.common import DRAFT_GAP, MAX_SAVED_CHARS
from bot.intent import Intent
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.storage.crisis_checks import arm_crisis_check

STATE = "crisis"
PREFIX = actions.CRISIS
MODE_HOURS = 6  # the mode ends quietly after this long without a message
ASK_AGAIN_EVERY = 3  # while unanswered, the safety question comes back every few messages
CRISIS_KIND = "crisis"
LANGUAGES = ("es", "pt", "fr", "de", "it")
GROUND_STEPS = ("5", "4", "3", "2", "1")
# Where people writing in a language most often are, to offer when asking the country.
LIKELY_BY_LANGUAGE = {
    "es": ("ES", "MX"),
    "pt": ("BR", "PT"),
    "fr": ("FR", "CA"),
    "de": ("DE", "AT"),
    "it": ("IT", "CH"),
}


class Step(StrEnum):
    CHECK = "check"  # the gentle check is open: do they mean ending their life?
    ASK = "ask"  # the safety question is open
    COUNTRY = "country"  # asked where they are, for the right number
    GROUND = "ground"  # inside the 5-4-3-2-1 exercise
    TALK = "talk"
    CLOSED = "closed"  # they said they are okay: the mode is over, the morning check is not


def line_fields(lib: Library, country: str | None) -> dict[str, str]:
    """`line` and `detail` for a crisis text: the country's line, or the general ones."""
    line = line_for(country)
    if line is None:
        return {
            "line": "findahelpline.com (free, confidential lines in every country)",
            "detail": "your local emergency number",
        }
    return {"line": f"{line.name}: {line.contact}", "detail": line.emergency}


def lines_reply(lib: Library, country: str | None, *, unsure: bool = False) -> Reply:
    """Crisis resources: short, kind, the right line where the country is known.

    `unsure` is the gentle wording for an uncertain message: most of those are not a
    crisis, so it asks instead of presuming, and says it may be a misread.
    """
    intro, after = (
        ("crisis_check_intro", "crisis_check_after") if unsure else ("crisis_intro", "crisis_after")
    )
    line = line_for(country)
    if line is not None:
        where = lib.ui("crisis_line", line=f"{line.name}: {line.contact}", detail=line.emergency)
    else:
        where = lib.ui("crisis_line_unknown")
    # Not private: a helpline is not personal data, and it must reach the person even in a
    # group, where private replies are withheld.
    text = lib.ui(intro) + "\n\n" + where + "\n\n" + lib.ui(after)
    return Reply(text, private=False, kind=CRISIS_KIND)


def in_language(lib: Library, lang: str | None) -> Reply | None:
    """One line in the person's language, when they wrote in one we have a line for."""
    if lang in LANGUAGES:
        return Reply(lib.ui(f"lang_{lang}"), private=False)
    return None


def _safety_rows(ctx: Ctx) -> tuple[tuple[Button, ...], ...]:
    return rows(
        [
            actions.button(ctx.t("btn_crisis_safe"), PREFIX, "safe"),
            actions.button(ctx.t("btn_crisis_unsafe"), PREFIX, "unsafe"),
        ],
        [actions.button(ctx.t("btn_crisis_unsure"), PREFIX, "unsure")],
    )


def _support_rows(ctx: Ctx) -> tuple[tuple[Button, ...], ...]:
    return rows(
        [
            actions.button(ctx.t("btn_crisis_ground"), PREFIX, "ground", 0),
            actions.button(ctx.t("btn_crisis_plan"), PREFIX, "plan"),
        ],
        [
            actions.button(ctx.t("btn_crisis_talk"), PREFIX, "talk"),
            actions.button(ctx.t("btn_crisis_ok"), PREFIX, "ok"),
        ],
    )


def _ask(ctx: Ctx) -> Reply:
    return Reply(ctx.t("crisis_safe_ask"), buttons=_safety_rows(ctx))


async def _go(ctx: Ctx, step: Step, **extra: object) -> None:
    data = {k: v for k, v in ctx.data.items() if k in {"capture", "asked", "talked", "lang"}}
    data.update(extra)
    data.update(step=step.value, last=ctx.now.isoformat())
    await ctx.go(STATE, data)
    await _arm(ctx, data)


def _hhmm(value: str, default: str) -> time:
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError):
        return time.fromisoformat(default)


async def _arm(ctx: Ctx, data: Mapping[str, object]) -> None:
    """(Re)arm the morning check for the mode as it now stands (none for the gentle check)."""
    ended = crisis_ended_at(STATE, data, ctx.now)
    if ended is None:
        return
    user = ctx.user
    due = morning_check_at(
        ended,
        ctx.tz,
        _hhmm(user.morning_time, DEFAULTS["morning"]),
        _hhmm(user.quiet_start, DEFAULTS["quiet_start"]),
        _hhmm(user.quiet_end, DEFAULTS["quiet_end"]),
    )
    await arm_crisis_check(ctx.store.db, user.id, MORNING_KIND, due, ctx.now.isoformat())


async def enter(
    ctx: Ctx, *, lang: str | None = None, capture: dict[str, object] | None = None
) -> list[Reply]:
    """The full answer: the line, one line in their language, then the safety question."""
    replies = [lines_reply(ctx.lib, ctx.user.country)]
    note = in_language(ctx.lib, lang)
    if note is not None:
        replies.append(note)
    if ctx.msg.is_private:
        said_in = {"lang": lang} if lang in LANGUAGES else {}
        if ctx.state == STATE:
            await _go(ctx, Step.ASK, **said_in)
        else:
            fresh = {
                "capture": capture or {},
                "step": Step.ASK.value,
                "last": ctx.now.isoformat(),
                **said_in,
            }
            await ctx.go(STATE, fresh)
            await _arm(ctx, fresh)
        replies.append(_ask(ctx))
    return replies


async def again(ctx: Ctx, *, lang: str | None = None) -> list[Reply]:
    """Crisis language again while the mode is on: shorter, never the same words twice."""
    fields = line_fields(ctx.lib, ctx.user.country)
    seed = f"{ctx.user.id}:{ctx.now.isoformat()}"
    last = str(ctx.data.get("said", ""))
    item = ctx.lib.pick("crisis_again", seed, exclude=(last,))
    text = render_item(item) + "\n\n" + ctx.t("crisis_line", **fields)
    replies = [Reply(text, private=False, kind=CRISIS_KIND)]
    note = in_language(ctx.lib, lang)
    if note is not None:
        replies.append(note)
    replies.append(_ask(ctx))
    await _go(ctx, Step.ASK, said=item.id, **({"lang": lang} if lang in LANGUAGES else {}))
    return replies


def capture_of(ctx: Ctx) -> dict[str, object] | None:
    """What the person was writing down when the crisis began (a draft, a journal entry),
    so the mode keeps saving it as that; None when they were not writing anything."""
    if ctx.state == "urge" and ctx.data.get("await") == "draft":
        urge_id = ctx.data.get("urge_id")
        if not isinstance(urge_id, int):
            return None
        draft_id = ctx.data.get("draft_id")
        if not isinstance(draft_id, int):
            return {"kind": "draft", "urge_id": urge_id}
        at = ctx.now.isoformat()
        return {"kind": "draft", "urge_id": urge_id, "draft_id": draft_id, "at": at}
    if ctx.state == "journal":
        return {"kind": "journal", "prompt_id": ctx.data.get("prompt_id")}
    if ctx.state == "slip" and ctx.data.get("await") == "note":
        return {"kind": "note"}
    return None


# Kept in a step's data while the gentle check asked inside it is open.
CHECK_KEY = "crisis_check_at"
# How long a typed "yes" still answers that check rather than the step.
CHECK_OPEN = timedelta(hours=1)


def _check_open(ctx: Ctx) -> bool:
    at = ctx.data.get(CHECK_KEY)
    try:
        return isinstance(at, str) and ctx.now - datetime.fromisoformat(at) < CHECK_OPEN
    except ValueError:
        return False


async def _check_no(ctx: Ctx) -> list[Reply]:
    """No, they are not thinking of ending their life: where they were is where they stay."""
    if ctx.state == STATE or ctx.state == "idle":
        await ctx.idle()
        return [Reply(ctx.t("crisis_check_no"))]
    await ctx.go(ctx.state, {k: v for k, v in ctx.data.items() if k != CHECK_KEY})
    return [Reply(ctx.t("crisis_check_no_step"))]


async def check_answer(ctx: Ctx, text: str) -> list[Reply] | None:
    """A typed answer to the gentle check asked in the middle of a step ("yes", "no", "im
    not sure"), or None when none is open or this is not one."""
    if ctx.state == STATE or not _check_open(ctx):
        return None
    return await _answer_check(ctx, text)


async def gentle_check(ctx: Ctx) -> Reply:
    """For an uncertain message: ask, with the line there too, before presuming.

    The message itself is handled as usual; when that left the person in no step, typed
    answers ("yes", "no, just tired") go to this check."""
    reply = lines_reply(ctx.lib, ctx.user.country, unsure=True)
    if not ctx.msg.is_private:
        return reply
    if ctx.state == "idle":
        await ctx.go(STATE, {"step": Step.CHECK.value, "last": ctx.now.isoformat()})
    elif ctx.state != STATE:
        # In the middle of a step: the step keeps its place, and a typed "yes" or "no" next
        # answers this question, not the step's (`check_answer`).
        await ctx.go(ctx.state, {**ctx.data, CHECK_KEY: ctx.now.isoformat()})
    buttons = rows(
        [
            actions.button(ctx.t("btn_crisis_yes_thinking"), PREFIX, "yes"),
            actions.button(ctx.t("btn_crisis_no_thinking"), PREFIX, "no"),
        ]
    )
    return Reply(reply.text, buttons=buttons, private=False, kind=CRISIS_KIND)


def active(ctx: Ctx) -> bool:
    """Is the mode on? It lapses quietly after `MODE_HOURS` without a message."""
    if ctx.state != STATE or ctx.data.get("step") == Step.CLOSED:
        return False
    try:
        last = datetime.fromisoformat(str(ctx.data.get("last")))
    except ValueError:
        return False
    return ctx.now - last < timedelta(hours=MODE_HOURS)


async def _safe(ctx: Ctx, key: str) -> list[Reply]:
    await _go(ctx, Step.TALK, asked=True)
    return [Reply(ctx.t(key), buttons=_support_rows(ctx))]


async def _unsafe(ctx: Ctx) -> list[Reply]:
    line = line_for(ctx.user.country)
    if line is not None:
        await _go(ctx, Step.TALK, asked=True)
        text = ctx.t("crisis_unsafe_reply", detail=line.emergency)
        return [Reply(text, private=False, kind=CRISIS_KIND)]
    await _go(ctx, Step.COUNTRY, asked=True)
    return [
        Reply(ctx.t("crisis_unsafe_no_number"), private=False, kind=CRISIS_KIND),
        _country_question(ctx),
    ]


def _country_question(ctx: Ctx) -> Reply:
    likely = country_for_zone(ctx.user.timezone)
    by_language = LIKELY_BY_LANGUAGE.get(str(ctx.data.get("lang")), ())
    offered = list(dict.fromkeys(c for c in (likely, *by_language, "US", "GB") if c))[:4]
    buttons = [
        actions.button(line.country, PREFIX, "cc", line.code)
        for code in dict.fromkeys(offered)
        if (line := line_for(code)) is not None
    ]
    buttons.append(actions.button(ctx.t("btn_crisis_other_country"), PREFIX, "cc", "other"))
    return Reply(ctx.t("crisis_ask_country"), buttons=rows(buttons[:3], buttons[3:]))


async def _set_country(ctx: Ctx, code: str) -> list[Reply]:
    await _go(ctx, Step.TALK)
    line = line_for(code)
    if line is None:
        return [Reply(ctx.t("crisis_country_unknown"), private=False, kind=CRISIS_KIND)]
    await ctx.update_user(country=line.code)
    ctx.user.country = line.code
    text = ctx.t("crisis_country_set", line=f"{line.name}: {line.contact}", detail=line.emergency)
    return [Reply(text, private=False, kind=CRISIS_KIND)]


async def _ground(ctx: Ctx, index: int) -> list[Reply]:
    if index >= len(GROUND_STEPS):
        await _go(ctx, Step.TALK)
        return [Reply(ctx.t("crisis_ground_done"), buttons=_support_rows(ctx))]
    await _go(ctx, Step.GROUND, ground=index + 1)
    text = ctx.t(f"crisis_ground_{GROUND_STEPS[index]}")
    if index == 0:
        text = ctx.t("crisis_ground_intro") + "\n\n" + text
    nxt = actions.button(ctx.t("btn_crisis_next"), PREFIX, "ground", index + 1)
    return [Reply(text, buttons=rows([nxt]))]


async def _talk(ctx: Ctx) -> list[Reply]:
    await _go(ctx, Step.TALK, talked=int(ctx.data.get("talked", 0) or 0))
    return [Reply(ctx.t("crisis_talk_open"))]


async def _ok(ctx: Ctx) -> list[Reply]:
    # Not idle yet: the closed step is what tells the scheduler the mode ended here, so the
    # next morning brings its check. The next message finds the mode over (`active`).
    closed = {"step": Step.CLOSED.value, "last": ctx.now.isoformat()}
    await ctx.go(STATE, closed)
    await _arm(ctx, closed)
    return [Reply(ctx.t("crisis_ok_close"))]


async def _plan(ctx: Ctx) -> list[Reply]:
    from bot.flows import safety_plan  # the plan flow starts from here, and returns to it

    return await safety_plan.begin(ctx)


async def on_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    """Every crisis button works at any time, even a week later: safety is never stale."""
    match action.part(0):
        case "safe":
            return await _safe(ctx, "crisis_safe_reply")
        case "unsure":
            return await _safe(ctx, "crisis_unsure_reply")
        case "unsafe":
            return await _unsafe(ctx)
        case "cc":
            code = action.part(1)
            if code == "other":
                await _go(ctx, Step.COUNTRY)
                return [Reply(ctx.t("crisis_ask_country"))]
            return await _set_country(ctx, code)
        case "ground":
            step = action.int_part(1)
            return await _ground(ctx, step if step is not None and step < 10 else 0)
        case "talk":
            return await _talk(ctx)
        case "plan":
            return await _plan(ctx)
        case "ok":
            return await _ok(ctx)
        case "morning":
            return await _morning_answer(ctx, action.part(1))
        case "yes":
            return [Reply(ctx.t("crisis_check_yes")), *await enter(ctx)]
        case "no":
            return await _check_no(ctx)
    return [Reply(ctx.t("stale_button"))]


# Typed answers to the safety question and the gentle check, in the words people use.
_SAFE = (
    "i'm safe",
    "im safe",
    "i am safe",
    "safe",
    "yes",
    "yeah",
    "yep",
    "ya",
    "i think so",
    "for now",
    "yes i'm safe",
    "yes im safe",
    "i'm safe right now",
    "im safe rn",
)
_UNSAFE = ("not safe", "i'm not safe", "im not safe", "no", "nope", "no i'm not", "not really")
_UNSURE = (
    "not sure",
    "im not sure",
    "i'm not sure",
    "i am not sure",
    "not really sure",
    "unsure",
    "no idea",
    "idk",
    "idk tbh",
    "i don't know",
    "i dont know",
    "i don't know tbh",
    "i dont know tbh",
    "i don't even know",
    "i dont even know",
    "dunno",
    "maybe",
    "kind of",
    "kinda",
    "sort of",
    "i guess",
)
# A typed no to "are you thinking about ending your life?" ("not safe" is no no).
_NOT_SAFE = ("not safe", "i'm not safe", "im not safe", "i am not safe", "not safe rn")
_CHECK_NO = (
    "no", "nope", "nah", "no i'm not", "no im not", "not really", "no just tired",
    "no not like that", "not at all", "no no", "no, i'm not", "no thanks", "no i'm okay",
    "no im okay", "no im ok", "no i'm ok", "no im fine", "no i'm fine",
)  # fmt: skip


async def _answer_check(ctx: Ctx, text: str) -> list[Reply] | None:
    """The gentle check answered in words: no (back to where they were), not safe (the
    emergency number first), yes or not sure (the full answer and the safety question)."""
    if _is(text, _NOT_SAFE):
        entered = await enter(ctx)
        return [*entered[:-1], *await _unsafe(ctx)]
    if _is(text, _CHECK_NO):
        return await _check_no(ctx)
    if _is(text, _SAFE) or _is(text, _UNSURE):
        return [Reply(ctx.t("crisis_check_yes")), *await enter(ctx)]
    return None
_OK = (
    "i'm okay now",
    "im okay now",
    "i'm ok now",
    "im ok now",
    "i'm fine now",
    "im fine now",
    "i feel better",
    "feeling better",
    "i'm better",
    "im better",
    "i'm good now",
    "im good now",
)
_NO_CALL = ("call", "phone", "hotline", "helpline", "number")
_NOT = ("don't", "dont", "not", "won't", "wont", "can't", "cant", "never")
_TALK = ("talk", "chat", "listen", "stay with me", "don't leave", "dont leave")


# Someone close, named: "my sister", "a friend", "my mum".
_SOMEONE = (
    r"\b(?:sister|sis|brother|bro|mum|mom|mam|mother|dad|father|friend|bestie|bff|best mate"
    r"|mate|partner|flatmate|roommate|housemate|neighbou?r|aunt|auntie|uncle|cousin|gran|nan"
    r"|grandma|grandmother|grandpa|therapist|counsell?or)\b"
)
_HERE_NOW = (
    r"(?:coming(?: over| round)?|on (?:her|his|their|the|my) way|(?:is |are )?here(?: now)?|"
    r"is with me|with me now|came over|came round|stayed(?: over| the night| with me)?|"
    r"staying(?: over| the night| with me)?|picked up|answered)"
    r"(?=[ .!,?]|$)(?! with (?:her|him|them))"
)
# With only "she" or "he", it may be the ex: only coming to be with them counts.
_ON_THEIR_WAY = (
    r"(?:coming over|coming round|on (?:her|his|their) way|came over|came round|"
    r"stayed(?: over| the night| with me)?|staying(?: over| the night| with me)?)"
    r"(?=[ .!,?]|$)(?! with (?:her|him|them))"
)
_COMING = re.compile(
    _SOMEONE + r"(?:'s| is| are)? (?:\w+ ){0,3}?" + _HERE_NOW
    + r"|\b(?:texted|called|rang|messaged|told|phoned) (?:her|him|them|my \w+)\b.{0,40}?"
    r"\b(?:coming|on (?:her|his|their|the) way|come over|coming over)\b"
    r"|\b(?:she|he|they)(?:'s| is| are|s|re)? " + _ON_THEIR_WAY
)
_COULD = re.compile(
    _SOMEONE + r"(?:'s| is| lives)? (?:\w+ ){0,2}?(?:\d+ ?(?:min|mins|minutes)|nearby|close by"
    r"|down the road|next door|around the corner|(?:not )?far)\b"
    r"|" + _SOMEONE + r" (?:could|might|would|can) (?:come|be here|pick up|answer)\b"
    r"|\bi (?:could|might|should|can) (?:\w+ )?(?:text|call|ring|message|ask|phone) "
    r"(?:her|him|them|my \w+)\b"
)
_THANKS = re.compile(r"\b(?:thank(?:s| you| u)?|thx|ty)\b")
_KEEP_NUMBERS = re.compile(
    r"\b(?:numbers?|contacts?)\b.{0,30}?\b(?:saved|save|keep|kept|somewhere|written down)\b"
    r"|\b(?:save|keep|write down) (?:the |those |these )?numbers?\b"
)


def heard_in_crisis(plain: str) -> str | None:
    """What a message in crisis mode says that has its own answer: someone is coming (or
    here), someone could be asked, thanks, the numbers kept somewhere; else None."""
    if _COMING.search(plain):
        return "someone_coming"
    if _COULD.search(plain):
        return "someone_maybe"
    if _KEEP_NUMBERS.search(plain):
        return "keep_numbers"
    if _THANKS.search(plain) and len(plain.split()) <= 14:
        return "thanks"
    return None


# Words that make a wish to talk about them, not a wish to talk with us.
_THEM = frozenset({"him", "her", "them", "ex", "text", "texting", "message", "call", "dm"})


def _asks_to_talk(plain: str) -> bool:
    words = plain.split()
    return (
        any(w in plain for w in _TALK) and len(words) <= 8 and not any(w in _THEM for w in words)
    )


def _plain(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").strip(" .!?,").split())


def _is(text: str, words: tuple[str, ...]) -> bool:
    return _plain(text) in words


async def keep(ctx: Ctx, text: str) -> bool:
    """What they were writing when the crisis began is still kept, as what it was."""
    capture = ctx.data.get("capture") or {}
    if not isinstance(capture, dict) or not capture:
        return False
    kind = capture.get("kind")
    if kind == "draft" and isinstance(capture.get("urge_id"), int):
        # Messages typed one after another are one draft, as drafts in bursts are; after a
        # pause (DRAFT_GAP) the next one begins a new draft.
        draft_id, at = capture.get("draft_id"), capture.get("at")
        recent = isinstance(at, str) and ctx.now - datetime.fromisoformat(at) < DRAFT_GAP
        kept = (
            isinstance(draft_id, int)
            and recent
            and await ctx.store.append_draft(ctx.user.id, draft_id, text, MAX_SAVED_CHARS)
        )
        if not kept:
            draft_id = await ctx.store.add_draft(
                ctx.user.id, capture["urge_id"], text[:MAX_SAVED_CHARS], ctx.now
            )
        capture.update(draft_id=draft_id, at=ctx.now.isoformat())
        await ctx.go(ctx.state, {**ctx.data, "capture": capture})
        return True
    if kind == "journal":
        prompt = capture.get("prompt_id")
        await ctx.store.add_journal(ctx.user.id, str(prompt) if prompt else None, text, ctx.now)
        return True
    return False


async def typed_answer(ctx: Ctx, text: str) -> list[Reply] | None:
    """A typed answer to the question the mode is asking ("im not safe", "no", "im not
    sure"), or None. Checked before anything else, even before crisis words: "im not safe"
    reads as crisis language, and asking "are you safe?" again would be the worst reply."""
    step = ctx.data.get("step") if ctx.state == STATE else None
    if step == Step.CHECK:
        return await _answer_check(ctx, text)
    if step == Step.ASK:
        if _is(text, _UNSAFE) or _is(text, _NOT_SAFE):
            return await _unsafe(ctx)
        if _is(text, _SAFE):
            return await _safe(ctx, "crisis_safe_reply")
        if _is(text, _UNSURE):
            return await _safe(ctx, "crisis_unsure_reply")
    return None


async def on_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """Everything typed while the mode is on (the engine ends a lapsed mode first)."""
    step = ctx.data.get("step")
    answered = await typed_answer(ctx, text)
    if answered is not None:
        return answered
    if step == Step.CHECK:
        # The gentle check was only a question ("are you thinking about ending your
        # life?"), and they have moved on without answering it ("start again i guess"):
        # the check closes and the message is read as usual. Crisis words still come first,
        # in every state, so this never lets real crisis language pass.
        await ctx.idle()
        return None
    if step == Step.COUNTRY:
        code = parse_country(text)
        if code is not None:
            return await _set_country(ctx, code)
    if step == Step.GROUND:
        index = int(ctx.data.get("ground", 1) or 1)
        if _plain(text) not in _OK:
            return await _ground(ctx, index)
    if _plain(text) in _OK:
        return await _ok(ctx)
    replies: list[Reply] = []
    if await keep(ctx, text):
        replies.append(Reply(ctx.t("crisis_saved_with_care")))
    plain = _plain(text)
    detection = ctx.detection
    if _asks_to_talk(plain):
        # "can we just talk" here is to us (the detector, without the moment, hears a wish
        # to talk to them): say yes.
        return [*replies, *await _talk(ctx)]
    if detection is not None and detection.intent is Intent.URGE:
        replies.append(Reply(ctx.t("crisis_urge_in_crisis"), buttons=_support_rows(ctx)))
    elif any(w in plain for w in _NO_CALL) and any(n in plain.split() for n in _NOT):
        replies.append(Reply(ctx.t("crisis_no_call"), buttons=_support_rows(ctx)))
    elif (heard := heard_in_crisis(plain)) is not None:
        # Someone is coming, or could; thanks; the numbers kept somewhere: each answered for
        # what it is, never with "is there someone you trust?" to a person who just named one.
        plan = actions.button(ctx.t("btn_crisis_plan"), PREFIX, "plan")
        buttons = rows([plan]) if heard == "keep_numbers" else ()
        talked = int(ctx.data.get("talked", 0) or 0) + 1
        replies.append(Reply(ctx.t(f"crisis_heard_{heard}_{1 + talked % 2}"), buttons=buttons))
        await _go(ctx, Step(step) if step in set(Step) else Step.TALK, talked=talked)
        return replies
    else:
        seed = f"{ctx.user.id}:{ctx.now.isoformat()}"
        last = str(ctx.data.get("said", ""))
        item = ctx.lib.pick("crisis_talk", seed, exclude=(last,))
        replies.append(Reply(render_item(item)))
        talked = int(ctx.data.get("talked", 0) or 0) + 1
        await _go(ctx, Step(step) if step in set(Step) else Step.TALK, said=item.id, talked=talked)
        if not ctx.data.get("asked") and talked % ASK_AGAIN_EVERY == 0:
            replies.append(Reply(ctx.t("crisis_safe_again"), buttons=_safety_rows(ctx)))
        return replies
    await _go(ctx, Step.TALK)
    return replies


# --- the gentle check the next morning ----------------------------------------------------

MORNING_KIND = "crisischeck"  # the scheduler's kind and ledger kind for it
MORNING_MIN_GAP = timedelta(hours=3)  # an end at 07:00 waits for tomorrow, not 08:00 today
MORNING_LATE = timedelta(hours=4)  # later than this (the bot was down), it is no morning check


def crisis_ended_at(
    state: str, data: Mapping[str, object], updated_at: datetime
) -> datetime | None:
    """When this conversation's crisis mode ended, or will end if nothing more is said.

    None when there is no crisis mode to follow up: another state, or only the gentle check
    ("do you mean ending your life?") was open. Said okay: the moment they said it. Otherwise
    the mode lapses `MODE_HOURS` after the last message (which may still be ahead)."""
    if state != STATE or data.get("step") == Step.CHECK:
        return None
    try:
        last = datetime.fromisoformat(str(data.get("last")))
    except ValueError:
        last = updated_at
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if data.get("step") == Step.CLOSED:
        return last
    return last + timedelta(hours=MODE_HOURS)


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall time as UTC; a time skipped by a DST change moves past the gap."""
    naive = datetime.combine(day, at)
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:  # in a gap: the hour after
        instant = (naive + timedelta(hours=1)).replace(tzinfo=zone).astimezone(UTC)
    return instant


def morning_check_at(
    ended: datetime, zone: ZoneInfo, morning: time, quiet_start: time, quiet_end: time
) -> datetime:
    """The next morning after a crisis mode ended: their morning time (or the end of their
    quiet hours, when the morning falls inside them), at least `MORNING_MIN_GAP` later."""
    at, roll = morning, 0
    if in_quiet_window(morning, quiet_start, quiet_end):
        at, roll = quiet_end, (1 if quiet_end < morning else 0)
    day = ended.astimezone(zone).date()
    for _ in range(4):
        instant = _local(day + timedelta(days=roll), at, zone)
        if instant >= ended + MORNING_MIN_GAP:
            return instant
        day += timedelta(days=1)
    return _local(day, at, zone)  # pragma: no cover - four days without that morning


def morning_check_verdict(
    due: datetime, now: datetime, zone: ZoneInfo, quiet_start: time, quiet_end: time
) -> str | datetime:
    """ "send", "skip" (too late: a stale surprise), or the instant to wait for (not yet, or
    quiet hours, which the settings may have moved since the check was scheduled)."""
    if now < due:
        return due
    if now - due > MORNING_LATE:
        return "skip"
    local = now.astimezone(zone).time().replace(tzinfo=None)
    if in_quiet_window(local, quiet_start, quiet_end):
        end = _local(now.astimezone(zone).date(), quiet_end, zone)
        end = end if end > now else end + timedelta(days=1)
        return end if end - due <= MORNING_LATE else "skip"
    return "send"


def morning_check_key(due: datetime, zone: ZoneInfo) -> tuple[str, str]:
    """The ledger entry of one morning check: one per local morning, whatever happens."""
    return MORNING_KIND, f"crisis:{due.astimezone(zone).date().isoformat()}"


def morning_check(lib: Library, seed: str) -> Reply:
    """The gentle check itself: how are you this morning, with three ways to answer."""
    item = lib.pick("crisis_morning", seed)
    buttons = rows(
        [
            actions.button(lib.ui("btn_crisis_morning_better"), PREFIX, "morning", "better"),
            actions.button(lib.ui("btn_crisis_morning_hard"), PREFIX, "morning", "hard"),
        ],
        [actions.button(lib.ui("btn_crisis_unsafe"), PREFIX, "unsafe")],
    )
    return Reply(render_item(item), buttons=buttons)


async def _morning_answer(ctx: Ctx, how: str) -> list[Reply]:
    if how == "hard":
        # Back into the mode, gently: what helped last night is one tap away.
        await _go(ctx, Step.TALK, asked=True)
        return [Reply(ctx.t("crisis_morning_hard"), buttons=_support_rows(ctx))]
    plan = actions.button(ctx.t("btn_crisis_plan"), PREFIX, "plan")
    return [Reply(ctx.t("crisis_morning_better"), buttons=rows([plan]))]


def _lapsed(ctx: Ctx) -> bool:
    return not active(ctx)


async def _numbers_to_keep(ctx: Ctx, text: str) -> list[Reply] | None:
    """ "just want the numbers saved somewhere. in case", outside the mode too (after
    /helpline): the safety plan is where they are kept."""
    if heard_in_crisis(_plain(text)) != "keep_numbers":
        return None
    plan = actions.button(ctx.t("btn_crisis_plan"), PREFIX, "plan")
    return [Reply(ctx.t("crisis_heard_keep_numbers_1"), buttons=rows([plan]))]


FLOW = Flow(
    name=STATE,
    prefix=PREFIX,
    on_action=on_action,
    on_text=on_text,
    owns_text=True,
    lapsed=_lapsed,
    on_idle_text=_numbers_to_keep,
)
