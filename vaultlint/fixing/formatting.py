"""Optional normalization with mdformat: GFM, frontmatter and wiki links understood, list numbers kept."""

from __future__ import annotations

import functools
import logging

from vaultlint.errors import VaultlintError

PLUGINS = ("gfm", "frontmatter", "wikilink")
# From a clone: 'vaultlint[format]' would install the unrelated project of that name on PyPI.
INSTALL_HINT = "pip install -e '.[format]' in a clone of vaultlint"


class FormatterMissing(VaultlintError):
    """mdformat or one of its plugins is not installed; the message says what to install."""


@functools.cache
def _mdformat() -> object:
    try:
        import mdformat
        import mdformat.plugins
    except ImportError:
        raise FormatterMissing(f"--format needs mdformat: {INSTALL_HINT}") from None
    # Its plugins log warnings (invalid frontmatter YAML) that name no note; YML001 reports those with their line.
    quiet = logging.getLogger("mdformat")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    missing = [name for name in PLUGINS if name not in mdformat.plugins.PARSER_EXTENSIONS]
    if missing:
        raise FormatterMissing(f"--format needs the mdformat plugins {', '.join(missing)}: {INSTALL_HINT}")
    return mdformat


def ensure_available() -> None:
    """Raise ``FormatterMissing`` now, before any note is read, when formatting cannot run."""
    _mdformat()


def format_markdown(text: str) -> str:
    """``text`` (LF-normalized) as mdformat writes it. Its output must still pass the fix guard.

    ``number``: ordered lists keep their numbers (``1. 2. 3.``), not mdformat's ``1. 1. 1.``.
    """
    mdformat = _mdformat()
    result: str = mdformat.text(text, extensions=set(PLUGINS), options={"number": True})  # type: ignore[attr-defined]
    return result
