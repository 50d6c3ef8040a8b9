"""Store operations for buddies and /progress preferences.

Functions over the `Store` (as `linking_store` does), so the feature keeps its storage next
to itself; each runs in one short transaction. Display names are sealed on the way in and
opened on the way out, like the Store's own saved text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update

from bot.storage.base import UNSET, Unset, given
from bot.storage.buddy_models import BuddyLink
from bot.storage.models import LinkCode
from bot.storage.store import Store

INVITE = "buddy"  # the `link_codes.purpose` of a buddy invite: the one place its code is kept
SHARE_FIELDS = {"sos": "share_sos", "ms": "share_milestones", "sl": "share_slips"}


def _seal(store: Store, name: str | None) -> str | None:
    return store.sealer.seal(name) if name else name


def _opened(store: Store, row: BuddyLink | None) -> BuddyLink | None:
    """The row with its display names readable (on the detached row, after the session)."""
    if row is not None:
        if row.user_name:
            row.user_name = store.sealer.open(row.user_name)
        if row.buddy_name:
            row.buddy_name = store.sealer.open(row.buddy_name)
    return row


async def link_of(store: Store, user_id: int) -> BuddyLink | None:
    """The person's own buddy row: an open invite or an accepted link."""
    async with store.tx() as s:
        row = (await s.scalars(select(BuddyLink).where(BuddyLink.user_id == user_id))).first()
    return _opened(store, row)


async def active_link_of(store: Store, user_id: int) -> BuddyLink | None:
    """The person's accepted buddy link, if there is one."""
    link = await link_of(store, user_id)
    return link if link is not None and link.buddy_user_id is not None else None


async def get_link(store: Store, link_id: int) -> BuddyLink | None:
    async with store.tx() as s:
        row = await s.get(BuddyLink, link_id)
    return _opened(store, row)


async def supporting(store: Store, buddy_user_id: int) -> list[BuddyLink]:
    """The accepted links in which this person is the buddy."""
    async with store.tx() as s:
        rows = list(
            await s.scalars(
                select(BuddyLink)
                .where(BuddyLink.buddy_user_id == buddy_user_id)
                .order_by(BuddyLink.id)
            )
        )
    for row in rows:
        _opened(store, row)
    return rows


async def open_invite(
    store: Store, user_id: int, code: str, user_name: str | None, now: datetime
) -> BuddyLink:
    """Create the person's invite row, or renew their open invite with a new code (already
    stored by `short_codes.issue`); any earlier live invite code of theirs stops working, so
    only the newest one they were shown is good.

    Raises ValueError when they already have an accepted link (one buddy at a time).
    """
    async with store.tx() as s:
        row = (await s.scalars(select(BuddyLink).where(BuddyLink.user_id == user_id))).first()
        if row is not None and row.buddy_user_id is not None:
            raise ValueError("already linked")
        await s.execute(
            update(LinkCode)
            .where(
                LinkCode.user_id == user_id,
                LinkCode.purpose == INVITE,
                LinkCode.code != code,
                LinkCode.used_at.is_(None),
                LinkCode.expires_at > now,
            )
            .values(expires_at=now)
        )
        if row is None:
            row = BuddyLink(
                user_id=user_id,
                user_name=_seal(store, user_name),
                created_at=now,
                share_sos=True,
                share_milestones=True,
                share_slips=False,
            )
            s.add(row)
        else:
            row.created_at = now
            if user_name:
                row.user_name = _seal(store, user_name)
        await s.flush()
    opened = _opened(store, row)
    assert opened is not None
    return opened


async def invite_by_code(store: Store, code: str) -> BuddyLink | None:
    """The open invite a code belongs to: the maker's (the code's validity is
    `Store.claim_code`'s job)."""
    async with store.tx() as s:
        row = (
            await s.scalars(
                select(BuddyLink)
                .join(LinkCode, LinkCode.user_id == BuddyLink.user_id)
                .where(
                    LinkCode.code == code,
                    LinkCode.purpose == INVITE,
                    BuddyLink.buddy_user_id.is_(None),
                )
            )
        ).first()
    return _opened(store, row)


async def live_invite_code(store: Store, user_id: int, now: datetime) -> str | None:
    """The person's newest invite code that still works (unused, unexpired), if any."""
    async with store.tx() as s:
        return (
            await s.scalars(
                select(LinkCode.code)
                .where(
                    LinkCode.user_id == user_id,
                    LinkCode.purpose == INVITE,
                    LinkCode.used_at.is_(None),
                    LinkCode.expires_at > now,
                )
                .order_by(LinkCode.created_at.desc())
            )
        ).first()


async def accept(
    store: Store, link_id: int, buddy_user_id: int, buddy_name: str | None, now: datetime
) -> bool:
    """Turn an open invite into a link; False if it is no longer open (ended, taken)."""
    async with store.tx() as s:
        result = await s.execute(
            update(BuddyLink)
            .where(BuddyLink.id == link_id, BuddyLink.buddy_user_id.is_(None))
            .values(
                buddy_user_id=buddy_user_id,
                buddy_name=_seal(store, buddy_name),
                accepted_at=now,
            )
            .returning(BuddyLink.id)
        )
        return result.first() is not None


async def set_share(store: Store, user_id: int, field: str, on: bool) -> bool:
    """Change one of the person's sharing choices; False if they have no buddy row."""
    column = SHARE_FIELDS[field]
    async with store.tx() as s:
        result = await s.execute(
            update(BuddyLink)
            .where(BuddyLink.user_id == user_id)
            .values({column: on})
            .returning(BuddyLink.id)
        )
        return result.first() is not None


async def claim_sos(store: Store, link: BuddyLink, urge_id: int, now: datetime) -> bool:
    """Claim this urge's one SOS on the link (still this buddy, SOS still shared, not sent
    for this urge yet); False when it is already taken, so a double tap cannot send twice."""
    async with store.tx() as s:
        claimed = await s.execute(
            update(BuddyLink)
            .where(
                BuddyLink.id == link.id,
                BuddyLink.buddy_user_id == link.buddy_user_id,
                BuddyLink.share_sos.is_(True),
                or_(BuddyLink.last_sos_urge_id.is_(None), BuddyLink.last_sos_urge_id != urge_id),
            )
            .values(last_sos_urge_id=urge_id, last_sos_at=now)
            .returning(BuddyLink.id)
        )
        return claimed.first() is not None


async def update_link(
    store: Store,
    link_id: int,
    *,
    last_sos_urge_id: int | Unset | None = UNSET,
    last_sos_at: datetime | Unset | None = UNSET,
) -> None:
    """Write the columns given (an SOS whose delivery failed gives its claim back)."""
    values = given(last_sos_urge_id=last_sos_urge_id, last_sos_at=last_sos_at)
    await store.write_row(BuddyLink, link_id, values)


async def end_link(store: Store, link_id: int, by_user_id: int) -> bool:
    """Delete a link, if `by_user_id` is one of its two sides. True if a row went."""
    async with store.tx() as s:
        result = await s.execute(
            delete(BuddyLink)
            .where(
                BuddyLink.id == link_id,
                or_(BuddyLink.user_id == by_user_id, BuddyLink.buddy_user_id == by_user_id),
            )
            .returning(BuddyLink.id)
        )
        ended = result.first() is not None
    if ended:
        await store.db.erase_traces()  # the row held both display names
    return ended
