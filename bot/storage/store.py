"""The store: every read and write the core makes, one short transaction each.

Methods return detached ORM rows (sessions use expire_on_commit=False) with sealed columns
already opened, so callers never see ciphertext and never hold a session across an await
on the network.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.domain import reachability, times
from bot.storage.db import Database
from bot.storage.models import (
    Base,
    Checkin,
    Conversation,
    Draft,
    ExContact,
    Identity,
    JournalEntry,
    LinkCode,
    Plan,
    Reason,
    SafetyPlanItem,
    SeenUpdate,
    Slip,
    Urge,
    UrgeTool,
    User,
    sealed_columns,
)
from bot.storage.sealing import Sealer
from bot.text.parsing import DEFAULT_PLAN_DAYS


def user_tables() -> list[Table]:
    """Every table with a `user_id` column, children first: what /delete erases and /export
    shows. Derived from the metadata so a table added later can never be forgotten."""
    return [t for t in reversed(Base.metadata.sorted_tables) if "user_id" in t.c]


def user_columns() -> list[tuple[Table, list[Column[Any]]]]:
    """Every table with a column pointing at a person (`user_id`, and also `buddy_user_id`:
    the link row in which someone is the buddy is about them too), children first, with
    those columns. What /export shows, /delete erases and `count_rows_for` counts."""
    users = User.__table__
    out = []
    for table in reversed(Base.metadata.sorted_tables):
        columns = [
            c
            for c in table.c
            if c.name == "user_id" or any(fk.column.table is users for fk in c.foreign_keys)
        ]
        if columns and table is not users:
            out.append((table, columns))
    return out


def _about(columns: list[Column[Any]], user_id: int) -> ColumnElement[bool]:
    return or_(*(c == user_id for c in columns))


# Which columns hold sealed text is declared on the models (`info=SEALED`).
SEALED_COLUMNS = sealed_columns()


class Store:
    def __init__(self, db: Database, sealer: Sealer | None = None) -> None:
        self.db = db
        self.sealer = sealer or Sealer(None)

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[AsyncSession]:
        """One transaction; commits on success, rolls back on error."""
        async with self.db.session() as session, session.begin():
            yield session

    # --- users and identities -------------------------------------------------------

    async def find_identity(self, platform: str, platform_user_id: str) -> Identity | None:
        async with self.tx() as s:
            return (
                await s.scalars(
                    select(Identity).where(
                        Identity.platform == platform,
                        Identity.platform_user_id == platform_user_id,
                    )
                )
            ).first()

    async def create_user(
        self,
        *,
        platform: str,
        platform_user_id: str,
        chat_id: str,
        now: datetime,
        start_date: date,
        length_days: int = DEFAULT_PLAN_DAYS,
        timezone: str = "UTC",
    ) -> tuple[User, Identity]:
        """A user with an identity and an active plan, in one transaction."""
        async with self.tx() as s:
            user = User(
                created_at=now,
                timezone=timezone,
                onboarding_step="len",  # the first onboarding step; None once done
                short_plan_noted=False,
                morning_time=times.DEFAULT_MORNING,
                checkin_time=times.DEFAULT_CHECKIN,
                quiet_start=times.DEFAULT_QUIET_START,
                quiet_end=times.DEFAULT_QUIET_END,
                locale="en",
            )
            s.add(user)
            await s.flush()
            ident = Identity(
                user_id=user.id,
                platform=platform,
                platform_user_id=platform_user_id,
                chat_id=chat_id,
                created_at=now,
            )
            s.add(ident)
            s.add(
                Plan(
                    user_id=user.id, start_date=start_date, length_days=length_days, created_at=now
                )
            )
            await s.flush()
            user.nudge_identity_id = ident.id
        return user, ident

    async def get_user(self, user_id: int) -> User | None:
        async with self.tx() as s:
            user = await s.get(User, user_id)
        if user is not None and user.ex_nickname:
            user.ex_nickname = self.sealer.open(user.ex_nickname)
        return user

    async def update_user(self, user_id: int, **values: Any) -> None:
        if values.get("ex_nickname"):
            values["ex_nickname"] = self.sealer.seal(values["ex_nickname"])
        async with self.tx() as s:
            await s.execute(update(User).where(User.id == user_id).values(**values))

    async def update_identity(self, identity_id: int, **values: Any) -> None:
        async with self.tx() as s:
            await s.execute(update(Identity).where(Identity.id == identity_id).values(**values))

    async def identities(self, user_id: int) -> list[Identity]:
        async with self.tx() as s:
            return list(
                await s.scalars(
                    select(Identity).where(Identity.user_id == user_id).order_by(Identity.id)
                )
            )

    async def nudge_identity(self, user_id: int) -> Identity | None:
        """Where unasked messages to this person go: the identity they chose, else their
        first; None when they have none or it can't be reached."""
        async with self.tx() as s:
            user = await s.get(User, user_id)
            if user is None:
                return None
            identities = list(
                await s.scalars(
                    select(Identity).where(Identity.user_id == user_id).order_by(Identity.id)
                )
            )
        chosen = reachability.nudge_target(identities, user.nudge_identity_id)
        return chosen if reachability.reachable(chosen) else None

    # --- plan -----------------------------------------------------------------------

    async def active_plan(self, user_id: int) -> Plan | None:
        async with self.tx() as s:
            return (
                await s.scalars(
                    select(Plan)
                    .where(Plan.user_id == user_id, Plan.ended_at.is_(None))
                    .order_by(Plan.id.desc())
                )
            ).first()

    async def plans(self, user_id: int) -> list[Plan]:
        async with self.tx() as s:
            return list(
                await s.scalars(select(Plan).where(Plan.user_id == user_id).order_by(Plan.id))
            )

    async def update_plan(self, plan_id: int, **values: Any) -> None:
        async with self.tx() as s:
            await s.execute(update(Plan).where(Plan.id == plan_id).values(**values))

    async def add_plan(
        self, user_id: int, start_date: date, length_days: int, now: datetime
    ) -> Plan:
        async with self.tx() as s:
            plan = Plan(
                user_id=user_id, start_date=start_date, length_days=length_days, created_at=now
            )
            s.add(plan)
        return plan

    # --- reasons --------------------------------------------------------------------

    async def reasons(self, user_id: int) -> list[Reason]:
        async with self.tx() as s:
            rows = list(
                await s.scalars(select(Reason).where(Reason.user_id == user_id).order_by(Reason.id))
            )
        for r in rows:
            r.text = self.sealer.open(r.text)
        return rows

    async def add_reason(self, user_id: int, text: str, now: datetime) -> None:
        async with self.tx() as s:
            s.add(Reason(user_id=user_id, text=self.sealer.seal(text), created_at=now))

    async def clear_reasons(self, user_id: int) -> None:
        async with self.tx() as s:
            await s.execute(delete(Reason).where(Reason.user_id == user_id))
        await self.db.erase_traces()

    # --- urges, drafts, journal -----------------------------------------------------

    async def add_urge(self, user_id: int, now: datetime, source: str) -> Urge:
        async with self.tx() as s:
            urge = Urge(user_id=user_id, started_at=now, source=source)
            s.add(urge)
        set_committed_value(urge, "tool_rows", [])  # a new urge has tried nothing yet
        return urge

    async def get_urge(self, user_id: int, urge_id: int) -> Urge | None:
        async with self.tx() as s:
            return (
                await s.scalars(select(Urge).where(Urge.id == urge_id, Urge.user_id == user_id))
            ).first()

    async def update_urge(self, urge_id: int, **values: Any) -> None:
        async with self.tx() as s:
            await s.execute(update(Urge).where(Urge.id == urge_id).values(**values))

    async def record_tool(self, urge_id: int, tool: str, now: datetime) -> tuple[str, ...]:
        """Note a tool tried during an urge (once: the first use is kept); returns the urge's
        tools in the order first used."""
        try:
            async with self.tx() as s:
                user_id = await s.scalar(select(Urge.user_id).where(Urge.id == urge_id))
                known = await s.scalar(
                    select(UrgeTool.id).where(UrgeTool.urge_id == urge_id, UrgeTool.tool == tool)
                )
                if user_id is not None and known is None:
                    s.add(UrgeTool(urge_id=urge_id, user_id=user_id, tool=tool, used_at=now))
        except IntegrityError:
            pass  # the same tool pressed twice at once: the other press recorded it
        return await self.urge_tools(urge_id)

    async def urge_tools(self, urge_id: int) -> tuple[str, ...]:
        """The tools tried during an urge, in the order first used."""
        async with self.tx() as s:
            rows = await s.scalars(
                select(UrgeTool.tool).where(UrgeTool.urge_id == urge_id).order_by(UrgeTool.id)
            )
            return tuple(rows)

    async def urges(self, user_id: int) -> list[Urge]:
        async with self.tx() as s:
            return list(
                await s.scalars(select(Urge).where(Urge.user_id == user_id).order_by(Urge.id))
            )

    async def add_draft(self, user_id: int, urge_id: int | None, text: str, now: datetime) -> int:
        """Keep an unsent message (sealed); returns the draft's id."""
        async with self.tx() as s:
            draft = Draft(
                user_id=user_id, urge_id=urge_id, text=self.sealer.seal(text), created_at=now
            )
            s.add(draft)
            await s.flush()
            return draft.id

    async def append_draft(self, user_id: int, draft_id: int, text: str, limit: int) -> bool:
        """Add one more piece to a draft written in bursts (a new line, sealed again); False
        when there is no such draft of theirs or it would grow past `limit` characters."""
        async with self.tx() as s:
            draft = (
                await s.scalars(select(Draft).where(Draft.id == draft_id, Draft.user_id == user_id))
            ).first()
            if draft is None:
                return False
            joined = self.sealer.open(draft.text) + "\n" + text
            if len(joined) > limit:
                return False
            draft.text = self.sealer.seal(joined)
        return True

    async def delete_draft(self, user_id: int, draft_id: int) -> bool:
        """Erase one of their drafts (they chose not to keep it), traces included."""
        async with self.tx() as s:
            gone = await s.execute(
                delete(Draft).where(Draft.id == draft_id, Draft.user_id == user_id)
            )
        if not gone.rowcount:  # type: ignore[attr-defined]
            return False
        await self.db.erase_traces()
        return True

    async def drafts(self, user_id: int) -> list[Draft]:
        async with self.tx() as s:
            rows = list(
                await s.scalars(select(Draft).where(Draft.user_id == user_id).order_by(Draft.id))
            )
        for r in rows:
            r.text = self.sealer.open(r.text)
        return rows

    async def safety_plan(self, user_id: int) -> dict[str, str]:
        """The person's safety plan: step key -> their words (opened)."""
        async with self.tx() as s:
            rows = list(
                await s.scalars(select(SafetyPlanItem).where(SafetyPlanItem.user_id == user_id))
            )
        return {r.step: self.sealer.open(r.text) for r in rows}

    async def set_safety_plan_step(
        self, user_id: int, step: str, text: str | None, now: datetime
    ) -> None:
        """Write one step (sealed), or clear it with None."""
        async with self.tx() as s:
            await s.execute(
                delete(SafetyPlanItem).where(
                    SafetyPlanItem.user_id == user_id, SafetyPlanItem.step == step
                )
            )
            if text is not None:
                s.add(
                    SafetyPlanItem(
                        user_id=user_id, step=step, text=self.sealer.seal(text), updated_at=now
                    )
                )
        if text is None:
            await self.db.erase_traces()

    async def add_journal(
        self, user_id: int, prompt_id: str | None, text: str, now: datetime
    ) -> None:
        async with self.tx() as s:
            s.add(
                JournalEntry(
                    user_id=user_id,
                    prompt_id=prompt_id,
                    text=self.sealer.seal(text),
                    created_at=now,
                )
            )

    async def journal(self, user_id: int) -> list[JournalEntry]:
        async with self.tx() as s:
            rows = list(
                await s.scalars(
                    select(JournalEntry)
                    .where(JournalEntry.user_id == user_id)
                    .order_by(JournalEntry.id)
                )
            )
        for r in rows:
            r.text = self.sealer.open(r.text)
        return rows

    # --- slips, check-ins, the ex reaching out ----------------------------------------

    async def add_slip(self, user_id: int, now: datetime, local_date: date) -> Slip:
        async with self.tx() as s:
            slip = Slip(user_id=user_id, occurred_at=now, local_date=local_date)
            s.add(slip)
        return slip

    async def get_slip(self, user_id: int, slip_id: int) -> Slip | None:
        async with self.tx() as s:
            slip = (
                await s.scalars(select(Slip).where(Slip.id == slip_id, Slip.user_id == user_id))
            ).first()
        if slip is not None and slip.note:
            slip.note = self.sealer.open(slip.note)
        return slip

    async def update_slip(self, slip_id: int, **values: Any) -> None:
        if values.get("note"):
            values["note"] = self.sealer.seal(values["note"])
        async with self.tx() as s:
            await s.execute(update(Slip).where(Slip.id == slip_id).values(**values))

    async def slips(self, user_id: int) -> list[Slip]:
        async with self.tx() as s:
            rows = list(
                await s.scalars(select(Slip).where(Slip.user_id == user_id).order_by(Slip.id))
            )
        for r in rows:
            if r.note:
                r.note = self.sealer.open(r.note)
        return rows

    async def checkin_on(self, user_id: int, local_date: date) -> Checkin | None:
        async with self.tx() as s:
            return (
                await s.scalars(
                    select(Checkin).where(
                        Checkin.user_id == user_id, Checkin.local_date == local_date
                    )
                )
            ).first()

    async def save_checkin(
        self, user_id: int, local_date: date, now: datetime, **values: Any
    ) -> None:
        """Create or amend the day's check-in (one per local day)."""
        async with self.tx() as s:
            row = (
                await s.scalars(
                    select(Checkin).where(
                        Checkin.user_id == user_id, Checkin.local_date == local_date
                    )
                )
            ).first()
            if row is None:
                s.add(Checkin(user_id=user_id, local_date=local_date, created_at=now, **values))
            else:
                for k, v in values.items():
                    setattr(row, k, v)

    async def checkins(self, user_id: int) -> list[Checkin]:
        async with self.tx() as s:
            return list(
                await s.scalars(
                    select(Checkin).where(Checkin.user_id == user_id).order_by(Checkin.local_date)
                )
            )

    async def add_ex_contact(self, user_id: int, now: datetime) -> None:
        async with self.tx() as s:
            s.add(ExContact(user_id=user_id, occurred_at=now))

    async def ex_contacts(self, user_id: int) -> list[ExContact]:
        async with self.tx() as s:
            return list(
                await s.scalars(
                    select(ExContact).where(ExContact.user_id == user_id).order_by(ExContact.id)
                )
            )

    # --- conversation state ---------------------------------------------------------

    async def conversation(self, user_id: int) -> tuple[str, dict[str, Any]]:
        async with self.tx() as s:
            row = await s.get(Conversation, user_id)
        if row is None:
            return "idle", {}
        try:
            data = json.loads(row.data)
        except ValueError:
            data = {}
        return row.state, data if isinstance(data, dict) else {}

    async def set_conversation(
        self, user_id: int, state: str, data: dict[str, Any] | None, now: datetime
    ) -> None:
        payload = json.dumps(data or {})
        async with self.tx() as s:
            row = await s.get(Conversation, user_id)
            if row is None:
                s.add(Conversation(user_id=user_id, state=state, data=payload, updated_at=now))
            else:
                row.state, row.data, row.updated_at = state, payload, now

    async def set_conversation_if_user(
        self, user_id: int, state: str, data: dict[str, Any] | None, now: datetime
    ) -> None:
        """`set_conversation`, unless the person's rows were deleted while their message was
        answered (/delete): then nothing is written."""
        payload = json.dumps(data or {})
        async with self.tx() as s:
            row = await s.get(Conversation, user_id)
            if row is not None:
                row.state, row.data, row.updated_at = state, payload, now
            elif await s.get(User, user_id) is not None:
                s.add(Conversation(user_id=user_id, state=state, data=payload, updated_at=now))

    # --- one-time codes -------------------------------------------------------------

    async def add_code(
        self, code: str, user_id: int, purpose: str, now: datetime, expires_at: datetime
    ) -> None:
        async with self.tx() as s:
            s.add(
                LinkCode(
                    code=code,
                    user_id=user_id,
                    purpose=purpose,
                    created_at=now,
                    expires_at=expires_at,
                )
            )

    async def claim_code(self, code: str, purpose: str, now: datetime) -> LinkCode | None:
        """Mark a code used and return it, or None if unknown, used or expired.

        The conditional UPDATE makes a code work exactly once even if two people race.
        """
        async with self.tx() as s:
            result = await s.execute(
                update(LinkCode)
                .where(
                    LinkCode.code == code,
                    LinkCode.purpose == purpose,
                    LinkCode.used_at.is_(None),
                    LinkCode.expires_at > now,
                )
                .values(used_at=now)
                .returning(LinkCode.code)
            )
            if result.first() is None:
                return None
            return await s.get(LinkCode, code)

    # --- redelivery guard -----------------------------------------------------------

    async def first_sight(self, platform: str, update_id: str, now: datetime) -> bool:
        """True the first time an update id is seen; False for a redelivery."""
        try:
            async with self.tx() as s:
                await s.execute(
                    insert(SeenUpdate).values(platform=platform, update_id=update_id, seen_at=now)
                )
        except IntegrityError:
            return False
        return True

    async def forget_seen_before(self, cutoff: datetime) -> None:
        async with self.tx() as s:
            await s.execute(delete(SeenUpdate).where(SeenUpdate.seen_at < cutoff))

    # --- export and delete ----------------------------------------------------------

    async def export(self, user_id: int) -> dict[str, Any]:
        """Every row about the user, sealed text opened, as plain JSON-ready data."""
        async with self.tx() as s:
            user = (await s.execute(select(User.__table__).where(User.id == user_id))).first()
            if user is None:
                return {}
            out: dict[str, Any] = {"user": _row_dict("users", user._mapping, self.sealer)}
            for table, columns in reversed(user_columns()):
                if not table.info.get("export", True):
                    continue
                rows = (await s.execute(select(table).where(_about(columns, user_id)))).all()
                out[table.name] = [_row_dict(table.name, r._mapping, self.sealer) for r in rows]
        return out

    async def delete_user(self, user_id: int) -> None:
        """Erase every row about the user (explicitly, not trusting ON DELETE CASCADE alone:
        SQLite enforces it only with the foreign_keys pragma), then make sure the erased
        words are gone from the database's files too (see `Database.erase_traces`)."""
        async with self.tx() as s:
            for table, columns in user_columns():
                await s.execute(delete(table).where(_about(columns, user_id)))
            await s.execute(delete(User).where(User.id == user_id))
        await self.db.erase_traces()

    async def count_rows_for(self, user_id: int) -> int:
        """How many rows anywhere still point at the user (the proof /delete is real)."""
        total = 0
        async with self.tx() as s:
            for table, columns in user_columns():
                count = select(func.count()).select_from(table).where(_about(columns, user_id))
                total += (await s.scalar(count)) or 0
            count = select(func.count()).select_from(User).where(User.id == user_id)
            total += (await s.scalar(count)) or 0
        return total


def _row_dict(table: str, row: Mapping[Any, Any], sealer: Sealer) -> dict[str, Any]:
    sealed = SEALED_COLUMNS.get(table, ())
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in sealed and isinstance(value, str):
            value = sealer.open(value)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        out[key] = value
    return out
