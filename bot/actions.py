"""Button action ids: short, typed, and checked against the 64-byte limit when built.

Format: `<flow>:<field>:...`, e.g. `ur:12:s:7` (urge 12, strength 7). Ids that refer to a
moment (an urge, a slip, a delete request) carry its id, so a stale or repeated press can be
recognised and answered instead of acting twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.messages import MAX_ACTION_BYTES, Button

# Flows
# ur:<urge_id>:s:<0-10> | ur:<id>:t:<tool> | ur:<id>:a:<0-10> | ur:<id>:o:<outcome>
# | ur:<id>:g:<trigger> | ur:<id>:w:<done|drop> (a draft written in pieces)
URGE = "ur"
# sl:<slip_id>:k:<reset|limited|looked|lreset> | sl:<id>:g:<trigger> | sl:<id>:note | sl:<id>:done
SLIP = "sl"
ONBOARD = "ob"  # ob:<step>:<value> | ob:<step>:skip | ob:resume | ob:stop
SETTING = "st"  # st:<step> opens one setting
CHECKIN = "ci"  # ci:<yyyymmdd>:m:<1-3> | ci:<yyyymmdd>:h:<yes|limited|no>
JOURNAL = "jr"  # jr:next:<n> | jr:read | jr:drafts
REASONS = "rs"  # rs:add | rs:clear | rs:done
DELETE = "dl"  # dl:yes:<nonce> | dl:no
COMMAND = "go"  # go:<command> runs a command, e.g. go:urge
GUIDE = "gd"  # gd:<topic> shows guidance (ex_contacted, run_into, logistics)
REVIEW = "rv"  # rv:<plan_id>:<extend|move_on|resume>:<plan length when offered>
WEEKLY = "wk"  # wk:<on|off>, the weekly-review opt-in (bot/features/buddy_progress.py); the old
# bd:weekly:<on|off> buttons already sent still work (bot/features/buddy.py hands them over)
LINK = "lk"  # see bot/features/linking.py
BUDDY = "bd"  # see bot/features/buddy.py
CRISIS = "cr"  # see bot/flows/crisis_support.py
SAFETY_PLAN = "sp"  # see bot/flows/safety_plan.py

TOOLS = ("write", "wait", "task", "breathe", "passed")
OUTCOMES = ("held", "sent", "deciding")
TRIGGERS = ("night", "lonely", "profile", "memory", "drink", "news", "other")

# Row ids are INTEGER columns: a signed 32-bit on PostgreSQL. A larger number in a button
# can only be forged, and would overflow the query instead of finding nothing.
MAX_ID = 2**31 - 1
# ASCII digits only: `str.isdigit()` also accepts "²" and "٣", which `int()` then rejects or
# reads, so a forged button could raise instead of being answered.
_ASCII_NUMBER = re.compile(r"[0-9]{1,10}")


def parse_number(value: str, maximum: int = MAX_ID) -> int | None:
    """A whole number written in ASCII digits, from 0 to `maximum`; None for anything else
    (signs, spaces, exponents, other scripts' digits, too large)."""
    if not _ASCII_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if number <= maximum else None


@dataclass(frozen=True)
class Action:
    flow: str
    parts: tuple[str, ...]

    def part(self, index: int, default: str = "") -> str:
        return self.parts[index] if index < len(self.parts) else default

    def int_part(self, index: int, maximum: int = MAX_ID) -> int | None:
        """A part as a number (an id by default, so at most `MAX_ID`); None when it is
        missing or not strictly one (see `parse_number`)."""
        return parse_number(self.part(index), maximum)


def encode(flow: str, *parts: object) -> str:
    action = ":".join([flow, *(str(p) for p in parts)])
    if len(action.encode()) > MAX_ACTION_BYTES:
        raise ValueError(f"action id over {MAX_ACTION_BYTES} bytes: {action!r}")
    return action


def parse(action: str) -> Action | None:
    """Parse an action id; None for anything malformed (a forged or ancient button)."""
    if not action or len(action.encode()) > MAX_ACTION_BYTES or ":" not in action:
        return None
    flow, *parts = action.split(":")
    return Action(flow, tuple(parts))


def button(label: str, flow: str, *parts: object) -> Button:
    return Button(label, encode(flow, *parts))


def command_button(label: str, command: str) -> Button:
    return button(label, COMMAND, command)
