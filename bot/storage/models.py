"""The tables. One `users` row is one person, whatever platforms they use.

Only text the person chose to keep (reasons, drafts, journal entries, slip notes, the
nickname they gave their ex) is stored, and those columns hold sealed text when
`COOLOFF_ENCRYPTION_KEY` is set. Free chat is never stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.domain.times import (
    DEFAULT_CHECKIN,
    DEFAULT_MORNING,
    DEFAULT_QUIET_END,
    DEFAULT_QUIET_START,
)
from bot.storage.types import UTCDateTime


class Base(DeclarativeBase):
    pass


# Marks a column that holds sealed text (bot/storage/sealing.py) when a key is set: what
# /export opens, declared where the column is (`sealed_columns` reads them back).
SEALED = {"sealed": True}


def sealed_columns() -> dict[str, tuple[str, ...]]:
    """Every sealed column, by table, from the metadata (all tables once the storage package
    is imported)."""
    out: dict[str, tuple[str, ...]] = {}
    for table in Base.metadata.sorted_tables:
        names = tuple(c.name for c in table.c if c.info.get("sealed"))
        if names:
            out[table.name] = names
    return out


FK_NUDGE_IDENTITY = "fk_users_nudge_identity_id"
FK_DRAFT_URGE = "fk_drafts_urge_id"
UQ_ONE_OPEN_PLAN = "uq_plans_one_open"
UQ_URGE_TOOL = "uq_urge_tools_urge_tool"


def _user_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    morning_time: Mapped[str] = mapped_column(String(5), default=DEFAULT_MORNING)
    checkin_time: Mapped[str] = mapped_column(String(5), default=DEFAULT_CHECKIN)
    quiet_start: Mapped[str] = mapped_column(String(5), default=DEFAULT_QUIET_START)
    quiet_end: Mapped[str] = mapped_column(String(5), default=DEFAULT_QUIET_END)
    ex_nickname: Mapped[str | None] = mapped_column(Text, nullable=True, info=SEALED)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    onboarding_step: Mapped[str | None] = mapped_column(String(32), nullable=True)
    short_plan_noted: Mapped[bool] = mapped_column(Boolean, default=False)
    # Where unasked messages go (bot/domain/reachability.py); cleared if that identity goes. Users
    # and identities point at each other, so the key is checked at commit (a person and
    # their first identity can be written in either order) and added after both tables.
    nudge_identity_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "identities.id",
            ondelete="SET NULL",
            use_alter=True,
            name=FK_NUDGE_IDENTITY,
            deferrable=True,
            initially="DEFERRED",
        ),
        nullable=True,
    )
    locale: Mapped[str] = mapped_column(String(8), default="en")


class Identity(Base):
    """A platform account that belongs to a user; where replies and nudges go."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "platform_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    platform: Mapped[str] = mapped_column(String(16))
    platform_user_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    start_date: Mapped[date] = mapped_column(Date)
    length_days: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)


# At most one open plan per person: the database holds the rule the flows keep (a new plan
# is added only after the last one ended).
Index(
    UQ_ONE_OPEN_PLAN,
    Plan.user_id,
    unique=True,
    sqlite_where=Plan.ended_at.is_(None),
    postgresql_where=Plan.ended_at.is_(None),
)


class Reason(Base):
    __tablename__ = "reasons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text, info=SEALED)


class Urge(Base):
    __tablename__ = "urges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16), default="command")
    strength_before: Mapped[int | None] = mapped_column(Integer, nullable=True)
    strength_after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    trigger: Mapped[str | None] = mapped_column(String(32), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    checkback_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    checkback_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Loaded with the urge (a second SELECT ... IN), so a detached urge still knows its tools.
    tool_rows: Mapped[list[UrgeTool]] = relationship(
        order_by="UrgeTool.id", lazy="selectin", viewonly=True
    )

    @property
    def tools(self) -> tuple[str, ...]:
        """The tools tried during this urge, in the order first used."""
        return tuple(row.tool for row in self.tool_rows)


Index("ix_urges_checkback_due", Urge.checkback_due_at)


class UrgeTool(Base):
    """One tool tried during an urge (write, wait, task, breathe, ...), once per urge.
    `user_id` is the urge's, so /export and /delete find these rows like every other."""

    __tablename__ = "urge_tools"
    __table_args__ = (UniqueConstraint("urge_id", "tool", name=UQ_URGE_TOOL),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # the order tools were used
    urge_id: Mapped[int] = mapped_column(ForeignKey("urges.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = _user_fk()
    tool: Mapped[str] = mapped_column(String(128))  # as wide as the comma string it replaced
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Draft(Base):
    """A message the person wrote here instead of sending it. Never sent anywhere."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    urge_id: Mapped[int | None] = mapped_column(
        ForeignKey("urges.id", ondelete="SET NULL", name=FK_DRAFT_URGE), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text, info=SEALED)


class JournalEntry(Base):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    prompt_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str] = mapped_column(Text, info=SEALED)


class SafetyPlanItem(Base):
    """One answered step of the person's safety plan (the Stanley-Brown steps)."""

    __tablename__ = "safety_plan_items"
    __table_args__ = (UniqueConstraint("user_id", "step", name="uq_safety_plan_step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    step: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, info=SEALED)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Slip(Base):
    """Contact that happened, or looking them up. `kind` is "reset" (count starts again),
    "limited" (brief logistics: children, a lease, belongings; the count goes on), "looked"
    (checked their profile or posts; the count goes on) or "looked_reset" (looked, and they
    chose to start again); see `bot.domain.streak`."""

    __tablename__ = "slips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    trigger: Mapped[str | None] = mapped_column(String(32), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True, info=SEALED)


class Checkin(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    local_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mood: Mapped[int | None] = mapped_column(Integer, nullable=True)
    held: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class ExContact(Base):
    """The ex reached out. Logged (when, not what) so patterns can be seen later."""

    __tablename__ = "ex_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Conversation(Base):
    """Where a person is in a flow, so a restart never loses their place."""

    __tablename__ = "conversations"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(32), default="idle")
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LinkCode(Base):
    """One-time codes a person made: to join a second platform account to their plan
    (`link`) or to invite a buddy (`buddy`). Theirs, so /export shows them."""

    __tablename__ = "link_codes"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    purpose: Mapped[str] = mapped_column(String(16), default="link")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SeenUpdate(Base):
    """Platform update ids already handled: a redelivered update has no second effect."""

    __tablename__ = "seen_updates"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
