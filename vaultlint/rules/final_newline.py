"""FMT002 final-newline: a note must end with a newline.

What it does
    Reports a non-empty note whose last line has no newline character.

Why
    Tools that append to a note (and `cat`, and git's diffs) treat a missing
    final newline as a changed last line: the next contributor who appends an
    entry shows up as having edited the previous one.

    Off by default: Obsidian does not end the notes it writes with a newline,
    so in a vault edited in Obsidian this fires on 40-50 % of notes, and on
    every new one again. Turn it on (``extend-select = ["FMT002"]``) in a
    vault edited mostly in other editors or through git, as ``seeds/`` is.

Example
    A note whose last bytes are ``...the same!`` with no newline after them.

Fix safety
    Safe: inserts one newline at the end of the note.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule


class FinalNewline(Rule):
    code = "FMT002"
    name = "final-newline"
    summary = "Note does not end with a newline"
    fixable = Applicability.SAFE
    default_enabled = False
    off_because = "Obsidian does not end the notes it writes with a newline: noise in a vault edited in Obsidian"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        end = len(note.text)
        if end and not note.text.endswith("\n"):
            yield self.finding(
                note, end, end, "no newline at end of note", [Edit(end, end, "\n")], "add a final newline"
            )
