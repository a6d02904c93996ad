"""LNK003 empty-link: a link with no destination, a `#` placeholder, or no text.

What it does
    Reports a Markdown link whose destination is empty (``[x]()``, ``[x](<>)``,
    ``[x]( )``, or a reference whose definition is empty) or only ``#``
    (``[x](#)``), and a link whose text is empty or blank (``[](https://...)``).
    For images (``![alt]()``) only the destination counts: an empty alt text is
    an accessibility matter, not a broken link.

Why
    ``[paper]()`` is a placeholder that was never filled in: in Obsidian and on
    GitHub it renders as a link that goes nowhere, and ``#`` only jumps to the
    top of the page. A link without text renders as nothing at all, so a reader
    never sees the resource it points at.

Example
    ``- BatchNorm [[Paper]()]`` (a placeholder never filled in) is reported as
    ``link "[Paper]()" has no destination; expected a URL or a note path``.

Fix safety
    None: only the author knows the missing URL or text.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.facts import Link
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule

QUOTE_LIMIT = 60


class EmptyLink(Rule):
    code = "LNK003"
    name = "empty-link"
    summary = "Link with an empty destination, a `#` placeholder, or no text"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        for link in note.facts.links:
            if link.kind not in ("inline", "image"):
                continue  # autolinks and bare URLs are their own non-empty text
            problem = _problem(link)
            if problem:
                written = _quote(note.text[link.start : link.end])
                what = "image" if link.kind == "image" else "link"
                yield self.finding(note, link.start, link.end, f'{what} "{written}" {problem}')


def _problem(link: Link) -> str:
    """What is missing, or ``""``."""
    no_dest = not link.url.strip()
    no_text = link.kind != "image" and link.label is not None and not link.label.text.strip()
    if no_dest and no_text:
        return "has neither text nor destination; expected [text](url)"
    if no_dest:
        return (
            "has no source; expected a path or URL"
            if link.kind == "image"
            else "has no destination; expected a URL or a note path"
        )
    if link.url.strip() == "#":
        return 'points at "#", a placeholder for the top of the page; expected a URL or a heading'
    if no_text:
        return "has no text; expected the words a reader clicks"
    return ""


def _quote(text: str) -> str:
    """The link as written, shortened in the middle when long (the message stays one readable line)."""
    text = text.replace("\n", " ")
    if len(text) <= QUOTE_LIMIT:
        return text
    half = QUOTE_LIMIT // 2
    return f"{text[:half]}...{text[-half + 3 :]}"
