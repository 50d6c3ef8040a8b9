"""The console adapter: the whole bot in a terminal, no token needed.

Reads lines from stdin and prints replies. The buttons of the last reply show as numbered
choices, and typing the number presses the button; a number means a choice only while that
choice list is the last thing shown. Any shown button's label, typed, presses it.
It ends cleanly at the end of input, so a whole conversation can be piped in:
`printf '/start\\n/urge\\n' | cooloff chat`.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.core import Core
from bot.messages import Address, Button, Incoming, Reply

PLATFORM = "console"


@dataclass
class ConsoleAdapter:
    core: Core
    out: TextIO = field(default_factory=lambda: sys.stdout)
    user_id: str = "local"
    files_dir: Path = field(default_factory=Path.cwd)
    platform: str = PLATFORM
    _choices: list[Button] = field(default_factory=list)  # every button shown last
    _numbered: list[Button] = field(default_factory=list)  # the last reply's, numbered

    @property
    def address(self) -> Address:
        return Address(PLATFORM, self.user_id)

    def to_incoming(self, line: str) -> Incoming:
        """A typed line. Text equal to a button's label presses it (so "7" on a 0-10 scale
        means 7); otherwise a bare number picks one of the last reply's numbered buttons."""
        text = line.rstrip("\r\n")
        at = self.core.clock.now()
        choice = text.strip()
        for button in self._choices:
            if button.label.casefold() == choice.casefold():
                return Incoming(PLATFORM, self.user_id, self.user_id, at, action=button.action)
        if choice.isdigit() and 1 <= int(choice) <= len(self._numbered):
            action = self._numbered[int(choice) - 1].action
            return Incoming(PLATFORM, self.user_id, self.user_id, at, action=action)
        return Incoming(PLATFORM, self.user_id, self.user_id, at, text=text)

    def render(self, reply: Reply, first_number: int | None = 1) -> str:
        """The reply's text and its buttons: numbered from `first_number`, or shown by label
        alone (None: not the last reply, so typing a number doesn't press them)."""
        lines = [reply.text]
        number = first_number
        for row in reply.buttons:
            cells = []
            for button in row:
                if number is None:
                    cells.append(f"[{button.label}]")
                else:
                    cells.append(f"[{number}] {button.label}")
                    number += 1
            lines.append("   ".join(cells))
        return "\n".join(lines)

    async def deliver(self, address: Address, replies: Sequence[Reply]) -> None:
        """Print replies; the buttons of the last replies become the numbered choices."""
        self._choices, self._numbered = [], []
        for n, reply in enumerate(replies):
            last = n == len(replies) - 1
            text = self.render(reply, 1 if last else None)
            self._choices.extend(reply.all_buttons)
            if last:
                self._numbered = list(reply.all_buttons)
            if reply.attachment is not None:
                path = self.files_dir / reply.attachment.filename
                await asyncio.to_thread(path.write_bytes, reply.attachment.data)
                text += f"\n(saved {reply.attachment.kind}: {path})"
            self.out.write(f"bot> {text}\n\n")
        self.out.flush()

    async def start(self) -> None:  # the console has nothing to connect
        return None

    async def stop(self) -> None:
        return None

    async def handle_line(self, line: str) -> None:
        if not line.strip():
            return
        received = await self.core.inbox.receive(self.to_incoming(line))
        await self.deliver(self.address, received.replies)

    async def run(self, stream: TextIO) -> None:
        """Read until end of input. Reading happens off the event loop so scheduled
        messages can still be printed while the person is thinking."""
        interactive = stream.isatty()
        while True:
            if interactive:
                self.out.write("you> ")
                self.out.flush()
            line = await asyncio.to_thread(stream.readline)
            if not line:
                break
            if not interactive:
                self.out.write(f"you> {line.rstrip()}\n")
            await self.handle_line(line)
