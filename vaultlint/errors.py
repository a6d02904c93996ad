"""The base of the errors meant for the user: shown as `vaultlint: error: ...`, without a traceback."""

from __future__ import annotations


class VaultlintError(Exception):
    """An error meant for the user: its message says what is wrong and where, and it is shown without a
    traceback as `vaultlint: error: <message>`."""
