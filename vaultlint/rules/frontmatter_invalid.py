"""YML001 frontmatter-invalid: YAML frontmatter that does not parse.

What it does
    Reports a leading ``---`` block whose YAML does not parse, at the place
    the YAML parser stopped, saying in plain words what is wrong and on
    which line: a tab in the indentation, a second ``: `` inside a value, a
    quote or bracket left open, ``@`` or ``*`` at the start of a value, a date
    that does not exist (an error it has no words for keeps the parser's own,
    with the line). Template placeholders are no YAML errors: in
    ``created: {{date}}`` or ``created: <% tp.date.now() %>`` the placeholder
    is read as a plain value, as the note made from the template will have
    one, and the YAML around it is still checked.
    A block that parses but is not a mapping of properties (a bare list or a
    sentence) is reported too, at the start of the block. So is a block whose
    aliases (``*name``, naming a value anchored with ``&name``) stand for more
    than 10,000 values in all: an "alias bomb", where each line repeats the
    one above a few times and ten short lines stand for billions of values.
    It is reported at the alias that passes the budget, as ``frontmatter is
    not valid YAML: too many aliases (they stand for more than 10,000 values:
    an alias bomb?)``, and its data is never built, so no rule reads it and
    ``fix`` and ``suppress`` finish at once.

Why
    Obsidian silently ignores frontmatter it cannot read: the note loses its
    tags, aliases and properties, and nothing says so. Frontmatter that grows
    to millions of values is no note's properties, and a note that comes in a
    pull request must not stall the tools that read it.

Example
    ::

        ---
        title: Deep Learning: the book
        ---

    is reported at line 2 as ``frontmatter is not valid YAML: line 2 has a
    second `: ` inside the value of `title`; YAML reads it as a key. Put the
    value in quotes``; and
    ::

        ---
        a: &a [x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        ---

    (an alias bomb in five lines: ``d`` stands for 7,381 values) is reported
    at the first ``*d``, line 6, as ``frontmatter is not valid YAML: too many
    aliases``.

Fix safety
    None: the intended YAML cannot be guessed.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding, Severity
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule


class FrontmatterInvalid(Rule):
    code = "YML001"
    name = "frontmatter-invalid"
    summary = "Frontmatter YAML does not parse"
    severity = Severity.ERROR

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        front = note.facts.frontmatter
        if front is None:
            return
        if front.error is not None:
            at = front.start if front.error_offset is None else front.error_offset
            # Point at the offending character; a zero-width span at the end of the text.
            end = min(at + 1, len(note.text))
            yield self.finding(note, at, end, f"frontmatter is not valid YAML: {front.error}")
        elif front.data is not None and not isinstance(front.data, dict):
            kind = (
                "a list"
                if isinstance(front.data, list)
                else "plain text"
                if isinstance(front.data, str)
                else "a single value"
            )
            yield self.finding(
                note,
                front.body_start,
                front.body_start,
                f"frontmatter is {kind}, not a mapping of properties; expected `key: value` lines",
            )
