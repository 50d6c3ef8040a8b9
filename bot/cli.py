"""The `cooloff` command: run the bot, chat in a terminal, classify text, preview schedules."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence

from bot.config import Settings


def _logging(level: str) -> None:
    from bot import logsafe

    log_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO), format=log_format, stream=sys.stderr
    )
    # No line carries message text, whichever library logs it (telegram, discord, httpx,
    # apscheduler, sqlalchemy, aiosqlite all propagate to these root handlers): library
    # arguments become type names and exceptions are shown without their messages.
    for handler in logging.getLogger().handlers:
        logsafe.install(handler, log_format)
    # Request URLs carry the Telegram token; HTTP client chatter stays out of the logs.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "discord.http", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _classify() -> int:
    from bot.intent import classify

    for line in sys.stdin:
        text = line.rstrip("\r\n")
        result = classify(text)
        sys.stdout.write(json.dumps({"intent": result.intent.value, "rule": result.rule}) + "\n")
    sys.stdout.flush()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cooloff",
        description="Cooloff: a friend in your pocket for a no-contact cooling-off period.",
        epilog="Settings come from the environment or a .env file: DATABASE_URL, "
        "COOLOFF_ENCRYPTION_KEY, TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL, "
        "DISCORD_BOT_TOKEN, DISCORD_GUILD_ID, LOG_LEVEL.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser(
        "run",
        help="run the bot: every platform whose token is set, plus the scheduler "
        "(the console chat when no token is set)",
    )
    sub.add_parser("chat", help="chat with the bot in this terminal (reads stdin; pipe-friendly)")
    sub.add_parser(
        "classify",
        help='read one message per line on stdin, write {"intent": ...} JSON lines on stdout',
    )
    schedule = sub.add_parser("schedule", help="inspect scheduling (see: cooloff schedule -h)")
    schedule.add_argument("args", nargs=argparse.REMAINDER, help="e.g. preview --tz ZONE ...")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 0
    settings = Settings.from_env()
    if args.command == "classify":
        _logging("WARNING")
        return _classify()
    if args.command == "schedule":
        from scheduler.cli import main as schedule_main  # type: ignore[import-not-found,unused-ignore]

        code: int = schedule_main(list(args.args))
        return code
    try:
        if args.command == "chat":
            _logging(settings.log_level if settings.log_level != "INFO" else "WARNING")
            from adapters.runtime import chat

            return asyncio.run(chat(settings))
        console_only = not (settings.telegram_token or settings.discord_token)
        quiet = console_only and "LOG_LEVEL" not in os.environ
        _logging("WARNING" if quiet else settings.log_level)  # keep the console chat readable
        from adapters.runtime import run

        return asyncio.run(run(settings))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
