"""Keeping schedule rows in step with the users and urges tables.

The users row is the truth (time zone, morning and check-in times, quiet hours). Schedule
rows are derived from it: created for new users, recomputed when the settings they were
computed from (`basis`) differ. The worker runs this on start and every minute; the engine
may also call `reschedule_user` after a settings change for an immediate effect. Nothing is
lost if neither happens in time: a row claimed with a stale basis is recomputed, not sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
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
# against users instead of receiving one computed row per user.
_DUE_MAP = Table(
    "cooloff_due_map",
    MetaData(),
    Column("basis", String(128)),
    Column("fresh", Boolean),
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
    fresh = Schedule.id.is_(None)
    find = (
        select(
            User.timezone,
            at_col.label("at"),
            User.quiet_start,
            User.quiet_end,
            fresh.label("fresh"),
        )
        .distinct()
        .select_from(User)
        .outerjoin(Schedule, joined)
        .where(or_(fresh, Schedule.basis != expr))
    )
    if user_ids is not None:
        find = find.where(User.id.in_(user_ids))
    combos = (await conn.execute(find)).all()
    if not combos:
        return 0
    values: list[dict[str, Any]] = []
    for c in combos:
        settings = settings_for(c.timezone, c.at, c.at, c.quiet_start, c.quiet_end)
        day, due = first_due(kind, settings, now, include_today=not c.fresh)
        values.append(
            {
                "basis": basis(kind, c.timezone, c.at, c.quiet_start, c.quiet_end),
                "fresh": bool(c.fresh),
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
            .join(due_map, and_(due_map.c.basis == expr, due_map.c.fresh.is_(True)))
            .where(~exists().where(joined))
        )
        changed = (
            update(Schedule)
            .where(
                Schedule.kind == kind,
                Schedule.ref == 0,
                Schedule.user_id == User.id,
                due_map.c.basis == expr,
                due_map.c.fresh.is_(False),
                Schedule.basis != due_map.c.basis,
                # A row a worker holds right now is left alone; it recomputes it itself.
                or_(Schedule.lease_until.is_(None), Schedule.lease_until < now),
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
    """Recompute one user's daily schedule now (the engine's hook after a settings change).

    Accepts a `Store` or a `Database`. Optional: the worker's periodic sync does the same
    within a minute.
    """
    db: Database = getattr(store_or_db, "db", store_or_db)
    await sync_daily(db, now, user_ids=[user_id])


class ScheduleSync:
    """The core's `Schedules` port: a person's rows recomputed the moment their settings
    change (or they arrive), instead of at the next periodic sync."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def settings_changed(self, user_id: int, now: datetime) -> None:
        await sync_daily(self._db, now, user_ids=[user_id])


__all__ = ["CHECKIN", "ScheduleSync", "reschedule_user", "sync_checkbacks", "sync_daily"]
