"""YML002 frontmatter-tag-comment: a `#tag` in frontmatter that YAML reads as a comment.

What it does
    Reports a value of the frontmatter `tags:` key written with its `#`, such
    as ``tags: #paper`` or a list item ``- #paper``. In YAML a `#` after a
    space starts a comment, so the tag is silently dropped: the note has an
    empty tag where the author meant one.

    When the frontmatter does not parse as a whole (YML001), a `tags:` key
    whose lines parse on their own is still checked.

Why
    Obsidian writes `#paper` in the body and `paper` in frontmatter; copying
    the body form into the frontmatter is one of the most common ways tags go
    missing, and nothing else warns about it (the YAML is valid).

Example
    ::

        ---
        tags:
          - #paper
        ---

    is reported; write ``- paper`` (or ``- "#paper"``).

Fix safety
    Unsafe: dropping the `#` turns a comment into a value, which changes the
    frontmatter's data (that is the point, but it needs a person's yes). Only
    a lone tag is fixed: in ``tags: #paper #code`` the rest of the line is part
    of the same comment, and dropping one `#` would keep `#code` lost (write
    ``tags: [paper, code]``).

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule


class FrontmatterTagComment(Rule):
    code = "YML002"
    name = "frontmatter-tag-comment"
    summary = "Frontmatter tag written with `#` is a YAML comment"
    fixable = Applicability.UNSAFE
    fix_changes = frozenset({"frontmatter"})

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        fm = note.facts.frontmatter
        for tag in fm.commented_tags if fm else ():
            line_end = note.text.find("\n", tag.end)
            rest = note.text[tag.end : line_end if line_end >= 0 else len(note.text)]
            # `tags: #a #b`: dropping the first `#` would leave `#b` a comment still (and `a #b` one string).
            edits = None if rest.strip() else [Edit(tag.start, tag.start + 1, "")]
            yield self.finding(
                note,
                tag.start,
                tag.end,
                f'"{tag.text}" is a YAML comment here, so the tag is lost; write "{tag.text[1:]}" (or quote it)',
                edits,
                "drop the #",
            )
