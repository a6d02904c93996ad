"""Renderers that turn a check result into text for people (and, later, machines)."""
