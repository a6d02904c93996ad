"""The vault as vault rules see it: every note of the vault, parsed, and which of them are reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vaultlint.note import Note


@dataclass(frozen=True)
class Vault:
    """All notes under ``root`` by display path; findings only count for the ``reported`` ones."""

    root: Path
    notes: dict[str, Note]
    reported: frozenset[str]
