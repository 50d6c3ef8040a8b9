"""A setting changed in the person's own words, outside the settings menu.

People do not open /settings to move a time: they type "timezone new york", "morning 7:30",
"change my check in to 10pm" in the middle of a chat. Such a message is answered as the
setting's step would answer it (changed at once, or the step's own reason it could not be,
with the question again) instead of getting a line about feelings. Only a message that
opens with the setting's name, or asks to change it, and carries something that looks like
its value, is taken for a request: "morning is the worst" and "night again" are not.
"""

from __future__ import annotations

import re

from bot.context import Ctx
from bot.flows import onboarding
from bot.messages import Reply
from bot.registry import Flow
from bot.text import typed_answers

# The names a request may open with, by setting (onboarding step key). Kept to the words
# people use for the setting itself: "time" or "night" alone say too little.
_NAMES: dict[str, tuple[str, ...]] = {
    "tz": ("timezone", "time zone", "my timezone", "my time zone", "tz"),
    "am": ("morning", "morning message", "morning time", "morning messages", "my morning"),
    "pm": (
        "check in",
        "checkin",
        "check-in",
        "evening",
        "evening check in",
        "evening checkin",
        "my check in",
        "my checkin",
        "check in time",
        "checkin time",
    ),
    "quiet": ("quiet hours", "quiet time", "do not disturb"),
    "cc": ("country", "my country"),
    "len": ("plan length", "length", "plan"),
}
_VERBS = r"(?:can you |could you |pls |please |i want to |i wanna |id like to |let me )?"
_VERBS += r"(?:change|set|move|switch|make|put|update)"
_SEPARATORS = r"(?:\s+(?:to|at|is|for|=|:|->))?"
# Values that must show a number to be one ("morning 25:99" does; "morning again" does not).
_NUMERIC = frozenset({"am", "pm", "quiet", "len"})
_MAX_WORDS = 9


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"^(?:{_VERBS}\s+(?:my\s+|the\s+)?)?(?P<name>{alternatives}){_SEPARATORS}\s+(?P<rest>.+)$"
    )


_PATTERNS = {key: _pattern(names) for key, names in _NAMES.items()}


def request(text: str) -> tuple[str, str] | None:
    """The setting a message asks to change and the words for its value, or None."""
    if len(typed_answers.word_list(text)) > _MAX_WORDS or typed_answers.is_question(text):
        return None
    plain = " ".join(text.lower().strip().rstrip(".!").split())
    for key, pattern in _PATTERNS.items():
        m = pattern.match(plain)
        if m is None:
            continue
        rest = m.group("rest").strip()
        if key == "len":
            if typed_answers.plan_length(rest) is None and not rest[:1].isdigit():
                return None
        elif key in _NUMERIC and not any(ch.isdigit() for ch in rest):
            return None
        if key in {"tz", "cc"} and not typed_answers.attempts(key, rest):
            return None
        return key, rest
    return None


_CHANGE = re.compile(r"\b(?:change|set|move|switch|update|reset)\b")


def asks_to_change(text: str) -> str | None:
    """ "can i change my timezone?", "how do i set the morning time": the setting asked
    about, when the question is how to change it."""
    if not typed_answers.is_question(text) or len(typed_answers.word_list(text)) > _MAX_WORDS:
        return None
    if _CHANGE.search(text.lower()) is None:
        return None
    key = typed_answers.setting_named(text)
    return key if key in _NAMES else None


async def on_idle_text(ctx: Ctx, text: str) -> list[Reply] | None:
    """Idle: a typed setting request is handled as its step; anything else is not ours."""
    if ctx.plan is None or ctx.user.onboarding_step:
        return None
    found = request(text)
    if found is None:
        asked = asks_to_change(text)
        if asked is None:
            return None
        return [await onboarding.ask(ctx, asked, single=True)]
    key, rest = found
    await ctx.go("onboard", {"step": key, "single": True})
    return await onboarding.answer(ctx, key, onboarding.typed_value(ctx, key, rest), single=True)


FLOW = Flow(name="typed_settings", on_idle_text=on_idle_text)
