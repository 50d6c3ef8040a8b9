"""Per-person choices for /progress: the opt-in weekly review (Sunday evening).

The table carries `user_id` with ON DELETE CASCADE, so /export and /delete (which walk the
metadata) include it. Table made by migration 0003.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base
from bot.storage.types import UTCDateTime


class ProgressPrefs(Base):
    """Per-person choices for /progress: the opt-in weekly review (Sunday evening)."""

    __tablename__ = "progress_prefs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    weekly_review: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
