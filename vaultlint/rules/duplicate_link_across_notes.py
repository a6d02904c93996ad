"""LNK002 duplicate-link-across-notes: the same resource linked from several notes (off by default).

What it does
    Reports a link whose URL identity (as for LNK001: ``http``/``https``,
    ``www.``, trailing ``/``, tracking parameters, ``youtu.be`` and arXiv forms
    are not differences) is also linked from other notes of the vault, and
    names them (with the line), once per note and resource. Images are not
    compared. The other notes are read through the vault index (a line scan),
    so a note is not parsed just because it might share a link.

Why
    In a curated resource vault each resource belongs in one place; the same
    paper listed in three notes drifts three ways (titles, kinds, dates).
    Many vaults link a resource from several topics on purpose, so the rule is
    off until selected (``extend-select = ["LNK002"]``).

Example
    ``- "Deep learning" [LeCun et al.; paper; 2015](https://www.nature.com/articles/nature14539)``
    in two notes is reported in each, as
    ``https://www.nature.com/articles/nature14539 is also linked from "AI/Deep learning.md" (line 3)``.

Fix safety
    None: which note keeps the entry is an editorial choice.

Options
    ``ignore``: URL prefixes never compared (``["https://github.com/me"]``).
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.display import plural
from vaultlint.model import Finding
from vaultlint.rules._base import Context, RuleOptions, VaultRule, options_for
from vaultlint.rules._helpers import compared_link, short_url, url_span
from vaultlint.vault.index import Vault
from vaultlint.vault.urls import identity, is_web, under_prefix

Seen = dict[str, dict[str, int]]  # identity key -> note path -> first line


class DuplicateLinkAcrossNotes(VaultRule):
    code = "LNK002"
    name = "duplicate-link-across-notes"
    summary = "Same URL linked from several notes"
    default_enabled = False
    off_because = "a resource linked from several notes (a hub and a topic note) is often on purpose"
    reads_facts = True  # each reported note's links, with their spans

    class Options(RuleOptions):
        ignore: tuple[str, ...] = ()

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        ignore = options_for(ctx, self.Options).ignore
        seen = _where_linked(vault, ignore)
        firsts: dict[str, list[tuple[str, int]]] = {}  # identity key -> its two notes first by path
        for rel, note in vault.reported.items():
            done: set[str] = set()
            for link in note.facts.links:
                if not compared_link(link, ignore):
                    continue
                key = identity(link.url).key
                linking = seen.get(key, {})
                count = len(linking) - (rel in linking)  # the other notes linking it
                if key in done or not count:
                    continue
                done.add(key)
                # Not the others listed again for each link: a URL in every note made the rule quadratic.
                if key not in firsts:
                    import heapq  # here: a run answered from the cache loads none of it

                    firsts[key] = heapq.nsmallest(2, linking.items())
                first, line = next(item for item in firsts[key] if item[0] != rel)
                more = f" and {plural(count - 1, 'other note')}" if count > 1 else ""
                start, end = url_span(note, link)
                message = f'{short_url(link.url)} is also linked from "{first}" (line {line}){more}'
                yield self.finding(note, start, end, message)


def _where_linked(vault: Vault, ignore: tuple[str, ...]) -> Seen:
    """For each URL identity, the notes of the vault linking it, with the first line."""
    seen: Seen = {}
    keys: dict[str, str] = {}  # the same URL recurs across notes: normalize each once
    for path in vault.notes:
        outline = vault.outline(path)
        for url in outline.urls if outline else ():
            if url.image or not is_web(url.url) or any(under_prefix(url.url, p) for p in ignore):
                continue
            key = keys.get(url.url) or keys.setdefault(url.url, identity(url.url).key)
            seen.setdefault(key, {}).setdefault(path, url.line)
    return seen
