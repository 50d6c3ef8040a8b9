"""A person's times of day: the defaults, and what quiet hours mean. Defined once, used by
the settings parser, the urge flow, the storage defaults and the scheduler. Pure."""

from __future__ import annotations

from datetime import time

DEFAULT_MORNING = "08:00"
DEFAULT_CHECKIN = "21:00"
DEFAULT_QUIET_START = "22:30"
DEFAULT_QUIET_END = "07:30"
DEFAULTS = {
    "morning": DEFAULT_MORNING,
    "checkin": DEFAULT_CHECKIN,
    "quiet_start": DEFAULT_QUIET_START,
    "quiet_end": DEFAULT_QUIET_END,
}


def in_quiet_window(local: time, start: time, end: time) -> bool:
    """Whether a local time of day falls in quiet hours [start, end), a window that may cross
    midnight (22:30-07:30).

    start == end is an empty window: no quiet hours at all (never "quiet all day"), so a
    setting that slipped past the parser can never silence every nudge.
    """
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end
