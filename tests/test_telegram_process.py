"""`cooloff run` with Telegram as a real process: it answers, and SIGTERM ends it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from tests.standins.telegram_api import FakeBotApi
from tests.telegram_fixtures import TOKEN, api_fixture  # noqa: F401  (fixture used by name)


async def test_sigterm_stops_the_bot_and_exits_zero(api: FakeBotApi, tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DISCORD_"))},
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/run.db",
        "LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main(['run']))",
        cwd=tmp_path,  # no stray .env
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_for(lambda a: bool(a.calls("getUpdates")), within=30)
        await api.push_text(77, "/start")
        await api.wait_sent(77, 1, within=10)

        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=10)
        took = time.monotonic() - began
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode(errors="replace")
    assert process.returncode == 0, log[-2000:]
    assert took < 5.0, f"took {took:.1f}s to stop"
    assert "telegram: stopped" in log
    assert TOKEN not in log and TOKEN.split(":", 1)[1] not in log
