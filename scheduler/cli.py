"""`cooloff schedule preview`: the UTC instants the scheduler would use, one per local day.

Uses the very functions the worker uses (`scheduler.timing`), so the preview is the truth.
Errors are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from scheduler.timing import daily_instants, load_zone, parse_hhmm

MAX_DAYS = 3660


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


class _Usage(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cooloff schedule", description="Inspect the nudge schedule.")
    sub = parser.add_subparsers(dest="command", required=True)
    preview = sub.add_parser(
        "preview",
        help="print the UTC instant of a local time on each of N local days",
        description="Print one ISO 8601 UTC instant per local day (a day that does not exist "
        "in the zone is left out).",
    )
    preview.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Berlin")
    preview.add_argument("--at", required=True, help="local time of day, HH:MM")
    preview.add_argument("--from", dest="start", required=True, help="first local date")
    preview.add_argument("--days", type=int, default=7, help="how many local days (default 7)")
    return parser


def main(argv: list[str]) -> int:
    """Run `cooloff schedule ...`; returns the exit code (0 ok, 2 bad input)."""
    try:
        args = _parser().parse_args(argv)
        zone = load_zone(args.tz)
        at = parse_hhmm(args.at)
        try:
            start = date.fromisoformat(args.start)
        except ValueError:
            raise ValueError(f"not a date in YYYY-MM-DD form: {args.start!r}") from None
        if not 1 <= args.days <= MAX_DAYS:
            raise ValueError(f"--days must be between 1 and {MAX_DAYS}")
    except (_Usage, ValueError) as exc:
        print(f"cooloff schedule: error: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout
    for instant in daily_instants(start, args.days, at, zone):
        out.write(instant.isoformat().replace("+00:00", "Z") + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
