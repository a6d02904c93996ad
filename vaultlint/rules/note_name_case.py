"""WIK008 note-name-case: two notes whose paths in the vault differ only in case.

What it does
    Reports a note whose vault path is another file's path but for case, or
    but for how its accented letters are encoded, and names the other path(s):
    ``Ideas/Zettel.md`` and ``ideas/zettel.md``, ``Note.md`` and ``note.MD`` in
    one folder, or ``Café.md`` typed (NFC, one code point for ``é``) and as
    macOS stores it (NFD, ``e`` and a combining accent), which look the same.
    Paths compare as Obsidian and case-insensitive file systems compare them:
    Unicode NFC-normalized, then lower-cased. Full case folding is not used
    (``Straße.md`` and ``STRASSE.md`` stay apart), since no file system folds
    ``ß`` to ``ss`` and both files survive a clone. Each note of a colliding
    pair that is checked gets the finding; hidden files are not in the vault.
    Two folders that differ only in case merge into one on those systems and
    lose nothing unless two notes in them collide, which is reported.
    Attachments that collide (``Fig.png``, ``fig.png``) have no note to carry
    a finding; a link to them is reported by WIK004 (it names both).

Why
    On macOS and Windows the two paths are one file: a clone or checkout keeps
    one of the notes and loses the other (git then shows it as modified), and
    Obsidian opens only one of them for ``[[Zettel]]``. It happens when a note
    is renamed by case alone on Linux, or is added again from another machine.
    On by default: two such notes are a mistake in any vault.

Example
    ``Ideas/Zettel.md`` next to ``ideas/zettel.md`` is reported at the top of
    each, as ``path differs only in case from "ideas/zettel.md": on macOS and
    Windows they are one file (a clone keeps one), and Obsidian opens only one of them``.

Fix safety
    None: merge the two notes, or rename one, by hand.

Options
    None.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from vaultlint.model import Finding
from vaultlint.rules._base import Context, VaultRule
from vaultlint.rules._helpers import LISTED
from vaultlint.vault.index import Vault
from vaultlint.vault.joined import each_joined


class NoteNameCase(VaultRule):
    code = "WIK008"
    name = "note-name-case"
    summary = "Two notes whose paths differ only in case"
    local = True  # links, the file list and linked notes' outlines only

    def check_vault(self, vault: Vault, ctx: Context) -> Iterator[Finding]:
        files = list(vault.files)
        keys = each_joined(files, _key)  # a call a path was most of the rule's time on 10,000 files
        one = dict(zip(keys, files, strict=True))  # no two files collide (nearly every vault): a key's one file
        by_key: dict[str, list[str]] = {}  # else a list of one file for each of 10,000 keys
        if len(one) < len(files):
            for path, key in zip(files, keys, strict=True):
                by_key.setdefault(key, []).append(path)
        for rel, note in vault.reported.items():
            key = _key(rel)
            same = by_key.get(key, ()) if by_key else ([one[key]] if key in one else [])
            others = [p for p in same if p != rel]
            if not others:
                continue
            # Only an encoding apart, the paths look alike: say so, or the reader looks for a case difference.
            how = (
                "is the same but for how its accents are encoded (NFC, NFD) in"
                if all(_nfc(p) == _nfc(rel) for p in others)
                else "differs only in case from"
            )
            named = ", ".join(f'"{p}"' for p in others[:LISTED]) + (", ..." if len(others) > LISTED else "")
            systems = "macOS" if how.startswith("is the same") else "macOS and Windows"
            message = (
                f"path {how} {named}: on {systems} they are one file (a clone keeps one), "
                f"and Obsidian opens only one of them"
            )
            yield self.finding(note, 0, 0, message)  # the whole note is at fault: its top


def _nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


def _key(path: str) -> str:
    """How a case-insensitive file system tells paths apart: NFC, lower case (not ``casefold``: ß is not ss)."""
    return _nfc(path).lower()
