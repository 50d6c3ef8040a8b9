"""Flows declare themselves: every command and every button prefix has exactly one home."""

from __future__ import annotations

import pytest

from bot import actions
from bot.commands import BY_NAME
from bot.flows import all_flows
from bot.registry import Flow, Flows

# Answered by the engine itself, before any flow: crisis lines and leaving a step.
ENGINE_COMMANDS = {"helpline", "cancel"}


def test_every_command_is_started_by_one_flow() -> None:
    assert Flows(all_flows()).commands() == set(BY_NAME) - ENGINE_COMMANDS


def test_every_button_prefix_has_a_flow() -> None:
    flows = Flows(all_flows())
    prefixes = {
        value
        for name, value in vars(actions).items()
        if name.isupper() and isinstance(value, str) and len(value) == 2
    } - {actions.COMMAND}
    assert prefixes, "no prefixes found"
    assert {p for p in prefixes if flows.for_prefix(p) is None} == set()


def test_two_flows_cannot_claim_one_prefix_or_command() -> None:
    with pytest.raises(ValueError):
        Flows([Flow("a", prefix="zz"), Flow("b", prefix="zz")])
    with pytest.raises(ValueError):
        Flows([Flow("a", commands={"x": None}), Flow("b", commands={"x": None})])  # type: ignore[dict-item]


def test_only_writing_steps_capture() -> None:
    flows = Flows(all_flows())
    assert flows.captures("urge", "draft") and flows.captures("journal", "")
    assert flows.captures("slip", "note")
    assert not flows.captures("urge", "before") and not flows.captures("idle", "")
