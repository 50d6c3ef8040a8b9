"""Keeping schedule rows in step with the users and urges tables.

The users row is the truth (time zone, morning and check-in times, quiet hours). Schedule
rows are derived from it: created for new users, recomputed when the settings they were
computed from (`basis`) differ, always by `rules.first_due` (today's occurrence if it has
not passed yet, else tomorrow's).

Two paths write them, and may run at the same instant:

* `sync_user` (the engine's `Schedules.settings_changed`, on the reply path): one person's
  two rows, at the moment of the change. It locks that users row, so it always computes
  from the newest settings, and it overwrites whatever the rows hold (even while a worker
  holds their lease: the worker's settle then keeps the new state, see `claims.settle`).
* `sync_daily` (the worker, at start and every minute): everyone, set-based. It is the
  safety net for a change the engine could not report. Its UPDATE only replaces a row that
  still has the basis it read, so it can never write older settings over what `sync_user`
  wrote a moment before; its INSERT never replaces a row.

Nothing is lost if neither happens in time: a row claimed with a stale basis is recomputed,
not sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    MetaData,
    String,
    Table,
    and_,
    exists,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.db import Database
from bot.storage.models import Urge, User
from bot.storage.schedule_models import Schedule
from bot.storage.types import UTCDateTime
from scheduler.claims import upsert
from scheduler.rules import (
    CHECKBACK,
    CHECKIN,
    DAILY_KINDS,
    MORNING,
    basis,
    first_due,
    settings_for,
)

# A check-back older than this when first seen (the bot was down) is not scheduled at all.
CHECKBACK_HORIZON = timedelta(hours=6)


def basis_sql(kind: str) -> ColumnElement[str]:
    """`rules.basis` in SQL, so the database can find rows whose settings changed."""
    at = User.morning_time if kind == MORNING else User.checkin_time
    sep = literal("|")
    return User.timezone + sep + at + sep + User.quiet_start + sep + User.quiet_end


def basis_of(kind: str, row: Any) -> str:
    at = row.morning_time if kind == MORNING else row.checkin_time
    return basis(kind, row.timezone, at, row.quiet_start, row.quiet_end)


# Scratch table for one sync: the due instant of each distinct set of settings. Users who
# share a zone and a time share a due instant, so the database joins this small table
# against users instead of receiving one computed row per user. `seen` is the basis the
# row had when read (NULL: no row yet), for the compare-and-set in the UPDATE.
_DUE_MAP = Table(
    "cooloff_due_map",
    MetaData(),
    Column("basis", String(128)),
    Column("seen", String(128), nullable=True),
    Column("due_at", UTCDateTime),
    Column("local_date", Date),
    prefixes=["TEMPORARY"],
)


async def sync_daily(
    db: Database, now: datetime, *, user_ids: Sequence[int] | None = None
) -> int:
    """Create missing daily rows and recompute changed ones; returns how many were written.

    Set-based: one query finds the distinct settings that need a row, Python computes their
    due instants (the DST rules live in Python), and two statements write every user's row.
    For one person's settings change use `sync_user`, which is much cheaper.
    """
    written = 0
    for kind in DAILY_KINDS:
        async with db.engine.begin() as conn:
            written += await _sync_kind(db, conn, kind, now, user_ids)
    return written


async def _sync_kind(
    db: Database,
    conn: AsyncConnection,
    kind: str,
    now: datetime,
    user_ids: Sequence[int] | None,
) -> int:
    expr = basis_sql(kind)
    at_col = User.morning_time if kind == MORNING else User.checkin_time
    joined = and_(Schedule.user_id == User.id, Schedule.kind == kind, Schedule.ref == 0)
    find = (
        select(
            User.timezone,
            at_col.label("at"),
            User.quiet_start,
            User.quiet_end,
            Schedule.basis.label("seen"),
        )
        .distinct()
        .select_from(User)
        .outerjoin(Schedule, joined)
        .where(or_(Schedule.id.is_(None), Schedule.basis != expr))
    )
    if user_ids is not None:
        find = find.where(User.id.in_(user_ids))
    combos = (await conn.execute(find)).all()
    if not combos:
        return 0
    values: list[dict[str, Any]] = []
    for c in combos:
        settings = settings_for(c.timezone, c.at, c.at, c.quiet_start, c.quiet_end)
        day, due = first_due(kind, settings, now)
        values.append(
            {
                "basis": basis(kind, c.timezone, c.at, c.quiet_start, c.quiet_end),
                "seen": c.seen,
                "due_at": due,
                "local_date": day,
            }
        )
    due_map = _DUE_MAP
    await conn.run_sync(lambda sync: due_map.create(sync))
    try:
        await conn.execute(insert(due_map), values)
        new_rows = (
            select(
                User.id,
                literal(kind),
                literal(0),
                due_map.c.due_at,
                due_map.c.local_date,
                due_map.c.basis,
                literal(0),
            )
            .select_from(User)
            .join(due_map, and_(due_map.c.basis == expr, due_map.c.seen.is_(None)))
            .where(~exists().where(joined))
        )
        changed = (
            update(Schedule)
            .where(
                Schedule.kind == kind,
                Schedule.ref == 0,
                Schedule.user_id == User.id,
                due_map.c.basis == expr,
                # Compare-and-set: only a row that still holds what we read. If `sync_user`
                # recomputed it meanwhile (PostgreSQL re-checks this on the new row version
                # after waiting for its lock), its newer state stands.
                Schedule.basis == due_map.c.seen,
                Schedule.basis != due_map.c.basis,
            )
            .values(
                due_at=due_map.c.due_at,
                local_date=due_map.c.local_date,
                basis=due_map.c.basis,
                attempts=0,
            )
            .execution_options(synchronize_session=False)
        )
        if user_ids is not None:
            new_rows = new_rows.where(User.id.in_(user_ids))
            changed = changed.where(User.id.in_(user_ids))
        stmt = upsert(db)(Schedule).from_select(
            ["user_id", "kind", "ref", "due_at", "local_date", "basis", "attempts"], new_rows
        )
        stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "kind", "ref"])
        inserted = await conn.execute(stmt)
        updated = await conn.execute(changed)
    finally:
        await conn.run_sync(lambda sync: due_map.drop(sync))
    return int(inserted.rowcount or 0) + int(updated.rowcount or 0)


async def sync_user(db: Database, user_id: int, now: datetime) -> int:
    """One person's daily rows, recomputed from their settings at `now`; rows written.

    Two statements in one transaction, on the reply path: read the users row, locked
    (FOR NO KEY UPDATE on PostgreSQL, which does not wait for inserts that merely reference
    the row; SQLite's BEGIN IMMEDIATE serialises anyway), then one upsert of both rows that
    changes only a row whose basis differs. The lock means two changes of the same person
    in quick succession are applied in order, the newest last; the upsert replaces a row a
    periodic sync may have just inserted from older settings.
    """
    async with db.engine.begin() as conn:
        user = (
            await conn.execute(
                select(
                    User.timezone,
                    User.morning_time,
                    User.checkin_time,
                    User.quiet_start,
                    User.quiet_end,
                )
                .where(User.id == user_id)
                .with_for_update(key_share=True)
            )
        ).first()
        if user is None:  # erased meanwhile: nothing to schedule
            return 0
        settings = settings_for(
            user.timezone, user.morning_time, user.checkin_time, user.quiet_start, user.quiet_end
        )
        rows: list[dict[str, Any]] = []
        for kind in DAILY_KINDS:
            day, due = first_due(kind, settings, now)
            rows.append(
                {
                    "user_id": user_id,
                    "kind": kind,
                    "ref": 0,
                    "due_at": due,
                    "local_date": day,
                    "basis": basis_of(kind, user),
                    "attempts": 0,
                }
            )
        stmt = upsert(db)(Schedule).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=["user_id", "kind", "ref"],
            set_={
                "due_at": stmt.excluded.due_at,
                "local_date": stmt.excluded.local_date,
                "basis": stmt.excluded.basis,
                "attempts": 0,
            },
            where=Schedule.basis != stmt.excluded.basis,
        )
        result = await conn.execute(stmt)
    return int(result.rowcount or 0)


async def sync_checkbacks(db: Database, now: datetime) -> None:
    """A row for every urge whose check-back is pending and not yet scheduled."""
    scheduled = exists().where(
        Schedule.user_id == Urge.user_id, Schedule.kind == CHECKBACK, Schedule.ref == Urge.id
    )
    pending = select(
        Urge.user_id,
        literal(CHECKBACK),
        Urge.id,
        Urge.checkback_due_at,
        literal(""),
        literal(0),
    ).where(
        Urge.checkback_due_at.is_not(None),
        Urge.checkback_due_at > now - CHECKBACK_HORIZON,
        Urge.checkback_sent_at.is_(None),
        Urge.closed_at.is_(None),
        ~scheduled,
    )
    insert = upsert(db)
    stmt = insert(Schedule).from_select(
        ["user_id", "kind", "ref", "due_at", "basis", "attempts"], pending
    )
    stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "kind", "ref"])
    async with db.engine.begin() as conn:
        await conn.execute(stmt)


async def reschedule_user(store_or_db: Any, user_id: int, now: datetime) -> None:
    """Recompute one user's daily schedule now (`sync_user`); accepts a `Store` or a
    `Database`. Kept for callers outside the engine; the engine uses `ScheduleSync`."""
    db: Database = getattr(store_or_db, "db", store_or_db)
    await sync_user(db, user_id, now)


class ScheduleSync:
    """The core's `Schedules` port: a person's rows recomputed the moment their settings
    change (or they arrive), instead of at the next periodic sync, so "today" is judged at
    the moment of the change."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def settings_changed(self, user_id: int, now: datetime) -> None:
        """Called by the engine after the message that changed them (see bot/ports.py)."""
        await sync_user(self._db, user_id, now)


__all__ = [
    "CHECKIN",
    "ScheduleSync",
    "reschedule_user",
    "sync_checkbacks",
    "sync_daily",
    "sync_user",
]
