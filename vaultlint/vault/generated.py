"""Notes a plugin writes, not a person: Excalidraw drawings, by their name or their frontmatter."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from vaultlint.lazyre import lazy_compile

DRAWING_SUFFIX = ".excalidraw.md"
PEEK = 4096  # Excalidraw writes its key first in the frontmatter: the start of the file is enough
DRAWING_KEY_RE = lazy_compile(rb"^excalidraw-plugin[ \t]*:", re.MULTILINE)
BOM = b"\xef\xbb\xbf"


# The verdicts a `Verdicts` holds, by path: (size, mtime, drawing) kept from earlier runs, and those this run saw
# (`DrawingVerdicts.tables`): a walk that reads a kept verdict itself puts it among those seen, as `get` does.
Kept = tuple[Mapping[str, tuple[int, int, bool]], dict[str, tuple[int, int, bool]]]


class Verdicts(Protocol):
    """What earlier runs found of notes' frontmatter, by each note's path and stamp (its size and mtime): a
    note whose stamp is unchanged is not opened again (a walk would open every note of the vault)."""

    def get(self, path: str, size: int, mtime_ns: int) -> bool | None:
        """Whether the note at ``path`` with this stamp is a drawing; None when not known."""

    def put(self, path: str, size: int, mtime_ns: int, drawing: bool) -> None:
        """Keep what the note at ``path`` with this stamp was found to be."""

    def save(self, root: Path) -> None:
        """Keep, for the next run, what this walk of the vault at ``root`` found."""


def is_drawing(path: Path, info: os.stat_result | None = None, verdicts: Verdicts | None = None) -> bool:
    """An Excalidraw drawing: named `*.excalidraw.md`, or a note whose frontmatter has `excalidraw-plugin:`
    (a drawing renamed in Obsidian keeps its frontmatter, not its suffix). Its Markdown is the plugin's:
    a text-elements list and a compressed drawing, which no rule should report nor any fix touch.

    ``info``, the note's own lstat, lets ``verdicts`` answer for a regular file whose stamp is unchanged."""
    return drawing_at(path, str(path), info, verdicts)


def drawing_at(
    path: Path, text: str, info: os.stat_result | None = None, verdicts: Verdicts | None = None, name: str | None = None
) -> bool:
    """``is_drawing`` of the note at ``path``, whose text ``text`` is and whose name ``name`` is (a walk has them:
    not made again per note)."""
    if (path.name if name is None else name).casefold().endswith(DRAWING_SUFFIX):
        return True
    if verdicts is None or info is None or not stat.S_ISREG(info.st_mode):  # a link's stamp is not its target's
        return _peek(path)
    known = verdicts.get(text, info.st_size, info.st_mtime_ns)
    if known is None:
        known = _peek(path)
        verdicts.put(text, info.st_size, info.st_mtime_ns, known)
    return known


def _peek(path: Path) -> bool:
    """Whether the file at ``path`` starts with a drawing's frontmatter."""
    try:  # not blocking: a FIFO named like a note must not hang the walk (the check says what it is)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # the read that checks it says why
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and drawing_frontmatter(os.read(fd, PEEK))
    except OSError:
        return False
    finally:
        os.close(fd)


def drawing_frontmatter(start: bytes) -> bool:
    """Whether a note starting with ``start`` has `excalidraw-plugin:` in its frontmatter."""
    start = start.removeprefix(BOM)
    if not start.startswith(b"---") or b"excalidraw-plugin" not in start:  # the key's words: a plain search first
        return False
    first = start.find(b"\n")
    close = re.search(rb"^(?:---|\.\.\.)[ \t]*\r?$", start[first + 1 :], re.MULTILINE) if first >= 0 else None
    front = start[first + 1 : first + 1 + close.start()] if close else start[first + 1 :]
    return DRAWING_KEY_RE.search(front) is not None
