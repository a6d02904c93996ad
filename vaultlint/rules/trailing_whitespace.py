"""FMT001 trailing-whitespace: spaces or tabs at the end of a line.

What it does
    Reports spaces and tabs at the end of a line, whitespace-only lines
    included. Exactly two spaces that make a Markdown hard line break (a line
    inside a paragraph, followed by more of it) are left alone; a hard break
    made of three or more spaces, or of tabs before its spaces, is reported
    and trimmed to the two spaces. Two spaces that break nothing (the last
    line of a paragraph, a heading, a blank line) are reported like any
    other trailing whitespace. Lines inside code blocks and HTML blocks are
    left alone, and so is whitespace before a line end inside a code span or
    an inline HTML tag or comment (a code span opened on one line and closed
    on the next renders its line end as a space, the trailing spaces with it;
    ``<a href="x  `` then ``y">`` keeps the spaces in the attribute), and
    whitespace in the frontmatter that YAML keeps (in a ``|`` block scalar):
    there the whitespace is content. So is the space after the marker of an
    empty list item or task (``- ``, ``- [ ] ``, ``- [/] ``): Obsidian writes
    it when Enter starts a new item, templates leave it for the cursor, and
    without it ``- [ ]`` is no longer a task to some renderers. In a template
    (a note in the vault's templates folder), so is one space after a colon
    or a quote marker or a placeholder at the end of a line (``author: ``,
    ``Attendees:: ``, ``> ``, ``- {{date}} ``): the note made from it gets
    its value there.
    Before a line that starts with a form feed, two spaces are left and more
    are trimmed to two, as for a hard break: CommonMark reads them as one
    (a form feed is no line end to it), though marko ends the paragraph there.

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
    before its last two spaces), and nothing else. After a backslash (`line\\ `)
    there is no fix: without the space the backslash would end the line, a hard
    line break where there was none.

Options
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vaultlint.display import plural
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule

HARD_BREAK = "  "
TRAILING_RE = lazy_compile(r"[ \t]+$", re.MULTILINE)
# A line that starts (after any indent or quote markers) with a form feed: CommonMark's paragraph goes on there.
FORM_FEED_LINE_RE = lazy_compile(r"[ \t>]*\f")
# An empty list item or task, in a quote or not: `- `, `1. `, `> - [ ] `.
EMPTY_ITEM_RE = lazy_compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[^\]\n]\])?")  # any task status: [ ], [x], [/]


class TrailingWhitespace(Rule):
    code = "FMT001"
    name = "trailing-whitespace"
    summary = "Spaces or tabs at the end of a line"
    fixable = Applicability.SAFE

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        text = note.text
        # A code or HTML block may start after a list indent or `> `: any overlap with the line counts. Code
        # spans and inline HTML do not overlap, so only the first ending past the line end can hold the run.
        blocks, inlines = _Spans(note.facts.raw_blocks), _Spans(note.facts.raw_inlines)
        values = _yaml_content(note)
        for first, end in trailing_runs(text):
            start = text.rfind("\n", 0, first) + 1
            if blocks.starting_by(start, end) or inlines.starting_by(end, first - 1) or first in values:
                continue
            if text[first:end] == " " and EMPTY_ITEM_RE.fullmatch(text, start, first):
                continue  # the space after an empty item's marker: Obsidian's, and the item needs it
            if text[first:end] == " " and _cursor_space(text, first) and ctx.in_templates(note):
                continue  # a template's `author: `, `> ` or `{{date}} `: the space is where the cursor goes
            if text[first:end] == HARD_BREAK and _hard_break(note, first, end, start):
                continue  # a two-space hard line break is Markdown, not trailing whitespace
            yield self._finding(note, first, end, start)

    def _finding(self, note: Note, first: int, end: int, line_start: int) -> Finding:
        blank = note.text[first:end]
        if _hard_break(note, first, end, line_start) and blank.endswith(HARD_BREAK):
            keep = end - len(HARD_BREAK)
            message = f"hard line break made of {_describe(blank)}; expected exactly 2 spaces"
            return self.finding(
                note, first, end, message, [Edit(first, keep, "")], "trim the hard line break to two spaces"
            )
        what = "whitespace-only line" if first == line_start else "trailing whitespace"
        if note.text[first] == " " and EMPTY_ITEM_RE.fullmatch(note.text, line_start, first):
            message = f"{what} ({_describe(blank)}); expected one space after an empty item's marker"
            return self.finding(
                note, first + 1, end, message, [Edit(first + 1, end, "")], "keep one space after the marker"
            )
        message = f"{what} ({_describe(blank)}); expected none"
        backslashes = first - len(note.text[line_start:first].rstrip("\\")) - line_start
        if backslashes % 2:  # an odd run ends in a backslash that escapes nothing yet
            return self.finding(note, first, end, message)  # removed, `\` would end the line: a hard break
        return self.finding(note, first, end, message, [Edit(first, end, "")], "remove trailing whitespace")


def trailing_runs(text: str) -> list[tuple[int, int]]:
    """The spans TRAILING_RE.finditer(text) matches, in order: each run of spaces and tabs that ends a line.

    Found from the line ends they touch (str.find of ` \\n` and `\\t\\n`, then back over the run): the pattern
    was tried at every space of the note, a fifth of its characters (0.43 s -> 0.08 s over vault-1000's notes).
    """
    ends: list[int] = []
    for pair in (" \n", "\t\n"):
        at = text.find(pair)
        while at >= 0:
            ends.append(at + 1)
            at = text.find(pair, at + 2)
    if text.endswith((" ", "\t")):
        ends.append(len(text))
    if len(ends) > 1:
        ends.sort()
    runs = []
    for end in ends:
        first = end - 1
        while first and text[first - 1] in " \t":
            first -= 1
        runs.append((first, end))
    return runs


class _Spans:
    """Sorted spans met in order (lines come in order): one index walks them for the whole note."""

    def __init__(self, spans: tuple[tuple[int, int], ...]) -> None:
        self.spans, self.at = sorted(spans), 0

    def starting_by(self, past: int, by: int) -> bool:
        """Whether the first span that ends after ``past`` starts at or before ``by`` (the index moves on)."""
        while self.at < len(self.spans) and self.spans[self.at][1] <= past:
            self.at += 1
        return self.at < len(self.spans) and self.spans[self.at][0] <= by


def _hard_break(note: Note, first: int, end: int, line_start: int) -> bool:
    """Whether the whitespace at ``first:end`` (``end``: the line's newline) ends the line in a hard break.

    marko's, or CommonMark's before a line that starts with a form feed: marko
    reads the form feed as a line end and the paragraph as ended, CommonMark
    (GitHub, Obsidian's preview) goes on with it, after a hard break.
    """
    if end in note.facts.hard_breaks:
        return True
    return first > line_start and FORM_FEED_LINE_RE.match(note.text, end + 1) is not None


def _yaml_content(note: Note) -> frozenset[int]:
    """Where the runs of whitespace in the frontmatter that YAML keeps (in a `|` block scalar) start: part of
    a value, not hygiene.

    Decided for the whole frontmatter at once: a load of it for each run, as before, made N such lines N
    loads of N lines. Runs whose removal together leaves the data as it was are hygiene (taking whitespace
    out only takes text out of values, so no two removals undo each other): one load, in the common case.
    Else the runs are grouped by where they lie (in no scalar, in a flow scalar over lines, in a block
    scalar) and a group that changes the data is halved until each run is decided, within LOADS loads a
    note; a run still undecided then is taken for content (not reported, not removed: it may be a value).
    """
    fm = note.facts.frontmatter
    if fm is None:
        return frozenset()
    runs = []
    for match in TRAILING_RE.finditer(note.text, fm.body_start):
        if match.start() >= fm.body_end:
            break
        runs.append(match.span())
    if fm.error is not None:
        return frozenset(first for first, _ in runs)  # cannot tell what the whitespace means; YML001 reports it
    loads = _Loads(note)
    if not runs or loads.same(runs):
        return frozenset()
    groups = loads.groups(runs)
    return frozenset(first for group in groups for first, _ in _changing(loads, group, len(groups) == 1))


LOADS = 32  # loads of the frontmatter one note may take to tell its whitespace that is content from hygiene


class _Loads:
    """Loads of a note's frontmatter, with some runs of whitespace taken out, counted against LOADS."""

    def __init__(self, note: Note) -> None:
        assert note.facts.frontmatter is not None
        self.text, self.fm, self.left = note.text, note.facts.frontmatter, LOADS

    def same(self, runs: list[tuple[int, int]]) -> bool | None:
        """Whether the frontmatter without ``runs`` holds the same data; None when no load is left."""
        if not self.left:
            return None
        self.left -= 1
        from vaultlint.parse.frontmatter import same_data  # YAML loads when a note has frontmatter

        cuts = [self.fm.body_start] + [at for run in runs for at in run] + [self.fm.body_end]
        return same_data("".join(self.text[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)), self.fm.data)

    def groups(self, runs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
        """``runs`` by where they lie: in no scalar, in a flow scalar over lines, in a block scalar (one load)."""
        self.left -= 1
        from vaultlint.parse.frontmatter import multiline_scalars

        scalars = multiline_scalars(self.text[self.fm.body_start : self.fm.body_end])
        if scalars is None:  # pragma: no cover - the frontmatter parsed; a second parse fails the same way
            return [runs]
        groups: list[list[tuple[int, int]]] = [[], [], []]
        at = 0
        for run in runs:
            offset = run[0] - self.fm.body_start
            while at < len(scalars) and scalars[at][1] <= offset:
                at += 1
            inside = at < len(scalars) and scalars[at][0] <= offset
            groups[2 if inside and scalars[at][2] else 1 if inside else 0].append(run)
        return [group for group in groups if group]


def _changing(loads: _Loads, runs: list[tuple[int, int]], changes: bool) -> list[tuple[int, int]]:
    """The runs whose removal changes the data (``changes``: known to, as a group, so not loaded again)."""
    if not changes:
        same = loads.same(runs)
        if same is None:
            return runs  # out of loads: taken for content
        if same:
            return []
    if len(runs) == 1:
        return runs
    half = len(runs) // 2
    first = _changing(loads, runs[:half], changes=False)
    return first + _changing(loads, runs[half:], changes=not first)  # the first half alone did not: this one does


def _cursor_space(text: str, at: int) -> bool:
    """Whether the space at ``at`` follows a label's colon, a quote marker or a placeholder (`{{date}}`)."""
    return text[at - 1 : at] in (":", ">") or text[at - 2 : at] in ("}}", "%>")


def _describe(blank: str) -> str:
    """`3 spaces`, `1 tab`, `2 spaces and 1 tab`."""
    spaces, tabs = blank.count(" "), blank.count("\t")
    parts = [plural(spaces, "space")] if spaces else []
    parts += [plural(tabs, "tab")] if tabs else []
    return " and ".join(parts)
