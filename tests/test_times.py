"""Default times and quiet hours: one definition, the same answer everywhere it is asked."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.domain import times
from bot.storage.models import User
from bot.text.parsing import in_quiet_hours, minutes, parse_quiet
from scheduler.rules import Settings
from scheduler.timing import in_window, quiet_until

EVERY_HALF_HOUR = [time(h, m) for h in range(24) for m in (0, 30)]


@pytest.mark.parametrize(
    ("start", "end"),
    [("22:30", "07:30"), ("12:00", "14:00"), ("00:00", "00:00"), ("09:00", "09:00")],
)
def test_the_urge_flow_and_the_scheduler_agree_on_quiet_hours(start: str, end: str) -> None:
    s, e = time.fromisoformat(start), time.fromisoformat(end)
    for at in EVERY_HALF_HOUR:
        here = in_quiet_hours(at.hour * 60 + at.minute, start, end)
        assert here == in_window(at, s, e) == times.in_quiet_window(at, s, e), at


def test_start_equal_to_end_means_no_quiet_hours() -> None:
    quiet = [t for t in EVERY_HALF_HOUR if in_quiet_hours(t.hour * 60 + t.minute, "08:00", "08:00")]
    assert quiet == []
    noon = datetime(2026, 11, 22, 12, tzinfo=UTC)
    assert quiet_until(noon, ZoneInfo("Europe/Berlin"), time(8), time(8)) is None
    assert parse_quiet("08:00-08:00") is None  # and the settings never store one


def test_quiet_hours_wrap_past_midnight() -> None:
    assert in_quiet_hours(minutes("23:00"), "22:30", "07:30")
    assert in_quiet_hours(minutes("03:00"), "22:30", "07:30")
    assert not in_quiet_hours(minutes("07:30"), "22:30", "07:30")


def test_broken_settings_fall_back_to_the_one_set_of_defaults() -> None:
    settings = Settings.from_row("UTC", "soon", "", "x", "25:00")
    assert settings.morning.isoformat()[:5] == times.DEFAULT_MORNING
    assert settings.checkin.isoformat()[:5] == times.DEFAULT_CHECKIN
    assert settings.quiet_start.isoformat()[:5] == times.DEFAULT_QUIET_START
    assert settings.quiet_end.isoformat()[:5] == times.DEFAULT_QUIET_END


def test_the_users_table_defaults_are_the_same_defaults() -> None:
    columns = User.__table__.c
    assert columns.morning_time.default.arg == times.DEFAULT_MORNING
    assert columns.checkin_time.default.arg == times.DEFAULT_CHECKIN
    assert columns.quiet_start.default.arg == times.DEFAULT_QUIET_START
    assert columns.quiet_end.default.arg == times.DEFAULT_QUIET_END
