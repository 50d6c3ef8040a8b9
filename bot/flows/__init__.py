"""Conversation flows. Each takes a `Ctx` and returns replies; state lives in the database."""
