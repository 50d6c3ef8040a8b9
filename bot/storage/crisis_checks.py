"""The morning check after a crisis mode, armed by the core the moment the mode changes.

One schedule row per person (kind `crisis_support.MORNING_KIND`, ref 0), written with the
due instant the core computed. Armed here, at the message, so a mode that begins and ends
between two of the scheduler's syncs (crisis, "safe", "make a plan" within a minute) still
gets its check; the scheduler's sync (scheduler/crisis_check.py) is the safety net and the
sender. The row cascades away with /delete like every schedule row.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from bot.storage.db import Database
from bot.storage.schedule_models import Schedule

log = logging.getLogger(__name__)


async def arm_crisis_check(
    db: Database, user_id: int, kind: str, due: datetime, episode: str
) -> None:
    """Create or move the person's one morning-check row. Never raises: the crisis answer
    this runs beside must go out whatever happens to the schedule."""
    insert = sqlite.insert if db.is_sqlite else postgresql.insert
    stmt = insert(Schedule).values(
        user_id=user_id, kind=kind, ref=0, due_at=due, local_date=None, basis=episode, attempts=0
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["user_id", "kind", "ref"],
        set_={"due_at": stmt.excluded.due_at, "basis": stmt.excluded.basis, "attempts": 0},
    )
    try:
        async with db.engine.begin() as conn:
            await conn.execute(stmt)
    except Exception as exc:  # a deleted person, a busy database: the sync catches up
        log.warning("could not arm the morning check of user %s: %s", user_id, type(exc).__name__)
