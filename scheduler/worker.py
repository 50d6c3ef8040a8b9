"""One tick of the scheduler: sync, claim, decide, deliver through the Outbox, record, settle.

`Worker.tick(now)` is the whole job and takes the time as an argument, so tests drive it
with a fixed clock and never sleep. Deliveries go out one at a time through the same
`Outbox` port (and so the same rendering) as replies; each is written to the ledger as soon
as the platform accepts it, so a kill -9 can repeat at most the one in flight.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.content.library import Library
from bot.domain.nudge_plan import (
    MorningComposer,
    MorningItems,
    PlanFacts,
    buddy_milestone_key,
    checkback_nudge,
    daily_nudge,
    held_until,
    morning_plan,
    wants_weekly,
    weekly_key,
)
from bot.domain.reachability import ReachableOutbox
from bot.features.buddy import buddy_notice
from bot.features.buddy_progress import weekly_review_reply
from bot.flows import crisis_support
from bot.messages import Address, Reply
from bot.ports import Outbox, RetryLater, Unreachable
from bot.storage import nudge_store
from bot.storage.db import Database
from bot.storage.sealing import Sealer
from bot.storage.store import Store
from scheduler import ledger
from scheduler.claims import Claimed, Settle, claim_due, settle
from scheduler.context import (
    UrgeInfo,
    UserContext,
    checked_in,
    load_urges,
    load_users,
)
from scheduler.crisis_check import ConversationRow, load_conversations, sync_crisis_checks
from scheduler.rules import (
    CHECKBACK,
    CHECKIN,
    DAILY_KINDS,
    MORNING,
    Act,
    backoff,
    checkback_verdict,
    daily_verdict,
    first_due,
    next_due,
)
from scheduler.sync import basis_of, sync_checkbacks, sync_daily
from scheduler.throttle import Throttle

log = logging.getLogger(__name__)


@dataclass
class TickStats:
    """What one tick did (counts only: never message text)."""

    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    deferred: int = 0
    retried: int = 0
    unreachable: int = 0
    already_sent: int = 0
    released: int = 0

    def add(self, other: TickStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class _Job:
    """A message ready to go, and what the row becomes once it has."""

    row: Claimed
    address: Address
    identity_id: int | None
    replies: list[Reply]
    entries: list[tuple[str, str]]  # ledger (kind, key)
    done: Settle
    urge_id: int | None = None
    optional: dict[tuple[str, str], Reply] = field(default_factory=dict)
    weekly: date | None = None  # a Sunday: add the weekly review (features.buddy_progress)
    zone: ZoneInfo | None = None
    milestone_day: int | None = None  # a milestone morning: the buddy may hear of it too
    instead: bool = False  # a pending optional replaces `replies` (see DailyNudge.instead)


class Worker:
    """Does the scheduler's work; several may run against one database."""

    def __init__(
        self,
        db: Database,
        library: Library,
        outbox: Outbox,
        clock: Clock,
        *,
        owner: str,
        sealer: Sealer | None = None,
        throttle: Throttle | None = None,
        batch: int = 200,
        lease: timedelta = timedelta(minutes=2),
        sync_every: timedelta = timedelta(minutes=1),
        max_attempts: int = 6,
        last_sync: datetime | None = None,
        compose_morning: MorningComposer | None = None,
    ) -> None:
        """`last_sync`: when the schedule rows were last brought in line with the users
        table, if the caller knows (a process that has just synced, or whose rows another
        process made); None means the first tick syncs. `compose_morning` chooses a
        morning's items (default `morning_plan`, the program's own choice); a different one
        stands for content that cannot be composed for someone."""
        self.db = db
        self.library = library
        # One reachability rule for every delivery (the runtime's outbox keeps it already).
        self.outbox: Outbox = (
            outbox
            if isinstance(outbox, ReachableOutbox)
            else ReachableOutbox(outbox, Store(db, sealer or Sealer(None)), clock)
        )
        self.clock = clock
        self.owner = owner
        self.sealer = sealer or Sealer(None)
        self.throttle = throttle or Throttle(clock)
        self.batch = batch
        self.lease = lease
        self.sync_every = sync_every
        self.max_attempts = max_attempts
        self.stopping = False
        self.compose_morning = compose_morning
        self._last_sync = last_sync

    @property
    def _compose(self) -> MorningComposer:
        # The module attribute is looked up on each call: benchmarks/scheduler_bench.py
        # still replaces `_morning_plan` for its render=fixed mode.
        return self.compose_morning or _morning_plan

    @property
    def last_sync(self) -> datetime | None:
        """The instant of the last periodic sync (None before the first)."""
        return self._last_sync

    async def sync(self, now: datetime) -> None:
        """Bring schedule rows in line with users and urges (cheap; see scheduler.sync)."""
        await sync_daily(self.db, now)
        await sync_crisis_checks(self.db, now)
        self._last_sync = now

    async def tick(self, now: datetime) -> TickStats:
        """Send everything due at `now`; returns counts. Safe to run in several processes."""
        stats = TickStats()
        if self._last_sync is None or now - self._last_sync >= self.sync_every:
            await self.sync(now)
        await sync_checkbacks(self.db, now)
        while not self.stopping:
            claimed = await claim_due(self.db, self.owner, now, limit=self.batch, lease=self.lease)
            if not claimed:
                break
            stats.claimed += len(claimed)
            progress = await self._process(claimed, now, stats)
            # Keep going while rows come due: a row moved on from a stale day may be due
            # again at once (today's occurrence, late but still in time).
            if not progress:
                break
            now = max(now, self.clock.now())
        return stats

    # --- one batch ---------------------------------------------------------------------------

    async def _process(self, claimed: list[Claimed], now: datetime, stats: TickStats) -> bool:
        users = await load_users(
            self.db,
            self.sealer,
            {c.user_id for c in claimed},
            with_words=any(c.kind == MORNING for c in claimed),
        )
        urges = await load_urges(self.db, {c.ref for c in claimed if c.kind == CHECKBACK})
        checkins = await checked_in(
            self.db,
            {(c.user_id, c.local_date) for c in claimed if c.kind == CHECKIN and c.local_date},
        )
        weekly_users = await self._weekly_users(claimed)
        # The crisis check reads the conversation; a daily nudge waits while one is live.
        conversations = await load_conversations(
            self.db,
            {c.user_id for c in claimed if c.kind in (crisis_support.MORNING_KIND, *DAILY_KINDS)},
        )
        settles: list[Settle] = []
        jobs: list[_Job] = []
        for row in claimed:
            try:
                outcome = self._decide(
                    row,
                    users.get(row.user_id),
                    urges,
                    checkins,
                    weekly_users,
                    now,
                    stats,
                    conversations,
                )
            except Exception:  # one broken user (bad content, odd data) never stops a run
                log.exception("could not prepare %s for user %s", row.kind, row.user_id)
                outcome = self._retry(row, now, stats, _pushed_a_day(row, now))
            if isinstance(outcome, _Job) and outcome.weekly is not None:
                outcome = await self._add_weekly(outcome, stats)
            if isinstance(outcome, _Job):
                jobs.append(outcome)
            else:
                settles.append(outcome)

        done = await ledger.delivered(
            self.db,
            {(j.row.user_id, *e) for j in jobs for e in [*j.entries, *j.optional]},
        )
        progress = bool(settles)
        async with ledger.recording(self.db) as conn:
            progress = await self._deliver_all(conn, jobs, done, now, stats, settles) or progress
        await settle(self.db, self.owner, settles, {c.id: c.basis for c in claimed})
        return progress

    async def _deliver_all(
        self,
        conn: AsyncConnection,
        jobs: list[_Job],
        done: set[ledger.Key],
        now: datetime,
        stats: TickStats,
        settles: list[Settle],
    ) -> bool:
        """Deliver one job at a time, recording each acceptance at once."""
        progress = False
        for job in jobs:
            if job.entries and (job.row.user_id, *job.entries[0]) in done:
                stats.already_sent += 1
                settles.append(job.done)
                progress = True
                continue
            pending = {k: r for k, r in job.optional.items() if (job.row.user_id, *k) not in done}
            if pending and job.instead:
                job.replies = []
            for key, reply in pending.items():
                job.replies.append(reply)
                job.entries.append(key)
            if self.stopping or self.clock.now() >= job.row.lease_until - self.lease / 4:
                # Our lease is running out (a long throttle wait): let another worker have it.
                stats.released += 1
                settles.append(_unchanged(job.row))
                continue
            settles.append(await self._deliver(conn, job, now, stats))
            progress = True
        return progress

    async def _deliver(
        self, conn: AsyncConnection, job: _Job, now: datetime, stats: TickStats
    ) -> Settle:
        chat = f"{job.address.platform}:{job.address.chat_id}"
        await self.throttle.acquire(chat, len(job.replies))
        try:
            if isinstance(self.outbox, ReachableOutbox):
                # The batch's marks were read with the users (`user.reachable`).
                await self.outbox.deliver_known_reachable(job.address, job.replies)
            else:
                await self.outbox.deliver(job.address, job.replies)
        except Unreachable:  # marked by the outbox (domain.reachability): skipped till they write
            stats.unreachable += 1
            return job.done
        except RetryLater as exc:
            self.throttle.hold(exc.retry_after)
            return self._retry(job.row, now, stats, job.done, exc.retry_after)
        except Exception as exc:
            # Only the exception's type: a platform error can carry a URL with the bot token.
            log.warning(
                "delivery of %s to user %s failed: %s",
                job.row.kind,
                job.row.user_id,
                type(exc).__name__,
            )
            return self._retry(job.row, now, stats, job.done)
        stats.sent += 1
        try:
            await ledger.record(
                self.db, conn, job.row.user_id, job.entries, self.clock.now(), urge_id=job.urge_id
            )
        except Exception as exc:  # the row still advances below, so nothing is sent twice
            log.warning("could not record a delivery for user %s: %s", job.row.user_id, exc)
        if job.milestone_day is not None:
            await self._tell_buddy(conn, job.row.user_id, job.milestone_day)
        return job.done

    async def _tell_buddy(self, conn: AsyncConnection, user_id: int, day: int) -> None:
        """A milestone the person shares reaches their buddy too: best effort, once (its
        own ledger entry under the buddy), never holding up the person's own nudges."""
        store = Store(self.db, self.sealer)
        try:
            notice = await buddy_notice(store, self.library, user_id, "milestone", day)
            if notice is None:
                return
            buddy_id, replies = notice
            key = buddy_milestone_key(user_id, day)
            target = await store.nudge_identity(buddy_id)
            if target is None or await ledger.delivered(self.db, {(buddy_id, *key)}):
                return
            address = Address(target.platform, target.chat_id)
            await self.throttle.acquire(f"{address.platform}:{address.chat_id}", len(replies))
            await self.outbox.deliver(address, replies)
            await ledger.record(self.db, conn, buddy_id, [key], self.clock.now())
        except Exception as exc:
            log.warning("could not tell the buddy of user %s: %s", user_id, type(exc).__name__)

    def _retry(
        self,
        row: Claimed,
        now: datetime,
        stats: TickStats,
        give_up: Settle,
        retry_after: float = 1.0,
    ) -> Settle:
        """A passing failure: same occurrence, later, with back-off; after a few attempts
        the occurrence is given up (`give_up`: the row's next occurrence)."""
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            log.warning("giving up %s for user %s after %d tries", row.kind, row.user_id, attempts)
            stats.skipped += 1
            return give_up
        stats.retried += 1
        return Settle(
            row.id, now + backoff(attempts, retry_after), row.local_date, row.basis, attempts
        )

    # --- the weekly review (opt-in, Sunday, with the check-in) --------------------------------

    async def _weekly_users(self, claimed: list[Claimed]) -> set[int]:
        """Who opted in to the weekly review, read only when a batch holds a Sunday check-in."""
        if not any(
            c.kind == CHECKIN and c.local_date and wants_weekly(c.kind, c.local_date, True)
            for c in claimed
        ):
            return set()
        return await nudge_store.weekly_review_users(self.db)

    async def _add_weekly(self, job: _Job, stats: TickStats) -> _Job | Settle:
        """Attach the weekly review (its own ledger entry) to a Sunday check-in job."""
        assert job.weekly is not None and job.zone is not None
        reply: Reply | None = None
        try:
            reply = await weekly_review_reply(
                Store(self.db, self.sealer), self.library, job.row.user_id, job.zone, job.weekly
            )
        except Exception as exc:  # the check-in still goes out without it
            log.warning("no weekly review for user %s: %s", job.row.user_id, type(exc).__name__)
        if reply is not None:
            key = weekly_key(job.weekly)
            if job.replies:
                job.optional[key] = reply
            else:
                job.replies, job.entries = [reply], [key]
        if not job.replies:
            stats.skipped += 1
            return job.done
        return job

    # --- decisions ---------------------------------------------------------------------------

    def _decide(
        self,
        row: Claimed,
        user: UserContext | None,
        urges: Mapping[int, UrgeInfo],
        checkins: set[tuple[int, date]],
        weekly_users: set[int],
        now: datetime,
        stats: TickStats,
        conversations: Mapping[int, ConversationRow] | None = None,
    ) -> _Job | Settle:
        if user is None:  # deleted while we held the row; the cascade removes it
            return Settle(row.id, None, None, row.basis, 0)
        conv = (conversations or {}).get(row.user_id)
        if row.kind == crisis_support.MORNING_KIND:
            return self._decide_crisis_check(row, user, conv, now, stats)
        if row.kind in DAILY_KINDS:
            return self._decide_daily(row, user, checkins, weekly_users, now, stats, conv)
        if row.kind == CHECKBACK:
            return self._decide_checkback(row, user, urges, now, stats)
        log.warning("unknown schedule kind %r; dropping the row", row.kind)
        return Settle(row.id, None, None, row.basis, 0)

    def _decide_daily(
        self,
        row: Claimed,
        user: UserContext,
        checkins: set[tuple[int, date]],
        weekly_users: set[int],
        now: datetime,
        stats: TickStats,
        conv: ConversationRow | None = None,
    ) -> _Job | Settle:
        kind, settings = row.kind, user.settings
        current = basis_of(kind, user.row)
        if row.basis != current or row.local_date is None:
            # Settings changed and no sync has caught up yet: recompute, don't send. The
            # same rule as every sync (today's occurrence only if it has not passed).
            day, due = first_due(kind, settings, now)
            return Settle(row.id, due, day, current, 0)
        day = row.local_date
        nxt_day, nxt_due = next_due(kind, settings, day, now)
        advance = Settle(row.id, nxt_due, nxt_day, current, 0)
        plan = user.plan
        if not user.active or plan is None or user.address is None or not user.reachable:
            stats.skipped += 1
            return advance
        verdict = daily_verdict(kind, settings, day, now)
        if verdict.act is Act.SKIP:
            stats.skipped += 1
            return advance
        if verdict.act is Act.DEFER:
            stats.deferred += 1
            return Settle(row.id, verdict.until, day, current, row.attempts)
        held = held_until(conv.state, conv.updated_at, now) if conv is not None else None
        if held is not None:  # mid-conversation: the same occurrence once they are quiet
            stats.deferred += 1
            return Settle(row.id, held, day, current, row.attempts)
        nudge = daily_nudge(
            self.library,
            kind,
            day,
            PlanFacts(plan.id, plan.start_date, plan.length_days),
            user_id=user.user_id,
            checked_in=kind == CHECKIN and (user.user_id, day) in checkins,
            weekly_opt_in=user.user_id in weekly_users,
            ex=user.ex,
            reasons=user.reasons,
            compose=self._compose,
        )
        if nudge is None:
            stats.skipped += 1
            return advance
        return _Job(
            row=row,
            address=user.address,
            identity_id=user.identity_id,
            replies=nudge.replies,
            entries=nudge.entries,
            done=advance,
            optional=nudge.optional,
            weekly=day if nudge.weekly else None,
            zone=settings.zone,
            milestone_day=nudge.milestone_day,
            instead=nudge.instead,
        )

    def _decide_checkback(
        self,
        row: Claimed,
        user: UserContext,
        urges: Mapping[int, UrgeInfo],
        now: datetime,
        stats: TickStats,
    ) -> _Job | Settle:
        finished = Settle(row.id, None, None, row.basis, 0)
        urge = urges.get(row.ref)
        if (
            urge is None
            or urge.sent is not None
            or urge.closed is not None
            or user.address is None
            or not user.reachable
        ):
            stats.skipped += 1
            return finished
        verdict = checkback_verdict(user.settings, row.due_at, now)
        if verdict.act is Act.SKIP:
            stats.skipped += 1
            return finished
        if verdict.act is Act.DEFER:
            stats.deferred += 1
            return Settle(row.id, verdict.until, None, row.basis, row.attempts)
        replies = checkback_nudge(self.library, row.ref)
        return _Job(
            row=row,
            address=user.address,
            identity_id=user.identity_id,
            replies=replies,
            entries=[],  # its record is the urge row (`ledger.record` with urge_id)
            done=finished,
            urge_id=row.ref,
        )

    def _decide_crisis_check(
        self,
        row: Claimed,
        user: UserContext,
        conv: ConversationRow | None,
        now: datetime,
        stats: TickStats,
    ) -> _Job | Settle:
        """The morning after a crisis mode (scheduler/crisis_check.py): the decision is the
        core's (`crisis_support.morning_check_at` and `morning_check_verdict`)."""
        finished = Settle(row.id, None, None, row.basis, 0)
        s = user.settings
        ended = conv.ended() if conv is not None else None
        if ended is not None and ended > now:
            # They are in the mode again (or still): the check waits for its new morning.
            due = crisis_support.morning_check_at(
                ended, s.zone, s.morning, s.quiet_start, s.quiet_end
            )
            stats.deferred += 1
            return Settle(row.id, due, None, row.basis, 0)
        if user.address is None or not user.reachable:
            stats.skipped += 1
            return finished
        verdict = crisis_support.morning_check_verdict(
            row.due_at, now, s.zone, s.quiet_start, s.quiet_end
        )
        if verdict == "skip":
            stats.skipped += 1
            return finished
        if isinstance(verdict, datetime):
            stats.deferred += 1
            return Settle(row.id, verdict, None, row.basis, row.attempts)
        seed = f"{row.user_id}:{row.due_at.isoformat()}"
        return _Job(
            row=row,
            address=user.address,
            identity_id=user.identity_id,
            replies=[crisis_support.morning_check(self.library, seed)],
            entries=[crisis_support.morning_check_key(row.due_at, s.zone)],
            done=finished,
        )


def _unchanged(row: Claimed) -> Settle:
    return Settle(row.id, row.due_at, row.local_date, row.basis, row.attempts)


def _pushed_a_day(row: Claimed, now: datetime) -> Settle:
    """Give up on a row that could not even be prepared. A check-back is done; a daily row is
    looked at again in a day, when its date is over and the normal rules move it on."""
    if row.kind in (CHECKBACK, crisis_support.MORNING_KIND):
        return Settle(row.id, None, None, row.basis, 0)
    return Settle(row.id, now + timedelta(days=1), row.local_date, row.basis, 0)


# `bot.domain.nudge_plan` decides what a morning holds; these names stay importable from here for
# tests/test_nudges.py and benchmarks/scheduler_bench.py (which replaces `_morning_plan`).
__all__ = ["MorningComposer", "MorningItems", "TickStats", "Worker", "morning_plan"]
_morning_plan = morning_plan
