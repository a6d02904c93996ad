"""Checking one note and recording what the cache keeps of it (in a worker: encoding is parallel too)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from vaultlint.cache.codec import Uncacheable, dump_json, encode_findings, encode_links, encode_note, encode_outline
from vaultlint.cache.index import Entry
from vaultlint.cache.store import Store, digest
from vaultlint.engine.run import Outcome, attempt
from vaultlint.parse.note import Note
from vaultlint.parse.outline import note_outline
from vaultlint.paths import NoteRef
from vaultlint.vault.links import internal_links
from vaultlint.vault.writer import Snapshot, snapshot


@dataclass(frozen=True)
class Recorded:
    """A note checked, and its index entry (None when it could not be read)."""

    outcome: Outcome  # without its note when ``text`` is set: its facts are in the cache, and stay there
    entry: Entry | None = None
    text: str | None = None  # the note's LF-normalized text, when the outcome goes without its note


@dataclass(frozen=True)
class RecordingTask:
    """Checks a note as ``check`` does and makes its cache entry; its facts go to the store's facts folder."""

    check: Callable[[NoteRef, bytes], Outcome]
    store: Store

    def __call__(self, ref: NoteRef) -> Recorded:
        read: list[Snapshot] = []

        def work() -> Outcome:
            read.append(snapshot(ref.path))  # its time taken before its bytes: a later write shows
            return self.check(ref, read[0].data)

        outcome = attempt(ref.shown, work)
        note = outcome.note
        if note is None or not read or outcome.failed:  # a rule crashed: its findings are missing, none kept
            return Recorded(outcome)
        entry = self._entry(outcome, note, read[0].size, read[0].mtime_ns, digest(read[0].data))
        if not self._stored(note, entry.digest):
            return Recorded(outcome, entry)
        # The main process rebuilds the note around its text, its facts read from the cache if asked for:
        # sending them back costs pickling, and keeping them all costs memory.
        return Recorded(dataclasses.replace(outcome, note=None), entry, note.text)

    def _stored(self, note: Note, note_digest: str) -> bool:
        """Whether the note's facts are in the cache (written now, or already there from the same text)."""
        facts = self.store.facts_path(note_digest)
        try:
            if not facts.exists():
                self.store.write(facts, encode_note(note))
        except (OSError, Uncacheable):
            return False  # kept with the note, then: slower, never wrong
        return True

    def _entry(self, outcome: Outcome, note: Note, size: int, mtime_ns: int, note_digest: str) -> Entry:
        return Entry(
            size,
            Entry.trusted(mtime_ns),
            note_digest,
            note.newline,
            note.bom,
            dump_json(encode_links(internal_links(note))),
            dump_json(encode_outline(note_outline(note))),
            outcome.shown,
            encode_findings(outcome.findings),
        )
