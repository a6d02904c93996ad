"""marko's link reference definition, ruled out cheaply on a line that cannot start one.

marko tries a definition (`[label]: url`) at every paragraph start, with a pattern that
reads on to the next blank line before it looks at the label. In a list of `- [Title](url)`
items with no blank line between them that read is repeated at every item: quadratic
(10,000 items: 49 s). A label ends at its first unescaped `]` and holds no unescaped `[`,
so when the first bracket after the opening one, on the same line, is a `[`, or a `]`
not followed by `:`, no definition starts there, and the long read is skipped. Anything
else (a label that goes on to the next line) is left to marko, as before.
"""

from __future__ import annotations

from typing import Any

from marko import block
from marko.helpers import MarkoExtension

INDENT = 3  # a definition may be indented up to three spaces


class LinkRefDef(block.LinkRefDef):
    """marko's definition, with a cheap refusal first."""

    override = True

    @classmethod
    def match(cls, source: Any) -> bool:
        line = source.next_line(require_prefix=False)
        if line is None:
            return False
        prefix = source.match_prefix(source.prefix, line)
        if prefix < 0 or not may_start_definition(line, prefix):
            return False
        result: bool = super().match(source)
        return result


def may_start_definition(line: str, at: int) -> bool:
    """Whether ``line`` from ``at`` can open a link reference definition (False only when it surely cannot)."""
    spaces = 0
    while at < len(line) and line[at] == " " and spaces <= INDENT:
        at, spaces = at + 1, spaces + 1
    if spaces > INDENT or at >= len(line) or line[at] != "[":
        return False
    at += 1
    while at < len(line) and line[at] != "\n":
        char = line[at]
        if char == "\\":
            at += 2
            continue
        if char == "[":
            return False
        if char == "]":
            return line.startswith(":", at + 1)
        at += 1
    return True  # the label goes on past this line: marko decides


def fast_link_refs() -> MarkoExtension:
    return MarkoExtension(elements=[LinkRefDef])
