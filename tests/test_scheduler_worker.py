"""The worker against real databases (SQLite files and PostgreSQL), with a fixed clock and a
recording outbox: once and only once, restarts and kills, quiet hours, check-backs, failures."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import date

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.clock import FixedClock
from bot.content.library import ContentError, Library
from bot.storage.db import Database
from bot.storage.models import Checkin, Conversation, Identity, Plan, Urge, User
from bot.storage.schedule_models import Delivery, Schedule
from bot.storage.sealing import Sealer
from bot.storage.store import Store
from scheduler import reschedule_user
from scheduler.claims import claim_due, claim_statement
from scheduler.rules import CHECKBACK_GRACE
from scheduler.worker import MorningItems, morning_plan
from tests.scheduler_fixtures import (  # noqa: F401 - fixtures are registered by import
    FakeOutbox,
    add_users,
    at,
    db_fixture,
    hours,
    make_worker,
    open_db,
    sched_pg_url_fixture,
    sched_url_fixture,
)


class Killed(BaseException):
    """Stands in for kill -9: not an Exception, so nothing in the worker catches it."""


async def _count(db: Database, model: type) -> int:
    async with db.engine.begin() as conn:
        return int(await conn.scalar(select(func.count()).select_from(model)) or 0)


async def test_one_morning_per_day_with_the_task_and_buttons(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 07:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 3, tz="Europe/Berlin")  # 08:00 CET = 07:00 UTC
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-21 12:00"))  # rows created the day before
    stats = await worker.tick(clock.now())
    assert stats.sent == 3
    assert sorted(outbox.chats()) == ["c1", "c2", "c3"]
    morning = outbox.sent[0].replies[-1]
    assert "\n\n" in morning.text
    assert [b.action for b in morning.all_buttons] == ["go:urge", "go:journal"]
    # Ticking again, any time that day, sends nothing more.
    for later in ("2026-11-22 07:00", "2026-11-22 07:05", "2026-11-22 12:00"):
        clock.set(at(later))
        assert (await worker.tick(clock.now())).sent == 0
    assert len(outbox.sent) == 3
    # The next morning: again exactly one each.
    clock.set(at("2026-11-23 07:00"))
    assert (await worker.tick(clock.now())).sent == 3
    assert await _count(db, Delivery) == 6
    async with db.engine.begin() as conn:  # the ledger's raw fast path reads back exactly
        rows = (await conn.execute(select(Delivery.kind, Delivery.key, Delivery.sent_at))).all()
    assert {(r.kind, r.key) for r in rows} == {("morning", "2026-11-22"), ("morning", "2026-11-23")}
    assert {r.sent_at for r in rows} == {at("2026-11-22 07:00"), at("2026-11-23 07:00")}


async def test_evening_checkin_only_without_a_checkin_that_day(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 21:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 2)
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(Checkin).values(
                user_id=1, local_date=date(2026, 11, 22), created_at=clock.now(), mood=2
            )
        )
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-22 12:00"))
    await worker.tick(clock.now())
    assert outbox.chats() == ["c2"]
    reply = outbox.sent[0].replies[0]
    assert [b.action for b in reply.all_buttons] == [
        "ci:20261122:m:1",
        "ci:20261122:m:2",
        "ci:20261122:m:3",
    ]


async def test_a_checkin_waits_while_the_person_is_mid_conversation(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 21:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 2)
    async with db.engine.begin() as conn:  # person 1 is in the middle of an urge
        await conn.execute(
            insert(Conversation).values(
                user_id=1, state="urge", data="{}", updated_at=at("2026-11-22 20:57")
            )
        )
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-22 12:00"))
    await worker.tick(clock.now())
    assert outbox.chats() == ["c2"]  # nobody else waits
    clock.set(at("2026-11-22 21:05"))
    await worker.tick(clock.now())
    assert outbox.chats() == ["c2"]  # still within ten quiet minutes of their last message
    clock.set(at("2026-11-22 21:08"))
    await worker.tick(clock.now())
    assert outbox.chats() == ["c2", "c1"]  # quiet long enough: the same check-in, once
    clock.set(at("2026-11-22 21:30"))
    await worker.tick(clock.now())
    assert len(outbox.sent) == 2


async def test_missed_while_down_same_day_goes_out_otherwise_skipped(db: Database) -> None:
    clock = FixedClock(at("2026-11-20 12:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 1)
    worker = make_worker(db, clock, outbox)
    await worker.sync(clock.now())  # next morning: the 21st at 08:00
    # Down from the 20th until the 22nd at 10:00: the 21st's morning and check-in are stale,
    # the 22nd's morning is late but still that day and before the check-in -> one message.
    clock.set(at("2026-11-22 10:00"))
    stats = await worker.tick(clock.now())
    assert stats.sent == 1 and len(outbox.sent) == 1
    assert outbox.sent[0].at == at("2026-11-22 10:00")
    # Back from 22:00: too late for the check-in of the 22nd (quiet hours until tomorrow).
    clock.set(at("2026-11-22 23:00"))
    assert (await worker.tick(clock.now())).sent == 0
    async with db.engine.begin() as conn:
        dues = list(await conn.scalars(select(Schedule.due_at).order_by(Schedule.kind)))
    assert all(d is not None and d > clock.now() for d in dues)  # nothing stale left


async def test_postgres_fast_ledger_commits_leave_pooled_connections_synchronous(
    sched_pg_url: str,
) -> None:
    # The ledger connection skips the WAL flush for its own INSERTs only; the person's own
    # data (check-ins, drafts, /delete) written later on a pooled connection must still
    # wait for the disk.
    db = await open_db(sched_pg_url)
    try:
        clock = FixedClock(at("2026-11-22 07:00"))
        await add_users(db, 3, tz="Europe/Berlin")
        worker = make_worker(db, clock, FakeOutbox(clock))
        await worker.sync(at("2026-11-21 12:00"))
        assert (await worker.tick(clock.now())).sent == 3
        async with db.engine.connect() as a, db.engine.connect() as b:
            for conn in (a, b):
                assert await conn.scalar(text("SHOW synchronous_commit")) == "on"
    finally:
        await db.dispose()


async def test_kill_after_acceptance_never_repeats_what_was_recorded(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 10)
    first = make_worker(db, clock, outbox, owner="dies", batch=10)
    await first.sync(at("2026-11-21 12:00"))

    def kill_on_fourth(_: object) -> None:
        if len(outbox.sent) == 4:
            raise Killed

    outbox.after_accept = kill_on_fourth  # accepted by the platform, not yet in the ledger
    with contextlib.suppress(Killed):
        await first.tick(clock.now())
    outbox.after_accept = None
    assert await _count(db, Delivery) == 3
    # Another worker (or the restarted process) cannot take the rows before the lease ends.
    second = make_worker(db, clock, outbox, owner="after")
    assert (await second.tick(clock.now())).claimed == 0
    clock.advance(minutes=3)
    stats = await second.tick(clock.now())
    assert stats.sent == 7  # the 6 never sent + the one in flight at the kill
    chats = outbox.chats()
    assert set(chats) == {f"c{i}" for i in range(1, 11)}
    assert len(chats) == 11  # exactly one repeat: the message in flight
    assert await _count(db, Delivery) == 10


async def test_restart_in_the_middle_of_a_run_loses_nothing(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 6)
    worker = make_worker(db, clock, outbox, owner="stable", batch=6)
    await worker.sync(at("2026-11-21 12:00"))

    def stop_after_two(_: object) -> None:
        if len(outbox.sent) == 2:
            worker.stopping = True  # a clean stop: the rest is released, not lost

    outbox.after_accept = stop_after_two
    stats = await worker.tick(clock.now())
    assert stats.sent == 2 and stats.released == 4
    restarted = make_worker(db, clock, outbox, owner="stable-2")
    assert (await restarted.tick(clock.now())).sent == 4  # no need to wait for a lease
    assert sorted(outbox.chats()) == sorted(f"c{i}" for i in range(1, 7))
    assert len(outbox.chats()) == 6


async def test_two_workers_racing_for_the_same_due_set(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 60)
    other = Database(db.url)  # a second process: its own engine and connections
    try:
        a = make_worker(db, clock, outbox, owner="a", batch=7)
        b = make_worker(other, clock, outbox, owner="b", batch=7)
        await a.sync(at("2026-11-21 22:00"))
        sa, sb = await asyncio.gather(a.tick(clock.now()), b.tick(clock.now()))
    finally:
        await other.dispose()
    assert sa.sent + sb.sent == 60
    assert len(outbox.chats()) == 60 and len(set(outbox.chats())) == 60
    assert await _count(db, Delivery) == 60


def test_claim_sql_per_dialect() -> None:
    now = at("2026-11-22 08:00")
    until = now + hours(0.1)
    pg = claim_statement(
        sqlite_dialect=False, owner="w", now=now, limit=5, lease_until=until
    ).compile(dialect=postgresql.dialect())  # type: ignore[no-untyped-call]
    lite = claim_statement(
        sqlite_dialect=True, owner="w", now=now, limit=5, lease_until=until
    ).compile(dialect=sqlite.dialect())
    assert "FOR UPDATE SKIP LOCKED" in str(pg) and "RETURNING" in str(pg)
    assert "FOR UPDATE" not in str(lite) and "RETURNING" in str(lite)


async def test_claims_do_not_overlap_and_a_dead_workers_lease_runs_out(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    await add_users(db, 20)
    worker = make_worker(db, clock, FakeOutbox(clock))
    await worker.sync(at("2026-11-21 22:00"))  # mornings due at 08:00, check-ins at 21:00

    now = clock.now()
    lease = hours(0.05)
    got = await asyncio.gather(
        *(claim_due(db, f"w{i}", now, limit=5, lease=lease) for i in range(6))
    )
    ids = [c.id for claimed in got for c in claimed]
    assert len(ids) == 20 and len(set(ids)) == 20  # morning rows only are due at 08:00
    # All those workers "die". Before the lease ends nobody can claim; after, one can.
    assert await claim_due(db, "x", now + hours(0.04), limit=50, lease=lease) == []
    again = await claim_due(db, "x", now + hours(0.06), limit=50, lease=lease)
    assert len(again) == 20


async def test_checkback_waits_for_quiet_hours_and_is_sent_once(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 22:50"))
    outbox = FakeOutbox(clock)
    await add_users(db, 1)
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(Urge).values(
                id=5,
                user_id=1,
                started_at=at("2026-11-22 22:35"),
                source="command",
                checkback_due_at=at("2026-11-22 22:50"),
            )
        )
    worker = make_worker(db, clock, outbox)
    await worker.sync(clock.now())
    stats = await worker.tick(clock.now())
    assert stats.deferred == 1 and outbox.sent == []
    clock.set(at("2026-11-23 07:29"))
    assert (await worker.tick(clock.now())).sent == 0
    clock.set(at("2026-11-23 07:30"))
    await worker.tick(clock.now())
    assert len(outbox.sent) == 1
    reply = outbox.sent[0].replies[0]
    assert reply.text.startswith("15 minutes are up")
    actions = [b.action for b in reply.all_buttons]
    assert actions == [f"ur:5:a:{n}" for n in range(11)]
    assert all(len(row) <= 5 for row in reply.buttons)
    async with db.engine.begin() as conn:
        sent_at = await conn.scalar(select(Urge.checkback_sent_at).where(Urge.id == 5))
    assert sent_at == at("2026-11-23 07:30")
    clock.advance(minutes=10)
    await worker.tick(clock.now())
    assert len(outbox.sent) == 1


async def test_checkback_timer_fires_after_fifteen_minutes_not_before(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 15:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 1)
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(Urge).values(
                id=9,
                user_id=1,
                started_at=clock.now(),
                source="command",
                checkback_due_at=at("2026-11-22 15:15"),
            )
        )
    worker = make_worker(db, clock, outbox)
    for minute in range(0, 15, 5):
        clock.set(at(f"2026-11-22 15:{minute:02d}"))
        await worker.tick(clock.now())
    assert outbox.sent == []
    clock.set(at("2026-11-22 15:15:03"))
    await worker.tick(clock.now())
    assert outbox.chats() == ["c1"]
    # A check-back missed by more than the grace (the bot was down) is dropped, not sent.
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(Urge).values(
                id=10,
                user_id=1,
                started_at=clock.now(),
                source="command",
                checkback_due_at=clock.now() + hours(0.25),
            )
        )
    clock.advance(minutes=15, seconds=CHECKBACK_GRACE.total_seconds() + 60)
    await worker.tick(clock.now())
    assert len(outbox.sent) == 1


async def test_unreachable_user_is_marked_and_skipped_until_they_write(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock, unreachable={"c1"})
    await add_users(db, 2)
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-21 12:00"))
    stats = await worker.tick(clock.now())
    assert stats.unreachable == 1 and outbox.chats() == ["c2"]
    async with db.engine.begin() as conn:
        since = await conn.scalar(select(Identity.unreachable_since).where(Identity.id == 1))
    assert since == clock.now()
    outbox.unreachable.clear()
    clock.set(at("2026-11-23 08:00"))
    await worker.tick(clock.now())
    assert outbox.chats().count("c1") == 0  # still marked: skipped, no delivery attempt
    async with db.engine.begin() as conn:  # they write again: the engine clears the mark
        await conn.execute(update(Identity).values(unreachable_since=None))
    clock.set(at("2026-11-24 08:00"))
    await worker.tick(clock.now())
    assert outbox.chats().count("c1") == 1


async def test_transient_errors_back_off_and_one_failing_user_never_stops_a_run(
    db: Database,
) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock, retry={"c1": 2}, explode={"c2"})
    await add_users(db, 4)
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-21 22:00"))
    stats = await worker.tick(clock.now())
    assert stats.retried >= 2
    assert sorted(outbox.chats()) == ["c3", "c4"]  # the others failing stopped nothing
    async with db.engine.begin() as conn:
        c1_due = await conn.scalar(
            select(Schedule.due_at).where(Schedule.user_id == 1, Schedule.kind == "morning")
        )
    assert c1_due is not None and c1_due > clock.now()  # backing off, not hammering
    for step in range(6):
        if step == 2:
            outbox.explode.clear()  # the platform recovers
        clock.advance(seconds=20)
        await worker.tick(clock.now())
    assert outbox.chats().count("c1") == 1 and outbox.retry["c1"] == 0
    assert sorted(outbox.chats()) == ["c1", "c2", "c3", "c4"]
    # A user whose deliveries keep failing is given up for the day after a few tries.
    outbox.explode.add("c3")
    clock.set(at("2026-11-23 08:00"))
    for _ in range(12):
        await worker.tick(clock.now())
        clock.advance(minutes=2)
    assert outbox.chats().count("c3") == 1
    async with db.engine.begin() as conn:
        row = (
            await conn.execute(
                select(Schedule.local_date, Schedule.attempts).where(
                    Schedule.user_id == 3, Schedule.kind == "morning"
                )
            )
        ).one()
    assert row.local_date == date(2026, 11, 24) and row.attempts == 0


async def test_a_morning_that_cannot_be_composed_for_one_user_stops_nobody_else(
    db: Database,
) -> None:
    # A content bug hitting one person's day: the others still get their mornings, in full
    # and recorded; that person's morning is tried a few times with back-off, then left
    # for the day (their next morning is tried afresh).
    def broken_for_user_2(lib: Library, user_key: str, day: int, length: int) -> MorningItems:
        if user_key == "2":
            raise ContentError("a broken item")
        return morning_plan(lib, user_key, day, length)

    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 3)
    worker = make_worker(db, clock, outbox, compose_morning=broken_for_user_2)
    await worker.sync(at("2026-11-21 22:00"))
    stats = await worker.tick(clock.now())
    assert sorted(outbox.chats()) == ["c1", "c3"] and stats.sent == 2
    assert all("\n\n" in s.replies[-1].text for s in outbox.sent)  # the whole morning
    for _ in range(10):
        clock.advance(minutes=1)
        await worker.tick(clock.now())
    assert sorted(outbox.chats()) == ["c1", "c3"]  # nothing twice, nothing half-made
    async with db.engine.begin() as conn:
        rows = await conn.execute(select(Delivery.user_id, Delivery.key))
        keys = {(r.user_id, r.key) for r in rows}
        due = await conn.scalar(
            select(Schedule.due_at).where(Schedule.user_id == 2, Schedule.kind == "morning")
        )
    assert keys == {(1, "2026-11-22"), (3, "2026-11-22")}
    assert due is not None and due >= at("2026-11-23 00:00")  # given up for today only


async def test_paused_users_get_nothing_but_unfinished_onboarding_does(db: Database) -> None:
    # The plan (and its daily messages) begins at /start, even if setup is never finished.
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 3)
    async with db.engine.begin() as conn:
        await conn.execute(update(User).where(User.id == 1).values(paused_at=clock.now()))
        await conn.execute(update(User).where(User.id == 2).values(onboarding_step="tz"))
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-21 12:00"))
    await worker.tick(clock.now())
    assert sorted(outbox.chats()) == ["c2", "c3"]


async def test_settings_change_moves_the_schedule(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 05:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 1)
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-21 12:00"))
    async with db.engine.begin() as conn:
        await conn.execute(update(User).values(morning_time="07:45", timezone="America/New_York"))
    await reschedule_user(db, 1, clock.now())
    async with db.engine.begin() as conn:
        due = await conn.scalar(select(Schedule.due_at).where(Schedule.kind == "morning"))
    assert due == at("2026-11-22 12:45")  # 07:45 EST
    clock.set(at("2026-11-22 12:45"))
    await worker.tick(clock.now())
    assert outbox.chats() == ["c1"]
    # A change the hook was not told about is picked up when the row is claimed.
    async with db.engine.begin() as conn:
        await conn.execute(update(User).values(morning_time="08:00"))
    clock.set(at("2026-11-23 12:45"))
    await worker.tick(clock.now())
    assert len(outbox.sent) == 1
    clock.set(at("2026-11-23 13:00"))
    await worker.tick(clock.now())
    assert len(outbox.sent) == 2


async def test_milestones_and_review_at_the_end_of_the_plan(db: Database) -> None:
    clock = FixedClock(at("2026-11-30 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 1, start=date(2026, 11, 1), length=30)  # day 30 on the 30th
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-29 12:00"))
    await worker.tick(clock.now())
    replies = outbox.sent[0].replies
    assert len(replies) >= 3  # end milestone, the morning, the review
    review = replies[-1]
    assert [b.action for b in review.all_buttons] == [
        "rv:1:extend:30",
        "rv:1:move_on:30",
        "rv:1:resume:30",
    ]
    clock.set(at("2026-12-01 08:00"))  # the review is offered once per plan
    await worker.tick(clock.now())
    assert all(not r.action.startswith("rv:") for r in outbox.sent[1].replies[-1].all_buttons)
    async with db.engine.begin() as conn:  # "extend": the same plan, ten more days
        await conn.execute(update(Plan).values(length_days=40))
    clock.set(at("2026-12-10 08:00"))  # day 40: the end again, and a new review
    await worker.tick(clock.now())
    assert outbox.sent[-1].replies[-1].all_buttons[0].action == "rv:1:extend:40"


async def test_delete_removes_schedule_and_ledger_rows(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 1)
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-21 12:00"))
    await worker.tick(clock.now())
    store = Store(db, Sealer(None))
    export = await store.export(1)
    assert "deliveries" in export and "schedules" not in export
    await store.delete_user(1)
    assert await store.count_rows_for(1) == 0
    assert await _count(db, Schedule) == 0 and await _count(db, Delivery) == 0


async def test_throttle_paces_global_rate_without_real_sleeping(db: Database) -> None:
    clock = FixedClock(at("2026-11-22 08:00"))
    outbox = FakeOutbox(clock)
    await add_users(db, 61)
    worker = make_worker(db, clock, outbox, per_second=30.0)
    await worker.sync(at("2026-11-21 12:00"))
    await worker.tick(clock.now())
    assert len(outbox.sent) == 61
    span = (outbox.sent[-1].at - outbox.sent[0].at).total_seconds()
    assert 1.9 <= span <= 2.2  # 60 gaps at 30/s


async def test_sunday_checkin_carries_the_opt_in_weekly_review(db: Database) -> None:
    from bot.storage.progress_models import ProgressPrefs

    clock = FixedClock(at("2026-11-22 21:00"))  # a Sunday
    outbox = FakeOutbox(clock)
    await add_users(db, 3)
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(ProgressPrefs),
            [
                {"user_id": 1, "weekly_review": True, "updated_at": clock.now()},
                {"user_id": 3, "weekly_review": True, "updated_at": clock.now()},
            ],
        )
        await conn.execute(
            insert(Checkin).values(
                user_id=1, local_date=date(2026, 11, 22), created_at=clock.now(), mood=3
            )
        )
    worker = make_worker(db, clock, outbox)
    await worker.sync(at("2026-11-22 12:00"))
    await worker.tick(clock.now())
    got = {s.address.chat_id: s.replies for s in outbox.sent}
    assert sorted(got) == ["c1", "c2", "c3"]
    assert len(got["c1"]) == 1 and got["c1"][0].all_buttons[0].action == "wk:off"
    assert len(got["c2"]) == 1 and got["c2"][0].all_buttons[0].action.startswith("ci:")
    assert [r.all_buttons[0].action[:3] for r in got["c3"]] == ["ci:", "wk:"]
    clock.advance(minutes=30)
    await worker.tick(clock.now())
    assert len(outbox.sent) == 3
    async with db.engine.begin() as conn:
        weekly = await conn.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.kind == "weekly")
        )
    assert weekly == 2
