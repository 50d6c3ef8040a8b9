"""Crisis lines for the world, from `content/crisis_lines.toml`.

Each entry names the line people are pointed to first, how to reach it, the emergency
number, the languages it answers in, where it was listed and when that was checked. The
file also maps time zones to countries, so a person whose country is unknown can be offered
the likeliest one to confirm. Read once, on first use; the data never changes at run time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LINES_FILE = Path(__file__).resolve().parent / "crisis_lines.toml"


@dataclass(frozen=True)
class CrisisLine:
    code: str  # ISO 3166-1 alpha-2
    country: str  # English name
    name: str
    contact: str
    emergency: str
    languages: tuple[str, ...]
    source: str
    checked: str


@dataclass(frozen=True)
class _Table:
    lines: dict[str, CrisisLine]
    names: dict[str, str]  # every way of typing a country -> code
    zones: dict[str, str]  # IANA zone -> code


@cache
def _table() -> _Table:
    raw = tomllib.loads(LINES_FILE.read_text(encoding="utf-8"))
    zones = {str(k): str(v).upper() for k, v in raw.pop("zones", {}).items()}
    lines: dict[str, CrisisLine] = {}
    names: dict[str, str] = {}
    for code, entry in raw.items():
        code = code.upper()
        lines[code] = CrisisLine(
            code=code,
            country=entry["country"],
            name=entry["line"],
            contact=entry["contact"],
            emergency=entry["emergency"],
            languages=tuple(entry.get("languages", ())),
            source=entry.get("source", ""),
            checked=entry.get("checked", ""),
        )
        for name in (entry["country"], code, *entry.get("names", ())):
            names.setdefault(_key(name), code)
    return _Table(lines, names, zones)


def _key(text: str) -> str:
    return " ".join(text.strip().casefold().replace(".", "").split())


def line_for(country: str | None) -> CrisisLine | None:
    return _table().lines.get((country or "").upper())


def countries() -> list[CrisisLine]:
    """Every covered country's line, in the file's order."""
    return list(_table().lines.values())


def parse_country(text: str) -> str | None:
    """A two-letter code from what the person typed ("uk", "Ireland", "de", "España").

    The whole message must name the country: "in" or "no" inside a sentence is not India
    or Norway. A two-letter code we have no line for is still taken (the general resources
    apply), so the person is not asked again.
    """
    key = _key(text)
    table = _table()
    if key in table.names:
        return table.names[key]
    if len(key) == 2 and key.isascii() and key.isalpha():
        return key.upper()
    return None


def country_for_zone(zone: str | None) -> str | None:
    """The country a time zone most likely means, for a suggestion the person confirms."""
    return _table().zones.get(zone or "")
