"""The DST rules, quiet hours and the preview command: pure functions, no database."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler import cli
from scheduler.rules import (
    CHECKIN,
    MORNING,
    Act,
    Settings,
    checkback_verdict,
    daily_verdict,
    first_due,
    next_due,
)
from scheduler.timing import (
    daily_instants,
    date_exists,
    in_window,
    load_zone,
    local_date,
    local_to_utc,
    next_occurrence,
    parse_hhmm,
    quiet_until,
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected", "why"),
    [
        # spring forward: moved forward by the length of the gap
        ("America/New_York", "2026-03-08", "02:30", "2026-03-08 07:30", "03:30 EDT"),
        ("Europe/Berlin", "2026-03-29", "02:30", "2026-03-29 01:30", "03:30 CEST"),
        ("Australia/Lord_Howe", "2026-10-04", "02:10", "2026-10-03 15:40", "30-min gap: 02:40"),
        ("Pacific/Chatham", "2026-09-27", "03:00", "2026-09-26 14:15", "04:00 +13:45"),
        ("Asia/Kathmandu", "1986-01-01", "00:10", "1985-12-31 18:40", "15-min gap: 00:25"),
        # fall back: the first occurrence
        ("America/New_York", "2026-11-01", "01:30", "2026-11-01 05:30", "01:30 EDT"),
        ("Europe/Berlin", "2026-10-25", "02:30", "2026-10-25 00:30", "02:30 CEST"),
        ("Australia/Lord_Howe", "2026-04-05", "01:45", "2026-04-04 14:45", "01:45 +11"),
        ("Pacific/Chatham", "2026-04-05", "03:00", "2026-04-04 13:15", "03:00 +13:45"),
        # ordinary days, odd offsets
        ("Asia/Kathmandu", "2026-06-01", "08:00", "2026-06-01 02:15", "+05:45"),
        ("Pacific/Chatham", "2026-06-01", "08:00", "2026-05-31 19:15", "+12:45"),
        ("Australia/Lord_Howe", "2026-06-01", "08:00", "2026-05-31 21:30", "+10:30"),
    ],
)
def test_local_time_to_utc_follows_the_dst_rules(
    zone: str, day: str, at: str, expected: str, why: str
) -> None:
    got = local_to_utc(date.fromisoformat(day), parse_hhmm(at), load_zone(zone))
    assert got == utc(expected), why


def test_a_local_date_that_does_not_exist_is_skipped() -> None:
    apia = load_zone("Pacific/Apia")  # went from -10 to +14 and skipped 2011-12-30
    assert not date_exists(date(2011, 12, 30), apia)
    assert local_to_utc(date(2011, 12, 30), time(8), apia) is None
    got = list(daily_instants(date(2011, 12, 29), 3, time(8), apia))
    assert got == [utc("2011-12-29 18:00"), utc("2011-12-30 18:00")]  # the 29th and 31st
    day, due = next_occurrence(utc("2011-12-29 19:00"), time(8), apia)
    assert (day, due) == (date(2011, 12, 31), utc("2011-12-30 18:00"))


@pytest.mark.parametrize(
    ("zone", "first", "expected_hours"),
    [
        ("America/New_York", "2026-03-07", [23, 24, 24]),
        ("America/New_York", "2026-10-31", [25, 24, 24]),
        ("Europe/Berlin", "2026-10-24", [25, 24, 24]),
        ("Australia/Lord_Howe", "2026-10-03", [23.5, 24, 24]),
        ("Australia/Lord_Howe", "2026-04-04", [24.5, 24, 24]),
        ("Pacific/Chatham", "2026-09-26", [23, 24, 24]),
        ("Asia/Kathmandu", "2026-03-28", [24, 24, 24]),
    ],
)
def test_exactly_one_morning_per_local_day_across_transitions(
    zone: str, first: str, expected_hours: list[float]
) -> None:
    tz = load_zone(zone)
    instants = list(daily_instants(date.fromisoformat(first), 4, time(8), tz))
    gaps = [(b - a).total_seconds() / 3600 for a, b in itertools.pairwise(instants)]
    assert gaps == expected_hours
    assert len({local_date(i, tz) for i in instants}) == 4
    assert all(i.astimezone(tz).time() == time(8) for i in instants)


def test_parse_and_zone_errors() -> None:
    assert parse_hhmm("07:05") == time(7, 5)
    for bad in ("7:05", "24:00", "07:60", "aa:bb", "", "07:05:00"):
        with pytest.raises(ValueError):
            parse_hhmm(bad)
    for bad in ("Mars/Olympus", "", " UTC", "../etc/passwd", "right/Europe/Berlin"):
        with pytest.raises(ValueError):
            load_zone(bad)


# --- quiet hours ----------------------------------------------------------------------------


def test_quiet_window_across_midnight() -> None:
    start, end = time(22, 30), time(7, 30)
    assert in_window(time(23), start, end)
    assert in_window(time(3), start, end)
    assert not in_window(time(7, 30), start, end)
    assert not in_window(time(12), start, end)
    assert not in_window(time(3), time(0), time(0))  # equal ends: no quiet hours
    berlin = load_zone("Europe/Berlin")
    # 23:10 CET on the 22nd -> the window ends 07:30 CET on the 23rd
    assert quiet_until(utc("2026-11-22 22:10"), berlin, start, end) == utc("2026-11-23 06:30")
    assert quiet_until(utc("2026-11-22 12:00"), berlin, start, end) is None


def _settings(zone: str = "UTC", **kw: str) -> Settings:
    values = {"morning": "08:00", "checkin": "21:00", "quiet_start": "22:30", "quiet_end": "07:30"}
    values.update(kw)
    return Settings.from_row(
        zone, values["morning"], values["checkin"], values["quiet_start"], values["quiet_end"]
    )


def test_checkback_inside_quiet_hours_waits_for_the_end() -> None:
    s = _settings("America/New_York")
    due = utc("2026-11-23 04:00")  # 23:00 local, inside 22:30-07:30
    verdict = checkback_verdict(s, due, due)
    assert verdict.act is Act.DEFER
    assert verdict.until == utc("2026-11-23 12:30")  # 07:30 EST
    assert checkback_verdict(s, verdict.until, verdict.until).act is Act.SEND
    assert checkback_verdict(s, due, due + timedelta(hours=2)).act is Act.SKIP  # stale


def test_daily_nudges_respect_downtime_and_quiet_rules() -> None:
    s = _settings()
    day = date(2026, 11, 22)
    assert daily_verdict(MORNING, s, day, utc("2026-11-22 08:00")).act is Act.SEND
    # missed while down: late but same day and before the check-in -> still goes out
    assert daily_verdict(MORNING, s, day, utc("2026-11-22 15:00")).act is Act.SEND
    # after the check-in time, or another day -> skipped
    assert daily_verdict(MORNING, s, day, utc("2026-11-22 21:00")).act is Act.SKIP
    assert daily_verdict(MORNING, s, day, utc("2026-11-23 09:00")).act is Act.SKIP
    assert daily_verdict(CHECKIN, s, day, utc("2026-11-22 21:30")).act is Act.SEND
    # the check-in missed until quiet hours: it would wait till tomorrow, so it is skipped
    assert daily_verdict(CHECKIN, s, day, utc("2026-11-22 23:00")).act is Act.SKIP
    # a morning set inside the quiet window goes out when the window ends
    early = _settings(morning="06:00")
    verdict = daily_verdict(MORNING, early, day, utc("2026-11-22 06:00"))
    assert (verdict.act, verdict.until) == (Act.DEFER, utc("2026-11-22 07:30"))


# --- properties -----------------------------------------------------------------------------

ZONES = st.sampled_from(
    [
        "America/New_York",
        "Europe/Berlin",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Asia/Kathmandu",
        "Pacific/Apia",
        "America/Santiago",
        "Asia/Tehran",
        "UTC",
    ]
) | st.timezones().map(str).filter(lambda z: not z.startswith(("right/", "posix/")))
TIMES = st.times().map(lambda t: t.replace(second=0, microsecond=0))
INSTANTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(zone=ZONES, at_=TIMES, start=INSTANTS)
def test_next_due_moves_forward_and_never_twice_a_day(
    zone: str, at_: time, start: datetime
) -> None:
    tz = ZoneInfo(zone)
    s = Settings(tz, at_, at_, time(0), time(0))
    day, due = first_due(MORNING, s, start)
    assert due >= start  # never an occurrence that had already passed
    seen = {day}
    for _ in range(12):
        nxt_day, nxt_due = next_due(MORNING, s, day, due)
        assert nxt_due > due
        assert nxt_day > day
        assert nxt_day not in seen
        assert date_exists(nxt_day, tz)
        seen.add(nxt_day)
        day, due = nxt_day, nxt_due


@settings(max_examples=300, deadline=None)
@given(zone=ZONES, data=st.data())
def test_an_existing_local_time_maps_back_to_itself(zone: str, data: st.DataObject) -> None:
    tz = ZoneInfo(zone)
    local = data.draw(
        st.datetimes(
            min_value=datetime(1990, 1, 1),
            max_value=datetime(2037, 12, 31),
            timezones=st.just(tz),
            allow_imaginary=False,
        )
    )
    at_ = local.time().replace(second=0, microsecond=0)
    got = local_to_utc(local.date(), at_, tz)
    assert got is not None
    back = got.astimezone(tz)
    assert (back.date(), back.time()) == (local.date(), at_)
    # ambiguous: the first occurrence
    assert got <= datetime.combine(local.date(), at_, tzinfo=tz).replace(fold=1).astimezone(UTC)


@settings(max_examples=200, deadline=None)
@given(zone=ZONES, at_=TIMES, first=st.dates(date(1990, 1, 1), date(2037, 1, 1)))
def test_preview_is_increasing_with_one_instant_per_existing_day(
    zone: str, at_: time, first: date
) -> None:
    tz = ZoneInfo(zone)
    got = list(daily_instants(first, 10, at_, tz))
    assert got == sorted(set(got))
    days = [first + timedelta(d) for d in range(10)]
    assert len(got) == len([d for d in days if date_exists(d, tz)])


# --- the preview command --------------------------------------------------------------------


def test_preview_prints_utc_instants(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["preview", "--tz", "America/New_York", "--at", "02:30"]
    argv += ["--from", "2026-03-07", "--days", "3"]
    code = cli.main(argv)
    out = capsys.readouterr()
    assert code == 0
    assert out.out.splitlines() == [
        "2026-03-07T07:30:00Z",
        "2026-03-08T07:30:00Z",  # 02:30 does not exist: 03:30 EDT
        "2026-03-09T06:30:00Z",
    ]
    assert [datetime.fromisoformat(x) for x in out.out.split()] == list(
        daily_instants(date(2026, 3, 7), 3, time(2, 30), load_zone("America/New_York"))
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["preview", "--tz", "Nowhere/Land", "--at", "08:00", "--from", "2026-01-01", "--days", "2"],
        ["preview", "--tz", "UTC", "--at", "8am", "--from", "2026-01-01", "--days", "2"],
        ["preview", "--tz", "UTC", "--at", "08:00", "--from", "2026-13-01", "--days", "2"],
        ["preview", "--tz", "UTC", "--at", "08:00", "--from", "2026-01-01", "--days", "zero"],
        ["preview", "--tz", "UTC", "--at", "08:00", "--from", "2026-01-01", "--days", "0"],
        ["preview"],
        [],
    ],
)
def test_preview_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(argv)
    out = capsys.readouterr()
    assert code != 0
    assert out.out == ""
    assert len(out.err.strip().splitlines()) == 1
    assert "Traceback" not in out.err


def test_settings_from_a_broken_users_row_fall_back_instead_of_stopping() -> None:
    s = Settings.from_row("Nowhere/Land", "7am", "21:00", "22:30", "25:00")
    assert s.zone.key == "UTC" and s.morning == time(8) and s.quiet_end == time(7, 30)
    right = Settings.from_row("right/Europe/Berlin", "08:00", "21:00", "22:30", "07:30")
    assert right.zone.key == "Europe/Berlin"
