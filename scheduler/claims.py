"""Claiming due schedule rows with a lease, so several workers never take the same row.

PostgreSQL: `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING …` — each
worker skips rows another is claiming this instant. SQLite ignores SKIP LOCKED silently;
there every transaction of `bot.storage.db.Database` starts with BEGIN IMMEDIATE, so the
same UPDATE runs alone and the second worker sees the first one's lease. Either way the
lease (owner + expiry) is what other workers respect afterwards; a worker that dies holding
one only delays its rows until the lease runs out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, Integer, String, bindparam, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.db import Database
from bot.storage.schedule_models import Schedule
from bot.storage.types import UTCDateTime


@dataclass(frozen=True)
class Claimed:
    """A schedule row this worker now holds until `lease_until`."""

    id: int
    user_id: int
    kind: str
    ref: int
    due_at: datetime
    local_date: date | None
    basis: str
    attempts: int
    lease_until: datetime


@dataclass(frozen=True)
class Settle:
    """What a claimed row becomes when the worker lets go of it."""

    id: int
    due_at: datetime | None  # None: a one-shot row that is done
    local_date: date | None
    basis: str
    attempts: int = 0


def upsert(db: Database) -> Any:
    """The dialect's INSERT with ON CONFLICT support (both dialects spell it the same)."""
    return sqlite.insert if db.is_sqlite else postgresql.insert


def claim_statement(
    *, sqlite_dialect: bool, owner: str, now: datetime, limit: int, lease_until: datetime
) -> Any:
    """The claiming UPDATE for a dialect (a function of its own so tests can read its SQL)."""
    pick = (
        select(Schedule.id)
        .where(
            Schedule.due_at <= now,
            or_(Schedule.lease_until.is_(None), Schedule.lease_until < now),
        )
        .order_by(Schedule.due_at)
        .limit(limit)
    )
    if not sqlite_dialect:
        pick = pick.with_for_update(skip_locked=True)
    return (
        update(Schedule)
        .where(Schedule.id.in_(pick.scalar_subquery()))
        .values(lease_owner=owner, lease_until=lease_until)
        .returning(
            Schedule.id,
            Schedule.user_id,
            Schedule.kind,
            Schedule.ref,
            Schedule.due_at,
            Schedule.local_date,
            Schedule.basis,
            Schedule.attempts,
        )
        .execution_options(synchronize_session=False)
    )


async def claim_due(
    db: Database, owner: str, now: datetime, *, limit: int, lease: timedelta
) -> list[Claimed]:
    """Take up to `limit` rows due at `now` that nobody holds, earliest first."""
    lease_until = now + lease
    stmt = claim_statement(
        sqlite_dialect=db.is_sqlite, owner=owner, now=now, limit=limit, lease_until=lease_until
    )
    async with db.engine.begin() as conn:
        rows = (await conn.execute(stmt)).all()
    claimed = [
        Claimed(
            id=r.id,
            user_id=r.user_id,
            kind=r.kind,
            ref=r.ref,
            due_at=r.due_at,
            local_date=r.local_date,
            basis=r.basis,
            attempts=r.attempts,
            lease_until=lease_until,
        )
        for r in rows
    ]
    claimed.sort(key=lambda c: (c.due_at, c.id))
    return claimed


def _if_unchanged(column: Any, value: Any) -> Any:
    """`value` if the row still has the basis it was claimed with, else what a sync wrote."""
    return case((Schedule.basis == bindparam("b_seen"), value), else_=column)


_SETTLE = (
    update(Schedule)
    .where(Schedule.id == bindparam("b_id"), Schedule.lease_owner == bindparam("b_owner"))
    .values(
        # Every SET expression reads the row as it was before this UPDATE, so `basis` in the
        # conditions is the one a sync may have written while we held the lease.
        due_at=_if_unchanged(Schedule.due_at, bindparam("b_due", type_=UTCDateTime)),
        local_date=_if_unchanged(Schedule.local_date, bindparam("b_date", type_=Date)),
        attempts=_if_unchanged(Schedule.attempts, bindparam("b_attempts", type_=Integer)),
        basis=_if_unchanged(Schedule.basis, bindparam("b_basis", type_=String)),
        lease_owner=None,
        lease_until=None,
    )
    .execution_options(synchronize_session=False)
)


async def settle(
    db: Database, owner: str, rows: Sequence[Settle], seen: Mapping[int, str]
) -> None:
    """Write the new state of claimed rows and give up their leases, in one transaction.

    Only rows still leased by `owner` change: if a lease ran out and another worker took
    the row, its state wins. `seen` is each row's basis when it was claimed: if a settings
    change recomputed the row while we held it (the sync does not wait for leases), the
    recomputed state stays and only the lease is dropped, so a change made during a
    delivery is neither lost nor judged a minute late.
    """
    if not rows:
        return
    params = [
        {
            "b_id": r.id,
            "b_owner": owner,
            "b_seen": seen.get(r.id, r.basis),
            "b_due": r.due_at,
            "b_date": r.local_date,
            "b_basis": r.basis,
            "b_attempts": r.attempts,
        }
        for r in rows
    ]
    async with db.engine.begin() as conn:
        await conn.execute(_SETTLE, params)
