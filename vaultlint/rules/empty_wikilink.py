"""WIK006 empty-wikilink: a wiki link or embed that names nothing: `[[]]`, `[[|alias]]`, `[[#]]`.

What it does
    Reports ``[[]]``, ``![[]]``, ``[[ ]]``, ``[[|alias]]``, ``[[#]]`` and
    ``[[#^]]``: wiki links with no note, heading or block to go to, in the body
    or in a frontmatter value.

Why
    These are left-overs of an edit (a name deleted, a link typed and never
    finished). Obsidian renders them as a link that opens nothing useful.

Example
    ``See [[|the paper]]`` is reported as
    ``wiki link "[[|the paper]]" names no note, heading or block``.

Fix safety
    None: the missing name is the author's to fill in.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule


class EmptyWikilink(Rule):
    code = "WIK006"
    name = "empty-wikilink"
    summary = "Wiki link or embed that names no note, heading or block"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for link in note.facts.wikilinks:
            if link.target or any(h for h in link.headings) or link.block:
                continue
            written = note.text[link.start : link.end]
            yield self.finding(note, link.start, link.end, f'wiki link "{written}" names no note, heading or block')
