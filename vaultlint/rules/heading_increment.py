"""FMT004 heading-increment: a heading more than one level deeper than the one before.

What it does
    Reports a heading whose level is more than one deeper than the previous
    heading's: ``####`` right after ``##``. The first heading of a note may
    be of any level; going back up (``##`` after ``####``) is always fine.

Why
    Outlines, the table of contents and Obsidian's heading folding follow
    the levels: a skipped level leaves an empty level in between, and screen
    readers announce a structure the note does not have.

    Off by default: in Obsidian the note's title is its file name, and many
    write ``###`` under a ``#`` for the size it shows in; the outline and
    folding work with any levels, so most findings on vaults written with
    Obsidian are a style the author chose (2 of 2 in bench/corpus/zettel).
    Turn it on (``extend-select = ["FMT004"]``) for a vault also published
    as a website, where the levels are the table of contents.

Example
    ::

        ## Architectures
        #### Transformer Networks

    is reported at the ``####`` as ``heading "Transformer Networks" is
    level 4 after level 2; expected level 3 at most``.

Fix safety
    None: whether to promote this heading or insert the missing level is the
    author's call, and promoting one heading shifts its whole section.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Heading
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule


class HeadingIncrement(Rule):
    code = "FMT004"
    name = "heading-increment"
    summary = "Heading level jumps by more than one"
    default_enabled = False
    off_because = "Obsidian users pick heading levels for their look (the title is the file name); nothing breaks"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        previous: Heading | None = None
        for heading in sorted(note.facts.headings, key=lambda h: h.start):
            if previous is not None and heading.level > previous.level + 1:
                start, end = _marker_span(note, heading)
                yield self.finding(
                    note,
                    start,
                    end,
                    f'heading "{heading.text}" is level {heading.level} after level {previous.level}; '
                    f"expected level {previous.level + 1} at most",
                )
            previous = heading


def _marker_span(note: Note, heading: Heading) -> tuple[int, int]:
    """The `#` run of an ATX heading; the first line of a setext heading."""
    text = note.text
    at = heading.start
    while at < heading.end and text[at] in " \t":
        at += 1
    end = at
    while end < heading.end and text[end] == "#":
        end += 1
    if end > at:
        return at, end
    line_end = text.find("\n", at, heading.end)
    return at, heading.end if line_end < 0 else line_end
