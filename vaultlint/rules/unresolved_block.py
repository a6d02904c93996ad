"""WIK003 unresolved-block: a link to a block id the target note does not have.

What it does
    Checks ``[[Note#^id]]``, ``[[#^id]]`` (this note), ``![[Note#^id]]`` and
    ``[t](Note.md#^id)`` against the block ids of the note the link resolves
    to. A block id is `` ^id`` (letters, digits, dashes) at the end of a
    paragraph or list item, or on its own line right after a list, quote or
    table. Ids are compared ignoring case, as Obsidian does. A link to a note
    that does not exist is WIK001's to report.

Why
    A block id is easily lost: an edit that rewrites the line, or a paste that
    drops the `` ^id`` at its end, breaks every link to it without a sign.

Example
    ``See [[Math and stats#^jax]]``, where no line of ``Math and stats`` ends
    in ``^jax``, is reported as ``block "^jax" not found in note "Math and stats"``.

Fix safety
    None.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._helpers import closest
from vaultlint.rules._targets import links_into_notes
from vaultlint.vault.index import Vault
from vaultlint.vault.obsidian import has_block


class UnresolvedBlock(VaultRule):
    code = "WIK003"
    name = "unresolved-block"
    summary = "Link to a block id the target note does not have"
    local = True  # links, the file list and linked notes' outlines only

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        for note, link, outline, where in links_into_notes(vault):
            block = link.block
            if block is None or has_block(outline.block_ids, block.value):
                continue
            close = closest(block.value, outline.block_ids)
            hint = f' (did you mean "^{close}"?)' if close else ""
            yield self.finding(note, block.start, block.end, f'block "^{block.value}" not found in {where}{hint}')
