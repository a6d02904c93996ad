"""FMT003 list-marker: bullet lists in one note use different markers.

What it does
    Reports each bullet list whose marker (``-``, ``*`` or ``+``) differs
    from the note's expected one: by default the marker of the note's first
    bullet list, or the one the ``style`` option names. Ordered lists are
    ignored. A list is reported once, at its first item's marker.

Why
    Changing the marker starts a new list in Markdown, so ``- a`` followed by
    ``* b`` is two lists with a gap between them when rendered (CommonMark
    spec example 301); and mixed markers make diffs and search-and-replace
    across notes harder.

    Off by default: it is a house style, not a defect. Obsidian and GitHub
    render every marker alike, and well-kept lists mix them on purpose (Awesome
    Python: ``-`` in its table of contents, ``*`` in its 566 items), so on real
    vaults most findings are ones the maintainer would not change. Turn it on
    (``extend-select = ["FMT003"]``) to hold a vault to one marker.

Example
    In a note whose first list uses ``-``::

        * "Deep Learning" [Ian Goodfellow; book; 2016](https://www.deeplearningbook.org/)

    is reported as ``bullet list of 1 item uses "*"; expected "-" (the
    note's first bullet list uses "-")`` and fixed to ``- "Deep Learning" [...]``.

Fix safety
    Safe: one fix per list that rewrites the marker character of each of its
    items and nothing else. Reported without a fix:

    - a list where a rewritten item line would read as a thematic break
      (``* - -`` becoming ``- - -``);
    - a list right next to another bullet list in the same container, with
      nothing but blank lines between them (``- a`` then ``* b`` on the next
      line, or after a blank line): they are two lists only because their
      markers differ, and one marker would make them one list, a loose one
      if a blank line parts them, which renders differently. Keep them apart
      yourself if the house style matters: a ``<!-- -->`` line between the
      two lists ends the first.

Options
    ``style`` (default ``"consistent"``): ``"consistent"`` (the marker of the
    note's first bullet list) or one of ``"-"``, ``"*"``, ``"+"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from vaultlint.display import plural
from vaultlint.facts import Field, ListBlock
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.parse.regions import THEMATIC_BREAK_RE, display_math
from vaultlint.rules._base import Context, Rule, RuleOptions, options_for


class ListMarker(Rule):
    code = "FMT003"
    name = "list-marker"
    summary = "Bullet lists in one note use different markers"
    fixable = Applicability.SAFE
    default_enabled = False
    off_because = "a house style, not a defect: Obsidian renders every marker alike, real lists mix them on purpose"

    class Options(RuleOptions):
        style: Literal["consistent", "-", "*", "+"] = "consistent"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        math = display_math(note)
        bullets = sorted(
            (
                lst
                for lst in note.facts.lists
                if not lst.ordered and lst.markers and not any(start < lst.start < end for start, end in math)
            ),
            key=lambda lst: lst.markers[0].start,
        )
        if not bullets:
            return
        style = options_for(ctx, self.Options).style
        expected = bullets[0].bullet if style == "consistent" else style
        why = f'the note\'s first bullet list uses "{expected}"' if style == "consistent" else "option style"
        touching = _touching(note)
        for lst in bullets:
            if lst.bullet != expected:
                yield self._report(note, lst, expected, why, (lst.start, lst.end) in touching)

    def _report(self, note: Note, lst: ListBlock, expected: str, why: str, touching: bool) -> Finding:
        first = lst.markers[0]
        message = (
            f'bullet list of {plural(len(lst.markers), "item")} uses "{lst.bullet}"; expected "{expected}" ({why})'
        )
        edits = [Edit(m.start, m.end, expected) for m in lst.markers]
        if any(_breaks_item(note, m, expected) for m in lst.markers) or touching:
            return self.finding(note, first.start, first.end, message)
        return self.finding(
            note, first.start, first.end, message, edits, f'use "{expected}" for every item of this list'
        )


def _touching(note: Note) -> set[tuple[int, int]]:
    """The spans of the lists next to another bullet list in the same container, with no block between them.

    Such lists are two only because their markers differ (a new bullet
    character starts a new list): one marker would join them into one list,
    a loose one if blank lines part them (a blank line does not end a list).
    Every bullet list off the expected marker is rewritten to it, so a
    neighbour counts whatever its marker is now.
    """
    lists = sorted(note.facts.lists, key=lambda x: (x.start, -x.end))
    parents = _parents(lists)
    # a list's span may start at its line or at its bullet: its first marker is where the gap ends
    at = {x.markers[0].start if x.markers else _past_gap(note.text, x.start): i for i, x in enumerate(lists)}
    found: set[tuple[int, int]] = set()
    for i, first in enumerate(lists):
        j = at.get(_past_gap(note.text, first.end))
        if (
            j is not None
            and parents[i] == parents[j]
            and not first.ordered
            and not lists[j].ordered
            and _quotes(note, first) == _quotes(note, lists[j])
        ):
            found |= {(first.start, first.end), (lists[j].start, lists[j].end)}
    return found


def _past_gap(text: str, at: int) -> int:
    """The end of the blank lines and quote markers from ``at``: what may part two lists without a block."""
    while at < len(text) and text[at] in " \t\n>":
        at += 1
    return at


def _quotes(note: Note, lst: ListBlock) -> int:
    """How many quotes hold ``lst``, by the `>` before its first marker: lists in different quotes never join."""
    start, _ = note.line_span(note.position(lst.start)[0])
    return note.text.count(">", start, lst.start)


def _parents(lists: list[ListBlock]) -> list[int | None]:
    """The index of the innermost list holding each list (``lists`` sorted by start, outer first)."""
    parents: list[int | None] = []
    open_: list[int] = []
    for i, x in enumerate(lists):
        while open_ and lists[open_[-1]].end < x.end:
            open_.pop()
        parents.append(open_[-1] if open_ else None)
        open_.append(i)
    return parents


def _breaks_item(note: Note, marker: Field, new: str) -> bool:
    """Whether the item's line, with ``new`` for its marker, would read as a thematic break (which would win
    over the list item)."""
    start, end = note.line_span(note.position(marker.start)[0])
    line = note.text[start : marker.start] + new + note.text[marker.end : end]
    # A blockquote prefix (`> `) does not change what the rest of the line is.
    return THEMATIC_BREAK_RE.fullmatch(line.lstrip(" >")) is not None
