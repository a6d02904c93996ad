"""WIK007 duplicate-block-id: the same ``^block-id`` twice in one note.

What it does
    Reports the second and every later block id of a note that repeats an
    earlier one, and names the line of the first. Ids are compared ignoring
    case, as Obsidian keys its block cache in lower case (``^abc`` and ``^ABC``
    are the same id). Only real block ids count: a `` ^id`` at the end of a
    paragraph or list item, or alone on a line after a list, quote or table;
    not one in code, math or a comment.

Why
    ``[[Note#^id]]`` can lead to only one of the blocks, so a link meant for
    the other silently opens the wrong place. Obsidian never writes such a
    pair itself (it makes up a new id when you copy a block link): a repeated
    id comes from copying a line together with its id, or from typing an id
    by hand. On by default: a repeated id is a mistake in any vault.

Example
    ::

        - JAX: https://github.com/google/jax ^jax
        - Flax: https://github.com/google/flax ^jax

    is reported at the second ``^jax`` as
    ``block id "^jax" repeats the one at line 1: a link to "#^jax" reaches only one of them``.

Fix safety
    None: which block keeps the id depends on what the links to it meant.
    Give the other block a new id (and fix the links meant for it).

Options
    None.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from vaultlint.facts import BlockId
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.rules._base import Context, Rule


class DuplicateBlockId(Rule):
    code = "WIK007"
    name = "duplicate-block-id"
    summary = "Same block id twice in one note"

    def check(self, note: Note, ctx: Context) -> Iterator[Finding]:
        first: dict[str, BlockId] = {}
        for block in sorted(note.facts.block_ids, key=lambda b: b.start):
            earlier = first.setdefault(block.id.casefold(), block)
            if earlier is block:
                continue
            line = note.position(earlier.start)[0]
            spelled = "" if earlier.id == block.id else f' (as "^{earlier.id}": ids ignore case)'
            message = (
                f'block id "^{block.id}" repeats the one at line {line}{spelled}: '
                f'a link to "#^{earlier.id}" reaches only one of them'
            )
            finding = self.finding(note, *_span(block), message)
            yield dataclasses.replace(finding, related=(_span(earlier),))


def _span(block: BlockId) -> tuple[int, int]:
    """The `^id` itself, without the spaces the fact's span may carry after it."""
    return block.start, block.start + 1 + len(block.id)
