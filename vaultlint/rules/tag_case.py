"""TAG002 tag-case: a tag spelled in a different case than the vocabulary.

What it does
    Reports a tag whose name matches a ``conventions.tags`` entry only when
    case is ignored: ``#paper`` where the vocabulary says ``PAPER``. For a
    nested tag ``#paper/survey`` whose top-level part is in the vocabulary,
    only that part is compared. Tags that match nothing are TAG001's.

Why
    Obsidian's tag pane and search treat ``#paper`` and ``#PAPER`` as one tag
    but show whichever spelling came first, and other tools (grep, static site
    generators) treat them as two. One spelling keeps every tool agreeing.

Example
    With ``tags = ["PAPER"]``, ``- #paper Deep learning (LeCun 2015)`` is
    reported and fixed to ``- #PAPER Deep learning (LeCun 2015)``.

Fix safety
    Safe: rewrites only the characters of the tag name whose case differs,
    never a URL's fragment (a ``#`` inside a URL is no tag, see TAG001). A
    frontmatter tag is fixed where its text can be pointed at exactly
    (``tags: [paper]``, ``tags: "paper"``, ``tags: paper, code``); in a
    folded or escaped YAML string it is reported without a fix.

Options
    None. Silent when ``conventions.tags`` is empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Tag
from vaultlint.model import Applicability, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule
from vaultlint.rules._helpers import minimal_edit


class TagCase(Rule):
    code = "TAG002"
    name = "tag-case"
    summary = "Tag spelled in a different case than the vocabulary"
    fixable = Applicability.SAFE
    fix_changes = frozenset({"tag-case", "frontmatter"})

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        canonical = {t.lower(): t for t in ctx.conventions.tags}
        if not canonical:
            return
        for tag in note.facts.tags:
            expected = _expected(tag.name, canonical)
            if expected is None or expected == tag.name:
                continue
            if tag.in_frontmatter:
                shown = f'frontmatter tag "{tag.name}"; expected "{expected}"'
            else:
                shown = f'tag "#{tag.name}"; expected "#{expected}"'
            at = _name_offset(note, tag)
            edits = None if at is None else [minimal_edit(at, tag.name, expected)]
            yield self.finding(
                note,
                tag.start,
                tag.end,
                f"wrong case in {shown} as in conventions.tags",
                edits,
                f'spell the tag "{expected}"',
            )


def _expected(name: str, canonical: dict[str, str]) -> str | None:
    """The vocabulary spelling of ``name`` (its top-level part for a nested tag), or None."""
    if name.lower() in canonical:
        return canonical[name.lower()]
    top, sep, rest = name.partition("/")
    if sep and top.lower() in canonical:
        return f"{canonical[top.lower()]}/{rest}"
    return None


def _name_offset(note: Note, tag: Tag) -> int | None:
    """Where the tag's name starts, or None when its span holds more than that one tag."""
    raw, at = note.text[tag.start : tag.end], tag.start
    if raw.startswith("#"):
        raw, at = raw[1:], at + 1
    return at if raw == tag.name else None
