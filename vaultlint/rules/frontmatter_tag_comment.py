"""YML002 frontmatter-tag-comment: a `#tag` in frontmatter that YAML reads as a comment.

What it does
    Reports a value of the frontmatter `tags:` key written with its `#`, such
    as ``tags: #paper`` or a list item ``- #paper``. In YAML a `#` after a
    space starts a comment, so the tag is silently dropped: the note has an
    empty tag where the author meant one.

Why
    Obsidian writes `#paper` in the body and `paper` in frontmatter; copying
    the body form into the frontmatter is one of the most common ways tags go
    missing, and nothing else warns about it (the YAML is valid).

Example
    ``tags:\n  - #paper`` is reported; write ``- paper`` (or ``- "#paper"``).

Fix safety
    Unsafe: dropping the `#` turns a comment into a value, which changes the
    frontmatter's data (that is the point, but it needs a person's yes).

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.note import Note
from vaultlint.rules._common import Context, Rule


class FrontmatterTagComment(Rule):
    code = "YML002"
    name = "frontmatter-tag-comment"
    summary = "Frontmatter tag written with `#` is a YAML comment"
    fixable = Applicability.UNSAFE
    fix_changes = frozenset({"frontmatter"})

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        fm = note.facts.frontmatter
        for tag in fm.commented_tags if fm else ():
            yield self.finding(note, tag.start, tag.end,
                               f'"{tag.text}" is a YAML comment here, so the tag is lost; '
                               f'write "{tag.text[1:]}" (or quote it)',
                               [Edit(tag.start, tag.start + 1, "")], "drop the #")
