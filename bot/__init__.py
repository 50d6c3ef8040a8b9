"""Cooloff's core: cooling-off rules, flows and words, free of any chat platform."""
