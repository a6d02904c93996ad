"""Line tests of the block parse: what block a line starts, whether it ends a paragraph, a table row's cells."""

from __future__ import annotations

import re

from vaultlint.parse.patterns import CELL_DELIMITER_RE, COMMENT_BLOCK_RE
from vaultlint.parse.scan.grammar import (
    CELL_SPLIT_RE,
    FENCE_RE,
    HEADING_RE,
    HTML_STARTS,
    LIST_RE,
    SETEXT_RE,
    TABLE_ROW_RE,
    THEMATIC_RE,
)

_PARTITION_RE = re.compile(r"([^ \t]*)([ \t]*)([\s\S]*)")
_MARKS = ("-", "_", "*")  # a thematic break's


def thematic(rest: str) -> bool:
    """Whether a line is a thematic break: three or more of one mark (`---`, `* * *`), spaces between."""
    stripped = rest.lstrip()
    if stripped[1:].lstrip()[:1] not in _MARKS:  # its first two marks, or no break (most list items: `- a`)
        return False
    m = THEMATIC_RE.match(rest)
    return m is not None and len({ch for ch in m.group() if ch in "-_*"}) == 1


def opening_fence(rest: str) -> str | None:
    """The opening fence of a fenced code block (a backtick fence's info string holds no backtick)."""
    m = FENCE_RE.match(rest)
    if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
        return None
    return m.group(2)


def html_start(rest: str) -> tuple[int, re.Pattern[str] | None] | None:
    """The kind of HTML block a line starts (1-7, as marko numbers them) and what ends it."""
    for kind, pattern, end in HTML_STARTS:
        m = pattern.match(rest)
        if m:
            if end == "raw":
                return kind, re.compile(rf"(?i)</{m.group(1)}>")
            return kind, end if isinstance(end, re.Pattern) else None
    return None


def leading(line: str, at: int) -> tuple[int, str, int, str]:
    """A list item line's indent, bullet, spaces after the bullet (more than 4: 1) and the rest (marko's rule)."""
    stripped = line[at:].expandtabs(4).lstrip()
    indent = len(line) - at - len(stripped)
    m = _PARTITION_RE.match(stripped)
    assert m is not None
    mid = len(m.group(2))
    return indent, m.group(1), 1 if mid > 4 else mid, m.group(3)


def item_marker(found: re.Match[str]) -> tuple[int, str, int]:
    """``leading(rest.rstrip(), 0)``'s indent, bullet and spaces for a list item line without a tab, read off
    its LIST_RE match ``found``: the bullet is LIST_RE's, the spaces after it count unless only whitespace
    follows them (rstrip would take them)."""
    tail = found.string[found.end(1) :]
    body = tail.lstrip(" ")
    mid = len(tail) - len(body) if body.strip() else 0
    return found.start(1), found.group(1), 1 if mid > 4 else mid


def breaks_paragraph(rest: str, lazy: bool) -> bool:
    """Whether a line ends a paragraph (marko's break_paragraph); a lazy line is one without the prefix."""
    stripped = rest.lstrip(" ")
    if stripped[:1].isalpha():  # no block starts with a letter (the commonest line)
        return False
    if not rest.strip():
        return True
    if len(rest) - len(stripped) > 3:
        return False
    c = stripped[:1]
    if (c in "`~" and opening_fence(rest)) or c == ">" or (c == "%" and COMMENT_BLOCK_RE.match(rest)):
        return True
    if c == "#" and HEADING_RE.match(rest):
        return True
    item = LIST_RE.match(rest) if c in "-*+" or c.isdigit() else None
    if item:
        if lazy:
            return True
        bullet = item.group(1)  # leading()'s, which has a tail where anything but whitespace follows the bullet
        if (bullet[:-1] == "1" or bullet in "*-+") and rest[item.end(1) :].strip():
            return True  # an empty item, or one not from 1, does not
    if c == "<":
        html = html_start(rest)
        if html and html[0] != 7:
            return True
    if c in "-_*" and thematic(rest):
        return lazy or not SETEXT_RE.match(rest)  # `---` under a paragraph line underlines it
    return False


def cells(rest: str) -> tuple[list[str], bool] | None:
    """A table row's cells and whether it is a delimiter row (marko's TableRow.match)."""
    if not rest or not TABLE_ROW_RE.match(rest):
        return None
    parts = CELL_SPLIT_RE.split(rest.strip())
    if parts and not parts[0]:
        parts.pop(0)
    if parts and not parts[-1]:
        parts.pop()
    if not parts:
        return None
    return parts, all(CELL_DELIMITER_RE.match(p) for p in parts)


def cell_text(cell: str) -> str:
    return cell.strip().replace("\\|", "|")
