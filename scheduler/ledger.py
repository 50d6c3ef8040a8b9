"""The delivery ledger: what the platform accepted, written right after it did.

A message is recorded in its own short transaction as soon as `Outbox.deliver` returns, so
after a kill -9 at most the one delivery in flight can repeat; anything recorded is never
sent again, because every worker reads the ledger before sending.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db import Database
from bot.storage.nudge_store import checkback_sent
from bot.storage.schedule_models import Delivery

Key = tuple[int, str, str]  # (user_id, kind, key)


async def delivered(db: Database, keys: Iterable[Key]) -> set[Key]:
    """Which of these (user, kind, key) entries are already in the ledger."""
    wanted = set(keys)
    if not wanted:
        return set()
    users = {k[0] for k in wanted}
    names = {k[2] for k in wanted}
    stmt = select(Delivery.user_id, Delivery.kind, Delivery.key).where(
        Delivery.user_id.in_(users), Delivery.key.in_(names)
    )
    async with db.engine.begin() as conn:
        found = {(r.user_id, r.kind, r.key) for r in await conn.execute(stmt)}
    return found & wanted


@asynccontextmanager
async def recording(db: Database) -> AsyncIterator[AsyncConnection]:
    """The connection a batch records its deliveries on, one INSERT per accepted message.

    On PostgreSQL it commits without waiting for the WAL to reach the disk
    (`synchronous_commit off`, for this connection only, reset before it goes back to the
    pool). A kill -9 of the bot loses nothing that way: the server has the commit. Only a
    crash of the database server itself could lose the last fraction of a second of entries,
    and then only until the batch's `settle`, a normal commit, which flushes them all. The
    flush was otherwise the largest cost of a nudge (one fsync per message).
    """
    async with db.engine.connect() as conn:
        if db.is_sqlite:  # WAL with synchronous=NORMAL already commits without an fsync
            yield conn
            return
        raw = (await conn.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.execute("SET synchronous_commit TO off")
        try:
            yield conn
        finally:
            try:
                await raw.execute("RESET synchronous_commit")
            except Exception:  # a broken connection must not go back to the pool as it is
                await conn.invalidate()


async def record(
    db: Database,
    conn: AsyncConnection,
    user_id: int,
    entries: Sequence[tuple[str, str]],
    now: datetime,
    *,
    urge_id: int | None = None,
) -> None:
    """Record accepted messages (kind, key) for a user, or that an urge's check-back went.

    Runs on a connection the worker holds for the batch. The common case is a single
    autocommitted INSERT on the driver connection: one round trip per message instead of
    BEGIN/INSERT/COMMIT, which is what keeps per-message recording (the exactly-once
    guarantee) from becoming the bottleneck. Both drivers run outside any transaction here
    (aiosqlite with isolation_level None, asyncpg by default).

    A check-back (`urge_id`) keeps its state in one place, its urge row
    (`bot.storage.nudge_store.checkback_sent`): no ledger row of its own, and the worker
    skips an urge whose check-back went (`UrgeFacts.sent`).
    """
    if urge_id is not None:
        await checkback_sent(conn, urge_id, now)
        return
    await _record_fast(db, conn, user_id, entries, now)


async def _record_fast(
    db: Database,
    conn: AsyncConnection,
    user_id: int,
    entries: Sequence[tuple[str, str]],
    now: datetime,
) -> None:
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None
    when = now.astimezone(UTC)
    if db.is_sqlite:
        # The text form SQLAlchemy's SQLite DateTime writes (UTCDateTime stores naive UTC).
        stamp = when.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        rows = ", ".join("(?, ?, ?, ?)" for _ in entries)
        args: list[Any] = [x for k, v in entries for x in (user_id, k, v, stamp)]
    else:
        rows = ", ".join(
            f"(${4 * i + 1}, ${4 * i + 2}, ${4 * i + 3}, ${4 * i + 4})" for i in range(len(entries))
        )
        args = [x for k, v in entries for x in (user_id, k, v, when)]
    sql = (
        f"INSERT INTO deliveries (user_id, kind, key, sent_at) VALUES {rows} "
        "ON CONFLICT (user_id, kind, key) DO NOTHING"
    )
    if db.is_sqlite:
        await raw.execute(sql, args)
    else:
        await raw.execute(sql, *args)
