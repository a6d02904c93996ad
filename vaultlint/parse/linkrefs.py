"""marko's links made linear: link reference definitions ruled out cheaply on a line that cannot start one,
a link destination's nested parentheses bounded, a link's opening bracket found without a walk and code spans
in one pass.

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

marko looks for a link's opening `[` or `![` at every `]` by walking its whole delimiter list from
the top (a copy of it first), past every emphasis run on it; `*a] ` repeated keeps the runs and has
no bracket, so every `]` walked them all (8,000: 6 s to parse; 32,000: 322 s to check). The brackets'
places in that list are kept on a stack of their own, so the last one is found at once; which
bracket is found, and what is done then, are marko's own.

marko's code span pattern, tried at every backtick run (by the scan for links and emphasis, and
for code spans themselves), reads on to the end of the text when no run of the same length
follows: backtick runs of many lengths, each read to the end (1 to 800 backticks: 320 KB, 15 s).
A span ends at the next run of exactly its length, so one pass over the runs finds every span
(scan.spans.code_span_ends, which the outline scan uses too).

marko's inline HTML pattern reads a comment, processing instruction, declaration or CDATA section lazily to its
closing string, and on to the end of the text when none follows: at every such opener (`x <!--a ` repeated:
8,000 took 10 s to check). Past the last closing string of a kind that alternative is left out
(scan.spans.inline_html_matches, for InlineHTML and the scan).

At each `]` that may close a link, marko reads its text back to the `[` again to tell whether its brackets pair,
and with any definition in the note, normalizes it as a label (`[` * n + `]` * n: 8,000 took 4.9 s to check).
One pass over the text's brackets answers the first for any `[` and `]` (scan.brackets.BracketBalance); a text with more
characters other than whitespace than the longest label has is no definition's, and is not normalized.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from marko import block, inline, inline_parser
from marko.helpers import MarkoExtension
from marko.inline_parser import (
    Delimiter,
    Group,
    MatchObj,
    _expect_inline_link,
    _expect_reference_link,
    process_emphasis,
)

from vaultlint.lazyre import lazy_compile
from vaultlint.parse.patterns import PAREN_DEPTH
from vaultlint.parse.scan.brackets import Brackets
from vaultlint.parse.scan.spans import code_span_ends, code_spans, inline_html_matches

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


# Where a destination's read may change course: an escape, a parenthesis, a space or control character.
_DESTINATION_STOP = lazy_compile(r"[\\()\x00-\x20\x7f]")
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


class CodeSpan(inline.CodeSpan):
    """marko's code span, its matches found in one pass (code_span_ends) instead of a search from every run."""

    override = True

    @classmethod
    def find(cls, text: str, *, source: Any) -> Iterator[re.Match[str]]:
        """The pattern's own matches, in finditer's order, each read only up to its end (``endpos``: the text
        after it changes nothing the pattern sees before it)."""
        for start, end in code_spans(text):
            match = cls.pattern.match(text, start, end)
            assert match is not None and match.end() == end
            yield match


class InlineHTML(inline.InlineHTML):
    """marko's inline HTML, its matches found without the reads to the end of the text at every comment,
    processing instruction, declaration or CDATA section that nothing closes (scan.spans.inline_html_matches)."""

    override = True

    @classmethod
    def find(cls, text: str, *, source: Any) -> Iterator[re.Match[str]]:
        return inline_html_matches(text)


# marko's find_links_or_emphs and look_for_image_or_link (marko 2.2.4, MIT, (c) Frost Ming), copied because
# the bracket stack has to be kept where delimiters are added: in the scan itself. Changed: `brackets`, the
# walk down the delimiter list replaced by a look at its top, the `[`s below a link made inactive once each
# (not all of them again at every link), code spans found by code_span_ends, the link text's brackets paired by
# BracketBalance, a text too long for a label not looked up, and the characters that cannot matter skipped.
_DELIMITER = re.compile(r"(?:!?\[|\*+|_+)")
_STOP = re.compile(r"[\\`\]!\[*_]")  # where the scan may do anything: an escape, a code span, a bracket, a delimiter
_walking = inline_parser.find_links_or_emphs  # marko's own, kept for tests


def find_links_or_emphs(
    text: str,
    link_ref_defs: dict[str, tuple[str, str]],
    expect_inline_link: Callable[[str, int], tuple[Group, Group, int] | None] = _expect_inline_link,
) -> list[MatchObj]:
    """marko's scan for links, images and emphasis, with the brackets on a stack of their own, stepping from one
    character that may matter to the next (marko's steps through every character); ``expect_inline_link`` as
    ``look_for_image_or_link`` takes it (the line scan passes its faster reader)."""
    delimiters: list[Delimiter] = []
    brackets = Brackets(text)
    matches: list[MatchObj] = []
    code_ends = code_span_ends(text)
    i = 0
    while True:
        stop = _STOP.search(text, i)
        if stop is None:
            break
        i = stop.start()
        c = text[i]
        if c == "\\":
            i += 2  # the escaped character, whatever it is
        elif i in code_ends:
            i = code_ends[i]
        elif c == "]":
            node = look_for_image_or_link(text, delimiters, brackets, i, link_ref_defs, matches, expect_inline_link)
            if node:
                i = node.end()
                matches.append(node)
            else:
                i += 1
        else:
            m = _DELIMITER.match(text, i)
            if m:
                if m.group()[-1] == "[":
                    brackets.at.append(len(delimiters))
                delimiters.append(Delimiter(m, text))
                i = m.end()
            else:
                i += 1
    process_emphasis(text, delimiters, None, matches)
    return matches


def look_for_image_or_link(
    text: str,
    delimiters: list[Delimiter],
    brackets: Brackets,
    close: int,
    link_ref_defs: dict[str, tuple[str, str]],
    matches: list[MatchObj],
    expect_inline_link: Callable[[str, int], tuple[Group, Group, int] | None] = _expect_inline_link,
) -> MatchObj | None:
    """marko's: the link or image the `]` at ``close`` ends, if any (its last bracket is removed either way);
    ``expect_inline_link`` reads an inline link's `(destination "title")` as marko's does."""
    if not brackets.at:
        return None  # marko walked the whole list to find no bracket
    i = brackets.pop()
    d = delimiters[i]
    if not d.active or not brackets.balance.paired(d.end, close):
        del delimiters[i]
        return None
    etype = "Image" if d.content == "![" else "Link"
    match = expect_inline_link(text, close + 1)
    if not match and link_ref_defs:  # (no definitions: no reference link)
        # The link's text, when no label follows; one too long to be a definition's label is not normalized and
        # looked up: "" is no definition's label either (a label is not blank)
        label = text[d.end : close] if brackets.balance.may_be_label(d.end, close, link_ref_defs) else ""
        match = _expect_reference_link(text, close + 1, label, link_ref_defs)
    if not match:  # not a link
        del delimiters[i]
        return None
    link_text = Group(d.end, close, text[d.end : close])
    rv = MatchObj(etype, text, d.start, match[2], link_text, match[0], match[1])
    process_emphasis(text, delimiters, i, matches)
    if etype == "Link":
        brackets.deactivate(delimiters)
    del delimiters[i]
    return rv


def linear_scan() -> None:
    """Make marko's scan for links and emphasis find a link's opening bracket without walking its delimiter list,
    and code spans in one pass."""
    inline_parser.find_links_or_emphs = find_links_or_emphs  # looked up at each call, by inline_parser.parse


def fast_link_refs() -> MarkoExtension:
    """marko's extension for the cheap refusal of definitions, code spans found in one pass and inline HTML without
    the reads that fail; it also bounds link destinations and finds links' brackets without a walk (marko reads
    those in module functions, which no extension can replace)."""
    bound_link_destinations()
    linear_scan()
    return MarkoExtension(elements=[LinkRefDef, CodeSpan, InlineHTML])
