"""Flows declare themselves; the engine only looks them up.

A `Flow` names the conversation state it owns, the button prefix it answers, the commands
it starts, what it does with a pressed button and with typed text while the person is in
its state, and which of its steps take down what the person writes (a draft, a journal
entry, a slip note), where an urge detected in the words is part of what they are writing
and does not interrupt. The list of flows is made once, at start-up, by the composition
root (`bot.flows.all_flows()`); adding a flow is one module and one line there, and never
touches the engine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.actions import Action
from bot.messages import Reply

if TYPE_CHECKING:
    from bot.context import Ctx

ActionHandler = Callable[["Ctx", Action], Awaitable[list[Reply]]]
# Typed text in the flow's state; None means "not an answer to this step": the engine then
# reads it for what it is instead.
TextHandler = Callable[["Ctx", str], Awaitable[list[Reply] | None]]
CommandHandler = Callable[["Ctx", str | None], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Flow:
    name: str  # the conversation state it owns ("urge"), or a name for a stateless flow
    prefix: str | None = None  # the action prefix of its buttons ("ur")
    on_action: ActionHandler | None = None
    on_text: TextHandler | None = None
    commands: Mapping[str, CommandHandler] = field(default_factory=dict)
    captures: frozenset[str] = frozenset()  # steps whose typed text is written down
    # In its state, all typed text is this flow's (crisis support): no urge flow starts from
    # what the detector reads; crisis language still comes first, as everywhere.
    owns_text: bool = False
    # In its state, text the detector reads as an urge is offered to this flow first (the
    # urge flow: "can i just send it?" in the middle of an urge is part of it, not a new one
    # nor a general answer about reaching out); what it does not take is read as usual.
    hears_urges: bool = False
    # True when the person's place in this flow has run out (crisis support after quiet
    # hours); the engine then treats them as idle before reading the message.
    lapsed: Callable[[Ctx], bool] | None = None
    # Typed text from a person in no step at all, offered to this flow before it is read
    # for intent and situations: an answer to something the scheduler asked without opening
    # a step (a mood typed after the evening check-in). None: "not mine".
    on_idle_text: TextHandler | None = None
    # A form of questions (setup, the 0-10): after the gentle crisis check its question waits,
    # unasked, instead of following "are you thinking about ending your life?" with "one
    # quick thing first". Flows that answer the words themselves (a slip's "whats the
    # point") still answer after the check.
    waits_behind_check: bool = False


class Flows:
    """The flows of one engine, indexed by state, button prefix and command."""

    def __init__(self, flows: Iterable[Flow]) -> None:
        self._by_state: dict[str, Flow] = {}
        self._by_prefix: dict[str, Flow] = {}
        self._by_command: dict[str, CommandHandler] = {}
        self._idle: list[TextHandler] = []
        for flow in flows:
            if flow.on_idle_text is not None:
                self._idle.append(flow.on_idle_text)
            if flow.name in self._by_state:
                raise ValueError(f"two flows named {flow.name}")
            self._by_state[flow.name] = flow
            if flow.prefix is not None:
                if flow.prefix in self._by_prefix:
                    raise ValueError(f"two flows with the prefix {flow.prefix}")
                self._by_prefix[flow.prefix] = flow
            for name, handler in flow.commands.items():
                if name in self._by_command:
                    raise ValueError(f"two flows start /{name}")
                self._by_command[name] = handler

    def for_state(self, state: str) -> Flow | None:
        return self._by_state.get(state)

    def for_prefix(self, prefix: str) -> Flow | None:
        return self._by_prefix.get(prefix)

    def command(self, name: str) -> CommandHandler | None:
        return self._by_command.get(name)

    def commands(self) -> frozenset[str]:
        return frozenset(self._by_command)

    def idle_text(self) -> tuple[TextHandler, ...]:
        """The flows that may answer typed text in no step, in registration order."""
        return tuple(self._idle)

    def captures(self, state: str, step: str | None) -> bool:
        """Is typed text in this state and step something the person chose to write down?"""
        flow = self._by_state.get(state)
        return flow is not None and (step or "") in flow.captures
