"""The command list, in one place: the engine routes these, adapters register them
(Telegram's menu, Discord's slash commands)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # shown in platform menus; at most 100 characters
    argument: str | None = None  # name of the optional argument, if any
    argument_help: str | None = None


COMMANDS: tuple[Command, ...] = (
    Command("start", "Start or continue your cooling-off plan"),
    Command("urge", "I want to reach out right now: help me wait"),
    Command("status", "Your day, your streak, what's next"),
    Command("checkin", "Tonight's check-in"),
    Command("slip", "I had contact: log it, without shame"),
    Command("journal", "A reflection prompt; write privately"),
    Command("drafts", "Read the messages you wrote here instead of sending"),
    Command("reasons", "See or change your reasons"),
    Command("settings", "Your plan length, times and time zone"),
    Command("timezone", "Set your time zone", "zone", "e.g. Europe/Berlin or a city"),
    Command("time", "Set the morning message time", "hhmm", "e.g. 08:00"),
    Command("checkin_time", "Set the evening check-in time", "hhmm", "e.g. 21:00"),
    Command("quiet", "Set quiet hours", "range", "e.g. 22:30-07:30"),
    Command("pause", "Pause my messages (the count goes on)"),
    Command("resume", "Resume my messages"),
    Command("link", "Use one plan on Telegram and Discord", "code", "a code from /link"),
    Command("buddy", "Invite a friend to back you up", "code", "a code a friend sent you"),
    Command("progress", "A picture of your progress"),
    Command("export", "Download all your data"),
    Command("delete", "Erase all your data"),
    Command("helpline", "Not safe right now? Crisis lines, any time"),
    Command("safetyplan", "Your safety plan: what helps in the hardest moments"),
    Command("cancel", "Stop what we're doing"),
    Command("help", "What I can do"),
)

BY_NAME = {c.name: c for c in COMMANDS}


def parse_command(text: str) -> tuple[str, str | None] | None:
    """"/timezone@CooloffBot Europe/Berlin" -> ("timezone", "Europe/Berlin").

    None when the text is not a command at all. The name is lower-cased; the argument keeps
    its case and is None when empty.
    """
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2 or stripped[1].isspace():
        return None
    head, _, rest = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name or len(name) > 32:
        return None
    arg = rest.strip() or None
    return name, arg
