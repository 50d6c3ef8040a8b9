"""Crisis lines by country. Shown before anything else whenever crisis language appears."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisLine:
    name: str
    contact: str
    emergency: str


_LINES: dict[str, CrisisLine] = {
    "US": CrisisLine("988 Suicide & Crisis Lifeline", "call or text 988", "911"),
    "CA": CrisisLine("9-8-8 Suicide Crisis Helpline", "call or text 988", "911"),
    "GB": CrisisLine("Samaritans", "call 116 123, free, any time", "999"),
    "IE": CrisisLine("Samaritans", "call 116 123, free, any time", "112 or 999"),
    "AU": CrisisLine("Lifeline", "call 13 11 14 or text 0477 13 11 14", "000"),
    "NZ": CrisisLine("Need to talk?", "call or text 1737, free, any time", "111"),
}

_COUNTRY_NAMES = {
    "us": "US",
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "canada": "CA",
    "uk": "GB",
    "united kingdom": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "ireland": "IE",
    "australia": "AU",
    "new zealand": "NZ",
    "aotearoa": "NZ",
    "germany": "DE",
    "france": "FR",
    "spain": "ES",
    "italy": "IT",
    "netherlands": "NL",
    "india": "IN",
    "mexico": "MX",
    "brazil": "BR",
    "south africa": "ZA",
    "philippines": "PH",
    "singapore": "SG",
    "nigeria": "NG",
    "japan": "JP",
    "sweden": "SE",
    "norway": "NO",
    "denmark": "DK",
    "poland": "PL",
    "portugal": "PT",
    "austria": "AT",
    "switzerland": "CH",
    "belgium": "BE",
    "israel": "IL",
    "turkey": "TR",
}


def line_for(country: str | None) -> CrisisLine | None:
    return _LINES.get((country or "").upper())


def parse_country(text: str) -> str | None:
    """A two-letter code from a name or code the person typed ("uk", "Ireland", "de")."""
    key = " ".join(text.strip().lower().replace(".", "").split())
    if key in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[key]
    if len(key) == 2 and key.isascii() and key.isalpha():
        return "GB" if key == "uk" else key.upper()
    return None
