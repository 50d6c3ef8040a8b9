"""Store operations for /link: reading a code without spending it, telling a fresh plan from
one with history, and joining two users into one.

Functions over the `Store` rather than methods on it, so the linking feature keeps its
storage next to itself; each runs in one transaction (`store.tx()`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update

from bot.storage.models import (
    Checkin,
    Draft,
    ExContact,
    Identity,
    JournalEntry,
    LinkCode,
    Plan,
    Reason,
    Slip,
    Urge,
    User,
)
from bot.storage.store import Store, user_tables

# What a person did, as opposed to what was set up for them. A plan with none of this (and
# no earlier plan) can be joined to another without asking: nothing of theirs is lost.
HISTORY = (Urge, Slip, Checkin, Reason, Draft, JournalEntry, ExContact)


async def peek_code(store: Store, code: str, purpose: str, now: datetime) -> LinkCode | None:
    """A code that is still usable (unused, unexpired), without using it.

    Lets /link refuse a code sent from the account that made it before spending it, so the
    person can still send it from their other account.
    """
    async with store.tx() as s:
        return (
            await s.scalars(
                select(LinkCode).where(
                    LinkCode.code == code,
                    LinkCode.purpose == purpose,
                    LinkCode.used_at.is_(None),
                    LinkCode.expires_at > now,
                )
            )
        ).first()


async def has_history(store: Store, user_id: int) -> bool:
    """Whether the user has anything beyond a fresh default plan."""
    async with store.tx() as s:
        for model in HISTORY:
            count = await s.scalar(
                select(func.count()).select_from(model).where(model.user_id == user_id)
            )
            if count:
                return True
        plans = list(await s.scalars(select(Plan).where(Plan.user_id == user_id)))
    return len(plans) > 1 or any(p.ended_at is not None for p in plans)


async def join_users(store: Store, *, keep: int, drop: int) -> None:
    """Move every identity of `drop` to `keep`, then erase `drop` and all its rows.

    One transaction: either the accounts share `keep`'s plan and `drop` is gone, or nothing
    changed. Rows are deleted table by table (as `/delete` does) rather than trusting ON
    DELETE CASCADE alone; tables outside the core's metadata (the scheduler's) still go by
    the cascade when the user row is deleted.
    """
    if keep == drop:
        raise ValueError("cannot join a user to itself")
    async with store.tx() as s:
        await s.execute(update(Identity).where(Identity.user_id == drop).values(user_id=keep))
        for table in user_tables():
            if table.name == Identity.__tablename__:
                continue
            await s.execute(delete(table).where(table.c.user_id == drop))
        await s.execute(delete(User).where(User.id == drop))
    await store.db.erase_traces()
