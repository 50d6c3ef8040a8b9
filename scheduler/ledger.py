"""The delivery ledger: what the platform accepted, written right after it did.

A message is recorded in its own short transaction as soon as `Outbox.deliver` returns, so
after a kill -9 at most the one delivery in flight can repeat; anything recorded is never
sent again, because every worker reads the ledger before sending.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select, update

from bot.storage.db import Database
from bot.storage.models import Urge
from bot.storage.schedule_models import Delivery
from scheduler.claims import upsert

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


async def record(
    db: Database,
    user_id: int,
    entries: Sequence[tuple[str, str]],
    now: datetime,
    *,
    urge_id: int | None = None,
) -> None:
    """Record accepted messages (kind, key) for a user; mark an urge's check-back as sent."""
    insert = upsert(db)
    stmt = insert(Delivery).on_conflict_do_nothing(index_elements=["user_id", "kind", "key"])
    async with db.engine.begin() as conn:
        await conn.execute(
            stmt, [{"user_id": user_id, "kind": k, "key": v, "sent_at": now} for k, v in entries]
        )
        if urge_id is not None:
            await conn.execute(
                update(Urge)
                .where(Urge.id == urge_id)
                .values(checkback_sent_at=now)
                .execution_options(synchronize_session=False)
            )
