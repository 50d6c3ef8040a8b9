"""Persistence: SQLAlchemy 2 (async) on SQLite or PostgreSQL, schema by Alembic."""

from bot.storage.db import Database, normalise_url
from bot.storage.store import Store

__all__ = ["Database", "Store", "normalise_url"]
