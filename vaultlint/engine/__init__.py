"""Runs the rules over notes and vaults: check, fix and suppress, in worker processes when it pays."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # Each name imported on first use, from its own module: `check` never loads the fixer (engine.fixes and
    # fixing/) nor the suppressor. (Plain imports, not importlib: `-X importtime` and lint-imports see them.)
    if name in ("Result", "check"):
        from vaultlint.engine import checks

        return getattr(checks, name)
    if name in ("add_suppressions", "fixable"):
        from vaultlint.engine import comments

        return getattr(comments, name)
    if name in ("FixedNote", "FixResult", "changed_lines", "fix", "merge_fixes"):
        from vaultlint.engine import fixes

        return getattr(fixes, name)
    if name in ("PARALLEL_FROM", "Progress"):
        from vaultlint.engine import run

        return getattr(run, name)
    raise AttributeError(f"module 'vaultlint.engine' has no attribute {name!r}")
