"""One note's path in every form the code needs, made once a run: to read it, to match it, to name it."""

from __future__ import annotations

from pathlib import Path

from vaultlint.record import Record, frozen


@frozen
class NoteRef(Record):
    """A note to check, as `vault.discover.note_refs` makes it from what discovery found.

    ``path`` reads and writes it (absolute, symbolic links kept as found); ``in_vault`` is how the vault names
    it (from the vault root, POSIX: the vault index and links); ``matched`` is what include, exclude and
    per-file-ignores globs see (from the config's folder, else the vault root); ``shown`` is how people see it
    (`display.path`: from the working folder), and what findings and problems carry.
    """

    path: Path
    in_vault: str
    matched: str
    shown: str
