"""WIK001 unresolved-link: a link to a note that does not exist (yet).

What it does
    Resolves every ``[[link]]``, ``![[embed]]``, local Markdown link
    (``[t](Other%20Note.md)``, ``[t](../x.md#Heading)``) and wiki link in a
    frontmatter value (``related: "[[Note]]"``) to a note the way Obsidian
    does, and reports those that lead to no note, with a did-you-mean when a
    note's name is a near miss. Obsidian's resolution: names ignore case;
    ``.md`` is optional; a bare name matches a note anywhere in the vault;
    ``folder/Note`` matches a path that ends so; ``./`` and ``../`` are
    relative to the note; Markdown links are URL-decoded and tried relative
    to the note first. Hidden folders (``.obsidian``, ``.trash``) are not part
    of the vault. What cannot be a note not written yet is WIK005's, which is
    on by default: an attachment (``![[photo.png]]``, ``![](img/x.png)``), an
    embed (``![[Clip]]``), a link to a heading or block (``[[Renamed#Setup]]``),
    a path out of the vault.

Why
    A renamed or deleted note breaks every link to it: Obsidian shows the
    link faded and creates an empty note when it is clicked.

    Off by default: that same click is how Obsidian users write notes on
    purpose. A link to a note not written yet (a zettelkasten's notes-to-be,
    a person or project named before it has a note, a daily note that was
    skipped) is a feature of Obsidian, and in vaults written with it most
    findings of this rule are such links (all 40 in bench/corpus/personal, all 62 in bench/corpus/zettel).
    Turn it on (``extend-select = ["WIK001"]``) in a vault where every wiki
    link must resolve, such as a curated list kept in git; ``vaultlint init``
    does so when every wiki link of the vault resolves today.

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
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._targets import MissingMessages, missing_targets
from vaultlint.vault.index import Vault


class UnresolvedLink(VaultRule):
    code = "WIK001"
    name = "unresolved-link"
    summary = "Link to a note that does not exist (yet)"
    local = True  # links, the file list and linked notes' outlines only
    default_enabled = False
    off_because = (
        "Obsidian makes a note from a link to one not written yet: in vaults written with it most "
        "such links are notes-to-be"
    )

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        messages = MissingMessages(vault, ctx.hints)
        for missing in missing_targets(vault):
            if not missing.breaks:
                path = missing.link.path
                yield self.finding(missing.note, path.start, path.end, messages.message(missing))
