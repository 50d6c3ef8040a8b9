"""The scheduler's tables: when each user's next unasked message is due, and what was sent.

Schedules live here, not in process memory and not as one APScheduler job per user, so a
restart or kill -9 loses nothing and several workers can share the work. Both tables carry
`user_id` with ON DELETE CASCADE, so /delete erases them with everything else.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base
from bot.storage.types import UTCDateTime


class Schedule(Base):
    """One pending unasked message per (user, kind, ref): the next due instant in UTC.

    `kind` is "morning", "checkin" (daily, ref 0) or "checkback" (ref = the urge id, one
    shot; `due_at` becomes NULL once done). `basis` is the settings the due instant was
    computed from, so a worker can tell when the users row changed under it. A worker owns
    a row while `lease_until` is in the future; a dead worker's lease simply runs out.
    """

    __tablename__ = "schedules"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "ref"),
        {"info": {"export": False}},  # bookkeeping, not the person's data
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    local_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    basis: Mapped[str] = mapped_column(String(128), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


Index("ix_schedules_due_at", Schedule.due_at)


class Delivery(Base):
    """The delivery ledger: a row per message the platform accepted.

    Unique per (user, kind, key), where key is the local date of a daily nudge or
    `plan:<id>:<length>` for an end-of-plan review (a check-back is recorded on its urge,
    `urges.checkback_sent_at`) (an extended plan
    gets its own review at its new end). A worker that finds the row already there does
    not send again, whatever happened to the process in between.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("user_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
