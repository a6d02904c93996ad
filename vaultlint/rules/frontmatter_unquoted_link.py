"""YML003 frontmatter-unquoted-link: a wiki link in frontmatter without quotes, which YAML reads as a list.

What it does
    Reports a frontmatter value or list item written as a bare wiki link,
    ``related: [[Note]]`` or ``- [[Note]]``. In YAML, ``[[Note]]`` is a list
    holding a list holding the text ``Note``: not a link. Obsidian's
    properties, and vaultlint's link checks, only see links in quoted text
    (``related: "[[Note]]"``).

    When the frontmatter does not parse as a whole (YML001), the lines of each
    top-level key that parse on their own are still checked.

Why
    The link looks right in the source and is silently lost: the note does not
    appear in the target's backlinks or graph, and a rename does not update it.

Example
    ``up: [[Machine Learning]]`` is reported as
    ``[[Machine Learning]] is a YAML list here, not a link; write "[[Machine Learning]]"``.

Fix safety
    Unsafe: quoting turns the nested list into the text of a link, which
    changes the frontmatter's data (that is the point, but it needs a person's yes).

Options
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vaultlint.lazyre import lazy_compile
from vaultlint.model import Applicability, Edit, Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule

# `key: [[x]]` or `- [[x]]`, the link the whole value (an optional comment after it).
UNQUOTED_RE = lazy_compile(
    r"^[ \t]*(?:-[ \t]+|[^\s:#][^:\n]*:[ \t]+)(?P<link>!?\[\[[^\[\]\n]+\]\])[ \t]*(?:#.*)?$", re.MULTILINE
)


class FrontmatterUnquotedLink(Rule):
    code = "YML003"
    name = "frontmatter-unquoted-link"
    summary = "Wiki link in frontmatter without quotes (YAML reads a nested list)"
    fixable = Applicability.UNSAFE
    fix_changes = frozenset({"frontmatter"})

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        fm = note.facts.frontmatter
        if fm is None:
            return
        if fm.error is None:
            nested = _nested_links(fm.data)
        else:  # YML001 reports the part that does not parse; the parts that do are still read
            from vaultlint.parse.yaml_load import readable_parts  # its frontmatter failed to load: YAML is loaded

            body = note.text[fm.body_start : fm.body_end]
            nested = {text for part, _, _ in readable_parts(body) for text in _nested_links(part.data)}
        for m in UNQUOTED_RE.finditer(note.text, fm.body_start, fm.body_end):
            start, end = m.span("link")
            link = m.group("link")
            if link.lstrip("!")[2:-2] not in nested:
                continue  # text that only looks so (a line of a `|` block): YAML did not make a list of it
            quote = "'" if '"' in link else '"'
            yield self.finding(
                note,
                start,
                end,
                f"{link} is a YAML list here, not a link; write {quote}{link}{quote}",
                [Edit(start, start, quote), Edit(end, end, quote)],
                "quote the link",
            )


def _nested_links(data: object) -> set[str]:
    """Every text YAML read as `[[text]]`: a list holding one list holding it."""
    found: set[str] = set()
    stack, seen = [data], set()
    while stack:
        value = stack.pop()
        if id(value) in seen:  # `a: &r [*r]` holds itself
            continue
        seen.add(id(value))
        if (
            isinstance(value, list)
            and len(value) == 1
            and isinstance(value[0], list)
            and len(value[0]) == 1
            and isinstance(value[0][0], str)
        ):
            found.add(value[0][0])
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found
