"""The composition root of the core: everything built in one place, at start-up, not import."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.engine import Engine
from bot.library import Library
from bot.storage import Database, Store
from bot.storage.sealing import Sealer


@dataclass
class Core:
    db: Database
    store: Store
    library: Library
    engine: Engine
    clock: Clock

    async def close(self) -> None:
        await self.db.dispose()


async def open_core(
    database_url: str | None,
    *,
    clock: Clock | None = None,
    encryption_key: str | None = None,
    library: Library | None = None,
) -> Core:
    """Open the database (migrating it), load the words, build the engine."""
    clock = clock or SystemClock()
    db = Database(database_url)
    await db.migrate()
    store = Store(db, Sealer(encryption_key))
    lib = library or Library.load("en")
    return Core(db=db, store=store, library=lib, engine=Engine(store, lib, clock), clock=clock)
