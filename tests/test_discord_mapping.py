"""Pure mapping: Discord interactions and DMs to `Incoming`, `Reply` to messages and views.

Real discord.py objects are built offline from gateway payloads (the same payloads the
stand-in server dispatches), so these tests check the library's own parsing too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from adapters import discord_mapping as dm
from bot.commands import COMMANDS
from bot.content.library import Library
from bot.messages import MAX_ACTION_BYTES, Attachment, Button, Reply
from tests.standins.discord_api import BOT_ID, StandIn, user_payload

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXTS = dm.texts_from(Library.load("en"))
ALICE = user_payload(111, "alice")
GUILD = 555


@pytest.fixture
def state() -> Any:
    client = discord.Client(intents=discord.Intents(guilds=True, dm_messages=True))
    state = client._connection
    # As after READY: the bot's own user is known.
    state.user = discord.ClientUser(state=state, data=user_payload(BOT_ID, "cooloff", bot=True))
    return state


@pytest.fixture
def standin() -> StandIn:
    return StandIn()


def interaction(state: Any, payload: dict[str, Any]) -> discord.Interaction[Any]:
    return discord.Interaction(data=payload, state=state)  # type: ignore[arg-type]


# --- slash commands ---------------------------------------------------------------------


def test_every_core_command_is_a_slash_command_with_discord_shaped_names() -> None:
    payloads = dm.command_payloads()
    assert [p["name"] for p in payloads] == [c.name for c in COMMANDS]
    for p in payloads:
        assert 1 <= len(p["name"]) <= 32 and p["name"] == p["name"].lower()
        assert 1 <= len(p["description"]) <= 100
        assert p["contexts"] == [0, 1]  # servers and the bot's DMs
        for option in p.get("options", []):
            assert option["type"] == 3 and not option["required"]
    by_name = {p["name"]: p for p in payloads}
    assert by_name["timezone"]["options"][0]["name"] == "zone"
    assert by_name["time"]["options"][0]["name"] == "hhmm"
    assert by_name["checkin_time"]["options"][0]["name"] == "hhmm"
    assert by_name["quiet"]["options"][0]["name"] == "range"
    assert by_name["link"]["options"][0]["name"] == "code"
    assert "options" not in by_name["urge"]


def test_slash_command_becomes_the_core_text_command(state: Any, standin: StandIn) -> None:
    payload = standin.slash("timezone", ALICE, "Europe/Berlin", option="zone", guild_id=GUILD)
    incoming = dm.to_incoming(interaction(state, payload), NOW)
    assert incoming is not None
    assert incoming.text == "/timezone Europe/Berlin"
    assert incoming.action is None
    assert incoming.platform == "discord"
    assert incoming.user_id == "111"
    # Answers in a server are ephemeral, so the exchange is private; nudges go to the DMs,
    # which are addressed by the user id, never to the server channel.
    assert incoming.is_private is True
    assert incoming.chat_id == "111"
    assert incoming.at == NOW
    assert incoming.display_name == "Alice"


def test_slash_command_without_option_and_in_dm(state: Any, standin: StandIn) -> None:
    incoming = dm.to_incoming(interaction(state, standin.slash("urge", ALICE)), NOW)
    assert incoming is not None and incoming.text == "/urge" and incoming.chat_id == "111"


def test_command_text_drops_blank_values() -> None:
    assert dm.command_text("link", [{"name": "code", "value": "  "}]) == "/link"
    assert dm.command_text("link", [{"name": "code", "value": "AB12CD34"}]) == "/link AB12CD34"


# --- buttons and forms ------------------------------------------------------------------


def test_button_press_carries_the_action_id(state: Any, standin: StandIn) -> None:
    payload = standin.press("cooloff:ur:12:s:7", ALICE, guild_id=GUILD)
    incoming = dm.to_incoming(interaction(state, payload), NOW)
    assert incoming is not None
    assert incoming.action == "ur:12:s:7" and incoming.text is None


def test_foreign_buttons_are_ignored(state: Any, standin: StandIn) -> None:
    assert dm.to_incoming(interaction(state, standin.press("other:1", ALICE)), NOW) is None
    form = standin.press("cooloff-form:draft", ALICE)
    assert dm.to_incoming(interaction(state, form), NOW) is None  # opens a modal instead


def test_submitted_form_is_the_typed_text(state: Any, standin: StandIn) -> None:
    payload = standin.submit("cooloff-form:draft", "I miss you\nbut no.", ALICE)
    incoming = dm.to_incoming(interaction(state, payload), NOW)
    assert incoming is not None and incoming.text == "I miss you\nbut no."


def test_modal_text_reads_label_wrapped_inputs_and_blank_is_nothing() -> None:
    labelled = [{"type": 18, "component": {"type": 4, "custom_id": "text", "value": "hi"}}]
    assert dm.modal_text(labelled) == "hi"
    blank = [{"type": 1, "components": [{"type": 4, "custom_id": "text", "value": "  "}]}]
    assert dm.modal_text(blank) is None


def test_custom_ids_fit_discord_for_the_longest_action() -> None:
    action = "x" * MAX_ACTION_BYTES
    assert len(dm.action_custom_id(action)) <= dm.CUSTOM_ID_LIMIT
    assert dm.action_from_custom_id(dm.action_custom_id(action)) == action
    assert dm.action_from_custom_id("cooloff:") is None
    assert dm.form_from_custom_id(dm.form_custom_id("journal")) == "journal"


# --- DMs --------------------------------------------------------------------------------


def test_dm_text_is_free_chat(state: Any, standin: StandIn) -> None:
    channel = discord.DMChannel(
        me=None,  # type: ignore[arg-type]
        state=state,
        data={"id": "42", "type": 1, "recipients": [ALICE]},  # type: ignore[typeddict-item]
    )
    data = standin.message_payload(42, ALICE, "i want to text him so bad")
    message = discord.Message(state=state, channel=channel, data=data)  # type: ignore[arg-type]
    incoming = dm.message_to_incoming(message, NOW)
    assert incoming is not None
    assert incoming.text == "i want to text him so bad"
    assert incoming.chat_id == "111" and incoming.is_private


def test_a_dm_without_text_still_reaches_the_core(state: Any, standin: StandIn) -> None:
    channel = discord.DMChannel(
        me=None,  # type: ignore[arg-type]
        state=state,
        data={"id": "42", "type": 1, "recipients": [ALICE]},  # type: ignore[typeddict-item]
    )
    data = standin.message_payload(42, ALICE, "")  # a sticker or a picture alone
    message = discord.Message(state=state, channel=channel, data=data)  # type: ignore[arg-type]
    incoming = dm.message_to_incoming(message, NOW)
    assert incoming is not None and incoming.text == ""


def test_server_messages_and_bots_are_ignored(state: Any, standin: StandIn) -> None:
    channel = discord.PartialMessageable(
        state=state, id=43, guild_id=GUILD, type=discord.ChannelType.text
    )
    data = standin.message_payload(43, ALICE, "hello")
    message = discord.Message(state=state, channel=channel, data=data)  # type: ignore[arg-type]
    assert dm.message_to_incoming(message, NOW) is None

    dm_channel = discord.DMChannel(
        me=None,  # type: ignore[arg-type]
        state=state,
        data={"id": "44", "type": 1, "recipients": [ALICE]},  # type: ignore[typeddict-item]
    )
    bot = user_payload(222, "otherbot", bot=True)
    from_bot = standin.message_payload(44, bot, "beep")
    message = discord.Message(state=state, channel=dm_channel, data=from_bot)  # type: ignore[arg-type]
    assert dm.message_to_incoming(message, NOW) is None


# --- rendering --------------------------------------------------------------------------


def test_short_reply_with_buttons_is_one_message_with_a_view() -> None:
    reply = Reply("How strong?", buttons=((Button("0", "ur:1:s:0"), Button("1", "ur:1:s:1")),))
    [message] = dm.render([reply], in_server=False, lib_text=TEXTS)
    assert message.content == "How strong?" and not message.ephemeral
    assert message.custom_ids() == ["cooloff:ur:1:s:0", "cooloff:ur:1:s:1"]


async def test_view_is_persistent_and_carries_custom_ids() -> None:
    reply = Reply("Pick", buttons=((Button("A", "a:1"), Button("B", "b:2")), (Button("C", "c:3"),)))
    [message] = dm.render([reply], in_server=True, lib_text=TEXTS)
    view = message.view()
    assert view is not None and view.timeout is None
    rows = view.to_components()
    assert [[c["custom_id"] for c in row["components"]] for row in rows] == [
        ["cooloff:a:1", "cooloff:b:2"],
        ["cooloff:c:3"],
    ]
    assert [[c["label"] for c in row["components"]] for row in rows] == [["A", "B"], ["C"]]


def test_everything_in_a_server_is_ephemeral_even_public_replies() -> None:
    messages = dm.render(
        [Reply("help text", private=False), Reply("personal")], in_server=True, lib_text=TEXTS
    )
    assert [m.ephemeral for m in messages] == [True, True]
    messages = dm.render([Reply("personal")], in_server=False, lib_text=TEXTS)
    assert [m.ephemeral for m in messages] == [False]


def test_long_text_is_split_at_2000_with_buttons_on_the_last_piece() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "word " * 80 for i in range(12))
    reply = Reply(text, buttons=((Button("OK", "go:status"),),))
    messages = dm.render([reply], in_server=False, lib_text=TEXTS)
    assert len(messages) > 1
    assert all(len(m.content) <= dm.TEXT_LIMIT for m in messages)
    assert [bool(m.buttons) for m in messages] == [False] * (len(messages) - 1) + [True]
    assert " ".join(m.content for m in messages).split() == text.split()


def test_more_than_five_buttons_a_row_wrap_and_rows_spill_over() -> None:
    eleven = tuple(Button(str(i), f"ur:1:s:{i}") for i in range(11))
    [message] = dm.render([Reply("0-10", buttons=(eleven,))], in_server=False, lib_text=TEXTS)
    assert [len(row) for row in message.buttons] == [5, 5, 1]

    many = tuple((Button(f"r{i}", f"x:{i}"),) for i in range(7))
    messages = dm.render([Reply("many rows", buttons=many)], in_server=False, lib_text=TEXTS)
    assert [len(m.buttons) for m in messages] == [5, 2]
    assert messages[1].content == "…"


def test_repeated_actions_are_dropped_so_discord_accepts_the_message() -> None:
    reply = Reply("x", buttons=((Button("A", "go:urge"),), (Button("again", "go:urge"),)))
    [message] = dm.render([reply], in_server=False, lib_text=TEXTS)
    assert message.custom_ids() == ["cooloff:go:urge"]


def test_expected_free_text_gets_a_form_button() -> None:
    reply = Reply("Write what you want to say.", buttons=((Button("Cancel", "go:cancel"),),))
    [message] = dm.render(
        [Reply(reply.text, reply.buttons, expects="draft")], in_server=True, lib_text=TEXTS
    )
    assert message.custom_ids() == ["cooloff:go:cancel", "cooloff-form:draft"]
    assert message.form is not None and "message" in message.form.label.lower()
    [plain] = dm.render([Reply("Tell me more", expects="note")], in_server=False, lib_text=TEXTS)
    assert plain.form is not None and plain.form.label == TEXTS["discord_form_button"]


def test_the_words_are_the_librarys() -> None:
    assert set(TEXTS) == set(dm.TEXT_KEYS) and all(TEXTS.values())
    texts = {**TEXTS, "discord_form_button_draft": "Schreib es hier"}
    [message] = dm.render([Reply("x", expects="draft")], in_server=False, lib_text=texts)
    assert message.form is not None and message.form.label == "Schreib es hier"


async def test_form_is_a_paragraph_modal_with_our_custom_id() -> None:
    modal = dm.build_form("journal", TEXTS)
    payload = modal.to_dict()
    assert payload["custom_id"] == "cooloff-form:journal"
    assert 1 <= len(payload["title"]) <= dm.MODAL_TITLE_LIMIT
    text_inputs = [
        c
        for row in payload["components"]
        for c in (row.get("components") or [row.get("component") or {}])
    ]
    assert any(c.get("custom_id") == "text" and c.get("style") == 2 for c in text_inputs)


def test_attachment_goes_with_the_last_piece() -> None:
    attachment = Attachment("cooloff-export.json", b'{"a": 1}', "application/json")
    [message] = dm.render(
        [Reply("Your data", attachment=attachment)], in_server=True, lib_text=TEXTS
    )
    assert message.attachment == attachment and message.ephemeral
    file = message.file()
    assert file is not None and file.filename == "cooloff-export.json"
    assert file.fp.read() == b'{"a": 1}'


def test_empty_reply_renders_nothing_but_buttons_alone_get_a_placeholder() -> None:
    assert dm.render([Reply("   ")], in_server=False, lib_text=TEXTS) == []
    [message] = dm.render(
        [Reply("", buttons=((Button("A", "a:1"),),))], in_server=False, lib_text=TEXTS
    )
    assert message.content == "…" and message.buttons


def test_a_pressed_choice_is_noted_under_the_message(state: Any, standin: StandIn) -> None:
    payload = standin.press("cooloff:ur:1:s:7", ALICE, guild_id=GUILD)
    payload["message"]["content"] = "How strong?"
    payload["message"]["components"] = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 2, "label": "7", "custom_id": "cooloff:ur:1:s:7"},
                {"type": 2, "style": 2, "label": "8", "custom_id": "cooloff:ur:1:s:8"},
            ],
        }
    ]
    pressed = interaction(state, payload)
    label = dm.pressed_label(pressed.message, "cooloff:ur:1:s:7")
    assert label == "7"
    assert dm.mark_choice("How strong?", label) == "How strong?\n\n» 7"
    assert dm.pressed_label(pressed.message, "cooloff:gone") is None
    assert dm.mark_choice("How strong?", None) == "How strong?"
    assert dm.mark_choice("…", "Skip") == "» Skip"
    assert dm.mark_choice("x" * 2000, "Skip") == "x" * 2000  # never over the limit
