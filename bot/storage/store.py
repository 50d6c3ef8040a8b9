"""The store: every read and write the core makes, one short transaction each, in one
repository per aggregate (`people`, `moments`, `codes`, `updates`) joined here into `Store`.

Methods return detached ORM rows (sessions use expire_on_commit=False) with sealed columns
already opened, so callers never see ciphertext and never hold a session across an await
on the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, delete, func, or_, select

from bot.storage.codes import Codes
from bot.storage.models import (
    Base,
    User,
    sealed_columns,
)
from bot.storage.moments import Moments
from bot.storage.people import People
from bot.storage.sealing import Sealer
from bot.storage.updates import Updates


def user_tables() -> list[Table]:
    """Every table with a `user_id` column, children first: what /delete erases and /export
    shows. Derived from the metadata so a table added later can never be forgotten."""
    return [t for t in reversed(Base.metadata.sorted_tables) if "user_id" in t.c]


def user_columns() -> list[tuple[Table, list[Column[Any]]]]:
    """Every table with a column pointing at a person (`user_id`, and also `buddy_user_id`:
    the link row in which someone is the buddy is about them too), children first, with
    those columns. What /export shows, /delete erases and `count_rows_for` counts."""
    users = User.__table__
    out = []
    for table in reversed(Base.metadata.sorted_tables):
        columns = [
            c
            for c in table.c
            if c.name == "user_id" or any(fk.column.table is users for fk in c.foreign_keys)
        ]
        if columns and table is not users:
            out.append((table, columns))
    return out


def _about(columns: list[Column[Any]], user_id: int) -> ColumnElement[bool]:
    return or_(*(c == user_id for c in columns))


# Which columns hold sealed text is declared on the models (`info=SEALED`).
SEALED_COLUMNS = sealed_columns()


class Store(People, Moments, Codes, Updates):
    """The one object flows use: every repository (people, moments, codes, updates) over one
    database and sealer, plus what spans them all (/export and /delete)."""

    # --- export and delete ----------------------------------------------------------

    async def export(self, user_id: int) -> dict[str, Any]:
        """Every row about the user, sealed text opened, as plain JSON-ready data."""
        async with self.tx() as s:
            user = (await s.execute(select(User.__table__).where(User.id == user_id))).first()
            if user is None:
                return {}
            out: dict[str, Any] = {"user": _row_dict("users", user._mapping, self.sealer)}
            for table, columns in reversed(user_columns()):
                if not table.info.get("export", True):
                    continue
                rows = (await s.execute(select(table).where(_about(columns, user_id)))).all()
                out[table.name] = [_row_dict(table.name, r._mapping, self.sealer) for r in rows]
        return out

    async def delete_user(self, user_id: int) -> None:
        """Erase every row about the user (explicitly, not trusting ON DELETE CASCADE alone:
        SQLite enforces it only with the foreign_keys pragma), then make sure the erased
        words are gone from the database's files too (see `Database.erase_traces`)."""
        async with self.tx() as s:
            for table, columns in user_columns():
                await s.execute(delete(table).where(_about(columns, user_id)))
            await s.execute(delete(User).where(User.id == user_id))
        await self.db.erase_traces()

    async def count_rows_for(self, user_id: int) -> int:
        """How many rows anywhere still point at the user (the proof /delete is real)."""
        total = 0
        async with self.tx() as s:
            for table, columns in user_columns():
                count = select(func.count()).select_from(table).where(_about(columns, user_id))
                total += (await s.scalar(count)) or 0
            count = select(func.count()).select_from(User).where(User.id == user_id)
            total += (await s.scalar(count)) or 0
        return total


def _row_dict(table: str, row: Mapping[Any, Any], sealer: Sealer) -> dict[str, Any]:
    sealed = SEALED_COLUMNS.get(table, ())
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in sealed and isinstance(value, str):
            value = sealer.open(value)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        out[key] = value
    return out
