"""The buddy link table (the weekly-review opt-in is `progress_models.py`).

It carries `user_id` with ON DELETE CASCADE, so /export and /delete (which walk the
metadata) include it. A buddy link also points at the buddy's own user row
(`buddy_user_id`, CASCADE too): the buddy's /export shows it and their /delete erases it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import SEALED, Base
from bot.storage.types import UTCDateTime

FK_LAST_SOS_URGE = "fk_buddy_links_last_sos_urge_id"


class BuddyLink(Base):
    """One person's buddy: an open invite (`buddy_user_id` is NULL; its code is the
    person's live `link_codes` row with purpose "buddy", stored there only) or an accepted
    link. Ending a link deletes the row; nothing about it is kept.

    What the buddy gets is the person's choice: an SOS from /urge, milestone numbers, and
    whether slips are shared (off unless they turn it on).
    """

    __tablename__ = "buddy_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, unique=True
    )
    buddy_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=True
    )
    # How each side appears to the other (their platform display name): sealed like the other
    # saved text when COOLOFF_ENCRYPTION_KEY is set (bot/storage/sealing.py).
    user_name: Mapped[str | None] = mapped_column(Text, nullable=True, info=SEALED)
    buddy_name: Mapped[str | None] = mapped_column(Text, nullable=True, info=SEALED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    share_sos: Mapped[bool] = mapped_column(Boolean, default=True)
    share_milestones: Mapped[bool] = mapped_column(Boolean, default=True)
    share_slips: Mapped[bool] = mapped_column(Boolean, default=False)
    last_sos_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_sos_urge_id: Mapped[int | None] = mapped_column(
        ForeignKey("urges.id", ondelete="SET NULL", name=FK_LAST_SOS_URGE), nullable=True
    )
