"""WIK004 ambiguous-link: a link name that matches several notes or files of the vault.

What it does
    Reports a wiki link, embed or local Markdown link whose name matches more
    than one file (``[[Index]]`` with ``Index.md`` in two folders), says which
    one Obsidian opens and lists the others. Obsidian opens the one in the
    linking note's own folder, else the one with the shortest path. A path
    that names one file exactly (``[[projects/Index]]`` matching only
    ``projects/Index.md``, or ``./Index``) is not ambiguous.

Why
    The link works today by a tie-break: move or rename one of the notes and it
    silently leads somewhere else. When you pick a note whose name is not
    unique, Obsidian itself writes its path (``[[projects/Index]]``).

Example
    ``[[Index]]`` in ``projects/Plan.md`` is reported as
    ``"Index" matches 2 notes; Obsidian opens "projects/Index.md", not "archive/Index.md"``.

Fix safety
    None (the path to write is the author's choice); write ``[[folder/Name]]``.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.display import plural
from vaultlint.model import Finding
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._helpers import LISTED
from vaultlint.rules._targets import vault_links
from vaultlint.vault.index import Vault, is_note


class AmbiguousLink(VaultRule):
    code = "WIK004"
    name = "ambiguous-link"
    summary = "Link name that matches several notes or files"
    local = True  # links, the file list and linked notes' outlines only

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        for note, link, resolution in vault_links(vault):
            if resolution.path is None or not resolution.others:
                continue
            kind = "note" if is_note(resolution.path) else "file"
            others = ", ".join(f'"{p}"' for p in resolution.others[:LISTED])
            more = ", ..." if len(resolution.others) > LISTED else ""
            message = (
                f'"{link.path.value}" matches {plural(1 + len(resolution.others), kind)}; '
                f'Obsidian opens "{resolution.path}", not {others}{more}'
            )
            yield self.finding(note, link.path.start, link.path.end, message)
