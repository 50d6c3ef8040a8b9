"""What happens during a plan: urges and the tools tried, drafts, journal entries, the
safety plan, slips, check-ins and the ex reaching out."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from bot.storage.base import UNSET, StoreBase, Unset, given
from bot.storage.models import (
    Checkin,
    Draft,
    ExContact,
    JournalEntry,
    SafetyPlanItem,
    Slip,
    Urge,
    UrgeTool,
)


class Moments(StoreBase):
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

    async def update_urge(
        self,
        urge_id: int,
        *,
        strength_before: int | Unset | None = UNSET,
        strength_after: int | Unset | None = UNSET,
        trigger: str | Unset | None = UNSET,
        outcome: str | Unset | None = UNSET,
        checkback_due_at: datetime | Unset | None = UNSET,
        checkback_sent_at: datetime | Unset | None = UNSET,
        closed_at: datetime | Unset | None = UNSET,
    ) -> None:
        """Write the columns given; the tools are recorded with `record_tool`."""
        values = given(
            strength_before=strength_before,
            strength_after=strength_after,
            trigger=trigger,
            outcome=outcome,
            checkback_due_at=checkback_due_at,
            checkback_sent_at=checkback_sent_at,
            closed_at=closed_at,
        )
        await self.write_row(Urge, urge_id, values)

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

    async def update_slip(
        self,
        slip_id: int,
        *,
        kind: str | Unset | None = UNSET,
        trigger: str | Unset | None = UNSET,
        note: str | Unset | None = UNSET,
    ) -> None:
        """Write the columns given (the note sealed)."""
        if isinstance(note, str) and note:
            note = self.sealer.seal(note)
        values = given(kind=kind, trigger=trigger, note=note)
        await self.write_row(Slip, slip_id, values)

    async def delete_slip(self, user_id: int, slip_id: int) -> bool:
        """Take back a slip logged by mistake (a check-in answer corrected at once)."""
        async with self.tx() as s:
            gone = await s.execute(delete(Slip).where(Slip.id == slip_id, Slip.user_id == user_id))
        return bool(gone.rowcount)  # type: ignore[attr-defined]

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
        self,
        user_id: int,
        local_date: date,
        now: datetime,
        *,
        mood: int | Unset | None = UNSET,
        held: bool | Unset | None = UNSET,
    ) -> None:
        """Create or amend the day's check-in (one per local day) with what is given."""
        values = given(mood=mood, held=held)
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
