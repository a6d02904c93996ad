"""Notes a plugin writes, not a person: Excalidraw drawings, by their name or their frontmatter."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

DRAWING_SUFFIX = ".excalidraw.md"
PEEK = 4096  # Excalidraw writes its key first in the frontmatter: the start of the file is enough
DRAWING_KEY_RE = re.compile(rb"^excalidraw-plugin[ \t]*:", re.MULTILINE)
BOM = b"\xef\xbb\xbf"


def is_drawing(path: Path) -> bool:
    """An Excalidraw drawing: named `*.excalidraw.md`, or a note whose frontmatter has `excalidraw-plugin:`
    (a drawing renamed in Obsidian keeps its frontmatter, not its suffix). Its Markdown is the plugin's:
    a text-elements list and a compressed drawing, which no rule should report nor any fix touch."""
    if path.name.casefold().endswith(DRAWING_SUFFIX):
        return True
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
