"""Persistence: SQLAlchemy 2 (async) on SQLite or PostgreSQL, schema by Alembic."""

# The buddy's and the scheduler's tables live in their own modules (which import `Base` from
# `bot.storage.models`, never the other way round); importing them with the package puts
# them in `Base.metadata` whenever the models are loaded, so /export and /delete (which walk
# the metadata) always see them.
import bot.storage.buddy_models
import bot.storage.progress_models
import bot.storage.schedule_models  # noqa: F401
from bot.storage.db import Database, StorageUnavailable, is_outage, normalise_url
from bot.storage.store import Store

__all__ = ["Database", "StorageUnavailable", "Store", "is_outage", "normalise_url"]
