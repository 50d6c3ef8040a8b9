"""Time comes in from outside the core, so tests can stand anywhere on the calendar."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that moves only when told to."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def advance(self, **kwargs: float) -> None:
        self._at += timedelta(**kwargs)


class OffsetClock:
    """The system clock moved forward by the number of seconds written in a file.

    For black-box tests of the real process only (`COOLOFF_CLOCK_FILE`): a test writes
    "900" to skip fifteen minutes, and the running bot, its scheduler included, lives in
    that future. The file is read again whenever it changes; a missing or unreadable file
    means no offset, so a typo can never stop the clock.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: float | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        try:
            stamp = os.stat(self._path).st_mtime_ns
        except OSError:
            self._stamp, self._offset = None, timedelta(0)
        else:
            if stamp != self._stamp:
                self._stamp = stamp
                try:
                    seconds = float(self._path.read_text(encoding="ascii").strip() or 0)
                except (OSError, ValueError, UnicodeDecodeError):
                    seconds = 0.0
                self._offset = timedelta(seconds=seconds)
        return datetime.now(UTC) + self._offset
