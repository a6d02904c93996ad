"""WIK005 missing-file: a link or embed of an attachment that is not in the vault.

What it does
    Reports a wiki link or embed of a file that is not a note (``![[photo.png]]``,
    ``[[paper.pdf]]``, ``![[clip.mp4]]``) and a Markdown image or link to a
    local file (``![](img/diagram.png)``, ``[slides](talk.pdf)``) when no file of
    the vault answers to it, resolved as Obsidian resolves it (names ignore
    case; a bare name matches a file in any folder; ``./`` and ``../`` are
    relative to the note). The did-you-mean names another attachment, never a
    note.

Why
    A missing attachment is always a break: the picture or PDF is gone, and the
    note shows an empty box where it was. Unlike a link to a note not written
    yet (WIK001, off by default: Obsidian users link notes-to-be on purpose),
    nobody leaves one on purpose.

Example
    ``![[diagram.png]]`` when the vault holds ``Diagram.jpg`` only:
    ``file not found: "diagram.png"``; ``![[Diagam.png]]`` next to
    ``assets/Diagram.png``: ``... (did you mean "Diagram.png"?)``.

Fix safety
    None: whether to restore the file or change the link is the author's call.

Options
    None.
"""

from __future__ import annotations

from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.rules._common import Context, MissingMessages, VaultRule, missing_targets
from vaultlint.vault import Vault


class MissingFile(VaultRule):
    code = "WIK005"
    name = "missing-file"
    summary = "Link or embed of an attachment that is not in the vault"

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        messages = MissingMessages(vault)
        for missing in missing_targets(vault):
            if missing.attachment:
                path = missing.link.path
                yield self.finding(missing.note, path.start, path.end, messages.message(missing))
