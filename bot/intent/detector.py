"""The public face of intent detection: `Intent`, `Detection` and `classify`.

The engine and the `cooloff classify` command rely on this surface; keep it stable. The
rules live in `crisis.py` and `contact.py`, the vocabulary in `lexicon.py`, and the text
clean-up in `normalise.py`; where the rules say `none`, the learned booster in `booster.py`
may still say `crisis` (never anything else). See docs/detector.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from bot.intent import booster, contact_model
from bot.intent.contact import detect_ex_reached_out, detect_slip, detect_urge
from bot.intent.crisis import detect_crisis
from bot.intent.families_contact import family_hits
from bot.intent.normalise import sentences

log = logging.getLogger(__name__)

# The rule name of a crisis only the learned booster saw: the engine answers it more gently.
MODEL_RULE = "crisis:model"


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
    """Classify one message. Crisis (rules, then the booster) first; then the contact model
    decides urge / slip / ex_reached_out / none.

    Never raises: a message the rules cannot read is treated as `none` with rule
    "none:error", so a bug here can never block the conversation. The log line carries the
    intent and rule name only, never the message.
    """
    try:
        result = _classify(text)
    except Exception:  # the detector must never break a conversation
        log.exception("intent detector failed; treating message as none")
        result = Detection(Intent.NONE, "none:error", 0.0)
    log.debug("intent=%s rule=%s score=%.3f", result.intent.value, result.rule, result.score)
    return result


def classify_rules(text: str) -> Detection:
    """Today's rules alone (crisis, then the clause rules of contact.py), without any learned
    model: the baseline the benchmark compares with. May raise; does not log."""
    if not isinstance(text, str) or not text.strip():
        return Detection(Intent.NONE, "none:empty")
    parts = sentences(text)
    for intent, detect in _DETECTORS:
        rule = detect(parts)
        if rule is not None:
            return Detection(intent, rule)
    return Detection(Intent.NONE, "none:no-rule")


def _classify(text: str, boost: bool = True) -> Detection:
    """normalise -> crisis rules and booster -> contact features -> contact model -> none."""
    if not isinstance(text, str) or not text.strip():
        return Detection(Intent.NONE, "none:empty")
    parts = sentences(text)
    rule = detect_crisis(parts)
    if rule is not None:
        return Detection(Intent.CRISIS, rule)
    # Crisis first, the learned booster included (booster.py, the crisis engineer's part).
    p = booster.score(parts) if boost else 0.0
    if p >= booster.THRESHOLD:
        return Detection(Intent.CRISIS, MODEL_RULE, round(p, 3))
    contact = _contact(parts)
    if contact is not None:
        return contact
    return Detection(Intent.NONE, "none:no-rule")


def _contact(parts: list[str]) -> Detection | None:
    """The contact model decides; its reason names the family (or clause rule) that agrees."""
    predicted = contact_model.predict(parts)
    if predicted is None:  # no weights: the clause rules alone, as before
        for intent, detect in _DETECTORS[1:]:
            rule = detect(parts)
            if rule is not None:
                return Detection(intent, rule)
        return None
    label, p = predicted
    if label == "none":
        return None
    intent = Intent(label)
    for fam in family_hits(parts):
        if fam.intent == label:
            return Detection(intent, f"{label}:{fam.name}", round(p, 3))
    for rule_intent, detect in _DETECTORS[1:]:
        if rule_intent is intent:
            rule = detect(parts)
            if rule is not None:
                return Detection(intent, rule, round(p, 3))
    return Detection(intent, f"{label}:model", round(p, 3))
