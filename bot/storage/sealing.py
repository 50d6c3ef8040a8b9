"""Encryption at rest for the words a person chose to keep (drafts, journal, reasons, notes).

With `COOLOFF_ENCRYPTION_KEY` set, those columns hold Fernet tokens (AES-128-CBC + HMAC);
without it they are plain text. Values are tagged, so turning the key on later still reads
old rows, and a missing key shows a clear marker rather than ciphertext.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

PREFIX = "enc1:"
UNREADABLE = "[sealed: this text needs the encryption key that was used to save it]"


def _fernet_key(secret: str) -> bytes:
    raw = secret.strip().encode()
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw  # already a Fernet key (e.g. from Fernet.generate_key())
    except ValueError:
        pass
    # A passphrase: stretch it so a short secret is not trivially brute-forced.
    derived = hashlib.scrypt(raw, salt=b"cooloff/sealing/v1", n=2**14, r=8, p=1, dklen=32)
    return base64.urlsafe_b64encode(derived)


class Sealer:
    def __init__(self, secret: str | None) -> None:
        self._fernet = Fernet(_fernet_key(secret)) if secret else None

    @property
    def active(self) -> bool:
        return self._fernet is not None

    def seal(self, text: str) -> str:
        if self._fernet is None:
            return text
        return PREFIX + self._fernet.encrypt(text.encode()).decode()

    def open(self, stored: str) -> str:
        if not stored.startswith(PREFIX):
            return stored
        if self._fernet is None:
            return UNREADABLE
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            return UNREADABLE
