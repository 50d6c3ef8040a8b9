"""One-time codes (linking a second account, inviting a buddy): made, and claimed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from bot.storage.base import StoreBase
from bot.storage.models import LinkCode


class Codes(StoreBase):
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

    async def add_code_if_free(
        self, code: str, user_id: int, purpose: str, now: datetime, expires_at: datetime
    ) -> bool:
        """`add_code`, or False when the code is already taken (a clash: draw another)."""
        try:
            await self.add_code(code, user_id, purpose, now, expires_at)
        except IntegrityError:
            return False
        return True

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
