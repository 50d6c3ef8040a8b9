"""/urge: the moment someone is about to reach out. The product's heart.

Acknowledge without judgment, measure the pull, put the person's own reasons and streak in
front of them, offer something to do instead, then check back. Every step is one tap, and
each button carries the urge's id so a repeated or stale tap is answered, not re-applied.

Every step also takes typed answers, in the words people use ("like an 8", "very strong",
"wait", "write it", "i held on", "late night"); what a step cannot use is answered for what
it is and the step offered again with the same buttons. A draft is written in bursts: all
the pieces typed after "Write it here instead" are one draft, until "done" or a pause of
`DRAFT_GAP`. A message plainly to the ex, typed at any step, is kept as a draft at once
(nothing typed is lost; "Don't keep it" erases it).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot import actions, situations
from bot.content.library import Said, render_item
from bot.context import Ctx
from bot.domain import program
from bot.features import buddy
from bot.flows import slips
from bot.flows.common import (
    DRAFT_GAP,
    MAX_SAVED_CHARS,
    program_day,
    streak_line,
    streak_of,
    text_fields,
)
from bot.flows.slips import TRIGGER_WORDS, mentioned
from bot.intent import Intent
from bot.intent.normalise import sentences
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.storage.models import Urge
from bot.text.parsing import in_quiet_hours
from bot.text.typed_answers import is_acknowledgement, is_done, is_skip, normalise, word_list

WAIT_MINUTES = 15
# Later pieces of a draft get one of these short lines in turn, so no two in a row match.
DRAFT_MORE_LINES = 6
HEARD_LINES = 3
# How long typed words still answer an urge's open question (after that, it is a new moment).
URGE_OPEN_FOR = timedelta(hours=2)

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# How strong, in words ("very strong", "not much"): checked longest phrase first.
STRENGTH_WORDS: dict[str, int] = {
    "nothing": 0, "none": 0, "gone": 0, "not at all": 0, "barely": 1, "tiny": 1,
    "not much": 2, "low": 2, "weak": 2, "small": 2, "a little": 3, "a bit": 3, "mild": 3,
    "not bad": 3, "not that bad": 3, "medium": 5, "moderate": 5, "so so": 5, "halfway": 5,
    "middle": 5, "bad": 7, "pretty strong": 7, "pretty bad": 7, "strong": 8, "high": 8,
    "intense": 8, "a lot": 8, "really bad": 9, "very strong": 9, "really strong": 9,
    "so strong": 9, "super strong": 9, "huge": 9, "very bad": 9, "so bad": 9,
    "overwhelming": 10, "unbearable": 10, "max": 10, "maximum": 10, "off the charts": 10,
    "off the scale": 10, "the worst": 10, "worst": 10, "extreme": 10,
}  # fmt: skip
# Words around a strength that don't change it ("idk like 7ish rn", "honestly a 9").
_STRENGTH_FILLERS = frozenset(
    {
        "idk", "like", "um", "uh", "umm", "hmm", "honestly", "tbh", "ngl", "rn", "right",
        "now", "atm", "its", "it's", "it", "im", "i'm", "i", "at", "about", "around", "maybe",
        "prob", "probably", "say", "id", "i'd", "a", "an", "ish", "lol", "ok", "okay", "so",
        "feels", "feel", "feeling", "pull", "urge", "the", "is", "level", "or", "to", "and",
        "out", "of", "outta", "solid", "just", "still", "guess", "think", "dunno",
        "hm", "ugh", "oof", "yeah", "yea", "honest", "real", "really", "very", "pretty",
        "kinda", "sorta", "was", "like,", "probs", "definitely", "def", "be", "totally",
        "tonight", "today", "lowkey", "highkey", "af", "man", "creo", "que", "un", "una",
        "acho", "uns", "je", "dirais", "ich", "würde", "sagen", "direi",
    }
)  # fmt: skip
_OUT_OF_TEN = re.compile(r"\s*(?:/|out\s+of|outta|of)\s*(?:10|ten)\b")
_NUMBER = re.compile(r"(\d+)(?:\s*ish)?")


def typed_strength(text: str) -> int | None:
    """A strength typed instead of tapped: "7", "7/10", "an 8 out of 10", "seven", "like an
    8", "idk 7ish", "7 or 8" (the higher), "very strong". None when it isn't one, or is off
    the 0-10 scale (see `off_scale`)."""
    found = _read_strength(text)
    if found is None:
        # "like a 9. i want to text him so bad": the answer first, then what it is about.
        first = re.split(r"[.!?\n]+", text.strip(), maxsplit=1)[0]
        if first and first != text.strip():
            found = _read_strength(first)
    return found if isinstance(found, int) and found <= 10 else None


def off_scale(text: str) -> bool:
    """A strength typed as a number past 10 ("10000", "11/10"): heard, but not a value."""
    return _read_strength(text) == 11


def _read_strength(text: str) -> int | None:
    if any(ch.isdigit() and not ch.isdecimal() for ch in text):
        return None  # "²", "①": not a number anyone types as an answer; asked again
    plain = _OUT_OF_TEN.sub(" ", normalise(text))
    plain = re.sub(r"(\d)\s*-\s*(\d)", r"\1 \2", plain)  # "7-8"
    numbers: list[int] = []
    rest: list[str] = []
    for word in re.findall(r"[^\s,.!?;:]+", plain):
        digits = _NUMBER.fullmatch(word)
        if digits and digits.group(1).isdecimal():
            # Bounded first: int() refuses a string of thousands of digits by raising.
            numbers.append(11 if len(digits.group(1)) > 2 else min(int(digits.group(1)), 11))
        elif word in _WORDS:
            numbers.append(_WORDS.index(word))
        else:
            rest.append(word)
    phrase = " ".join(w for w in rest if w not in {"idk", "like", "honestly", "rn", "its"})
    if not numbers:
        if len([w for w in rest if w not in _STRENGTH_FILLERS]) > 3:
            return None
        for words in sorted(STRENGTH_WORDS, key=len, reverse=True):
            if re.search(rf"(?:^|\s){re.escape(words)}(?:$|\s)", phrase):
                negated = "not" in phrase.split() and not words.startswith("not")
                others = [w for w in rest if w not in _STRENGTH_FILLERS and w not in words.split()]
                # "very strong, to be honest" is a strength; "i feel bad for her" is not.
                return None if negated or len(others) > 1 else STRENGTH_WORDS[words]
        return None
    if any(w not in _STRENGTH_FILLERS for w in rest) or len(numbers) > 2:
        return None
    return max(numbers)


# "Should I just send it?", "send it?": heard at the strength question, and answered.
_SEND_IT = re.compile(
    r"\b(?:send|sending|text|texting|message|call|dm)\s+(?:it|him|her|them|this)\b"
    r"|\bhit send\b|\bpress send\b"
)
# Words that make a message plainly one to the ex, not to Cooloff.
_TO_THEM = re.compile(
    r"\b(?:i (?:still )?(?:miss|love|need|hate)(?: \w+){0,2} (?:you|u)\b"
    r"|can we (?:talk|meet|try|fix)"
    r"|we (?:need|have) to talk|(?:texting|messaging|calling) (?:you|u)\b|call me|text me"
    r"|answer me|please come back|come home|why did (?:you|u)|(?:you|u) (?:left|lied|never|always)"
    r"|are (?:you|u) (?:there|ok|okay|up|awake|seeing)|do (?:you|u) (?:miss|still|ever)"
    r"|thinking (?:about|of) (?:you|u)|it'?s been a while|no pressure to (?:reply|respond)"
    r"|hope (?:you|u|your|the new)|just wanted to (?:say|check|see|let you)"
    r"|how have (?:you|u) been|happy birthday)"
)
# "Hey Amy, ...": a greeting and a name, the way a text to someone opens.
_GREETING_NAME = re.compile(r"^\s*(?i:hey|hi|hello|dear|hiya)\s+[A-Z][a-z]+\b")
# A question about the draft just written ("is that too much?"): the draft is done.
_ABOUT_DRAFT = re.compile(
    r"\b(?:is|does|was) (?:that|this|it) (?:too much|ok|okay|alright|weird|bad|neutral|sound"
    r"|read|clingy|needy|desperate|fine|normal)|\bshould i send\b|\btoo much\?"
)
_TO_BOT = re.compile(
    r"\b(?:can|could|will|would) (?:you|u) (?:keep|save|hold|store|help|remind|stop|tell|just"
    r"|talk to me|stay|chat|listen|distract)"
    r"|\b(?:are )?(?:you|u) (?:there|still there|awake)\b"
    r"|\bcooloff\b|\bbot\b|\bthis app\b|\bthank(?:s| you)\b|\bshould i\b|\bwhat (?:do|should) i\b"
    r"|\bhelp me\b|\b(?:you|u) (?:keep|hear|said|say|even|listening|understand|get it|are a)"
    # telling us about the message, not the message: "i typed 'i miss you' and deleted it"
    r"|\bi (?:typed|wrote|keep typing|kept typing|started typing|was typing|almost sent"
    r"|nearly sent|deleted|keep deleting)\b"
)
_ALREADY_WROTE = re.compile(
    r"\b(?:already|just) (?:wrote|written|typed|said) it\b|\bits? (?:up there|above|saved)\b"
)
_NOT_SENDING = re.compile(
    r"\b(?:dont|don't|not|never|wont|won't|didnt|didn't|no)\s+(?:\w+\s+){0,3}?(?:send|text|call)"
)
_YOU = frozenset({"you", "u", "ur", "your", "youre", "you're", "yours", "yourself"})
_ABOUT_THEM = frozenset(
    {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "hes", "shes", "he's"}
)


# A quoted message inside a report ('he texted "can we talk"'): their words, or words sent.
_QUOTED = re.compile(r"[\"“”«»][^\"“”«»]*[\"“”«»]")


def reports_contact(ctx: Ctx, text: str) -> bool:
    """'so he just texted me "hey can we talk"', 'actually i replied. i said "what do you
    want"': the detector read contact (a slip, a message from them) and, outside any quoted
    words, nothing is said to "you". A report to Cooloff about them, never the start or
    the next piece of a draft, even when the quote sounds like a message to them."""
    detection = ctx.detection
    if detection is None or detection.intent not in {Intent.SLIP, Intent.EX_REACHED_OUT}:
        return False
    return not set(word_list(_QUOTED.sub(" ", text))) & _YOU


def to_them(text: str) -> bool:
    """Whether typed words are plainly a message to the ex ("hey. i miss you. can we talk",
    "i know i shouldnt be texting you but"), not something said to Cooloff about them."""
    plain = normalise(text)
    words = word_list(text)
    if _TO_BOT.search(plain):
        return False
    if _TO_THEM.search(plain) or (_GREETING_NAME.match(text) and len(words) >= 5):
        return True
    if set(words) & _ABOUT_THEM:
        return False
    return bool(set(words) & _YOU) and len(words) >= 4


# Tools typed instead of tapped ("wait", "write it", "give me a task"); first mention wins.
TOOL_WORDS: dict[str, tuple[str, ...]] = {
    # A few words in the languages people most often fall back to, since a step is never
    # a trap: "escribirlo aquí", "esperar".
    "write": ("write", "writing", "draft", "type it", "get it out", "escribir", "escribirlo",
              "escrever", "écrire", "schreiben", "scrivere", "likhna"),
    "wait": ("wait", "timer", "15 min", "15 minutes", "fifteen minutes", "esperar",
             "attendre", "warten", "aspettare"),
    "task": ("task", "something to do", "give me something", "distract me", "distraction"),
    "breathe": ("breathe", "breathing", "breath"),
    "passed": ("it passed", "passed", "its gone", "it's gone", "gone now", "better now"),
}  # fmt: skip
# "im not going to send it", "i wont text her": said to us, in the first person.
_WONT_SEND = re.compile(
    r"\bi(?:'?m| am)?\s+(?:not (?:going to|gonna)|never gonna|wont|won't|will not|dont|don't"
    r"|didnt|didn't)\s+(?:\w+\s+){0,2}?(?:send|text|call|message|comment)\b"
    # "lol no im not gonna", "nah i wont": the whole answer is that they won't.
    r"|^(?:lol |haha |ok |okay |no |nah |nope )*(?:im |i'm |i am |i )?(?:not (?:going to|gonna)"
    r"|wont|won't|will not)(?: do it)?[ .!]*$"
)
# A tool turned down: "no i dont want to breathe", "not writing anything".
_REFUSED = re.compile(
    r"\b(?:no|dont|don't|do not|not|never|wont|won't|cant|can't|rather not)\b(?:\s+\w+){0,3}?"
    r"\s+(?:breathe|breathing|wait|waiting|write|writing|task|timer)\b"
)
_REASONS = re.compile(r"\b(?:my )?reasons?\b|\bwhy i'?m doing this\b")
# The phone put out of reach, or the message plainly not going: these say the urge is over
# and held even before it is asked ("i didnt" alone may be anything: "i didnt think it would
# hurt this much"; "deleted it" may be "typed it and deleted it like 4 times").
_PUT_DOWN = ("put the phone down", "put my phone down", "phone down", "put it away",
            "closed the app", "closed the chat", "phone away", "other room", "another room",
            "in a drawer", "not sending it", "not gonna send it", "not going to send it")
OUTCOME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("held", ("held", "didnt send", "didn't send", "did not send", "didnt text", "didn't text",
              *_PUT_DOWN, "deleted it",
              "not sent", "no i didnt", "i didnt", "i didn't", "stayed strong", "resisted")),
    ("sent", ("sent", "i texted", "texted", "reached out", "caved", "messaged", "called",
              "i did it", "replied")),
    ("deciding", ("deciding", "not sure", "unsure", "idk", "dunno", "dont know", "don't know",
                  "maybe", "undecided", "thinking")),
)  # fmt: skip
_CANT_WAIT = re.compile(
    r"\b(?:can'?t|cannot|can not|won'?t|wont|don'?t|dont|not gonna|not going to)\s+"
    r"(?:\w+\s+)?wait\b|\btoo long\b|\bforever\b|\bdon'?t have (?:15|fifteen)\b"
)


def _held_in_words(text: str) -> bool:
    """ "ok i wont. i put the phone in the other room", "lol no im not gonna": typed at the
    0-10 or the tools, the urge is over and they held (`_PUT_DOWN`, `_WONT_SEND`). Never
    with a "but" still pulling."""
    plain = normalise(text)
    if len(word_list(text)) > 14 or to_them(text) or re.search(r"\bbut\b", plain):
        return False
    put_down = mentioned(text, {"held": _PUT_DOWN}) is not None
    return (put_down or _WONT_SEND.search(plain) is not None) and typed_outcome(text) != "sent"


def cant_wait(text: str) -> bool:
    """ "i cant wait 15 minutes", "15 mins is too long": the wait is what they can't do."""
    return _CANT_WAIT.search(normalise(text)) is not None


def typed_tool(text: str) -> str | None:
    """A tool named in words: "wait", "write it", "give me something to do", "breathe"."""
    return mentioned(text, TOOL_WORDS)


def typed_outcome(text: str) -> str | None:
    """ "i held on", "didnt send it" (held); "i texted him" (sent); "not sure" (deciding)."""
    plain = normalise(text)
    for outcome, phrases in OUTCOME_WORDS:
        if any(re.search(rf"(?<![a-z']){re.escape(p)}(?![a-z'])", plain) for p in phrases):
            return outcome
    return None


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
    if source == "detector" and ctx.state == "slip" and slips.whats_the_point(ctx.msg.text or ""):
        # "whats the point of 12 days if i'm still doing this", right after a slip: a real
        # answer about the slip, not the urge flow.
        answered = await slips.on_text(ctx, ctx.msg.text or "")
        if answered:
            return answered
    if source == "detector" and ctx.state == "urge":
        # Words about reaching out, typed in the middle of an urge, belong to this urge
        # ("hey. i miss you. can we talk" at the 0-10 question): answered in its step, not
        # by starting the same moment over and losing what they wrote.
        current = await _open_urge(ctx)
        if current is not None:
            answered = await _answer_step(ctx, current, (ctx.msg.text or "").strip())
            if answered:
                return answered
            return [await _offer_again(ctx, current)]
    urge = await ctx.store.add_urge(ctx.user.id, ctx.now, source)
    await ctx.go("urge", {"urge_id": urge.id, "await": "before"})
    typed = (ctx.msg.text or "").strip()
    if source == "detector" and to_them(typed):
        # What set the urge off is the message itself ("Hey Amy, it's been a while..."):
        # kept as an unsent draft straight away, then the urge goes on from the 0-10.
        return await _draft_begin(ctx, urge, typed, offered=True)
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
    used = await ctx.store.record_tool(urge.id, tool, ctx.now)
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
    if kind == "w" and value in {"done", "drop"}:
        here = ctx.state == "urge" and ctx.data.get("urge_id") == urge.id
        if here and ctx.data.get("await") == "draft":
            if value == "drop":
                return await _draft_drop(ctx, urge)
            return await _draft_done(ctx, urge)
        return [Reply(ctx.t("urge_draft_already"))]
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


def _stale(ctx: Ctx, urge: Urge) -> bool:
    """An urge left open long ago (they never came back to it): new words are a new moment."""
    return ctx.now - urge.started_at > URGE_OPEN_FOR


async def _open_urge(ctx: Ctx) -> Urge | None:
    urge_id = ctx.data.get("urge_id")
    urge = await ctx.store.get_urge(ctx.user.id, int(urge_id)) if urge_id else None
    if urge is None or urge.closed_at is not None or _stale(ctx, urge):
        return None
    return urge


async def on_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """Typed answers inside the flow; None when the text is not an answer to it (the engine
    then reads it for what it is: a slip, a message from them)."""
    urge_id = ctx.data.get("urge_id")
    urge = await ctx.store.get_urge(ctx.user.id, int(urge_id)) if urge_id else None
    if urge is None or (_stale(ctx, urge) and ctx.data.get("await") != "draft"):
        await ctx.idle()
        if urge is not None and to_them(text):
            # Hours later, a message to them: a new moment, and what they wrote is kept.
            return await start(ctx, source="detector")
        return None
    return await _answer_step(ctx, urge, text)


async def _answer_step(ctx: Ctx, urge: Urge, text: str) -> list[Reply] | None:
    waiting = str(ctx.data.get("await", ""))
    if waiting == "draft":
        return await _draft_piece(ctx, urge, text)
    if waiting == "trigger":
        return await _typed_trigger(ctx, urge, text)
    if waiting not in {"before", "tool", "after", "outcome"} or urge.closed_at is not None:
        return None
    if waiting in {"before", "after"}:
        number = typed_strength(text)
        if number is not None:
            if waiting == "before":
                return await _strength(ctx, urge, number)
            return await _after(ctx, urge, number)
        if off_scale(text):
            return [_strength_again(ctx, urge, waiting, "urge_off_scale")]
    if waiting == "tool":
        # The tool named in a short answer, or in its last sentence ("i wont send it. can i
        # write it here"); never one turned down ("no i dont want to breathe").
        last = (sentences(text) or [text])[-1]
        asked = text if len(word_list(text)) <= 8 else last
        tool = typed_tool(asked) if len(word_list(asked)) <= 8 else None
        if tool == "wait" and cant_wait(text):
            tool = None  # "i cant wait 15 minutes": the two-minute tool, below, not the timer
        if tool is not None and not to_them(text) and not _REFUSED.search(normalise(asked)):
            return await _tool(ctx, urge, tool)
        if _REASONS.search(normalise(text)) and len(word_list(text)) <= 5:
            parts = [await _reasons_block(ctx, urge), ctx.t("urge_tools_ask")]
            if not await ctx.store.reasons(ctx.user.id):
                parts.insert(0, ctx.t("urge_no_reasons_yet"))
            return [Reply("\n\n".join(parts), buttons=await _tool_rows(ctx, urge.id))]
    if waiting in {"tool", "before"} and _held_in_words(text):
        return await _outcome(ctx, urge, "held")
    if waiting in {"outcome", "after"}:
        # At the last strength question, "i didnt send it" / "i texted him" says where
        # they are with it: taken as the outcome (the strength stays unknown).
        outcome = typed_outcome(text)
        known = outcome is not None and (waiting == "outcome" or outcome != "deciding")
        if outcome is not None and known and len(word_list(text)) <= 8:
            return await _outcome(ctx, urge, outcome)
    plain = normalise(text)
    if _ALREADY_WROTE.search(plain) and await ctx.store.drafts(ctx.user.id):
        return [Reply(ctx.t("urge_draft_already")), await _offer(ctx, urge, waiting)]
    negated = _NOT_SENDING.search(plain) is not None
    if _SEND_IT.search(plain) and len(word_list(text)) <= 8 and not negated and not to_them(text):
        # "send it?": heard. Not tonight; what they'd say can be kept here instead.
        write = actions.button(ctx.t("btn_tool_write"), actions.URGE, urge.id, "t", "write")
        again = await _offer(ctx, urge, waiting)
        return [Reply(ctx.t("urge_send_answer"), buttons=rows([write])), again]
    if reports_contact(ctx, text):
        return None  # contact happened, or they got in touch: the engine logs it
    if to_them(text):
        return await _draft_begin(ctx, urge, text, offered=True)
    if is_skip(text) and waiting == "outcome":
        return await _outcome(ctx, urge, "deciding")
    return await _heard(ctx, urge, waiting, text)


# Messages in a row that don't answer the step: after this many the person is somewhere
# else (the kids, the quiet house, the anger), and asking the 0-10 an eighth time would be
# a form, not a friend. The number is let go and the help offered once; then they are
# simply answered, and the buttons already shown still work.
MISSES_BEFORE_STEPPING_ASIDE = 2


async def _heard(ctx: Ctx, urge: Urge, waiting: str, text: str) -> list[Reply]:
    """Something the step cannot use: answered for what it is, then the step again (or,
    once they have moved on, not again)."""
    found = situations.match(text, after=Said.parse(ctx.said).topic)
    short = len(word_list(text)) <= 3
    if found is not None and short and found.topic.name == "small_talk":
        found = None  # "ugh" in the middle of an urge is not a hello
    thanks = found is not None and found.topic.name == "thanks"
    missed = int(ctx.data.get("missed", 0)) + 1
    await ctx.go("urge", {**ctx.data, "missed": missed})
    if missed < MISSES_BEFORE_STEPPING_ASIDE:
        then: list[Reply] = [await _offer(ctx, urge, waiting)]
    elif missed == MISSES_BEFORE_STEPPING_ASIDE and not (thanks and waiting != "before"):
        then = [await _step_aside(ctx, urge, waiting, missed)]
    else:
        then = []  # moved on; and "thanks" is answered as thanks, no "that can wait" after it
    if found is None and short and waiting in {"before", "after"} and then:
        return then  # "ugh", "hmm": the question again is the answer ("i cant sleep" is not)
    if found is not None:
        intent = ctx.detection.intent if ctx.detection else Intent.NONE
        answered = await situations.answer(ctx, found, intent)
        return [*answered, *then]
    n = sum(ord(c) for c in ctx.now.isoformat()) % HEARD_LINES + 1
    return [Reply(ctx.t(f"urge_heard_{n}")), *then]


async def _step_aside(ctx: Ctx, urge: Urge, waiting: str, missed: int) -> Reply:
    """The question is let go. Before a number was given, the help itself is what matters:
    the tools, without the number; later steps just say the question can wait."""
    if waiting == "before":
        await ctx.go("urge", {"urge_id": urge.id, "await": "tool", "missed": missed})
        return Reply(ctx.t("urge_no_number"), buttons=await _tool_rows(ctx, urge.id))
    return Reply(ctx.t("urge_question_waits"))


async def _offer(ctx: Ctx, urge: Urge, waiting: str) -> Reply:
    """The question of this step again, with the same buttons."""
    if waiting == "tool":
        return Reply(ctx.t("urge_tools_again"), buttons=await _tool_rows(ctx, urge.id))
    if waiting in {"before", "after"}:
        return _strength_again(ctx, urge, waiting, "urge_strength_again")
    if waiting == "outcome":
        def outcome(key: str) -> Button:
            return actions.button(ctx.t(f"btn_outcome_{key}"), actions.URGE, urge.id, "o", key)

        return Reply(
            ctx.t("urge_outcome_again"),
            buttons=rows([outcome("held")], [outcome("deciding")], [outcome("sent")]),
        )
    return _strength_again(ctx, urge, "before", "urge_strength_again")


def _strength_again(ctx: Ctx, urge: Urge, waiting: str, key: str) -> Reply:
    return Reply(ctx.t(key), buttons=strength_rows(urge.id, "s" if waiting == "before" else "a"))


async def _offer_again(ctx: Ctx, urge: Urge) -> Reply:
    waiting = str(ctx.data.get("await", ""))
    known = {"before", "after", "outcome", "tool"}
    return await _offer(ctx, urge, waiting if waiting in known else "before")


# --- drafts in bursts ----------------------------------------------------------------------


def _done_row(ctx: Ctx, urge: Urge) -> tuple[tuple[Button, ...], ...]:
    return rows([actions.button(ctx.t("btn_done"), actions.URGE, urge.id, "w", "done")])


def _draft_state(
    urge: Urge, back: str, draft_id: int | None, at: datetime, n: int
) -> dict[str, object]:
    return {
        "urge_id": urge.id,
        "await": "draft",
        "back": back,  # the question to return to when they are done
        "draft_id": draft_id,
        "at": at.isoformat(),
        "n": n,
    }


async def _draft_begin(ctx: Ctx, urge: Urge, text: str, *, offered: bool) -> list[Reply]:
    """The first piece of a draft: kept at once (nothing typed is lost), acknowledged
    briefly, with room to keep going."""
    back = str(ctx.data.get("back") or "after")
    if offered:  # typed at a question of the urge flow, not after "Write it here instead"
        back = str(ctx.data.get("await") or "after")
        back = back if back in {"before", "after"} else "after"
    draft_id = await ctx.store.add_draft(ctx.user.id, urge.id, text[:MAX_SAVED_CHARS], ctx.now)
    await ctx.go("urge", _draft_state(urge, back, draft_id, ctx.now, 1))
    if offered:
        # Kept at once, so nothing is lost; theirs to un-keep with one tap.
        drop = actions.button(ctx.t("btn_draft_drop"), actions.URGE, urge.id, "w", "drop")
        buttons = (*_done_row(ctx, urge), (drop,))
        return [Reply(ctx.t("urge_draft_offered"), buttons=buttons, expects="draft")]
    # After "Write it here instead" the first piece may be the whole of it (a form on
    # Discord sends it in one go): the 0-10 is one tap away, and tapping it ends the draft.
    field = "s" if back == "before" and urge.strength_before is None else "a"
    buttons = (*strength_rows(urge.id, field), *_done_row(ctx, urge))
    return [Reply(ctx.t("urge_draft_first"), buttons=buttons, expects="draft")]


async def _draft_piece(ctx: Ctx, urge: Urge, text: str) -> list[Reply] | None:
    draft_id = ctx.data.get("draft_id")
    count = int(ctx.data.get("n") or 0)
    last = ctx.data.get("at")
    paused = isinstance(last, str) and ctx.now - datetime.fromisoformat(last) >= DRAFT_GAP
    if _says_done(text):
        return await _draft_done(ctx, urge)
    bare = normalise(text)
    if isinstance(draft_id, int) and bare.isdecimal() and typed_strength(bare) is not None:
        # A bare "2" is no part of a message: the draft is done and it answers the 0-10.
        done = await _draft_done(ctx, urge)
        if str(ctx.data.get("await")) == "before":
            return [done[0], *await _strength(ctx, urge, int(bare))]
        return [done[0], *await _after(ctx, urge, int(bare))]
    aside = said_to_me(text) if isinstance(draft_id, int) else None
    if aside is not None:
        # "ok that felt kinda good ngl", "like a 4", "ty", "gonna try and sleep": said to
        # Cooloff about the writing, not more of the message. The draft ends there.
        done = await _draft_done(ctx, urge)
        if aside == "strength":
            number = typed_strength(text)
            assert number is not None
            if str(ctx.data.get("back")) == "before" and urge.strength_before is None:
                return [done[0], *await _strength(ctx, urge, number)]
            return [done[0], *await _after(ctx, urge, number)]
        if aside == "goodnight":
            return [done[0], Reply(ctx.t("urge_draft_goodnight"))]
        return done
    if isinstance(draft_id, int) and _ABOUT_DRAFT.search(normalise(text)):
        # "Is that too much?": asked about what they wrote, not part of it.
        done = await _draft_done(ctx, urge)
        return [Reply(ctx.t("urge_draft_about")), *done[1:]]
    if reports_contact(ctx, text):
        # "actually i replied", "omg he just called": news, not more of the message. The
        # draft is kept as it stands and the engine answers the news (a slip, a message).
        await _draft_done(ctx, urge)
        return None
    if isinstance(draft_id, int) and paused:
        # A pause closed the draft before this; a bare strength answers the question it
        # left open, anything else begins the next draft.
        number = typed_strength(text)
        if number is not None and len(word_list(text)) <= 4:
            if str(ctx.data.get("back")) == "before" and urge.strength_before is None:
                return await _strength(ctx, urge, number)
            return await _after(ctx, urge, number)
        return await _draft_begin(ctx, urge, text, offered=False)
    if not isinstance(draft_id, int):
        return await _draft_begin(ctx, urge, text, offered=False)
    kept = await ctx.store.append_draft(ctx.user.id, draft_id, text, MAX_SAVED_CHARS)
    if not kept:  # too long for one row (or gone): the rest goes into a new one
        draft_id = await ctx.store.add_draft(
            ctx.user.id, urge.id, text[:MAX_SAVED_CHARS], ctx.now
        )
    back = str(ctx.data.get("back") or "after")
    await ctx.go("urge", _draft_state(urge, back, draft_id, ctx.now, count + 1))
    line = ctx.t(f"urge_draft_more_{(count - 1) % DRAFT_MORE_LINES + 1}")
    return [Reply(line, buttons=_done_row(ctx, urge), expects="draft")]


_DONE_WORDS = frozenset(
    {
        "ok", "okay", "k", "done", "/done", "im done", "i'm done", "thats it", "that's it",
        "thats all", "that's all", "finished", "end", "the end", "stop", "enough", "ok done",
        "done now", "i'm finished", "im finished", "that's everything", "thats everything",
        "all done", "ok thats it", "ok that's it", "save it", "save", "fin",
    }
)  # fmt: skip


# What is said to Cooloff in the middle of writing, about the writing or the night.
_ABOUT_WRITING = re.compile(
    r"^(?:ok(?:ay)?|yeah|honestly|wow|huh)?[ ,.]*(?:that|this|it|writing (?:it|that|this))"
    r"(?: (?:felt|feels) (?:\w+ ){0,3}?(?:good|better|nice|great|weird|strange|cathartic"
    r"|helpful|lighter|freeing)\b| (?:actually |kinda |really )?help(?:ed|s)\b)"
    r"|^(?:ok(?:ay)? )?(?:i )?(?:feel|feeling) (?:a (?:bit|little|lil) |kinda |kind of |so "
    r"|much |slightly )?(?:better|lighter|calmer)(?: now)?\b"
)
_GOODNIGHT = re.compile(
    r"^(?:ok(?:ay)? |alright )?(?:(?:i'?m |im |i )?(?:gonna|going to|will|ima|i'?ll) (?:try "
    r"(?:and|to) )?(?:get some )?(?:sleep|go to (?:bed|sleep)|head to bed|bed)\b"
    r"|(?:good ?night|gn|night|nighty? night)[ .!]*$)"
)


def said_to_me(text: str) -> str | None:
    """A line typed during a draft that is plainly said to Cooloff: "strength" ("like a 4"),
    "goodnight" ("gonna try and sleep"), "comment" ("ok that felt kinda good ngl", "ty");
    None for anything that may be more of the message (anything saying "you" to someone)."""
    words = word_list(text)
    if set(words) & _YOU or not words:
        return None
    plain = normalise(text)
    if len(words) <= 4 and typed_strength(text) is not None and not to_them(text):
        return "strength"
    if _GOODNIGHT.search(plain) and len(words) <= 10:
        return "goodnight"
    if _ABOUT_WRITING.search(plain) or is_acknowledgement(text):
        return "comment"
    if _WONT_SEND.search(plain) or _REFUSED.search(plain):
        return "comment"  # "im not going to send it", "no i dont want to breathe"
    return None


def _says_done(text: str) -> bool:
    """ "done", "thats it", "ok", "/done": the end of a draft written in pieces."""
    plain = normalise(text).lstrip("/")
    return plain in _DONE_WORDS or f"/{plain}" in _DONE_WORDS or is_done(text)


async def _draft_done(ctx: Ctx, urge: Urge) -> list[Reply]:
    """Saved, not sent; the urge goes on with the question it was at."""
    wrote = isinstance(ctx.data.get("draft_id"), int)
    back = str(ctx.data.get("back") or "after")
    if back == "before" and urge.strength_before is None:
        await ctx.go("urge", {"urge_id": urge.id, "await": "before"})
        ask = Reply(ctx.t("urge_draft_then_before"), buttons=strength_rows(urge.id, "s"))
    else:
        await ctx.go("urge", {"urge_id": urge.id, "await": "after"})
        ask = _after_ask(ctx, urge)
    saved = ctx.t("urge_draft_saved" if wrote else "urge_draft_nothing")
    return [Reply(saved), ask]


async def _draft_drop(ctx: Ctx, urge: Urge) -> list[Reply]:
    """They didn't mean it as a draft: erased, and the urge goes on where it was."""
    draft_id = ctx.data.get("draft_id")
    if isinstance(draft_id, int):
        await ctx.store.delete_draft(ctx.user.id, draft_id)
    ctx.data["draft_id"] = None
    done = await _draft_done(ctx, urge)
    return [Reply(ctx.t("urge_draft_dropped")), *done[1:]]


async def _typed_trigger(ctx: Ctx, urge: Urge, text: str) -> list[Reply] | None:
    trigger = mentioned(text, TRIGGER_WORDS)
    if trigger is not None and len(word_list(text)) <= 12:
        return await _trigger(ctx, urge, trigger)
    if is_skip(text) or _says_done(text) or typed_tool(text) == "passed":
        # "it passed" here: the button they meant a step ago; the urge is already closed.
        await ctx.idle()
        return [Reply(ctx.t("urge_trigger_skipped"))]
    await ctx.idle()  # optional: whatever else it is, it is read for what it is
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
    hears_urges=True,
    waits_behind_check=True,
)
