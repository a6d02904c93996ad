"""ENT006 entry-title: an entry's title is in straight double quotes.

What it does
    Reports an entry title quoted with curly quotes (``“Title”``, ``”Title”``,
    ``„Title“``) or with quotes that do not match (``"Title”``). Entries
    without a quoted title are not checked.

Why
    The vault quotes titles with ``"``: curly quotes, which word processors and
    phones put in when a title is pasted, make the same title a different
    string for search and for duplicate detection.

Example
    ``- “Software 2.0” [Andrej Karpathy; blog; 2017-11](https://...)``
    becomes ``- "Software 2.0" [...]``.

Fix safety
    Safe when both quotes are curly: the fix replaces just the two quote
    characters with ``"``. A title with one straight and one curly quote has no
    fix: the straight one may belong to the title. Nor does a title with quotes
    inside (``“The “Best” Model”``) or after other quoted text on its line
    (``See “this” and “that” [...]``): which pair is the title is a guess.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule

STRAIGHT = '"'
CURLY = "“”„"


class EntryTitle(Rule):
    code = "ENT006"
    name = "entry-title"
    summary = "Entry title is not in straight double quotes"
    fixable = Applicability.SAFE
    fix_changes = frozenset({"wording"})  # the entry's text, never its structure (the rendering guard)

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for entry in note.facts.entries:
            title = entry.title
            # A quote before a plain link is prose ("He called it “great” [here](u)"): only real entries.
            if title is None or len(title.text) < 2 or len(entry.fields) < 2:
                continue
            opening, closing = title.text[0], title.text[-1]
            if opening == closing == STRAIGHT:
                continue
            if opening in CURLY and closing in CURLY:
                # Nested or several quoted runs: which pair is the title is a guess, so no fix.
                edits = (
                    None
                    if _other_quotes(note, title.start, title.text)
                    else [Edit(title.start, title.start + 1, STRAIGHT), Edit(title.end - 1, title.end, STRAIGHT)]
                )
                yield self.finding(
                    note,
                    title.start,
                    title.end,
                    f'title {title.text} in curly quotes; expected straight double quotes "..."',
                    edits,
                    "use straight double quotes",
                )
            else:
                yield self.finding(
                    note,
                    title.start,
                    title.end,
                    f"title {title.text} has mismatched quotes {opening} and {closing}; "
                    'expected straight double quotes "..."',
                )


def _other_quotes(note: Note, start: int, title: str) -> bool:
    """Whether quotes appear inside the title, or before it on its line."""
    line_start = note.text.rfind("\n", 0, start) + 1
    before = note.text[line_start:start]
    return any(c in title[1:-1] or c in before for c in CURLY + STRAIGHT)
