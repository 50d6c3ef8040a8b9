"""The person's aggregate: their identities, their row, their plans, reasons and where
they are in a conversation."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update

from bot.domain import reachability, times
from bot.storage.base import UNSET, StoreBase, Unset, given
from bot.storage.models import Conversation, Identity, Plan, Reason, User
from bot.text.parsing import DEFAULT_PLAN_DAYS


class People(StoreBase):
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

    async def update_user(
        self,
        user_id: int,
        *,
        timezone: str | Unset = UNSET,
        country: str | Unset | None = UNSET,
        morning_time: str | Unset = UNSET,
        checkin_time: str | Unset = UNSET,
        quiet_start: str | Unset = UNSET,
        quiet_end: str | Unset = UNSET,
        ex_nickname: str | Unset | None = UNSET,
        paused_at: datetime | Unset | None = UNSET,
        onboarding_step: str | Unset | None = UNSET,
        short_plan_noted: bool | Unset = UNSET,
        nudge_identity_id: int | Unset | None = UNSET,
        locale: str | Unset = UNSET,
    ) -> None:
        """Write the columns given (the nickname sealed); the others are left as they are."""
        if isinstance(ex_nickname, str) and ex_nickname:
            ex_nickname = self.sealer.seal(ex_nickname)
        values = given(
            timezone=timezone,
            country=country,
            morning_time=morning_time,
            checkin_time=checkin_time,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            ex_nickname=ex_nickname,
            paused_at=paused_at,
            onboarding_step=onboarding_step,
            short_plan_noted=short_plan_noted,
            nudge_identity_id=nudge_identity_id,
            locale=locale,
        )
        await self.write_row(User, user_id, values)

    async def update_identity(
        self,
        identity_id: int,
        *,
        chat_id: str | Unset = UNSET,
        unreachable_since: datetime | Unset | None = UNSET,
    ) -> None:
        values = given(chat_id=chat_id, unreachable_since=unreachable_since)
        await self.write_row(Identity, identity_id, values)

    async def mark_chat_unreachable(self, platform: str, chat_id: str, now: datetime) -> None:
        """Mark the identity with this chat unreachable, keeping an earlier mark's instant."""
        async with self.tx() as s:
            await s.execute(
                update(Identity)
                .where(
                    Identity.platform == platform,
                    Identity.chat_id == chat_id,
                    Identity.unreachable_since.is_(None),
                )
                .values(unreachable_since=now)
            )

    async def chat_marked_unreachable(self, platform: str, chat_id: str) -> bool:
        """Whether this chat belongs to an identity already marked unreachable."""
        async with self.tx() as s:
            found = await s.scalar(
                select(Identity.id)
                .where(
                    Identity.platform == platform,
                    Identity.chat_id == chat_id,
                    Identity.unreachable_since.is_not(None),
                )
                .limit(1)
            )
        return found is not None

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

    async def update_plan(
        self,
        plan_id: int,
        *,
        start_date: date | Unset = UNSET,
        length_days: int | Unset = UNSET,
        ended_at: datetime | Unset | None = UNSET,
        outcome: str | Unset | None = UNSET,
    ) -> None:
        values = given(
            start_date=start_date, length_days=length_days, ended_at=ended_at, outcome=outcome
        )
        await self.write_row(Plan, plan_id, values)

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
