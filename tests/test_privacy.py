"""What is stored about a person, seen from outside: /export shows all of it, sealed text is
unreadable in the database file, and /delete leaves nothing readable in any of SQLite's files.

Everything goes through the app as `cooloff run` builds it; the database is read only to look
at what a thief with the files would see.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.clock import FixedClock
from bot.core import Core
from bot.messages import Incoming, Reply
from bot.storage.models import Base
from tests.conftest import built_app
from tests.fakes import Deliveries
from tests.harness import Chat

ALEX_NAME, SAM_NAME = "Alexandrite Moonbeam", "Samphire Lighthouse"


@dataclass
class Person(Chat):
    """A chat whose platform tells the bot a display name (as Telegram and Discord do)."""

    display_name: str | None = None

    async def say(self, text: str) -> list[Reply]:
        return await self._send(text=text)

    async def send_action(self, action: str) -> list[Reply]:
        return await self._send(action=action)

    async def _send(self, **what: Any) -> list[Reply]:
        msg = Incoming(
            self.platform,
            self.user_id,
            self.user_id,
            self.core.clock.now(),
            display_name=self.display_name,
            **what,
        )
        self.replies = await self.core.engine.handle(msg)
        return self.replies


def code_in(text: str) -> str:
    found = re.search(r"code: ([A-Z0-9]{8})", text)
    assert found, text
    return found.group(1)


async def linked(core: Core) -> tuple[Person, Person]:
    """Alex invites, Sam (on Telegram) accepts: both with display names."""
    alex = Person(core, user_id="alex", display_name=ALEX_NAME)
    sam = Person(core, user_id="sam", platform="telegram", display_name=SAM_NAME)
    await alex.say("/buddy")
    await sam.say(f"/buddy {code_in(alex.text)}")
    await sam.press("Yes, I'll be their buddy")
    assert f"You're now {ALEX_NAME}'s buddy" in sam.text
    return alex, sam


async def exported(person: Chat) -> dict[str, Any]:
    await person.say("/export")
    attachment = person.replies[0].attachment
    assert attachment is not None
    data: dict[str, Any] = json.loads(attachment.data)
    return data


async def user_id(core: Core, chat: Chat) -> int:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return identity.user_id


def raw_files(sqlite_url: str) -> dict[str, bytes]:
    """The bytes of the database and of its write-ahead log and shared-memory index."""
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    out = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            out[candidate.name] = candidate.read_bytes()
    assert path.name in out
    return out


def readable(words: list[str], files: dict[str, bytes]) -> list[tuple[str, str]]:
    found = []
    for name, data in files.items():
        for word in words:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if word.encode(encoding) in data:
                    found.append((name, word))
    return found


# --- /export is complete for a buddy too ------------------------------------------------------


async def test_a_buddys_export_holds_their_link_row_display_name_and_codes(core: Core) -> None:
    alex, sam = await linked(core)
    await sam.say("/link")
    link_code = code_in(sam.text) if "code: " in sam.text else None
    data = await exported(sam)
    sam_id = await user_id(core, sam)
    as_buddy = [r for r in data.get("buddy_links", []) if r.get("buddy_user_id") == sam_id]
    assert len(as_buddy) == 1
    assert as_buddy[0]["buddy_name"] == SAM_NAME
    assert as_buddy[0]["accepted_at"]
    assert SAM_NAME in json.dumps(data, ensure_ascii=False)
    if link_code is not None:
        assert link_code in [c["code"] for c in data.get("link_codes", [])]

    # The person who invited sees their own row, and the invite code they made.
    alex_data = await exported(alex)
    assert [r["user_name"] for r in alex_data["buddy_links"]] == [ALEX_NAME]
    assert [c["purpose"] for c in alex_data.get("link_codes", [])] == ["buddy"]


# --- display names are sealed like other saved text -------------------------------------------


@pytest.fixture
async def sealed_core(
    database_url: str, clock: FixedClock, deliveries: Deliveries
) -> AsyncIterator[Core]:
    """The app with `COOLOFF_ENCRYPTION_KEY` set, on SQLite and on PostgreSQL."""
    built = await built_app(
        database_url, clock, deliveries, encryption_key=Fernet.generate_key().decode()
    )
    if not built.core.db.is_sqlite:  # a database shared across tests: start from empty
        async with built.core.db.engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    try:
        yield built.core
    finally:
        await built.stop()


async def test_with_a_key_display_names_are_not_in_the_database(
    sealed_core: Core, database_url: str
) -> None:
    core = sealed_core
    alex, sam = await linked(core)
    await alex.say("/buddy")
    assert SAM_NAME in alex.text  # readable again with the key
    await sam.say("/buddy")
    assert ALEX_NAME in sam.text
    assert ALEX_NAME in json.dumps(await exported(sam), ensure_ascii=False)
    assert SAM_NAME in json.dumps(await exported(alex), ensure_ascii=False)
    async with core.db.engine.begin() as conn:
        stored = (await conn.execute(text("SELECT user_name, buddy_name FROM buddy_links"))).one()
    assert ALEX_NAME not in stored[0] and SAM_NAME not in stored[1]
    if core.db.is_sqlite:
        assert readable([ALEX_NAME, SAM_NAME], raw_files(database_url)) == []
    # A name saved before names were sealed is still read.
    async with core.db.engine.begin() as conn:
        await conn.execute(text("UPDATE buddy_links SET buddy_name = 'Plain Pat'"))
    await alex.say("/buddy")
    assert "Plain Pat" in alex.text


# --- /delete leaves nothing readable ------------------------------------------------------------

WORDS = {
    "draft": "Xylophonedraftword",
    "reason": "Quetzalreasonword",
    "journal": "Marzipanjournalword",
    "note": "Tambourinenoteword",
    "nick": "Zeppelinnick",
}


async def test_after_delete_no_saved_word_is_left_in_any_sqlite_file(
    core: Core, sqlite_url: str
) -> None:
    alex, _ = await linked(core)
    await alex.say("/reasons")
    await alex.say(WORDS["reason"])
    await alex.say("/settings")
    await alex.press("Nickname")
    await alex.say(WORDS["nick"])
    await alex.say("/urge")
    await alex.press("8")
    await alex.press("Write it here instead")
    await alex.say(WORDS["draft"] + " please call me")
    await alex.say("/journal")
    await alex.say(WORDS["journal"] + " was a long day")
    await alex.say("/slip")
    await alex.press("Log as limited contact")
    await alex.press("Add a note")
    await alex.say(WORDS["note"] + " about the keys")
    data = await exported(alex)
    dumped = json.dumps(data, ensure_ascii=False)
    assert all(word in dumped for word in WORDS.values())  # all of it was really stored
    words = [*WORDS.values(), ALEX_NAME]
    assert readable(words, raw_files(sqlite_url))  # and it is in the files

    alex_id = await user_id(core, alex)
    await alex.say("/delete")
    await alex.press("Yes, delete everything")
    assert await core.store.count_rows_for(alex_id) == 0
    assert readable(words, raw_files(sqlite_url)) == []
