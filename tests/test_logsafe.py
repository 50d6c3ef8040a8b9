"""No log line carries what a person wrote: `bot.logsafe` on a handler, and on the root handler
that `cooloff` sets up, for library loggers and ours alike."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest

from bot import logsafe

SECRET = "I want to text Jamie tonight ¹²³"
FORMAT = "%(levelname)s %(name)s: %(message)s"


def an_update() -> dict[str, object]:
    return {
        "update_id": 7,
        "message": {"message_id": 1, "chat": {"id": 42, "type": "private"}, "text": SECRET},
    }


@pytest.fixture(name="out")
def guarded_root_handler() -> Iterator[io.StringIO]:
    """A guarded handler on the root logger, as `cooloff` has; removed afterwards."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logsafe.install(handler, FORMAT)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def start_date_answer(text: str) -> date:
    """Stands in for a parser that echoes its input in the exception (as int() does)."""
    return date(2026, 1, int(text))


def test_a_library_line_keeps_its_format_but_not_the_update(out: io.StringIO) -> None:
    library = logging.getLogger("telegram.ext.ExtBot")
    try:
        start_date_answer(SECRET)
    except ValueError as exc:
        library.critical(
            "Error while parsing updates! Received data was %r", [an_update()], exc_info=exc
        )
    logged = out.getvalue()
    assert "Error while parsing updates! Received data was 'list'" in logged
    assert SECRET not in logged and "Jamie" not in logged and "¹²³" not in logged
    # The traceback stays useful: its frames and the exception's type.
    assert "Traceback (most recent call last):" in logged
    assert "in start_date_answer" in logged
    assert "ValueError (message not logged)" in logged


@pytest.mark.parametrize(
    ("logger", "message", "args", "shown"),
    [
        (
            "telegram.Bot",
            "Calling Bot API endpoint `%s` with parameters `%s`",
            ("sendMessage", {"chat_id": 42, "text": SECRET}),
            "Calling Bot API endpoint `str` with parameters `dict`",
        ),
        ("httpx", "%s", ({"text": SECRET},), "dict"),  # one dict: logging's mapping form
        (
            "sqlalchemy.engine.Engine",
            "[%(stmt)s] %(params)r",
            ({"stmt": "INSERT INTO drafts", "params": (SECRET, 42)},),
            "[str] 'tuple'",
        ),
        (
            "discord.gateway",
            "For shard %d: %s",
            (0, {"d": {"content": SECRET}}),
            "For shard 0: dict",
        ),
        (
            "apscheduler.executors.default",
            'Job "%s" ran %.1f s late, at %s',
            (SECRET, 1.5, date(2026, 11, 22)),
            'Job "str" ran 1.5 s late, at 2026-11-22',
        ),
        ("aiosqlite", "executing %r", (SECRET.encode(),), "executing 'bytes'"),
    ],
)
def test_library_arguments_become_type_names_numbers_stay(
    out: io.StringIO, logger: str, message: str, args: tuple[object, ...], shown: str
) -> None:
    logging.getLogger(logger).warning(message, *args)
    logged = out.getvalue()
    assert shown in logged
    assert "Jamie" not in logged


def test_a_message_that_is_not_a_string_is_its_type(out: io.StringIO) -> None:
    logging.getLogger("telegram.ext.Updater").error(an_update())
    assert out.getvalue().strip() == "ERROR telegram.ext.Updater: dict"


def test_our_own_lines_keep_their_arguments_but_not_exception_messages(out: io.StringIO) -> None:
    ours = logging.getLogger("bot.flows.onboarding")
    ours.info("new user %s on %s, day %d", 17, "telegram", 3)
    try:
        start_date_answer(SECRET)
    except ValueError as exc:
        ours.warning("could not record a delivery for user %s: %s", 17, exc)
        ours.exception("the start-date question failed for user %s", 17)
    logged = out.getvalue()
    assert "new user 17 on telegram, day 3" in logged
    assert "could not record a delivery for user 17: ValueError" in logged
    assert "the start-date question failed for user 17" in logged
    assert "ValueError (message not logged)" in logged
    assert "in start_date_answer" in logged
    assert "¹²³" not in logged and "Jamie" not in logged


def test_chained_and_grouped_exceptions_show_every_type_and_no_message(
    out: io.StringIO,
) -> None:
    try:
        try:
            start_date_answer(SECRET)
        except ValueError as exc:
            raise RuntimeError(f"could not save {SECRET}") from exc
    except RuntimeError as outer:
        group = ExceptionGroup(f"tasks failed: {SECRET}", [outer, KeyError(SECRET)])
    try:
        raise group
    except ExceptionGroup:
        logging.getLogger("asyncio").exception("Task exception was never retrieved")
    logged = out.getvalue()
    assert "ValueError (message not logged)" in logged
    assert "The above exception was the direct cause" in logged
    assert "RuntimeError (message not logged)" in logged
    assert "KeyError (message not logged)" in logged
    assert "ExceptionGroup (message not logged)" in logged
    assert "Jamie" not in logged


def test_an_exception_text_cached_by_another_formatter_is_not_reused(
    out: io.StringIO,
) -> None:
    # A handler on the library's own logger runs before the root's and caches the full
    # traceback, message included, on the record.
    plain = io.StringIO()
    own = logging.StreamHandler(plain)
    own.setFormatter(logging.Formatter(FORMAT))
    library = logging.getLogger("discord.client")
    library.addHandler(own)
    try:
        try:
            start_date_answer(SECRET)
        except ValueError:
            library.exception("Ignoring exception in on_message")
    finally:
        library.removeHandler(own)
    assert "Jamie" in plain.getvalue()  # the unguarded handler shows why the guard exists
    assert "Ignoring exception in on_message" in out.getvalue()
    assert "ValueError (message not logged)" in out.getvalue()
    assert "Jamie" not in out.getvalue()


def test_the_cooloff_command_guards_its_root_handler() -> None:
    """What `cooloff run` and `cooloff chat` set up, in a process of its own, at DEBUG."""
    script = f"""
import logging
from bot.cli import _logging
_logging("DEBUG")
secret = {SECRET!r}
logging.getLogger("telegram.ext.ExtBot").critical("Received data was %r", [{{"text": secret}}])
logging.getLogger("discord.gateway").warning("payload %s", {{"content": secret}})
logging.getLogger("httpx").warning("HTTP Request: POST %s", "https://x/bot123:ABC/sendMessage")
logging.getLogger("apscheduler.scheduler").info("Added job %s", secret)
logging.getLogger("sqlalchemy.engine.Engine").info("[%s] %r", "INSERT", (secret,))
logging.getLogger("aiosqlite").warning("executing %s", secret)
try:
    int(secret)
except ValueError:
    logging.getLogger("bot.engine").exception("failed to handle a %s message", "telegram")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    logged = done.stderr
    assert "Received data was 'list'" in logged
    assert "payload dict" in logged
    assert "HTTP Request: POST str" in logged
    assert "Added job str" in logged
    assert "[str] 'tuple'" in logged
    assert "executing str" in logged
    assert "failed to handle a telegram message" in logged
    assert "ValueError (message not logged)" in logged
    assert "Jamie" not in logged and "¹²³" not in logged and "123:ABC" not in logged
