"""Free-text intent detection: is this person about to reach out, did they, did the ex, or
are they in danger? See `classify`."""

from bot.intent.detector import MODEL_RULE, Detection, Intent, classify

__all__ = ["MODEL_RULE", "Detection", "Intent", "classify"]
