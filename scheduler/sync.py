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

from sqlalchemy import and_, exists, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.db import Database
from bot.storage.models import Urge, User
from bot.storage.schedule_models import Schedule
from scheduler.claims import upsert
from scheduler.rules import CHECKBACK, CHECKIN, DAILY_KINDS, MORNING, Settings, basis, first_due

BATCH = 5_000
# A check-back older than this when first seen (the bot was down) is not scheduled at all.
CHECKBACK_HORIZON = timedelta(hours=6)


def basis_sql(kind: str) -> ColumnElement[str]:
    """`rules.basis` in SQL, so the database can find rows whose settings changed."""
    at = User.morning_time if kind == MORNING else User.checkin_time
    sep = literal("|")
    return User.timezone + sep + at + sep + User.quiet_start + sep + User.quiet_end


def settings_of(row: Any) -> Settings:
    return Settings.from_row(
        row.timezone, row.morning_time, row.checkin_time, row.quiet_start, row.quiet_end
    )


def basis_of(kind: str, row: Any) -> str:
    at = row.morning_time if kind == MORNING else row.checkin_time
    return basis(kind, row.timezone, at, row.quiet_start, row.quiet_end)


async def sync_daily(
    db: Database, now: datetime, *, user_ids: Sequence[int] | None = None
) -> int:
    """Create missing daily rows and recompute changed ones; returns how many were written."""
    written = 0
    for kind in DAILY_KINDS:
        last_seen = 0
        while True:
            joined = and_(Schedule.user_id == User.id, Schedule.kind == kind, Schedule.ref == 0)
            stmt = (
                select(
                    User.id,
                    User.timezone,
                    User.morning_time,
                    User.checkin_time,
                    User.quiet_start,
                    User.quiet_end,
                    Schedule.id.label("sid"),
                )
                .outerjoin(Schedule, joined)
                .where(
                    or_(Schedule.id.is_(None), Schedule.basis != basis_sql(kind)),
                    User.id > last_seen,
                )
                .order_by(User.id)
                .limit(BATCH)
            )
            if user_ids is not None:
                stmt = stmt.where(User.id.in_(user_ids))
            async with db.engine.begin() as conn:
                rows = (await conn.execute(stmt)).all()
            if not rows:
                break
            last_seen = rows[-1].id
            values = []
            for row in rows:
                day, due = first_due(kind, settings_of(row), now, include_today=row.sid is not None)
                values.append(
                    {
                        "user_id": row.id,
                        "kind": kind,
                        "ref": 0,
                        "due_at": due,
                        "local_date": day,
                        "basis": basis_of(kind, row),
                        "attempts": 0,
                    }
                )
            await _upsert_rows(db, values, now)
            written += len(values)
            if len(rows) < BATCH:
                break
    return written


async def _upsert_rows(db: Database, values: list[dict[str, Any]], now: datetime) -> None:
    insert = upsert(db)
    stmt = insert(Schedule)
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "kind", "ref"],
        set_={
            "due_at": stmt.excluded.due_at,
            "local_date": stmt.excluded.local_date,
            "basis": stmt.excluded.basis,
            "attempts": 0,
        },
        # A row a worker holds right now is left alone; the worker recomputes it itself.
        where=or_(Schedule.lease_until.is_(None), Schedule.lease_until < now),
    )
    async with db.engine.begin() as conn:
        await conn.execute(stmt, values)


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


__all__ = ["CHECKIN", "reschedule_user", "sync_checkbacks", "sync_daily"]
