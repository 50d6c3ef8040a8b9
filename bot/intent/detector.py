"""The public face of intent detection: `Intent`, `Detection` and `classify`.

The engine and the `cooloff classify` command rely on this surface; keep it stable. The
rules live in `crisis.py` and `contact.py`, the vocabulary in `lexicon.py`, and the text
clean-up in `normalise.py`. See docs/detector.md for why rules and not a model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bot.intent.contact import detect_ex_reached_out, detect_slip, detect_urge
from bot.intent.crisis import detect_crisis
from bot.intent.normalise import sentences

log = logging.getLogger(__name__)


class Intent(StrEnum):
    URGE = "urge"
    SLIP = "slip"
    EX_REACHED_OUT = "ex_reached_out"
    CRISIS = "crisis"
    NONE = "none"


@dataclass(frozen=True)
class Detection:
    intent: Intent
    rule: str  # which rule or score decided; safe to log (never the text itself)
    score: float = 1.0


# Checked in priority order: the first intent whose rule fires wins.
_DETECTORS = (
    (Intent.CRISIS, detect_crisis),
    (Intent.URGE, detect_urge),
    (Intent.SLIP, detect_slip),
    (Intent.EX_REACHED_OUT, detect_ex_reached_out),
)


def classify(text: str) -> Detection:
    """Classify one message. Priority: crisis > urge > slip > ex_reached_out > none.

    Never raises: a message the rules cannot read is treated as `none` with rule
    "none:error", so a bug here can never block the conversation. The log line carries the
    intent and rule name only, never the message.
    """
    try:
        result = _classify(text)
    except Exception:  # the detector must never break a conversation
        log.exception("intent detector failed; treating message as none")
        result = Detection(Intent.NONE, "none:error", 0.0)
    log.debug("intent=%s rule=%s", result.intent.value, result.rule)
    return result


def _classify(text: str) -> Detection:
    if not isinstance(text, str) or not text.strip():
        return Detection(Intent.NONE, "none:empty")
    parts = sentences(text)
    for intent, detect in _DETECTORS:
        rule = detect(parts)
        if rule is not None:
            return Detection(intent, rule)
    return Detection(Intent.NONE, "none:no-rule")
