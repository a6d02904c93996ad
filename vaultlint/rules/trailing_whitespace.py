"""FMT001 trailing-whitespace: spaces or tabs at the end of a line.

What it does
    Reports spaces and tabs at the end of a line, whitespace-only lines
    included. Exactly two spaces that make a Markdown hard line break (a line
    inside a paragraph, followed by more of it) are left alone; a hard break
    made of three or more spaces, or of tabs before its spaces, is reported
    and trimmed to the two spaces. Two spaces that break nothing (the last
    line of a paragraph, a heading, a blank line) are reported like any
    other trailing whitespace. Lines inside fenced or indented code blocks
    are left alone: there the whitespace is the code's own content.

Why
    Trailing whitespace is invisible in an editor but shows up in every diff
    as a changed line, and stray double spaces at the end of a line silently
    turn into ``<br>`` line breaks.

Example
    ``- "Applications of Deep Neural Networks with keras" [...](https://arxiv.org/pdf/2009.05673.pdf) ``
    (one space after the link) is reported at that space and fixed by
    deleting it.

Fix safety
    Safe: deletes the whitespace (for an over-long hard break, the whitespace
    before its last two spaces), and nothing else.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.note import Note
from vaultlint.rules._common import Context, Rule, plural

HARD_BREAK = "  "


class TrailingWhitespace(Rule):
    code = "FMT001"
    name = "trailing-whitespace"
    summary = "Spaces or tabs at the end of a line"
    fixable = Applicability.SAFE

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        text, hard_breaks = note.text, note.facts.hard_breaks
        code = note.facts.code_blocks
        for line in range(1, len(note.line_starts) + 1):
            start, end = note.line_span(line)
            if any(a <= start < b for a, b in code):
                continue
            first = end
            while first > start and text[first - 1] in " \t":
                first -= 1
            if first == end:
                continue
            blank = text[first:end]
            # `end` is the offset of the line's newline: the key of a hard break.
            if end in hard_breaks and blank.endswith(HARD_BREAK):
                if blank == HARD_BREAK:
                    continue
                keep = end - len(HARD_BREAK)
                yield self.finding(note, first, end,
                                   f"hard line break made of {_describe(blank)}; expected exactly 2 spaces",
                                   [Edit(first, keep, "")], "trim the hard line break to two spaces")
                continue
            what = "whitespace-only line" if first == start else "trailing whitespace"
            yield self.finding(note, first, end, f"{what} ({_describe(blank)}); expected none",
                               [Edit(first, end, "")], "remove trailing whitespace")


def _describe(blank: str) -> str:
    """`3 spaces`, `1 tab`, `2 spaces and 1 tab`."""
    spaces, tabs = blank.count(" "), blank.count("\t")
    parts = [plural(spaces, "space")] if spaces else []
    parts += [plural(tabs, "tab")] if tabs else []
    return " and ".join(parts)
