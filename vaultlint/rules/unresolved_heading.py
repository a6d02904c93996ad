"""WIK002 unresolved-heading: a link to a heading the target note does not have.

What it does
    Checks the heading part of ``[[Note#Heading]]``, ``[[Note#H1#H2]]``,
    ``[[#Heading]]`` (this note), ``![[Note#Heading]]`` and of local Markdown
    links (``[t](Note.md#Heading)``, ``[t](#Heading)``) against the headings of
    the note the link resolves to. Headings are compared as Obsidian compares
    them: case is ignored, and the characters ``!"#$%&()*+,.:;<=>?@^`{|}~/[]\\``
    count as spaces (so ``[[Note#C++ intro]]`` finds ``## C++: intro``).
    ``[[Note#H1#H2]]`` needs a heading H2 inside the section of H1, at any
    depth. A Markdown link's anchor may also be what a web page has: the
    heading's GitHub-style slug (``#deep-learning``, ``#setup-1``), ``#top``, or
    an ``id``/``name`` written in the note's own HTML. A link to a note that
    does not exist is WIK001's to report.

Why
    When a heading is renamed, Obsidian still opens the note but at its top:
    the reader lands far from the section the link promised.

Example
    ``[[Math and stats#Linear algebra]]``, where the note's heading reads
    ``## Linear Algebra basics``, is reported as
    ``heading "Linear algebra" not found in note "Math and stats" (did you mean "Linear Algebra basics"?)``.

    A suggestion is a heading at least 75 % alike (difflib's ratio); none for a
    link of four letters or less, nor a heading that differs only in digits
    (``Week 3`` for ``Week 4``).

Fix safety
    None: a similar heading is only a guess.

Options
    None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vaultlint.lazyre import lazy_compile
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._targets import links_into_notes
from vaultlint.vault.index import Vault
from vaultlint.vault.links import InternalLink
from vaultlint.vault.obsidian import heading_for_link, match_headings, parent_of, web_anchors
from vaultlint.vault.suggest import similar

if TYPE_CHECKING:
    from vaultlint.parse.outline import Outline

DUPLICATE_SUFFIX_RE = lazy_compile(r"-\d+$")  # GitHub's slug for the second `## Setup` is `setup-1`


class UnresolvedHeading(VaultRule):
    code = "WIK002"
    name = "unresolved-heading"
    summary = "Link to a heading the target note does not have"
    local = True  # links, the file list and linked notes' outlines only

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        for note, link, outline, where in links_into_notes(vault):
            if not link.headings:
                continue
            matched = match_headings(outline.headings, [h.value for h in link.headings])
            own = note.text if not link.path.value else ""
            if matched == len(link.headings) or _web_anchor(link, outline, own):
                continue
            yield self._missing(note, link, matched, where, outline)

    def _missing(self, note: Note, link: InternalLink, matched: int, where: str, outline: Outline) -> Finding:
        part = link.headings[matched]
        under = f' under "{link.headings[matched - 1].value}"' if matched else ""
        parent = parent_of(outline.headings, part.value)
        if parent is not None:  # the heading exists, in another section
            hint = f' (it is under "{parent}")' if parent else " (it is not under any heading)"
        else:
            close = similar(part.value, [heading_for_link(h.text) for h in outline.headings])
            hint = f' (did you mean "{close}"?)' if close else ""
        return self.finding(note, part.start, part.end, f'heading "{part.value}" not found{under} in {where}{hint}')


def _web_anchor(link: InternalLink, outline: Outline, own_text: str) -> bool:
    """A Markdown link's one anchor as a web page has it: `#top`, a heading's GitHub slug (`#deep-learning`,
    `#deep-learning-1` for the second of that name), a heading's own id (`## Title {#id}`, as Docusaurus and
    MkDocs write it), or an `id`/`name` written in this note's HTML."""
    if not link.markdown or len(link.headings) != 1:
        return False
    anchor = link.headings[0].value
    slug = DUPLICATE_SUFFIX_RE.sub("", anchor.lower())
    anchors = web_anchors(outline.headings)  # `## Global Options {#options}`: a heading's own anchor counts
    if anchor.lower() == "top" or anchor.lower() in anchors or slug in anchors or anchor in anchors:
        return True
    return bool(own_text) and re.search(rf"""\b(?:id|name)\s*=\s*["']?{re.escape(anchor)}\b""", own_text) is not None
