"""marko's links made linear: link reference definitions ruled out cheaply on a line that cannot start one,
and a link destination's nested parentheses bounded.

marko tries a definition (`[label]: url`) at every paragraph start, with a pattern that
reads on to the next blank line before it looks at the label. In a list of `- [Title](url)`
items with no blank line between them that read is repeated at every item: quadratic
(10,000 items: 49 s). A label ends at its first unescaped `]` and holds no unescaped `[`,
so when the first bracket after the opening one, on the same line, is a `[`, or a `]`
not followed by `:`, no definition starts there, and the long read is skipped. Anything
else (a label that goes on to the next line) is left to marko, as before.

marko reads an inline link's destination, after `](`, to a space or its closing `)`, with
no bound on the parentheses it opens; `[a](` repeated has no space and no `)`, so every
`](` read on to the end of the text (40,000 of them: over 300 s). Every `](` after it
opens one more parenthesis in that read, so bounding them, as CommonMark allows and
markdown-it and cmark do (32), bounds how many reads cross any one character.
"""

from __future__ import annotations

import re
from typing import Any

from marko import block, inline_parser
from marko.helpers import MarkoExtension
from marko.inline_parser import Group

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


PAREN_DEPTH = 32  # markdown-it's and cmark's bound; CommonMark asks for three levels at least
# Where a destination's read may change course: an escape, a parenthesis, a space or control character.
_DESTINATION_STOP = re.compile(r"[\\()\x00-\x20\x7f]")
_unbounded = inline_parser._parse_link_dest_title  # marko's own, kept for the bounded one and for tests


def too_deep(text: str, at: int) -> bool:
    """Whether the destination at ``at`` opens more than PAREN_DEPTH parentheses before marko's read of it
    ends (at a space or control character, or its closing `)`); a `<...>` destination has none."""
    if text.startswith("<", at):
        return False
    depth = 0
    stop = _DESTINATION_STOP.search(text, at)
    while stop is not None:
        char = stop.group()
        if char == "\\":
            stop = _DESTINATION_STOP.search(text, stop.end() + 1)  # the escaped character, whatever it is
            continue
        if char == ")" and depth == 0 or char not in "()":
            return False
        depth += 1 if char == "(" else -1
        if depth > PAREN_DEPTH:
            return True
        stop = _DESTINATION_STOP.search(text, stop.end())
    return False


def _bounded(link_text: str, start: int = 0, is_inline: bool = False) -> tuple[Group, Group]:
    """marko's destination and title, refused when the destination nests parentheses too deeply."""
    if too_deep(link_text, start):
        raise inline_parser.ParseError("parentheses nested too deeply in a link destination")
    return _unbounded(link_text, start, is_inline)


def bound_link_destinations() -> None:
    """Make marko's link destinations (inline links and definitions alike) refuse deep parentheses."""
    inline_parser._parse_link_dest_title = _bounded  # looked up at each call, by both readers


def fast_link_refs() -> MarkoExtension:
    """marko's extension for the cheap refusal of definitions; it also bounds link destinations (marko reads
    those in module functions, which no extension can replace)."""
    bound_link_destinations()
    return MarkoExtension(elements=[LinkRefDef])
