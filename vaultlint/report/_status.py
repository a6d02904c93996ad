"""The online rule's findings counted by what the servers said (`check --statistics`, text and json)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from vaultlint.model import Finding


def by_status(findings: Iterable[Finding]) -> dict[str, dict[str, int]]:
    """Per rule whose findings say a verdict (LNK005), their count by verdict and HTTP status, most first."""
    counts: dict[str, Counter[str]] = {}
    for f in findings:
        said = dict(f.details)
        if "verdict" in said:
            plain = "status" not in said or said["verdict"] == "moved"  # a move's last status is its new home's
            key = said["verdict"] if plain else f"{said['verdict']} {said['status']}"
            counts.setdefault(f.code, Counter())[key] += 1
    return {code: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for code, c in counts.items()}
