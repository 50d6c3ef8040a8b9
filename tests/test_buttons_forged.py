"""Forged or odd button data, pressed through the real engine on SQLite and PostgreSQL.

Button data comes from the platform, so anyone can send any bytes. Each forged press gets the
kind "that button is from an earlier moment" answer (never "Something went wrong" and never
a traceback), and nobody else's rows change.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from bot.core import Core
from bot.storage.models import Base
from tests.harness import Chat

THIRTY_DIGITS = "9" * 30
TOO_BIG = str(2**31)  # one past a signed 32-bit id
ODD_NUMBERS = ["²", "¹", "٣", "١٢", "-1", "+1", "1e9", "", " 1", "1 ", "0x1"]
ODD_NUMBERS += [THIRTY_DIGITS, TOO_BIG]


async def user_id(core: Core, chat: Chat) -> int:
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    return identity.user_id


def code_in(text: str) -> str:
    found = re.search(r"code: ([A-Z0-9]{8})", text)
    assert found, text
    return found.group(1)


async def others_rows(core: Core, me: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that is not the presser's own."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with core.store.tx() as s:
        for table in Base.metadata.sorted_tables:
            query = select(table)
            if table.name == "users":
                query = query.where(table.c.id != me)
            elif "user_id" in table.c:
                query = query.where(table.c.user_id != me)
            elif table.name == "seen_updates":
                continue
            rows = (await s.execute(query)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


async def people(core: Core) -> tuple[Chat, Chat, Chat, int, int]:
    """Alex (with a buddy, Sam, an urge and a slip) and Kim, who presses the forged buttons
    and has an urge and a slip of her own, so a forged press can aim at a real row."""
    alex = Chat(core, user_id="alex")
    sam = Chat(core, user_id="sam", platform="telegram")
    kim = Chat(core, user_id="kim")
    await alex.say("/buddy")
    await sam.say(f"/buddy {code_in(alex.text)}")
    await sam.press("Yes, I'll be their buddy")
    await alex.say("/urge")
    await alex.press("7")
    await alex.say("/slip")
    await kim.say("/start")
    await kim.say("/urge")
    kim_urge = int(kim.replies[0].all_buttons[0].action.split(":")[1])
    await kim.say("/slip")
    kim_slip = int(kim.replies[0].all_buttons[0].action.split(":")[1])
    await kim.say("/cancel")
    return alex, sam, kim, kim_urge, kim_slip


def forged(urge: int, slip: int) -> list[str]:
    presses = [
        # the ones that raised before
        "ur:²:s:5",
        "bd:sos:²",
        "lk:nudge:¹",
        "ob:start:99999999",
        f"ur:{THIRTY_DIGITS}:s:5",
        f"ur:{urge}:s:²",
        f"ur:{urge}:a:٣",
        "ob:start:¹²³",
        "ob:start:٣",
        "ob:start:-1",
        "ob:len:" + THIRTY_DIGITS,
        "ob:am:¹²³⁴",
        "ob:tz:Etc/GMT+5",
        "ob:tz:Europe:London",
        "ob:nick:someone",
        "ob:start",
        "ci:²⁰²⁶¹¹²²:m:1",
        "ci:٢٠٢٦١١٢٢:m:1",
        "ci:99991231:m:1",
        "ci:20261122:m:٣",
        "ci::m:1",
        f"bd:sos:{urge}:²",
        "bd:set:sos:²",
        "dl:yes:²",
        "st:²",
        "gd:²",
    ]
    for odd in ODD_NUMBERS:
        presses += [
            f"ur:{odd}:s:5",
            f"ur:{urge}:s:{odd}",
            f"ur:{urge}:a:{odd}",
            f"sl:{odd}:done",
            f"sl:{odd}:k:reset",
            f"bd:sos:{odd}",
            f"bd:stop:{odd}",
            f"lk:nudge:{odd}",
            f"rv:{odd}:extend:30",
            f"jr:next:{odd}",
            f"ob:start:{odd}",
            f"ci:{odd}:m:1",
        ]
    return presses


async def test_forged_buttons_get_the_kind_stale_answer_and_touch_no_one_else(
    pg_core: Core,
) -> None:
    core = pg_core
    _, _, kim, kim_urge, kim_slip = await people(core)
    me = await user_id(core, kim)
    before = await others_rows(core, me)
    stale = core.library.ui("stale_button")
    error = core.library.ui("error_generic")
    kind_answers = {stale, core.library.ui("delete_stale")}
    wrong: list[tuple[str, str]] = []
    for action in forged(kim_urge, kim_slip):
        replies = await kim.send_action(action)
        text = kim.text
        # Pressed over and over, the same answer is led by a short "again" line (the engine
        # never sends one message twice in a row): it still ends with the kind answer.
        kind = any(r.text.endswith(k) for r in replies for k in kind_answers)
        if not replies or error in text or not kind:
            wrong.append((action, text[:80]))
    assert wrong == []
    assert await others_rows(core, me) == before
    # Kim's own moments were not changed by any of it either.
    urge = await core.store.get_urge(me, kim_urge)
    slip = await core.store.get_slip(me, kim_slip)
    assert urge is not None and urge.strength_before is None and urge.strength_after is None
    assert slip is not None and slip.kind is None
    assert await core.store.checkins(me) == []


async def test_odd_numbers_typed_as_the_start_date_are_asked_again(pg_core: Core) -> None:
    kim = Chat(pg_core, user_id="kim")
    await kim.say("/start")
    await kim.press("30 days")
    error = pg_core.library.ui("error_generic")
    me = await user_id(pg_core, kim)
    start = (await pg_core.store.active_plan(me)).start_date  # type: ignore[union-attr]
    for typed in ("99999999", "¹²³", THIRTY_DIGITS, "٣٣٣٣٣٣٣٣٣"):
        await kim.say("/start")  # back to the question (setup steps aside after two misses)
        await kim.say(typed)
        assert error not in kim.text, typed
        assert pg_core.library.ui("ob_start_bad") in kim.text, typed
    assert (await pg_core.store.active_plan(me)).start_date == start  # type: ignore[union-attr]


async def test_a_typed_strength_in_any_digits_is_read_or_asked_again(core: Core) -> None:
    error = core.library.ui("error_generic")
    for n, typed in enumerate(["٣", "7", "9" * 5000, "²"]):
        person = Chat(core, user_id=f"p{n}")
        await person.say("/urge")
        await person.say(typed)
        assert error not in person.text, typed[:10]
        urges = await core.store.urges(await user_id(core, person))
        expected = {"٣": 3, "7": 7}.get(typed)
        assert urges[-1].strength_before == expected, typed[:10]
