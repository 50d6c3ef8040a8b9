"""The storage contract, run against a SQLite file and a real PostgreSQL server."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from bot.clock import FixedClock
from bot.core import Core
from bot.storage.sealing import UNREADABLE
from bot.storage.store import user_tables
from tests.conftest import built_app
from tests.fakes import Deliveries
from tests.harness import Chat


async def _user(core: Core, who: str = "p1") -> int:
    user, _ = await core.store.create_user(
        platform="console",
        platform_user_id=who,
        chat_id=who,
        now=core.clock.now(),
        start_date=date(2026, 11, 22),
    )
    return user.id


async def test_user_plan_and_saved_words_round_trip(pg_core: Core) -> None:
    uid = await _user(pg_core)
    now = pg_core.clock.now()
    await pg_core.store.add_reason(uid, "Ich will mich respektieren 💪", now)
    await pg_core.store.add_draft(uid, None, "שלום, אני מתגעגע", now)
    plan = await pg_core.store.active_plan(uid)
    assert plan is not None and plan.length_days == 30
    assert [r.text for r in await pg_core.store.reasons(uid)] == ["Ich will mich respektieren 💪"]
    assert [d.text for d in await pg_core.store.drafts(uid)] == ["שלום, אני מתגעגע"]
    urge = await pg_core.store.add_urge(uid, now, "command")
    await pg_core.store.update_urge(urge.id, checkback_due_at=now + timedelta(minutes=15))
    stored = await pg_core.store.get_urge(uid, urge.id)
    assert stored is not None and stored.checkback_due_at == now + timedelta(minutes=15)
    assert stored.checkback_due_at.tzinfo is not None


async def test_delete_leaves_no_row_about_the_user(pg_core: Core) -> None:
    chat = Chat(pg_core, user_id="del")
    other = Chat(pg_core, user_id="keep")
    await other.say("/start")
    await chat.say("/start")
    await chat.press("Skip")
    await chat.press("Skip")
    await chat.say("a reason")
    await chat.say("/urge")
    await chat.press("5")
    await chat.press("Write it here instead")
    await chat.say("a draft")
    await chat.say("/slip")
    await chat.press("Start my count again")
    await chat.say("/checkin")
    await chat.press("Good")
    await chat.say("/journal")
    await chat.say("an entry")
    identity = await pg_core.store.find_identity("console", "del")
    assert identity is not None
    uid = identity.user_id
    assert await pg_core.store.count_rows_for(uid) > 8
    await chat.say("/delete")
    await chat.press("Yes, delete everything")
    assert await pg_core.store.count_rows_for(uid) == 0
    # Checked table by table, straight from the database.
    async with pg_core.db.engine.connect() as conn:
        for table in user_tables():
            count = await conn.scalar(
                text(f'SELECT count(*) FROM "{table.name}" WHERE user_id = :u'), {"u": uid}
            )
            assert count == 0, table.name
    assert await pg_core.store.find_identity("console", "keep") is not None


async def test_one_time_codes_work_once_and_expire(pg_core: Core) -> None:
    uid = await _user(pg_core)
    now = pg_core.clock.now()
    await pg_core.store.add_code("ABCD2345", uid, "link", now, now + timedelta(minutes=15))
    await pg_core.store.add_code("EXPIRED1", uid, "link", now, now - timedelta(seconds=1))
    claimed = await pg_core.store.claim_code("ABCD2345", "link", now)
    assert claimed is not None and claimed.user_id == uid
    assert await pg_core.store.claim_code("ABCD2345", "link", now) is None
    assert await pg_core.store.claim_code("EXPIRED1", "link", now) is None


async def test_a_redelivered_update_is_recognised(pg_core: Core) -> None:
    now = pg_core.clock.now()
    assert await pg_core.store.first_sight("telegram", "1001", now)
    assert not await pg_core.store.first_sight("telegram", "1001", now)
    assert await pg_core.store.first_sight("discord", "1001", now)


async def test_migrations_are_idempotent(pg_core: Core) -> None:
    await pg_core.db.migrate()
    await pg_core.db.migrate()
    assert await _user(pg_core, "after-migrate") > 0


async def test_saved_words_are_encrypted_at_rest(sqlite_url: str, clock: FixedClock) -> None:
    app = await built_app(
        sqlite_url, clock, Deliveries(), encryption_key="correct horse battery staple"
    )
    core = app.core
    try:
        uid = await _user(core)
        await core.store.add_reason(uid, "my private reason", clock.now())
        await core.store.update_user(uid, ex_nickname="Sam")
        async with core.db.engine.connect() as conn:
            raw = await conn.scalar(text("SELECT text FROM reasons"))
            nick = await conn.scalar(text("SELECT ex_nickname FROM users"))
        assert "private" not in raw and raw.startswith("enc1:")
        assert "Sam" not in nick
        assert [r.text for r in await core.store.reasons(uid)] == ["my private reason"]
        user = await core.store.get_user(uid)
        assert user is not None and user.ex_nickname == "Sam"
    finally:
        await app.stop()
    # Without the key the text is not readable, and says so instead of showing ciphertext.
    keyless = await built_app(sqlite_url, clock, Deliveries())
    try:
        assert [r.text for r in await keyless.core.store.reasons(uid)] == [UNREADABLE]
    finally:
        await keyless.stop()


async def test_a_typed_update_writes_what_is_given_and_none_clears(pg_core: Core) -> None:
    uid = await _user(pg_core)
    now = pg_core.clock.now()
    urge = await pg_core.store.add_urge(uid, now, "command")
    await pg_core.store.update_urge(urge.id, trigger="night", strength_before=7)
    await pg_core.store.update_urge(urge.id, outcome="held")  # the others are left
    stored = await pg_core.store.get_urge(uid, urge.id)
    assert stored is not None
    assert (stored.trigger, stored.strength_before, stored.outcome) == ("night", 7, "held")
    await pg_core.store.update_urge(urge.id, trigger=None)
    stored = await pg_core.store.get_urge(uid, urge.id)
    assert stored is not None and (stored.trigger, stored.outcome) == (None, "held")


async def test_a_taken_code_is_refused_not_raised(pg_core: Core) -> None:
    uid = await _user(pg_core)
    now = pg_core.clock.now()
    later = now + timedelta(minutes=15)
    assert await pg_core.store.add_code_if_free("ABCD2345", uid, "link", now, later)
    assert not await pg_core.store.add_code_if_free("ABCD2345", uid, "buddy", now, later)
    claimed = await pg_core.store.claim_code("ABCD2345", "link", now)
    assert claimed is not None and claimed.purpose == "link"
