"""Fixes as text edits at exact offsets, applied only when the fact and rendering guards agree."""
