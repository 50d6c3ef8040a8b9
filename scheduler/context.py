"""Everything a batch of claimed rows needs to be decided and rendered.

The facts come from `bot.storage.nudge_store` (the scheduler does not query the bot's
tables); this module adds each person's timing settings, parsed once per distinct row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from bot.storage import nudge_store
from bot.storage.db import Database
from bot.storage.nudge_store import PersonFacts
from bot.storage.nudge_store import UrgeFacts as UrgeInfo
from bot.storage.nudge_store import checked_in as checked_in
from bot.storage.nudge_store import urges as load_urges
from bot.storage.sealing import Sealer
from scheduler.rules import Settings, settings_for


@dataclass
class UserContext(PersonFacts):
    """A person's facts with their timing settings."""

    settings: Settings = field(kw_only=True)


async def load_users(
    db: Database, sealer: Sealer, user_ids: Collection[int], *, with_words: bool
) -> dict[int, UserContext]:
    """People, where their nudges go, their open plan, (with_words) their own words, and
    their timing settings."""
    facts = await nudge_store.people(db, sealer, user_ids, with_words=with_words)
    out: dict[int, UserContext] = {}
    for uid, f in facts.items():
        u = f.row
        out[uid] = UserContext(
            **vars(f),
            settings=settings_for(
                u.timezone, u.morning_time, u.checkin_time, u.quiet_start, u.quiet_end
            ),
        )
    return out


__all__ = ["UrgeInfo", "UserContext", "checked_in", "load_urges", "load_users"]
