"""The console adapter and the `cooloff` command, as a person would use them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from adapters.console_adapter import ConsoleAdapter
from bot.core import Core

COOLOFF = [sys.executable, "-m", "bot.cli"]


def _run(args: list[str], stdin: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("DISCORD_BOT_TOKEN", None)
    return subprocess.run(
        [*COOLOFF, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_piped_conversation_through_cooloff_chat(tmp_path: Path) -> None:
    script = "/start\n6\n/urge\n8\nWrite it here instead\nplease call me\n2\nI held on\n/status\n"
    result = _run(["chat"], script, tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Your cooling-off plan has started" in out
    assert "[1] 30 days (a month)" in out  # buttons as numbered choices
    assert "How strong is the pull" in out
    assert "8 out of 10." in out  # typing a button's label presses it
    assert "Saved, not sent" in out
    assert "From 8 down to 2" in out
    assert "Day 1 of 30" in out
    assert "Traceback" not in out + result.stderr


def test_the_conversation_survives_a_restart(tmp_path: Path) -> None:
    _run(["chat"], "/start\n1\n3\n", tmp_path)  # 30 days, started 3 days ago
    result = _run(["chat"], "/status\n", tmp_path)
    assert "Day 4 of 30" in result.stdout


def test_export_is_written_to_a_file_in_the_console(tmp_path: Path) -> None:
    result = _run(["chat"], "/start\n/export\n", tmp_path)
    assert "saved file" in result.stdout
    files = list(tmp_path.glob("cooloff-export-*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text())["plans"][0]["length_days"] == 30


def test_classify_writes_one_json_object_per_line(tmp_path: Path) -> None:
    result = _run(["classify"], "I'm about to text him\nlovely weather\n", tmp_path)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["intent"] for line in lines] == ["urge", "none"]


def test_help_lists_every_subcommand(tmp_path: Path) -> None:
    result = _run(["--help"], "", tmp_path)
    for sub in ("run", "chat", "classify", "schedule"):
        assert sub in result.stdout


def test_run_without_tokens_is_the_console_chat(tmp_path: Path) -> None:
    result = _run(["run"], "/start\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "console" in result.stdout
    assert "Your cooling-off plan has started" in result.stdout


async def test_console_numbers_and_labels_press_buttons(core: Core) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(core, out=out)
    await console.handle_line("/urge")
    await console.handle_line("3")  # the label "3", not the third button
    assert "3 out of 10." in out.getvalue()
    await console.handle_line("5")  # the fifth choice: "It passed"
    assert "how strong is it now" in out.getvalue().lower()
