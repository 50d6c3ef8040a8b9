"""Persistence: SQLAlchemy 2 (async) on SQLite or PostgreSQL, schema by Alembic."""

from bot.storage.db import Database, StorageUnavailable, is_outage, normalise_url
from bot.storage.store import Store

__all__ = ["Database", "StorageUnavailable", "Store", "is_outage", "normalise_url"]
