"""One splitter for every platform's text limit (4,096 on Telegram, 2,000 on Discord)."""

from __future__ import annotations


def split_text(text: str, limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` characters.

    Prefers paragraph breaks, then line breaks, then spaces, so a long export summary or a
    long draft read-back stays readable; falls back to a hard cut for text without spaces.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = window.rfind(sep)
            if cut > limit // 3:
                break
        if cut <= 0:
            cut = limit
            pieces.append(rest[:cut])
            rest = rest[cut:]
        else:
            pieces.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces
