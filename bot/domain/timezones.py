"""Understanding the time zone a person types: IANA names, cities, a few common aliases."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_ALIASES = {
    "utc": "UTC",
    "gmt": "Europe/London",
    "uk": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "wales": "Europe/London",
    "ireland": "Europe/Dublin",
    "eastern": "America/New_York",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "central": "America/Chicago",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mountain": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pacific": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "ist": "Asia/Kolkata",
    "india": "Asia/Kolkata",
    "aest": "Australia/Sydney",
    "nyc": "America/New_York",
    "new york city": "America/New_York",
    "sf": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "la": "America/Los_Angeles",
    "washington dc": "America/New_York",
    "boston": "America/New_York",
    "seattle": "America/Los_Angeles",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "barcelona": "Europe/Madrid",
    "milan": "Europe/Rome",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "toronto": "America/Toronto",
    "montreal": "America/Toronto",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new zealand": "Pacific/Auckland",
    "nz": "Pacific/Auckland",
    "wellington": "Pacific/Auckland",
    # Cities as people write them in their own language.
    "ciudad de mexico": "America/Mexico_City",
    "ciudad de méxico": "America/Mexico_City",
    "cdmx": "America/Mexico_City",
    "mexico city": "America/Mexico_City",
    "mexico": "America/Mexico_City",
    "méxico": "America/Mexico_City",
    "nueva york": "America/New_York",
    "londres": "Europe/London",
    "lisboa": "Europe/Lisbon",
    "roma": "Europe/Rome",
    "milano": "Europe/Rome",
    "münchen": "Europe/Berlin",
    "muenchen": "Europe/Berlin",
    "köln": "Europe/Berlin",
    "wien": "Europe/Vienna",
    "bogota": "America/Bogota",
    "bogotá": "America/Bogota",
    "sao paulo": "America/Sao_Paulo",
    "são paulo": "America/Sao_Paulo",
    "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "santiago": "America/Santiago",
}


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Lower-cased IANA names and their last component ("berlin" -> "Europe/Berlin")."""
    index: dict[str, str] = {}
    names = sorted(n for n in available_timezones() if "/" in n or n == "UTC")
    for name in names:
        index[name.lower()] = name
    for name in names:
        if name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        city = name.rsplit("/", 1)[-1].replace("_", " ").lower()
        index.setdefault(city, name)
    return index


def parse_timezone(text: str) -> str | None:
    """The IANA zone a person meant, or None. Case and spaces don't matter."""
    key = " ".join(text.strip().replace("_", " ").split()).lower()
    if not key or len(key) > 64:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    index = _index()
    found = index.get(key) or index.get(key.replace(" ", "_"))
    if found is None and "/" in key:
        found = index.get(key.replace(" ", "_"))
    return found


def zone_or_utc(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
