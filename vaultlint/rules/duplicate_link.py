"""LNK001 duplicate-link: the same web resource listed twice or more in one note.

What it does
    Compares the resources a note lists: the link of each entry, the first
    link of each table row, and the first link of each list item when it
    opens the item (after markup, tags or a short ``Name:``: ``- [Title](url) - ...``,
    ``- **[Title](url)**``) or ends the item's first line
    (``- #PAPER Title (2015): https://...``, ``- Name [[Paper](url)]``). A URL
    mentioned in a paragraph and then listed, a link inside a list item's
    sentence (``- The [chrono](url) library reads dates...``) or linked again
    in an item's description is ordinary writing, compared only with
    ``scope = "all"``. Links are compared by URL identity
    (see ``vaultlint.vault.urls``: ``http``/``https``, ``www.``, a trailing ``/``,
    tracking parameters, ``youtu.be`` links and arXiv ``pdf``/``abs`` pages do not
    make two links different; ``?v=``, ``?id=`` and ``#fragments`` do). Reports
    every occurrence after the first, at its URL, naming the first one and the
    normalizations that made the two equal. ``mailto:``, local paths, ``#anchors``
    and images are not compared: a note may show the same picture twice, and
    ``[![cover](u)](u)`` links a picture to itself.

Why
    In a resource list a second item for the same page is almost always an entry
    added twice (often with a different year or author spelling), and the two
    copies drift apart as one gets corrected and the other does not. Prose
    mentions the same page as often as it needs to: an introduction names a
    resource that the list then holds, a documentation page links one reference
    from every section. Those are not defects, so by default they are not compared.

Example
    ``- "CS25" [Stanford; course; 2021-09](https://web.stanford.edu/class/cs25/)``
    on line 1 and again on line 3: line 3 is reported,
    ``duplicate link https://web.stanford.edu/class/cs25/ (first at line 1, col 38)``.

Fix safety
    None: which copy to keep, and whether to merge their descriptions, is the
    author's decision.

Options
    ``scope`` (``"listed"`` or ``"all"``, default ``"listed"``): ``"all"`` compares
    every link of the note, prose included.

    ``ignore`` (list of URL prefixes, default ``[]``): links whose URL, as written,
    starts with one of these are never reported (nor count as a first occurrence),
    e.g. ``["https://github.com/me"]`` for a profile linked from every entry. A
    prefix ends at a boundary: it covers ``https://github.com/me/repo``, not
    ``https://github.com/meta``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Literal

from vaultlint.facts import Link
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule, RuleOptions, options_for
from vaultlint.rules._helpers import compared_link, short_url, url_span
from vaultlint.vault.urls import UrlIdentity, explain, identity, same_resource


class DuplicateLink(Rule):
    code = "LNK001"
    name = "duplicate-link"
    summary = "Same resource listed twice in a note"

    class Options(RuleOptions):
        scope: Literal["listed", "all"] = "listed"
        ignore: tuple[str, ...] = ()

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        options = options_for(ctx, self.Options)
        entry_links = {entry.link_start for entry in note.facts.entries}
        seen: dict[str, list[tuple[Link, UrlIdentity]]] = {}
        for link in note.facts.links:
            if not compared_link(link, options.ignore):
                continue
            if options.scope == "listed" and not (link.listed or link.start in entry_links):
                continue
            ident = identity(link.url)
            earlier = seen.get(ident.key)
            if earlier is None:  # the commonest: a URL not seen before in the note
                seen[ident.key] = [(link, ident)]
                continue
            first = next((old for old, old_ident in earlier if same_resource(old_ident, ident)), None)
            earlier.append((link, ident))
            if first is not None:
                yield self._duplicate(note, link, first)

    def _duplicate(self, note: Note, link: Link, first: Link) -> Finding:
        start, end = url_span(note, link)
        first_span = url_span(note, first)
        line, col = note.position(first_span[0])
        message = f"duplicate link {short_url(link.url)} (first at line {line}, col {col})"
        steps = explain(first.url, link.url)
        if steps:
            message += "; same after: " + ", ".join(steps)
        finding = self.finding(note, start, end, message)
        return dataclasses.replace(finding, related=(first_span,))
