"""Whole written conversations through a real `cooloff chat` process (issue 15).

The conversation's messages are piped to stdin exactly as a person would type them; the
test reads only what the process printed: no traceback anywhere, every line answered, and
never the same message twice in a row. (Pauses in the files are left out: the process runs
on the wall clock; tests/conversation_replay.py replays them with time passing.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from tests.conversation_replay import CONVERSATIONS

COOLOFF = [sys.executable, "-m", "bot.cli", "chat"]
_TURN = re.compile(r"^you> (.*)$", re.MULTILINE)


def messages(path: Path) -> list[str]:
    """What the person types, one line each (comments and `#!` annotations left out)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def chat(lines: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("DISCORD_BOT_TOKEN", None)
    return subprocess.run(
        COOLOFF,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
        check=False,
    )


def turns(out: str) -> list[tuple[str, list[str]]]:
    """(what was typed, the bot's messages after it) for each typed line."""
    found = list(_TURN.finditer(out))
    result = []
    for n, m in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(out)
        block = out[m.end() : end]
        said = [part.strip() for part in block.split("bot> ")[1:]]
        result.append((m.group(1), said))
    return result


@pytest.mark.parametrize(
    "name", ["40-coparent-2am-dad", "42-nurse-canteen", "45-portuguese-then-english"]
)
def test_a_whole_conversation_through_cooloff_chat(name: str, tmp_path: Path) -> None:
    typed = messages(CONVERSATIONS / f"{name}.txt")
    result = chat(typed, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    answered = turns(result.stdout)
    assert [t for t, _ in answered] == [line.rstrip() for line in typed]  # nothing lost
    assert all(said for _, said in answered), [t for t, s in answered if not s]
    flat = [m for _, said in answered for m in said]
    repeated = [a for a, b in pairwise(flat) if a == b]
    assert repeated == []
    whole = [said for _, said in answered]
    assert all(a != b for a, b in pairwise(whole))
