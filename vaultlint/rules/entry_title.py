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
    fix: the straight one may belong to the title.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.note import Note
from vaultlint.rules._common import Context, Rule

STRAIGHT = '"'
CURLY = "“”„"


class EntryTitle(Rule):
    code = "ENT006"
    name = "entry-title"
    summary = "Entry title is not in straight double quotes"
    fixable = Applicability.SAFE

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
                edits = [Edit(title.start, title.start + 1, STRAIGHT), Edit(title.end - 1, title.end, STRAIGHT)]
                yield self.finding(note, title.start, title.end,
                                   f'title {title.text} in curly quotes; expected straight double quotes "..."',
                                   edits, "use straight double quotes")
            else:
                yield self.finding(note, title.start, title.end,
                                   f"title {title.text} has mismatched quotes {opening} and {closing}; "
                                   'expected straight double quotes "..."')

