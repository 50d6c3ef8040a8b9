"""The "crisischeck" kind: one gentle check the morning after a crisis mode ended.

Where the mode is, the conversations row says (state "crisis"; `bot.flows.crisis_support`
owns what its data means). Every sync arms one schedule row per person whose mode has
ended, or will end, and who has not had a check for it yet; the due instant comes from the
core's pure `morning_check_at`. When the row comes due the worker asks the core's
`morning_check_verdict` and sends `morning_check` once (ledger key: the local morning).

The core arms the row itself at every change of the mode (`bot/storage/crisis_checks.py`,
called by the flow), so a mode that begins and ends between two syncs is not missed; the
periodic sync here re-arms from the conversations row as a safety net. A row armed stays
armed when the person moves on before the morning (another flow, a message after "I'm
okay"): they still get their check.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from bot.flows import crisis_support
from bot.storage.db import Database
from bot.storage.models import Conversation, User
from bot.storage.schedule_models import Delivery, Schedule
from scheduler.claims import upsert
from scheduler.rules import settings_for

KIND = crisis_support.MORNING_KIND


@dataclass(frozen=True)
class ConversationRow:
    """Where a person stands in a conversation, for the worker: the crisis check reads its
    mode, and a daily nudge waits while a step is live."""

    state: str
    data: dict[str, Any]
    updated_at: datetime

    def ended(self) -> datetime | None:
        return crisis_support.crisis_ended_at(self.state, self.data, self.updated_at)


def _data(raw: str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def episode(conv: ConversationRow) -> str:
    """What one crisis mode is known by (the row's basis): its last message."""
    return conv.updated_at.isoformat()


async def sync_crisis_checks(
    db: Database, now: datetime, *, user_ids: Collection[int] | None = None
) -> int:
    """Arm (or move) the morning check of everyone in a crisis mode that is not yet checked
    on; returns how many rows were written. Few people are in crisis at once: per-row Python.

    `user_ids`: only these (the engine's word, at the moment a mode ends, so a mode that
    began and ended between two syncs is armed too)."""
    last_sent = (
        select(Delivery.user_id, func.max(Delivery.sent_at).label("sent"))
        .where(Delivery.kind == KIND)
        .group_by(Delivery.user_id)
        .subquery()
    )
    stmt = (
        select(
            Conversation.user_id,
            Conversation.state,
            Conversation.data,
            Conversation.updated_at,
            User.timezone,
            User.morning_time,
            User.checkin_time,
            User.quiet_start,
            User.quiet_end,
            Schedule.basis,
            last_sent.c.sent,
        )
        .join(User, User.id == Conversation.user_id)
        .outerjoin(
            Schedule,
            and_(Schedule.user_id == Conversation.user_id, Schedule.kind == KIND),
        )
        .outerjoin(last_sent, last_sent.c.user_id == Conversation.user_id)
        .where(Conversation.state == crisis_support.STATE)
    )
    if user_ids is not None:
        stmt = stmt.where(Conversation.user_id.in_(list(user_ids)))
    rows: list[dict[str, Any]] = []
    async with db.engine.begin() as conn:
        for r in await conn.execute(stmt):
            conv = ConversationRow(r.state, _data(r.data), r.updated_at)
            ended = conv.ended()
            if ended is None or r.basis == episode(conv):
                continue
            if r.sent is not None and r.sent >= conv.updated_at:
                continue  # this mode has had its morning check
            s = settings_for(r.timezone, r.morning_time, r.checkin_time, r.quiet_start, r.quiet_end)
            due = crisis_support.morning_check_at(
                ended, s.zone, s.morning, s.quiet_start, s.quiet_end
            )
            rows.append(
                {
                    "user_id": r.user_id,
                    "kind": KIND,
                    "ref": 0,
                    "due_at": due,
                    "local_date": None,
                    "basis": episode(conv),
                    "attempts": 0,
                }
            )
        if not rows:
            return 0
        stmt_up = upsert(db)(Schedule).values(rows)
        stmt_up = stmt_up.on_conflict_do_update(
            index_elements=["user_id", "kind", "ref"],
            set_={
                "due_at": stmt_up.excluded.due_at,
                "basis": stmt_up.excluded.basis,
                "attempts": 0,
            },
        )
        await conn.execute(stmt_up)
    return len(rows)


async def load_conversations(
    db: Database, user_ids: Collection[int]
) -> dict[int, ConversationRow]:
    """The conversation rows of the people whose morning check came due."""
    if not user_ids:
        return {}
    stmt = select(
        Conversation.user_id, Conversation.state, Conversation.data, Conversation.updated_at
    ).where(Conversation.user_id.in_(user_ids))
    async with db.engine.begin() as conn:
        return {
            r.user_id: ConversationRow(r.state, _data(r.data), r.updated_at)
            for r in await conn.execute(stmt)
        }
