"""What people type for settings: forgiving on form, strict on meaning."""

from __future__ import annotations

from datetime import date

import pytest

from bot.commands import parse_command
from bot.content.crisis_lines import line_for, parse_country
from bot.domain.timezones import parse_timezone
from bot.text.parsing import (
    in_quiet_hours,
    minutes,
    parse_length,
    parse_quiet,
    parse_start,
    parse_time,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8", "08:00"),
        ("08:00", "08:00"),
        ("7.30", "07:30"),
        ("20h", "20:00"),
        ("8pm", "20:00"),
        ("12am", "00:00"),
        ("12:15 pm", "12:15"),
        ("23:59", "23:59"),
        ("24:00", None),
        ("7:60", None),
        ("13pm", None),
        ("soon", None),
        ("", None),
        ("٨:٠٠", "08:00"),  # Arabic-Indic digits mean the same time
    ],
)
def test_times(typed: str, expected: str | None) -> None:
    assert parse_time(typed) == expected


def test_quiet_ranges() -> None:
    assert parse_quiet("22:30-07:30") == ("22:30", "07:30")
    assert parse_quiet("11pm to 7am") == ("23:00", "07:00")
    assert parse_quiet("22:30–07:30") == ("22:30", "07:30")
    assert parse_quiet("22:30") is None
    assert parse_quiet("08:00-08:00") is None


def test_quiet_window_wraps_midnight() -> None:
    assert in_quiet_hours(minutes("23:00"), "22:30", "07:30")
    assert in_quiet_hours(minutes("03:00"), "22:30", "07:30")
    assert not in_quiet_hours(minutes("07:30"), "22:30", "07:30")
    assert in_quiet_hours(minutes("13:00"), "12:00", "14:00")


def test_lengths() -> None:
    assert parse_length("30") == 30
    assert parse_length("6 weeks") == 42
    assert parse_length("2 months") == 60
    assert parse_length("a while") is None


def test_start_dates_are_never_in_the_future() -> None:
    today = date(2026, 11, 22)
    assert parse_start("yesterday", today) == date(2026, 11, 21)
    assert parse_start("3 days ago", today) == date(2026, 11, 19)
    assert parse_start("2026-11-01", today) == date(2026, 11, 1)
    assert parse_start("2026-12-01", today) is None
    assert parse_start("2024-01-01", today) is None
    assert parse_start("2026-02-30", today) is None


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("Lord Howe", "Australia/Lord_Howe"),
        ("kathmandu", "Asia/Kathmandu"),
        ("EST", "America/New_York"),
        ("Mars/Olympus_Mons", None),
        ("🌍", None),
        ("x" * 500, None),
    ],
)
def test_timezones(typed: str, zone: str | None) -> None:
    assert parse_timezone(typed) == zone


def test_countries_and_their_lines() -> None:
    assert parse_country("UK") == "GB"
    assert parse_country("ireland") == "IE"
    assert parse_country("de") == "DE"
    assert parse_country("Atlantis") is None
    assert "988" in line_for("US").contact  # type: ignore[union-attr]
    assert "116 123" in line_for("GB").contact  # type: ignore[union-attr]
    assert "13 11 14" in line_for("AU").contact  # type: ignore[union-attr]
    assert "1737" in line_for("NZ").contact  # type: ignore[union-attr]
    assert line_for("XX") is None
    assert parse_country("España") == "ES" and parse_country("deutschland") == "DE"
    assert parse_country("i am in pain") is None  # "in" inside a sentence is not India


def test_commands() -> None:
    assert parse_command("/timezone@CooloffBot Europe/Berlin") == ("timezone", "Europe/Berlin")
    assert parse_command("/URGE") == ("urge", None)
    assert parse_command("/ ") is None
    assert parse_command("/") is None
    assert parse_command("not a command") is None


def test_crisis_lines_cover_the_world_with_sources() -> None:
    from bot.content.crisis_lines import countries, country_for_zone

    lines = countries()
    assert len(lines) >= 30
    for line in lines:
        assert line.contact and line.emergency and line.source and line.checked, line.code
        assert "{" not in line.contact
    assert country_for_zone("Europe/Berlin") == "DE"
    assert country_for_zone("America/Sao_Paulo") == "BR"
    assert country_for_zone("Mars/Olympus") is None
