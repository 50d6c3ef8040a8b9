"""What every repository of the store shares: the database, the sealer, one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.db import Database
from bot.storage.sealing import Sealer


class StoreBase:
    def __init__(self, db: Database, sealer: Sealer | None = None) -> None:
        self.db = db
        self.sealer = sealer or Sealer(None)

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[AsyncSession]:
        """One transaction; commits on success, rolls back on error."""
        async with self.db.session() as session, session.begin():
            yield session
