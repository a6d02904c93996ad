"""WIK001 unresolved-link: a wiki link, embed or local Markdown link to no note or file of the vault.

What it does
    Resolves every ``[[link]]``, ``![[embed]]``, local Markdown link
    (``[t](Other%20Note.md)``, ``[t](../x.md#Heading)``, ``![](img/x.png)``) and
    wiki link in a frontmatter value (``related: "[[Note]]"``) the way Obsidian
    does, and reports those that lead nowhere, with the closest note name.
    Obsidian's resolution: names ignore case; ``.md`` is optional; a bare name
    matches a note anywhere in the vault; ``folder/Note`` matches a path that
    ends so; a name with an extension (``image.png``, ``paper.pdf``) matches any
    file of that name; ``./`` and ``../`` are relative to the note; Markdown
    links are URL-decoded and tried relative to the note first. Hidden folders
    (``.obsidian``, ``.trash``) are not part of the vault.

Why
    A renamed or deleted note silently breaks every link to it: Obsidian shows
    the link in a faded colour and creates an empty note when it is clicked.

Example
    ``See [[Machine Learnin]]`` is reported as
    ``note not found: "Machine Learnin" (did you mean "Machine Learning"?)``.

Fix safety
    None: the right target is for the author to choose.

Options
    None.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.rules._common import Context, VaultRule, did_you_mean, vault_links
from vaultlint.vault import Vault, is_note, note_name

# `image.png`, `paper.pdf`: a name with an extension is a file; `Dr. Who` or `v1.2 notes` is a note.
# Note names share words ("Deep learning", "Geometric deep learning"): only a near-miss is a suggestion.
NAME_CUTOFF = 0.75
EMAIL_RE = re.compile(r"[^@/\s]+@[^@/\s]+\.[A-Za-z]{2,}")
FILE_RE = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


class UnresolvedLink(VaultRule):
    code = "WIK001"
    name = "unresolved-link"
    summary = "Wiki link, embed or local Markdown link to no note or file"

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        hints: dict[str, str] = {}  # a suggestion costs a scan of every name: once per missing name
        for note, link, resolution in vault_links(vault):
            if resolution.path is not None:
                continue
            target = link.path.value
            base = posixpath.basename(target.rstrip("/"))
            what = "file" if FILE_RE.search(base) and not is_note(base) else "note"
            if resolution.outside:
                message = f'"{target}" is outside the vault (Obsidian cannot open it)'
            elif link.markdown and (web := _web_hint(target)):
                message = f'{what} not found: "{target}"{web}'
            else:
                if base not in hints:
                    hints[base] = did_you_mean(note_name(base), vault.names(), NAME_CUTOFF)
                message = f'{what} not found: "{target}"{hints[base]}'
            yield self.finding(note, link.path.start, link.path.end, message)


def _web_hint(target: str) -> str:
    """For `[x](www.example.org)` or `[x](me@example.org)`: the scheme that makes it a web or mail link."""
    if target.lower().startswith("www."):
        return f' (a web address? write "https://{target}")'
    if EMAIL_RE.fullmatch(target):
        return f' (an email address? write "mailto:{target}")'
    return ""
