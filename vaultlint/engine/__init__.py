"""Runs the rules over notes and vaults: check, fix and suppress, in worker processes when it pays."""

from vaultlint.engine.checks import Result, check
from vaultlint.engine.comments import add_suppressions, fixable
from vaultlint.engine.fixes import FixedNote, FixResult, changed_lines, fix, merge_fixes
from vaultlint.engine.run import PARALLEL_FROM, Progress

__all__ = [
    "PARALLEL_FROM",
    "FixResult",
    "FixedNote",
    "Progress",
    "Result",
    "add_suppressions",
    "changed_lines",
    "check",
    "fix",
    "fixable",
    "merge_fixes",
]
