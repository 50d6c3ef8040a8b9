"""A slip: contact happened, or they looked them up. Recorded honestly, met without shame,
history kept.

Contact: the person chooses what it means for the count: start again (the plan restarts
tomorrow, history stays) or limited contact (logistics: children, a lease, belongings; no
reset). Looking at their profile, stories or photos is a slip of its own kind ("looked"),
kept apart from contact in the history; whether it restarts the count is the person's
choice, and it doesn't have to. Every step also takes typed answers ("start again", "keep
my count", a story told as the note), and "what's the point" gets a real answer.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot import actions, situations
from bot.content.library import Item, Said, render_item
from bot.context import Ctx
from bot.domain.streak import LIMITED, LOOKED, LOOKED_RESET, RESET
from bot.features import buddy
from bot.flows.common import (
    MAX_SAVED_CHARS,
    SAME_CONTACT_HOURS,
    clean_text,
    days,
    streak_of,
    text_fields,
)
from bot.intent import Intent
from bot.messages import Button, Reply, rows
from bot.registry import Flow
from bot.storage.models import Slip
from bot.text.typed_answers import (
    LOGISTICS_WORDS,
    is_done,
    is_question,
    is_skip,
    is_start_again,
    normalise,
    word_list,
)

# Button values for the choice (sl:<id>:k:<value>) and the kind each one logs.
CHOICES = {"reset": RESET, "limited": LIMITED, "looked": LOOKED, "lreset": LOOKED_RESET}
POINT_LINES = 3

# Looking them up, as people say it; and the words that make it contact after all.
LOOKING_WORDS = frozenset(
    {
        "profile", "profiles", "stories", "story", "instagram", "insta", "ig", "photos",
        "photo", "pictures", "pics", "pic", "checked", "stalked", "stalking", "stalk",
        "looked", "looking", "facebook", "fb", "tiktok", "snapchat", "snap", "feed", "posts",
        "post", "followers", "following", "linkedin", "twitter", "scrolled", "scrolling",
        "viewed", "watched", "spotify", "playlist", "location", "map", "online", "status",
    }
)  # fmt: skip
_CONTACT = re.compile(
    r"\b(?:text(?:ed)?|call(?:ed)?|rang|messag(?:ed|e)|dm'?d?|replied|reply|sent|wrote|"
    r"emailed|facetimed?|voice ?note|met|saw (?:him|her|them) at|slept|hooked|kissed|"
    r"liked|commented|reacted|followed|unblocked|answered|picked up)\b"
)
_KEEP = re.compile(
    r"\bkeep (?:my |the )?(?:count|streak|going)\b|\bdon'?t (?:reset|restart)\b"
    r"|\bno reset\b|\bnot (?:reset|restart)\b|\bkeep it\b"
)
_AGAIN = re.compile(r"\b(?:start|count) (?:again|over)\b|\breset\b|\brestart\b")
_ONLY_LOOKED = re.compile(r"\b(?:only|just) (?:looked|looking|checked|stalked|scrolled)\b")
# A question asked in passing ("idk is a ceiling limited contact fr"): not a choice.
_ASKS = re.compile(r"\b(?:is|does|do|would|should|can|could) (?:a|an|it|that|this|looking|i)\b")
# Not knowing which to choose: "idk what to pick", "which one do i press".
_WHICH = re.compile(
    r"\b(?:what|which)(?: one)? (?:to|do i|should i|would you) (?:pick|choose|press|tap|go with"
    r"|do)\b|\bwhich (?:one|option)\b|\bhelp me (?:choose|pick|decide)\b|\bcant decide\b"
    r"|^(?:um+ |hmm+ |ugh )?(?:idk|dunno|i dont know|i don't know|not sure|no idea)[ .?!]*$"
)
_POINT = re.compile(
    r"\bwhat'?s (?:even )?the (?:point|use)\b|\bwhat is (?:even )?the point\b"
    r"|\bwhy (?:even )?bother\b"
    r"|\bno point\b|\bpointless\b|\bwhat was the point\b|\bgive up\b"
)

# Turning on themselves after a slip ("i hate myself for it", "im so stupid"): the note is
# kept, and what they hear first is kindness, not a filing clerk.
_SELF_BLAME = re.compile(
    r"\b(?:hate|despise|disgusted with|ashamed of|angry at|mad at) myself\b"
    r"|\bi(?:'?m| am) (?:so |such an? |an? |really |literally |the )*(?:stupid|idiot|pathetic"
    r"|failure|loser|weak|joke|mess|dumb|worst)\b"
    r"|^(?:ugh |omg )*(?:so )?(?:stupid|dumb|idiot)\b(?! question)"
    r"|\bwhy am i like this\b"
    r"|\bwhat'?s wrong with me\b|\bi ruin(?:ed)? everything\b"
)
SELF_BLAME_LINES = 3


def blames_self(text: str) -> bool:
    return _SELF_BLAME.search(normalise(text)) is not None


# What set it off, typed instead of tapped ("late night", "i was drunk", "her stories").
TRIGGER_WORDS: dict[str, tuple[str, ...]] = {
    "night": ("night", "late", "2am", "3am", "cant sleep", "can't sleep", "insomnia"),
    "lonely": ("lonely", "alone", "loneliness", "by myself"),
    "profile": ("profile", "instagram", "insta", "posts", "stories", "story", "photos", "pics"),
    "memory": ("memory", "memories", "remembered", "song", "anniversary", "reminded"),
    "drink": ("drink", "drunk", "wine", "beer", "tipsy", "drinking", "drinks"),
    "news": ("news", "heard", "someone told", "new girlfriend", "new boyfriend", "dating"),
    "other": ("other", "something else"),
}


def mentioned(text: str, vocab: dict[str, tuple[str, ...]]) -> str | None:
    """The key whose words come first in the text (whole words), or None."""
    plain = normalise(text)
    best: tuple[int, str] | None = None
    for key, phrases in vocab.items():
        for phrase in phrases:
            found = re.search(rf"(?<![a-z']){re.escape(phrase)}(?![a-z'])", plain)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), key)
    return best[1] if best else None


def whats_the_point(text: str) -> bool:
    """ "whats the point", "why even bother", "no point": asked after a slip."""
    return _POINT.search(normalise(text)) is not None


# The count named: "12 days", "the streak", "all those days".
_THE_COUNT = re.compile(r"\b\d+\s*(?:days?|weeks?|d)\b|\b(?:days|streak|count|no contact)\b")


def point_of_the_count(text: str) -> bool:
    """ "whats the point. 12 days gone", "12 days for nothing. whats the point": asking what
    the days were for, after a slip (not asking what the point of living is)."""
    return whats_the_point(text) and _THE_COUNT.search(normalise(text)) is not None


def looked_not_contact(text: str) -> bool:
    """ "i checked her stories again", "stalked his insta for an hour": looking them up,
    with no contact in it ("i looked at his profile and texted him" is contact)."""
    plain = normalise(text)
    return bool(LOOKING_WORDS & set(word_list(text))) and _CONTACT.search(plain) is None


def typed_choice(text: str, what: str) -> str | None:
    """The count choice typed in words, as a button value: "start again" (reset or
    lreset), "keep my count" (looked, or limited for contact), "it was about the kids"."""
    plain = normalise(text)
    looked = what == "looked"
    again = is_start_again(text) or _AGAIN.search(plain) is not None
    if again and re.search(r"\b(?:don'?t|not|no)\b", plain) is None:
        return "lreset" if looked else "reset"
    if _ONLY_LOOKED.search(plain) and what == "any":
        return "looked"
    if _KEEP.search(plain):
        return "looked" if looked else "limited"
    words = set(word_list(text))
    if not looked and (words & LOGISTICS_WORDS or "limited" in words):
        return "limited"
    return None


async def start(ctx: Ctx, via: str = "command") -> list[Reply]:
    if via == "detector" and ctx.state == "slip" and await _current(ctx) is not None:
        # More words about the slip just logged (a story in several messages) are that
        # slip's, not another one.
        answered = await on_text(ctx, (ctx.msg.text or "").strip())
        if answered:
            return answered
    what = "any" if via == "command" else "contact"
    words = ctx.msg.text or ""  # what they typed: "i checked her stories", "/slip looked"
    rule = ctx.detection.rule if ctx.detection is not None else ""
    contact = _CONTACT.search(normalise(words)) is not None
    if looked_not_contact(words) or (rule == "slip:looked-at-them" and not contact):
        what = "looked"
    slip = await ctx.store.add_slip(ctx.user.id, ctx.now, ctx.today())
    await ctx.go("slip", {"slip_id": slip.id, "await": "kind", "what": what})
    recovery = _recovery(ctx, slip, what)
    ack = "slip_ack_looked" if what == "looked" else "slip_ack"
    intro = ctx.t("slip_ack_urge" if via == "urge" else ack)
    shown = render_item(recovery, **await text_fields(ctx))
    text = "\n\n".join([intro, shown, ctx.t(_CHOOSE[what])])
    return [Reply(text, buttons=_choice_rows(ctx, slip, what))]


_CHOOSE = {"contact": "slip_choose", "looked": "slip_choose_looked", "any": "slip_choose_any"}


def _recovery(ctx: Ctx, slip: Slip, what: str) -> Item:
    """A recovery line that fits what happened (the one about looking, for a look)."""
    items = ctx.lib.pool("slip_recovery")
    fit = [i for i in items if (i.extra.get("about") == "looked") == (what == "looked")]
    chosen = fit or items
    return ctx.lib.pick_fresh(chosen, f"{ctx.user.id}:{slip.id}")[0]


def _choice_rows(ctx: Ctx, slip: Slip, what: str) -> tuple[tuple[Button, ...], ...]:
    def kind(key: str, label: str) -> Button:
        return actions.button(ctx.t(label), actions.SLIP, slip.id, "k", key)

    if what == "looked":
        return rows([kind("looked", "btn_slip_keep")], [kind("lreset", "btn_slip_reset")])
    made = [[kind("reset", "btn_slip_reset")], [kind("limited", "btn_slip_limited")]]
    if what == "any":
        made.append([kind("looked", "btn_slip_looked")])
    return rows(*made)


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


async def _choose(ctx: Ctx, slip: Slip, choice: str) -> list[Reply]:
    if slip.kind is not None:
        return [Reply(ctx.t(f"slip_already_{slip.kind}"))]
    kind = CHOICES[choice]
    await ctx.store.update_slip(slip.id, kind=kind)
    if kind in {RESET, LOOKED_RESET}:
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
        if kind == LOOKED_RESET:
            text = ctx.t("slip_looked_logged") + " " + text
    elif kind == LOOKED:
        streak = await streak_of(ctx)
        text = ctx.t("slip_looked_ok", streak=days(streak.current))
    else:
        streak = await streak_of(ctx)
        text = ctx.t("slip_limited_ok", streak=days(streak.current))
    if kind != LOOKED:  # a look that keeps the count is theirs alone, not news for a buddy
        await _tell_buddy(ctx)
    await ctx.go("slip", {"slip_id": slip.id, "await": "trigger"})
    return [Reply(text + "\n\n" + ctx.t("slip_trigger_ask"), buttons=_followup_rows(ctx, slip))]


async def _tell_buddy(ctx: Ctx) -> None:
    """If the person chose to share slips with a buddy, let the buddy know (no details)."""
    notice = await buddy.buddy_notice(ctx.store, ctx.lib, ctx.user.id, "slip")
    if notice is not None:
        await ctx.notify(*notice)


def _note_rows(ctx: Ctx, slip: Slip, *, note: bool = True) -> tuple[tuple[Button, ...], ...]:
    done = actions.button(ctx.t("btn_done"), actions.SLIP, slip.id, "done")
    if not note:
        return rows([done])
    return rows([actions.button(ctx.t("btn_add_note"), actions.SLIP, slip.id, "note"), done])


async def on_action(ctx: Ctx, action: actions.Action) -> list[Reply]:
    slip_id = action.int_part(0)
    slip = await ctx.store.get_slip(ctx.user.id, slip_id) if slip_id is not None else None
    if slip is None:
        return [Reply(ctx.t("stale_button"))]
    what = action.part(1)
    if what == "k" and action.part(2) in CHOICES:
        return await _choose(ctx, slip, action.part(2))
    if what == "g" and action.part(2) in actions.TRIGGERS:
        await ctx.store.update_slip(slip.id, trigger=action.part(2))
        await ctx.go("slip", {"slip_id": slip.id, "await": "trigger", "trigger": True})
        return [Reply(ctx.t("trigger_saved"), buttons=_note_rows(ctx, slip))]
    if what == "note":
        await ctx.go("slip", {"slip_id": slip.id, "await": "note"})
        return [Reply(ctx.t("slip_note_ask"), expects="note")]
    if what == "done":
        await ctx.idle()
        return [Reply(ctx.t("slip_done"))]
    return [Reply(ctx.t("stale_button"))]


async def on_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """Typed answers at each step of the slip: the count choice in words, a trigger, the
    note (a story typed at any step is kept as the note, and the step offered again), and
    "what's the point", answered for real."""
    slip = await _current(ctx)
    if slip is None:
        await ctx.idle()
        return None
    waiting = str(ctx.data.get("await") or ("kind" if slip.kind is None else "trigger"))
    if waiting == "note":
        await ctx.idle()
        await _keep_note(ctx, slip, text)
        return [Reply(ctx.t("slip_note_saved"))]
    if whats_the_point(text):
        return [Reply(_point_line(ctx)), _step_again(ctx, slip, waiting)]
    if waiting == "kind" and slip.kind is None and _WHICH.search(normalise(text)):
        # "idk what to pick": how to choose, said plainly; the choice stays theirs.
        what = str(ctx.data.get("what") or "contact")
        key = "slip_which_looked" if what == "looked" else "slip_which"
        return [Reply(ctx.t(key)), _step_again(ctx, slip, waiting)]
    detection = ctx.detection  # "he said he misses me" here is the slip's story, kept below
    question = is_question(text) or _ASKS.search(normalise(text)) is not None
    if question:
        # "is a ceiling limited contact?", "does looking count": answered, then the step.
        looked = ctx.data.get("what") == "looked" or slip.kind in {LOOKED, LOOKED_RESET}
        found = situations.match(text, after="looking" if looked else Said.parse(ctx.said).topic)
        if found is not None:
            intent = detection.intent if detection is not None else Intent.NONE
            return [*await situations.answer(ctx, found, intent), _step_again(ctx, slip, waiting)]
        # "did i do the right thing or was that dramatic": asked of us, not the story.
        n = sum(ord(c) for c in ctx.now.isoformat()) % SLIP_QUESTION_LINES + 1
        return [Reply(ctx.t(f"slip_question_{n}")), _step_again(ctx, slip, waiting)]
    thanked = situations.match(text)
    if thanked is not None and thanked.topic.name == "thanks" and len(word_list(text)) <= 14:
        # "thank u for not making me feel like an idiot": said to us, not part of the note.
        thanks = await situations.answer(ctx, thanked, Intent.NONE)
        if waiting == "kind":
            return [*thanks, _step_again(ctx, slip, waiting)]
        await ctx.idle()
        return thanks
    if waiting == "kind" and slip.kind is None and not question:
        choice = typed_choice(text, str(ctx.data.get("what") or "contact"))
        if choice is not None and len(word_list(text)) <= 12:
            return await _choose(ctx, slip, choice)
    if waiting == "trigger":
        trigger = _trigger_in(text)
        if trigger is not None and len(word_list(text)) <= 6:
            await ctx.store.update_slip(slip.id, trigger=trigger)
            await ctx.go("slip", {"slip_id": slip.id, "await": "trigger", "trigger": True})
            return [Reply(ctx.t("trigger_saved"), buttons=_note_rows(ctx, slip))]
        if is_skip(text) or is_done(text) or normalise(text) in {"ok", "okay", "done"}:
            await ctx.idle()
            return [Reply(ctx.t("slip_done"))]
    if len(word_list(text)) < 4 and blames_self(text):
        # "im so stupid": answered kindly before the step comes again; too short to be
        # the story, so it is not kept as the note.
        return [Reply(_self_blame_line(ctx)), _step_again(ctx, slip, waiting)]
    if len(word_list(text)) >= 4:
        # What happened, in their words: kept as the note on this slip.
        await _keep_note(ctx, slip, text)
        key = "slip_note_kept" if waiting == "kind" else "slip_note_kept_after"
        if slip.note:  # the story goes on: said differently, so it never reads as a repeat
            key = "slip_note_added"
        said = ctx.t(key)
        if blames_self(text):
            said = _self_blame_line(ctx)
        if waiting == "kind":
            return [Reply(said), _step_again(ctx, slip, waiting)]
        return [Reply(said, buttons=_note_rows(ctx, slip, note=False))]
    return [_step_again(ctx, slip, waiting)]


def _self_blame_line(ctx: Ctx) -> str:
    """Kindness first for "im so stupid"; which of the lines turns with the clock."""
    n = sum(ord(c) for c in ctx.now.isoformat()) % SELF_BLAME_LINES + 1
    return ctx.t(f"slip_self_blame_{n}")


async def _current(ctx: Ctx) -> Slip | None:
    """The slip this conversation is about, while it is recent enough that what they type
    is still about it (a story told over the next hours; not a new slip next week)."""
    slip_id = ctx.data.get("slip_id")
    slip = await ctx.store.get_slip(ctx.user.id, int(slip_id)) if slip_id else None
    if slip is None or ctx.now - slip.occurred_at > timedelta(hours=SAME_CONTACT_HOURS):
        return None
    return slip


def _trigger_in(text: str) -> str | None:
    return mentioned(text, TRIGGER_WORDS)


async def _keep_note(ctx: Ctx, slip: Slip, text: str) -> None:
    """The note on a slip; a second piece of the story is added to the first."""
    note = clean_text(text)
    if slip.note:
        note = f"{slip.note}\n{note}"
    await ctx.store.update_slip(slip.id, note=note[:MAX_SAVED_CHARS])


def _point_line(ctx: Ctx) -> str:
    n = int(ctx.data.get("point") or 0) % POINT_LINES + 1
    ctx.data["point"] = n
    ctx.data[situations.TOPIC_KEY] = "whats_the_point"  # a follow-up may be about it
    return ctx.t(f"slip_point_{n}")


SLIP_QUESTION_LINES = 2


def _step_again(ctx: Ctx, slip: Slip, waiting: str) -> Reply:
    """The question of this step again, with the same buttons."""
    if waiting == "kind" and slip.kind is None:
        what = str(ctx.data.get("what") or "contact")
        return Reply(ctx.t("slip_choose_again"), buttons=_choice_rows(ctx, slip, what))
    if ctx.data.get("trigger"):
        return Reply(ctx.t("slip_after_again"), buttons=_note_rows(ctx, slip))
    return Reply(ctx.t("slip_trigger_ask"), buttons=_followup_rows(ctx, slip))


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
