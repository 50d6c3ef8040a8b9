"""What every repository of the store shares: the database, the sealer, one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from enum import Enum
from typing import Any, Final, Literal

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.db import Database
from bot.storage.sealing import Sealer


class _Unset(Enum):
    UNSET = "unset"


# "Leave this column as it is", for the typed update methods (None is a value: it clears).
UNSET: Final = _Unset.UNSET
Unset = Literal[_Unset.UNSET]


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were passed (not UNSET): the columns to write."""
    return {k: v for k, v in values.items() if v is not UNSET}


class StoreBase:
    def __init__(self, db: Database, sealer: Sealer | None = None) -> None:
        self.db = db
        self.sealer = sealer or Sealer(None)

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[AsyncSession]:
        """One transaction; commits on success, rolls back on error."""
        async with self.db.session() as session, session.begin():
            yield session

    async def write_row(self, model: Any, row_id: int, values: Mapping[str, Any]) -> None:
        """UPDATE one row, found by id, with the columns given (`given(...)`); nothing to
        write is no statement at all. The one shape every typed `update_*` method shares."""
        if not values:
            return
        async with self.tx() as s:
            await s.execute(update(model).where(model.id == row_id).values(**values))
