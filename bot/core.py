"""The core as one object: storage, words, clock and the engine, built together.

`adapters.runtime.build_app` is the only caller in production and in tests: it makes the
outbound router and the scheduler's sync first, so the engine receives them in its
constructor and nothing is assigned after construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.content.library import Library
from bot.engine import Engine
from bot.flows import all_flows
from bot.inbox import Inbox
from bot.intent import classify
from bot.ports import Outbox, Schedules
from bot.registry import Flows
from bot.storage import Database, Store


@dataclass
class Core:
    db: Database
    store: Store
    library: Library
    engine: Engine
    clock: Clock
    inbox: Inbox  # the way in for every adapter: at most once, kept through outages

    def warm_up(self) -> None:
        """Build the detector's compiled families now. The first message read otherwise pays
        for it (0.5 s on a quiet machine, over a second under load), and that first message
        may be someone in crisis."""
        classify("warming up")

    async def close(self) -> None:
        await self.inbox.close()
        await self.db.dispose()


def assemble_core(
    db: Database,
    store: Store,
    library: Library,
    clock: Clock,
    *,
    outbox: Outbox,
    schedules: Schedules,
) -> Core:
    """The engine with its ports: `outbox` reaches people other than the sender (a buddy),
    `schedules` hears about settings changes."""
    flows = Flows(all_flows())
    engine = Engine(store, library, clock, outbox=outbox, schedules=schedules, flows=flows)
    inbox = Inbox(engine, store, db, outbox)
    return Core(db=db, store=store, library=library, engine=engine, clock=clock, inbox=inbox)
