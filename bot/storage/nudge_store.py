"""What the scheduler needs to know about people, read from the bot's tables in bulk.

A handful of `IN (...)` queries per batch instead of several per person keeps the scheduler
far faster than the platform limits. The scheduler never queries the bot's tables itself:
it asks here. Sealed words (the ex's nickname, reasons) are opened in memory, never logged.
Where a person's unasked messages go is `bot.domain.reachability`'s rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.nudge_plan import PlanFacts
from bot.domain.reachability import nudge_target, reachable
from bot.messages import Address
from bot.storage.db import Database
from bot.storage.models import Checkin, Identity, Plan, Reason, Urge, User
from bot.storage.progress_models import ProgressPrefs
from bot.storage.sealing import Sealer


@dataclass
class PersonFacts:
    user_id: int
    row: Any  # the users row: timezone, times, quiet hours
    active: bool  # not paused
    address: Address | None
    identity_id: int | None
    reachable: bool
    plan: PlanFacts | None
    ex: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UrgeFacts:
    user_id: int
    due: datetime | None
    sent: datetime | None
    closed: datetime | None


async def people(
    db: Database, sealer: Sealer, user_ids: Collection[int], *, with_words: bool
) -> dict[int, PersonFacts]:
    """People, where their nudges go, their open plan and (with_words) their own words."""
    if not user_ids:
        return {}
    ids = list(user_ids)
    async with db.engine.begin() as conn:
        users = (
            await conn.execute(
                select(
                    User.id,
                    User.timezone,
                    User.morning_time,
                    User.checkin_time,
                    User.quiet_start,
                    User.quiet_end,
                    User.paused_at,
                    User.onboarding_step,
                    User.nudge_identity_id,
                    User.ex_nickname,
                ).where(User.id.in_(ids))
            )
        ).all()
        idents = (
            await conn.execute(
                select(
                    Identity.id,
                    Identity.user_id,
                    Identity.platform,
                    Identity.chat_id,
                    Identity.unreachable_since,
                )
                .where(Identity.user_id.in_(ids))
                .order_by(Identity.id)
            )
        ).all()
        plans = (
            await conn.execute(
                select(Plan.id, Plan.user_id, Plan.start_date, Plan.length_days)
                .where(Plan.user_id.in_(ids), Plan.ended_at.is_(None))
                .order_by(Plan.id)
            )
        ).all()
        reasons = (
            (
                await conn.execute(
                    select(Reason.user_id, Reason.text)
                    .where(Reason.user_id.in_(ids))
                    .order_by(Reason.id)
                )
            ).all()
            if with_words
            else []
        )
    by_user: dict[int, list[Any]] = defaultdict(list)
    for ident in idents:
        by_user[ident.user_id].append(ident)
    plan_of = {p.user_id: PlanFacts(p.id, p.start_date, p.length_days) for p in plans}
    words: dict[int, list[str]] = defaultdict(list)
    for r in reasons:
        words[r.user_id].append(sealer.open(r.text))
    out: dict[int, PersonFacts] = {}
    for u in users:
        chosen = nudge_target(by_user.get(u.id, []), u.nudge_identity_id)
        out[u.id] = PersonFacts(
            user_id=u.id,
            row=u,
            # Nudges begin with the plan, even if onboarding is never finished.
            active=u.paused_at is None,
            address=Address(chosen.platform, chosen.chat_id) if chosen else None,
            identity_id=chosen.id if chosen else None,
            reachable=reachable(chosen),
            plan=plan_of.get(u.id),
            ex=sealer.open(u.ex_nickname) if with_words and u.ex_nickname else "",
            reasons=words.get(u.id, []),
        )
    return out


async def checked_in(db: Database, pairs: Collection[tuple[int, date]]) -> set[tuple[int, date]]:
    """Which (user, local date) pairs already have a check-in: no evening nudge for them."""
    if not pairs:
        return set()
    stmt = select(Checkin.user_id, Checkin.local_date).where(
        tuple_(Checkin.user_id, Checkin.local_date).in_(list(pairs))
    )
    async with db.engine.begin() as conn:
        return {(r.user_id, r.local_date) for r in await conn.execute(stmt)}


async def urges(db: Database, urge_ids: Collection[int]) -> dict[int, UrgeFacts]:
    """The check-back state of these urges."""
    if not urge_ids:
        return {}
    stmt = select(
        Urge.id, Urge.user_id, Urge.checkback_due_at, Urge.checkback_sent_at, Urge.closed_at
    ).where(Urge.id.in_(list(urge_ids)))
    async with db.engine.begin() as conn:
        rows = (await conn.execute(stmt)).all()
    return {
        r.id: UrgeFacts(r.user_id, r.checkback_due_at, r.checkback_sent_at, r.closed_at)
        for r in rows
    }


async def checkback_sent(conn: AsyncConnection, urge_id: int, now: datetime) -> None:
    """The check-back for this urge went out: its one record (the urge row), written on the
    connection the scheduler records a batch on, in its own short transaction."""
    async with conn.begin():
        await conn.execute(
            update(Urge)
            .where(Urge.id == urge_id)
            .values(checkback_sent_at=now)
            .execution_options(synchronize_session=False)
        )


async def weekly_review_users(db: Database) -> set[int]:
    """Everyone who opted in to the weekly review."""
    async with db.engine.begin() as conn:
        found = await conn.execute(
            select(ProgressPrefs.user_id).where(ProgressPrefs.weekly_review.is_(True))
        )
        return {r.user_id for r in found}
