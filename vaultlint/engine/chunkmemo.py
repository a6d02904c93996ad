"""The report's chunks a warm run may take from the cache: a note's, when its findings are the very ones cached.

A note's chunk of the text report is made of its text, its shown path, its findings in order, and how the report
is asked for (format, colour, fixes). A note the cache answered for (`engine.cached`) comes with a key of its
findings: the settings, its vault path, its bytes' digest and its shown path, which decide them (the cache's
premise: the same key, the same findings). Its chunk is kept under that key and the report's ``mode``, and used
again only when the note's run of the report is exactly those findings, the very objects the cache gave: one the
vault rules added to, the suppression comments or a baseline took from, is made as ever. Its text then is its
bytes' too (the digest), and the same findings are in the same order (the report's order is theirs).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path

from vaultlint.cache.chunks import KeptChunks, chunks_parts, read_chunks
from vaultlint.cache.store import Parts, Store
from vaultlint.model import Finding

NoteKey = Callable[[str], tuple[str, tuple[Finding, ...]] | None]


class ChunkMemo:
    """The chunks kept in ``file`` (read when first asked), and those this run used or made, written back when
    it made any: the file holds the chunks of the last run that made one, each note's once."""

    def __init__(self, note_key: NoteKey, store: Store, file: Path) -> None:
        self._note_key = note_key
        self._store = store
        self._file = file
        self._kept: KeptChunks | None = None
        self._used: dict[str, str] = {}  # by key: the chunks of this run's report that may be kept
        self._asked: tuple[str, str] | None = None  # the last note asked for, and its key
        self.made = 0  # chunks made this run that may be kept
        self.taken = 0  # chunks taken from the file

    def get(self, path: str, run: list[Finding], mode: str) -> str | None:
        """The chunk kept of the note ``path``'s findings ``run`` in the report's ``mode``; None when there is
        none, or it may not be used (`put` keeps the one made then)."""
        self._asked = None
        key = self._key(path, run, mode)
        if key is None:
            return None
        self._asked = (path, key)
        if self._kept is None:
            self._kept = read_chunks(self._store.read_bytes(self._file))
        chunk = self._kept.get(key)
        if chunk is not None:
            self._used[key] = chunk
            self.taken += 1
        return chunk

    def put(self, path: str, chunk: str) -> None:
        """Keep the chunk made of the note ``get`` was last asked for (if it may be kept)."""
        if self._asked is not None and self._asked[0] == path:
            self._used[self._asked[1]] = chunk
            self.made += 1
        self._asked = None

    def save(self) -> None:
        """Write the chunks of this run when it made some (none: the file holds them all already)."""
        if not self.made:
            return
        with contextlib.suppress(OSError):  # not kept: made again next run
            self._store.write(self._file, Parts(chunks_parts(self._used)))

    def _key(self, path: str, run: list[Finding], mode: str) -> str | None:
        """The chunk's key: the note's findings' and the mode; None unless ``run`` is the very findings the
        cache answered with (in any order: the report orders them as it always does)."""
        known = self._note_key(path)
        if known is None:
            return None
        note_key, findings = known
        if len(run) != len(findings) or sorted(map(id, run)) != sorted(map(id, findings)):
            return None
        said = f"{mode}\0{note_key}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(said, digest_size=16).hexdigest()
