"""Log lines that never carry what people wrote, whoever logs them.

Our own code logs ids, counts and type names, never message text. The libraries under us do
not make that promise: python-telegram-bot logs a whole getUpdates batch when it cannot parse
one update, and every call's parameters at DEBUG; SQLAlchemy logs statement parameters;
httpx logs URLs (which hold the Telegram token). And any exception's message can hold what a
person typed (an invalid start date echoed back by a parser, a constraint violation quoting
a value), which the standard formatter prints under every traceback.

`install(handler)` puts two guards on a handler (`bot.cli` installs them on the root
handler, so every library logger that propagates passes through them):

- `RedactingFilter` rewrites each record before it is formatted:
  - a record from a library logger (any logger outside `bot`, `adapters` and `scheduler`)
    keeps its format string, but every interpolated argument that is not a number, None, a
    date, time or duration is replaced by its type name:
    `"Received data was %r", [update, ...]` becomes `Received data was 'list'`. A message
    that is not a string at all becomes its type name;
  - a record from our own loggers keeps its arguments, except exceptions, which become
    their type name (`"... failed: %s", exc` is `... failed: IntegrityError`);
  - an exception attached to any record (`log.exception`, `exc_info=`) is rendered as its
    type and traceback frames only, without its message, for chained causes and exception
    groups too (`format_exception`), and the exception object itself is detached, so no
    formatter after the filter can print the message again.
- `SafeFormatter` renders exceptions the same way, for a record that reached it without
  passing the filter (a handler someone adds later).

What stays: levels, logger names, format strings (which are code), numbers and ids, source
lines of the traceback's frames (also code). A library that bakes a text into its format
string (an f-string) would still leak it; none of ours does at the levels we run them
(`bot.cli` keeps httpx, httpcore and PTB's debug logging off, see its `_logging`).
"""

from __future__ import annotations

import logging
import numbers
import traceback
from collections.abc import Callable, Mapping
from datetime import date, time, timedelta
from typing import Any

# Loggers named after our own packages (`logging.getLogger(__name__)`).
OUR_PACKAGES = ("bot", "adapters", "scheduler")

# Arguments that cannot hold a person's words and are kept as they are in library lines.
_HARMLESS = (numbers.Number, date, time, timedelta)


def is_ours(logger_name: str) -> bool:
    """Whether a logger belongs to Cooloff's own packages."""
    return any(logger_name == p or logger_name.startswith(p + ".") for p in OUR_PACKAGES)


def type_name(value: object) -> str:
    """`module.Name` of a value's type (just `Name` for builtins), as tracebacks show it."""
    kind = type(value)
    if kind.__module__ in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


class _Redacted(dict[str, Any]):
    """Mapping arguments (`log.info("%(a)s", {"a": ...})`) with their values redacted; shown
    whole (`log.info("%s", a_dict)` takes this path too) it is only its type name."""

    def __str__(self) -> str:
        return "dict"

    __repr__ = __str__


def _library_arg(value: object) -> object:
    if value is None or isinstance(value, _HARMLESS):
        return value
    return type(value).__name__


def _our_arg(value: object) -> object:
    return type_name(value) if isinstance(value, BaseException) else value


def _redact_args(args: Any, redact: Callable[[object], object], whole: type[dict[str, Any]]) -> Any:
    if isinstance(args, Mapping):
        return whole({str(k): redact(v) for k, v in args.items()})
    if isinstance(args, tuple):
        return tuple(redact(a) for a in args)
    return redact(args)


def format_exception(exc: BaseException) -> str:
    """An exception as Python prints it, without any message or note: the type and the
    frames, for its cause or context and for each exception of a group as well."""
    return "".join(_exception_lines(exc, set()))


def _exception_lines(exc: BaseException, seen: set[int]) -> list[str]:
    seen.add(id(exc))
    lines: list[str] = []
    cause, context = exc.__cause__, exc.__context__
    if cause is not None and id(cause) not in seen:
        lines += _exception_lines(cause, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        lines += _exception_lines(context, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    if exc.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__)).format()
    lines.append(f"{type_name(exc)} (message not logged)\n")
    if isinstance(exc, BaseExceptionGroup):
        for n, inner in enumerate(exc.exceptions, 1):
            lines.append(f"+-- {n} of {len(exc.exceptions)}:\n")
            lines += [
                "|   " + line
                for part in _exception_lines(inner, seen)
                for line in part.splitlines(keepends=True)
            ]
    return lines


class RedactingFilter(logging.Filter):
    """Rewrites records so that no text a person wrote can be formatted (see the module
    docstring). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if is_ours(record.name):
            if record.args:
                record.args = _redact_args(record.args, _our_arg, dict)
        else:
            if not isinstance(record.msg, str):
                record.msg = type(record.msg).__name__
            if record.args:
                record.args = _redact_args(record.args, _library_arg, _Redacted)
        exc = record.exc_info[1] if record.exc_info else None
        # Detach the exception: a formatter after this one could otherwise print its message.
        # A text rendered before (by another formatter or process) is dropped: it may hold it.
        record.exc_info = None
        record.exc_text = format_exception(exc).rstrip("\n") if exc is not None else None
        return True


class SafeFormatter(logging.Formatter):
    """A `logging.Formatter` that renders exceptions without their messages."""

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if ei else None
        return format_exception(exc).rstrip("\n") if exc is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        # Re-render the exception here: a text cached on the record by another formatter
        # holds the message.
        saved = record.exc_text
        if record.exc_info:
            record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = saved


def install(handler: logging.Handler, fmt: str | None = None, datefmt: str | None = None) -> None:
    """Guard a handler: the redacting filter, and a `SafeFormatter` with this format."""
    handler.setFormatter(SafeFormatter(fmt, datefmt))
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())
