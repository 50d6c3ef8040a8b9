"""Alembic environment: runs on the connection the application hands over."""

from __future__ import annotations

from alembic import context

import bot.storage.buddy_models
import bot.storage.progress_models
import bot.storage.schedule_models  # noqa: F401
from bot.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the application runs migrations
    raise RuntimeError("run migrations through bot.storage.Database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
