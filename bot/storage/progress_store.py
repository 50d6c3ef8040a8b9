"""Store operations for /progress: the weekly-review opt-in (functions over the `Store`, as
`buddy_store` and `linking_store` are). Who opted in, for the scheduler, is
`nudge_store.weekly_review_users`."""

from __future__ import annotations

from datetime import datetime

from bot.storage.progress_models import ProgressPrefs
from bot.storage.store import Store


async def weekly_review_on(store: Store, user_id: int) -> bool:
    async with store.tx() as s:
        row = await s.get(ProgressPrefs, user_id)
    return bool(row is not None and row.weekly_review)


async def set_weekly_review(store: Store, user_id: int, on: bool, now: datetime) -> None:
    async with store.tx() as s:
        row = await s.get(ProgressPrefs, user_id)
        if row is None:
            s.add(ProgressPrefs(user_id=user_id, weekly_review=on, updated_at=now))
        else:
            row.weekly_review, row.updated_at = on, now
