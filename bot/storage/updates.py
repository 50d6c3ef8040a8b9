"""The redelivery guard: each platform update id handled once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError

from bot.storage.base import StoreBase
from bot.storage.models import SeenUpdate


class Updates(StoreBase):
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
