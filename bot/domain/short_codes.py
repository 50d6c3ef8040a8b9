"""Short codes a person reads off one screen and types on another (buddy invites, account
links): the alphabet, the shape, and issuing one that is not already taken. One definition."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from bot.storage.store import Store

CODE_LENGTH = 8
# No 0/O, 1/I/L: a code read off one screen and typed on another must survive the trip.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ATTEMPTS = 3  # a clash among 31^8 live codes is all but impossible
_CODE_RE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    """A random code from the unambiguous alphabet (31^8: not guessable while it lives)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """What the person typed as a code, or None if it cannot be one (case, spaces and dashes
    are forgiven)."""
    cleaned = re.sub(r"[\s\-_.]", "", raw).upper()
    return cleaned if _CODE_RE.match(cleaned) else None


async def issue(store: Store, user_id: int, purpose: str, now: datetime, expires: datetime) -> str:
    """Store a fresh code for `purpose` and return it; a clash with a live code draws again."""
    for _ in range(ATTEMPTS):
        code = new_code()
        if await store.add_code_if_free(code, user_id, purpose, now, expires):
            return code
    raise RuntimeError(f"no free {purpose} code after {ATTEMPTS} draws")
