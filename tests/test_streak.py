"""Streak arithmetic: honest, and history is never erased."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.streak import compute, plan_day

START = date(2026, 11, 1)


def test_no_slips_counts_every_day_including_today() -> None:
    s = compute(START, date(2026, 11, 10), [])
    assert (s.current, s.longest, s.total, s.resets) == (10, 10, 10, 0)


def test_reset_day_is_not_a_no_contact_day_and_the_next_day_is_day_one() -> None:
    s = compute(START, date(2026, 11, 10), [date(2026, 11, 8)])
    assert s.current == 2  # the 9th and the 10th
    assert s.longest == 7  # the 1st to the 7th
    assert s.total == 9
    on_slip_day = compute(START, date(2026, 11, 8), [date(2026, 11, 8)])
    assert on_slip_day.current == 0


def test_limited_contact_does_not_break_the_run() -> None:
    s = compute(START, date(2026, 11, 10), [], [date(2026, 11, 5)])
    assert (s.current, s.total, s.limited) == (10, 10, 1)


def test_before_the_plan_starts_nothing_is_counted() -> None:
    s = compute(date(2026, 11, 23), date(2026, 11, 22), [])
    assert (s.current, s.longest, s.total) == (0, 0, 0)
    assert plan_day(date(2026, 11, 23), date(2026, 11, 22)) == 0


def test_two_slips_on_one_day_count_once() -> None:
    s = compute(START, date(2026, 11, 3), [date(2026, 11, 2), date(2026, 11, 2)])
    assert (s.current, s.longest, s.total, s.resets) == (1, 1, 2, 1)


@given(
    days=st.integers(min_value=0, max_value=400),
    offsets=st.lists(st.integers(min_value=0, max_value=400), max_size=20),
)
def test_counts_are_consistent(days: int, offsets: list[int]) -> None:
    today = START + timedelta(days=days)
    resets = [START + timedelta(days=o) for o in offsets if o <= days]
    s = compute(START, today, resets)
    assert 0 <= s.current <= s.longest <= s.total <= days + 1
    assert s.total == days + 1 - len(set(resets))
