"""The report's chunks a warm run may take from the cache: a note's, when its findings are the very ones cached.

A note's chunk of the text report is made of its text, its shown path, its findings in order, and how the report
is asked for (format, colour, fixes). A note the cache answered for (`engine.cached`) comes with a key of its
findings: the settings, its vault path, its bytes' digest and its shown path, which decide them (the cache's
premise: the same key, the same findings). Its chunk is kept under that key, the report's ``mode`` and what the
findings the vault rules added say, and used again only when the note's run of the report holds all of those
findings, the very objects the cache gave: one the suppression comments or a baseline took from is made as ever.
Its text then is its bytes' too (the digest), and the same findings are in the same order (the report's order is
theirs).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from pathlib import Path

from vaultlint.cache.chunks import ChunkWriter, KeptChunks, read_chunks
from vaultlint.cache.store import Store
from vaultlint.hashing import blake2b
from vaultlint.model import Finding

NoteKey = Callable[[str], tuple[str, tuple[Finding, ...]] | None]


class ChunkMemo:
    """The chunks kept in ``file`` (read when first asked), and those this run takes or makes, written back as
    they come once it made one (`cache.chunks.ChunkWriter`: the file then holds this run's chunks, each note's
    once, and never the report whole in memory); a run that made none leaves the file as it was."""

    def __init__(self, note_key: NoteKey, store: Store, file: Path, changed: Container[str] = ()) -> None:
        self._note_key = note_key
        self._changed = changed  # notes read again that changed during the run: their chunks are not the checked
        self._store = store
        self._file = file
        self._kept: KeptChunks | None = None
        self._taken: list[str] = []  # the keys of the chunks taken before one was made (written then)
        self._writer: ChunkWriter | None = None
        self._broken = False  # the file could not be written: none is, this run
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
        kept = self._chunks()
        chunk = kept.get(key)
        if chunk is not None:
            self.taken += 1
            if self._writer is None:
                self._taken.append(key)  # written if this run makes a chunk (`put`), with those it made
            else:
                self._write(key, kept.raw(key))
        return chunk

    def put(self, path: str, chunk: str) -> None:
        """Keep the chunk made of the note ``get`` was last asked for (if it may be kept)."""
        asked, self._asked = self._asked, None
        if asked is None or asked[0] != path or path in self._changed:
            return
        self.made += 1
        if self._writer is None and not self._broken:
            try:
                self._writer = ChunkWriter(self._file)
            except OSError:  # a read-only cache: kept by no run
                self._broken = True
                return
            kept = self._chunks()
            for key in self._taken:
                self._write(key, kept.raw(key))
        self._write(asked[1], chunk.encode("utf-8", "surrogatepass"))

    def save(self) -> None:
        """Put the chunks written this run in place (none made: the file is left as it was)."""
        if self._writer is not None and not self._broken:
            try:
                self._writer.finish()
            except OSError:
                pass  # made again next run
        self._writer = None

    def _write(self, key: str, data: bytes | memoryview | None) -> None:
        """Write a chunk as the report goes; stop writing at an error."""
        if self._writer is None or self._broken or data is None:
            return
        try:
            self._writer.add(key, data)
        except OSError:
            self._broken = True
            self._writer.abandon()

    def _chunks(self) -> KeptChunks:
        if self._kept is None:
            self._kept = read_chunks(self._store.read_bytes(self._file))
        return self._kept

    def _key(self, path: str, run: list[Finding], mode: str) -> str | None:
        """The chunk's key: the note's findings', the mode, and what the others in ``run`` say where they stand;
        None unless ``run`` holds every one of the very findings the cache answered with (in any order: the
        report orders them as it always does). The others (the vault rules': 222 notes of vault-1000 have
        some) are keyed by their repr, which gives every field: the same note, the same findings."""
        known = self._note_key(path)
        if known is None:
            return None
        note_key, findings = known
        cached = {id(f): at for at, f in enumerate(findings)}
        if len(cached) != len(findings) or len(cached.keys() & set(map(id, run))) != len(findings):
            return None
        parts = [mode, note_key]
        if len(run) != len(findings):  # the others in the report's order, the cache's by their place in it
            parts.extend(str(cached[id(f)]) if id(f) in cached else repr(f) for f in run)
        said = "\0".join(parts).encode("utf-8", "surrogatepass")
        return blake2b(said, digest_size=16).hexdigest()
