"""WIK001 unresolved-link: a link to a note that does not exist (yet).

What it does
    Resolves every ``[[link]]``, ``![[embed]]``, local Markdown link
    (``[t](Other%20Note.md)``, ``[t](../x.md#Heading)``) and wiki link in a
    frontmatter value (``related: "[[Note]]"``) to a note the way Obsidian
    does, and reports those that lead to no note, with a did-you-mean when a
    note's name is a near miss. Links and embeds of attachments (``image.png``,
    ``paper.pdf``, any ``![](path)``) that lead nowhere are WIK005's.
    Obsidian's resolution: names ignore case; ``.md`` is optional; a bare name
    matches a note anywhere in the vault; ``folder/Note`` matches a path that
    ends so; ``./`` and ``../`` are relative to the note; Markdown links are
    URL-decoded and tried relative to the note first. Hidden folders
    (``.obsidian``, ``.trash``) are not part of the vault.

Why
    A renamed or deleted note silently breaks every link to it: Obsidian shows
    the link in a faded colour and creates an empty note when it is clicked.
    Many vaults link notes they have not written yet on purpose (a
    zettelkasten's notes-to-be, category links in a template vault): those
    vaults ignore WIK001 (``ignore = ["WIK001"]``) and keep WIK005 for missing
    attachments and WIK002/WIK003 for headings and block ids, which break.

Example
    ``See [[Machine Learnin]]`` is reported as
    ``note not found: "Machine Learnin" (did you mean "Machine Learning"?)``.
    The suggestion is a note (never an attachment) a few edits away; names
    that differ only in digits (daily notes ``2024-07-20`` and ``2024-09-20``)
    and words of four letters or less get none.

Fix safety
    None: the right target is for the author to choose.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.rules._common import Context, MissingMessages, VaultRule, missing_targets
from vaultlint.vault import Vault


class UnresolvedLink(VaultRule):
    code = "WIK001"
    name = "unresolved-link"
    summary = "Link to a note that does not exist"

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        messages = MissingMessages(vault, attachments=False)
        for missing in missing_targets(vault):
            if not missing.attachment:
                path = missing.link.path
                yield self.finding(missing.note, path.start, path.end, messages.message(missing))
