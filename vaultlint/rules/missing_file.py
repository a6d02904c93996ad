"""WIK005 missing-file: an attachment, embed, heading or block link, or path whose file is not in the vault.

What it does
    Reports a link that leads to no file of the vault, resolved as Obsidian
    resolves it (names ignore case; a bare name matches a file in any folder;
    ``./`` and ``../`` are relative to the note), when it cannot be a note
    not written yet:

    - a link or embed of an attachment: a name ending in a format Obsidian
      opens (``![[photo.png]]``, ``[[paper.pdf]]``, ``![[clip.mp4]]``,
      ``[[map.canvas]]``) or in an extension of another file of the vault,
      and any Markdown image (``![](img/diagram.png)``);
    - an embed of a note (``![[Clip]]``): nobody embeds a note to write later;
    - a link to a heading or block of a note (``[[Renamed#Setup]]``,
      ``[t](Old.md#^id)``): a note not written yet has none;
    - a path out of the vault, or a web address written as a path
      (``[site](www.example.com)``).

    The did-you-mean names a file of the same kind: an attachment for an
    attachment, a note for a note. A plain link to a note that does not exist
    is WIK001's (off by default: notes-to-be).

Why
    Each of these is a break: the picture or PDF is gone, the embed shows an
    empty box, the heading link lands nowhere. Unlike a plain link to a note not
    written yet, nobody leaves one on purpose.

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
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._targets import MissingMessages, missing_targets
from vaultlint.vault.index import Vault


class MissingFile(VaultRule):
    code = "WIK005"
    name = "missing-file"
    summary = "Attachment, embed, heading or block link, or path to a file that is not in the vault"
    local = True  # links, the file list and linked notes' outlines only

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        messages = MissingMessages(vault, ctx.hints)
        for missing in missing_targets(vault):
            if missing.breaks:
                path = missing.link.path
                yield self.finding(missing.note, path.start, path.end, messages.message(missing))
