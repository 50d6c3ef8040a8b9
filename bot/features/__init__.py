"""The features that reach beyond one conversation: buddy pairs, linking accounts across
platforms, progress reports and the weekly review."""
