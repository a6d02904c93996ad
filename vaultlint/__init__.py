"""vaultlint: a linter and normalizer for Obsidian-style Markdown vaults.

The library API (typed; the CLI runs on the same engine)::

    import vaultlint

    vaultlint.lint_text("- [x]()\\n", path="a.md")          # findings on one note's text
    vaultlint.fix_text("# A  \\n", path="a.md").note.text   # the text as `vaultlint fix` leaves it
    vaultlint.check_paths(["vault/"])                       # a check as `vaultlint check vault/` runs it

`config` takes a loaded `vaultlint.config.settings.Settings` or the keys of a vaultlint.toml as a dict.
"""

from __future__ import annotations

from vaultlint.version import __version__

__all__ = ["__version__", "check_paths", "fix_text", "lint_text"]

# Not typing's: every run imports this module first, the client of a server (`cli.client`) included, and typing
# took it 7 ms (mypy reads any TYPE_CHECKING as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from vaultlint.engine.api import check_paths, fix_text, lint_text


def __getattr__(name: str) -> Any:
    # Loaded on first use: `import vaultlint` (and every worker process, which imports its modules) stays cheap.
    if name in ("check_paths", "fix_text", "lint_text"):
        from vaultlint.engine import api

        return getattr(api, name)
    raise AttributeError(f"module 'vaultlint' has no attribute {name!r}")
