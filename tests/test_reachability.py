"""One reachability rule: where unasked messages go, and never again to a chat marked
unreachable until the person is back (the same for every platform)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from adapters.runtime import App
from bot.domain.reachability import mark_reachable, nudge_target, reachable
from bot.messages import Address, Reply
from bot.ports import Unreachable
from tests.fakes import Deliveries
from tests.harness import Chat


@dataclass
class _Identity:
    id: int
    unreachable_since: datetime | None = None


def test_unasked_messages_go_to_the_chosen_identity_else_the_first() -> None:
    first, second = _Identity(1), _Identity(2)
    assert nudge_target([first, second], 2) is second
    assert nudge_target([first, second], None) is first
    assert nudge_target([first, second], 99) is first  # a choice that is gone
    assert nudge_target([], 1) is None


def test_a_marked_identity_is_not_reachable() -> None:
    assert reachable(_Identity(1))
    assert not reachable(_Identity(1, datetime(2026, 11, 1, tzinfo=UTC)))
    assert not reachable(None)


async def test_the_process_outbox_marks_a_refusal_and_asks_no_more(
    app: App, deliveries: Deliveries
) -> None:
    chat = Chat(app.core, user_id="ana", platform="telegram")
    await chat.say("/start")
    deliveries.unreachable.add("ana")
    with pytest.raises(Unreachable):
        await app.outbox.deliver(Address("telegram", "ana"), [Reply("Good morning")])
    identity = await app.core.store.find_identity("telegram", "ana")
    assert identity is not None and not reachable(identity)

    deliveries.unreachable.clear()  # the platform would take it now, but we don't ask
    sent = len(deliveries.sent)
    with pytest.raises(Unreachable):
        await app.outbox.deliver(Address("telegram", "ana"), [Reply("Good evening")])
    assert len(deliveries.sent) == sent

    await mark_reachable(app.core.store, identity.id)  # they came back
    await app.outbox.deliver(Address("telegram", "ana"), [Reply("Welcome back")])
    assert len(deliveries.sent) == sent + 1
