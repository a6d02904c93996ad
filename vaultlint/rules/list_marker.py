"""FMT003 list-marker: bullet lists in one note use different markers.

What it does
    Reports each bullet list whose marker (``-``, ``*`` or ``+``) differs
    from the note's expected one: by default the marker of the note's first
    bullet list, or the one the ``style`` option names. Ordered lists are
    ignored. A list is reported once, at its first item's marker.

Why
    Changing the marker starts a new list in Markdown, so ``- a`` followed by
    ``* b`` is two lists with a gap between them when rendered; and mixed
    markers make diffs and search-and-replace across notes harder.

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
    items and nothing else. A list where a rewritten item line would read as
    a thematic break (``* - -`` becoming ``- - -``), or one parted from
    another bullet list by blank lines only (one marker would merge the two
    into a loose list), is reported without a fix.

Options
    ``style`` (default ``"consistent"``): ``"consistent"`` (the marker of the
    note's first bullet list) or one of ``"-"``, ``"*"``, ``"+"``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from vaultlint.facts import Field, ListBlock
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.note import Note
from vaultlint.regions import THEMATIC_BREAK_RE, display_math
from vaultlint.rules._common import Context, Rule, RuleOptions, options_for, plural


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
        bullets = sorted((lst for lst in note.facts.lists if not lst.ordered and lst.markers
                          and not any(start < lst.start < end for start, end in math)),
                         key=lambda lst: lst.markers[0].start)
        if not bullets:
            return
        style = options_for(ctx, self.Options).style
        expected = bullets[0].bullet if style == "consistent" else style
        why = f'the note\'s first bullet list uses "{expected}"' if style == "consistent" else "option style"
        for lst in bullets:
            if lst.bullet != expected:
                yield self._report(note, lst, expected, why)

    def _report(self, note: Note, lst: ListBlock, expected: str, why: str) -> Finding:
        first = lst.markers[0]
        message = (f'bullet list of {plural(len(lst.markers), "item")} uses "{lst.bullet}"; '
                   f'expected "{expected}" ({why})')
        edits = [Edit(m.start, m.end, expected) for m in lst.markers]
        if any(_breaks_item(note, m, expected) for m in lst.markers) or _touches_a_list(note, lst):
            return self.finding(note, first.start, first.end, message)
        return self.finding(note, first.start, first.end, message, edits,
                            f'use "{expected}" for every item of this list')


def _touches_a_list(note: Note, lst: ListBlock) -> bool:
    """Whether a blank line is all that parts ``lst`` from another bullet list.

    Such lists are separate only because their markers differ: one marker
    would merge them into one loose list, and every item would render as a
    paragraph. (Lists on consecutive lines merge into one tight list, which is
    what their author meant.)
    """
    def blank_line_between(a: int, b: int) -> bool:
        gap = note.text[a:b]
        return a <= b and not gap.strip() and "\n" in gap

    return any(other is not lst and not other.ordered
               and (blank_line_between(other.end, lst.start) or blank_line_between(lst.end, other.start))
               for other in note.facts.lists)


def _breaks_item(note: Note, marker: Field, new: str) -> bool:
    """Whether the item's line, with ``new`` for its marker, would read as a thematic break (which would win
    over the list item)."""
    start, end = note.line_span(note.position(marker.start)[0])
    line = note.text[start:marker.start] + new + note.text[marker.end:end]
    # A blockquote prefix (`> `) does not change what the rest of the line is.
    return THEMATIC_BREAK_RE.fullmatch(line.lstrip(" >")) is not None
