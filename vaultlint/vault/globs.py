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
from collections.abc import Callable, Iterable


@functools.cache
def compile_glob(pattern: str, folders: bool = True) -> re.Pattern[str]:
    """The regex for one pattern (cached: the same patterns are matched against every note).

    With ``folders``, a pattern that matches a folder matches everything under it (exclude,
    per-file-ignores); without, only the path itself (include: a folder `x.md` is no note).
    """
    body = pattern.strip().rstrip("/")
    anchored = "/" in body
    body = body.lstrip("/")
    tokens = [tok for tok in re.split(r"(\*\*/|/\*\*|\*\*|\*|\?)", body) if tok]
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"{prefix}{_regex(tokens)}" + ("(?:/.*)?" if folders else ""), re.DOTALL)


def _regex(tokens: list[str]) -> str:
    """The regex of a pattern's tokens. A `*` followed by text (`?` included), with another `*` later in the
    same folder name, takes the first place that text occurs and keeps it (an atomic group): taking the
    first is always right for a glob, and it keeps `*a*a*a*a*a*b` from trying every split of a name, which
    grows exponentially (7.8 s for one 40-character name)."""
    out, at = [], 0
    while at < len(tokens):
        chunk = _chunk(tokens, at + 1) if tokens[at] == "*" else []
        if chunk and at + 1 + len(chunk) < len(tokens) and tokens[at + 1 + len(chunk)] == "*":
            out.append(f"(?>[^/]*?{''.join(_token(t) for t in chunk)})")
            at += 1 + len(chunk)
            continue
        out.append(_token(tokens[at]))
        at += 1
    return "".join(out)


def _chunk(tokens: list[str], at: int) -> list[str]:
    """The text and `?`s from ``tokens[at]`` up to the next wildcard that is not `?` (none past a `/`)."""
    chunk: list[str] = []
    for tok in tokens[at:]:
        if tok in ("*", "**", "**/", "/**") or "/" in tok:
            break
        chunk.append(tok)
    return chunk


def _token(tok: str) -> str:
    return {"**/": "(?:.*/)?", "/**": "(?:/.*)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(tok, re.escape(tok))


def matches(rel_path: str, patterns: Iterable[str], folders: bool = True) -> bool:
    """Whether the POSIX relative path matches any of ``patterns`` (see ``compile_glob``)."""
    return any(compile_glob(p, folders).fullmatch(rel_path) for p in patterns)


def matcher(patterns: Iterable[str], folders: bool = True) -> Callable[[str], bool]:
    """``matches`` against ``patterns``, each compiled once up front: a walk asks it of every file."""
    compiled = tuple(compile_glob(p, folders).fullmatch for p in patterns)
    if not compiled:
        return lambda rel_path: False
    if len(compiled) == 1:
        one = compiled[0]
        return lambda rel_path: one(rel_path) is not None
    return lambda rel_path: any(match(rel_path) for match in compiled)


def name_matcher(patterns: Iterable[str]) -> Callable[[str], bool] | None:
    """``matcher`` of ``patterns`` without ``folders`` (include), asked of a file's name alone: the same answer
    as of its path, when no pattern holds a `/` or a `**` (then a pattern matches the last name of a path, and
    only it); None when one does. A walk asks it of every file, with no path made a file: `*.md`, the default,
    is the name's ending."""
    bodies = [pattern.strip().rstrip("/") for pattern in patterns]
    if not bodies or any("/" in body or "**" in body for body in bodies):
        return None
    if len(bodies) == 1 and bodies[0].startswith("*") and not any(c in bodies[0][1:] for c in "*?"):
        ending = bodies[0][1:]
        return lambda name: name.endswith(ending)
    return matcher(patterns, folders=False)
