"""Free-text intent detection: is this person about to reach out, did they, did the ex, or
are they in danger? See `classify`."""

from bot.intent.detector import Detection, Intent, classify

__all__ = ["Detection", "Intent", "classify"]
