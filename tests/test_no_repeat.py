"""No identical answer twice in a row, for a person, in any state (issue 15).

The engine keeps fingerprints of what it last sent each person (never what they wrote)
and re-picks a variant, or leads the line differently, when it would repeat."""

from __future__ import annotations

import json
from itertools import pairwise

from bot.content.library import Item, Library, Said, fingerprint
from bot.core import Core
from tests.harness import Chat


def sent(chat: Chat) -> list[str]:
    return [r.text for r in chat.replies]


async def talk(chat: Chat, lines: list[str]) -> list[list[str]]:
    answers = []
    for line in lines:
        await chat.say(line)
        answers.append(sent(chat))
    return answers


def assert_never_twice(answers: list[list[str]]) -> None:
    flat = [t for answer in answers for t in answer]
    assert all(a != b for a, b in pairwise(flat)), "a message repeated"
    assert all(a != b for a, b in pairwise(answers)), "an answer repeated"


async def test_the_same_message_again_and_again_never_gets_the_same_answer(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    for line in ("i watched a documentary about whales", "thank you", "nights are the worst"):
        assert_never_twice(await talk(chat, [line] * 6))


async def test_a_step_offered_again_never_reads_as_the_identical_message(chat: Chat) -> None:
    await chat.say("/start")
    # Setup asks for a length; unreadable answers make it ask again, and again.
    assert_never_twice(await talk(chat, ["blue"] * 5))


async def test_a_stale_button_pressed_twice_is_answered_differently(chat: Chat) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    first = await chat.send_action("ur:999999:s:5")
    second = await chat.send_action("ur:999999:s:5")
    assert first and second and first[0].text != second[0].text


async def test_a_mixed_night_of_messages_has_no_repeat(chat: Chat) -> None:
    lines = [
        "hi", "hi", "ok", "ok", "i miss him", "i miss him so much", "why did he leave",
        "what does that mean", "what does that mean", "i cant sleep", "i cant sleep",
        "im so angry", "thanks", "thanks", "/status", "/status", "/help", "/help",
    ]  # fmt: skip
    await chat.say("/start")
    await chat.press("Skip the rest")
    assert_never_twice(await talk(chat, lines))


async def test_only_fingerprints_of_the_bots_words_are_kept(chat: Chat, core: Core) -> None:
    await chat.say("/start")
    await chat.press("Skip the rest")
    await chat.say("my secret words about whales")
    identity = await core.store.find_identity(chat.platform, chat.user_id)
    assert identity is not None
    _, data = await core.store.conversation(identity.user_id)
    stored = json.dumps(data)
    assert "whales" not in stored and "secret" not in stored
    said = Said.parse(data["_said"])
    assert said.last == fingerprint(chat.replies[-1].text)


def test_pick_fresh_avoids_what_was_just_said() -> None:
    items = [Item(f"a.{n}", f"line {n}", "again_lead") for n in range(3)]
    lib = Library("en", {}, {"again_lead": items})
    for seed in map(str, range(20)):
        _, text = lib.pick_fresh(items, seed)
        _, again = lib.pick_fresh(items, seed, {fingerprint(text)})
        assert again != text


def test_vary_leads_a_repeated_line_and_leaves_a_new_one_alone() -> None:
    leads = [Item("a.1", "Still here.", "again_lead"), Item("a.2", "No rush.", "again_lead")]
    lib = Library("en", {}, {"again_lead": leads})
    assert lib.vary("How strong is the pull?", "s", None) == "How strong is the pull?"
    varied = lib.vary("How strong is the pull?", "s", fingerprint("How strong is the pull?"))
    assert varied != "How strong is the pull?" and varied.endswith("How strong is the pull?")


def test_said_round_trips() -> None:
    said = Said.of(["one\n\ntwo", "three"], "reply")
    assert Said.parse(said.dump()) == said
    assert Said.parse(None) == Said() and Said.parse(42) == Said()
