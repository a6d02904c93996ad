"""Gitignore-style globs for include/exclude/per-file-ignores, matched against POSIX relative paths.

A pattern without a `/` matches a name at any depth (`drafts`, `*.md`); one
with a `/` is anchored at the config file's folder (a leading `/` only says so
explicitly). `*` and `?` stay within one folder, `**` spans any number of
folders (none included). A pattern that matches a folder matches everything
under it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable


@functools.cache
def compile_glob(pattern: str, folders: bool = True) -> re.Pattern[str]:
    """The regex for one pattern (cached: the same patterns are matched against every note).

    With ``folders``, a pattern that matches a folder matches everything under it (exclude,
    per-file-ignores); without, only the path itself (include: a folder `x.md` is no note).
    """
    body = pattern.strip().rstrip("/")
    anchored = "/" in body
    body = body.lstrip("/")
    regex = "".join(_token(tok) for tok in re.split(r"(\*\*/|/\*\*|\*\*|\*|\?)", body) if tok)
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{regex}" + ("(?:/.*)?" if folders else ""), re.DOTALL)


def _token(tok: str) -> str:
    return {"**/": "(?:.*/)?", "/**": "(?:/.*)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(tok, re.escape(tok))


def matches(rel_path: str, patterns: Iterable[str], folders: bool = True) -> bool:
    """Whether the POSIX relative path matches any of ``patterns`` (see ``compile_glob``)."""
    return any(compile_glob(p, folders).fullmatch(rel_path) for p in patterns)
